// The staff keypad's wrong-PIN count and block, kept in a small file so a restart (or a kill during the scrypt)
// neither forgets a block nor forgives the attempts that led to it. Written crash-safely (temp, fsync, rename).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { replaceFile } from '../records/durable-file';
import { jsonOrUndefined } from '../util/json';

export interface PinAttempts {
  /** Wrong (or not yet judged) PINs since the last success or block. */
  failures: number;
  /** Keypad refused until then (ms since epoch); 0 when not blocked. */
  blockedUntil: number;
}

export interface PinAttemptStore {
  load(): PinAttempts;
  save(state: PinAttempts): Promise<void>;
}

const StateSchema = z.strictObject({
  failures: z.number().int().min(0).max(1_000_000),
  blockedUntil: z.number().int().min(0).max(8.64e15),
});

/** Kept in process memory only (tests, the CLI): nothing survives the process. */
export class MemoryPinAttemptStore implements PinAttemptStore {
  private state: PinAttempts = { failures: 0, blockedUntil: 0 };
  load(): PinAttempts {
    return { ...this.state };
  }
  save(state: PinAttempts): Promise<void> {
    this.state = { ...state };
    return Promise.resolve();
  }
}

/**
 * A JSON file (0600). A missing file is a fresh keypad; an unreadable one (edited, torn by an old bug) is not
 * trusted as "no failures": it counts as a block that has just started, so tampering cannot lift one.
 */
export class FilePinAttemptStore implements PinAttemptStore {
  constructor(
    readonly file: string,
    private readonly unreadableBlockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  load(): PinAttempts {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { failures: 0, blockedUntil: 0 };
      throw e;
    }
    const value = jsonOrUndefined(text);
    const parsed = StateSchema.safeParse(value);
    return parsed.success ? parsed.data : { failures: 0, blockedUntil: this.now() + this.unreadableBlockMs };
  }

  async save(state: PinAttempts): Promise<void> {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await replaceFile(this.file, JSON.stringify(state) + '\n');
  }
}
