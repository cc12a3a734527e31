// Where the config is kept. The Electron host backs it with electron-store; the CLI, the web host and tests use the
// JSON file below. Both only move raw JSON: validation is load.ts's job, so a bad store never goes unnoticed.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage, HexinError } from '../../common/errors';
import { replaceFileSync } from '../records/durable-file';

/** A kiosk config is a few KB; anything over this is a mistake or an attack and is refused before it is read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function tooLarge(path: string, size: number): HexinError {
  return new HexinError(
    'CONFIG_TOO_LARGE',
    `config file ${path} is ${size} bytes; a config is at most ${MAX_CONFIG_BYTES} bytes`,
    { path, size },
  );
}

/** Throws CONFIG_TOO_LARGE when the file at `path` is over the cap (for stores that read the file themselves). */
export function assertConfigFileSize(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // missing: the store starts empty; unreadable: the store reports it
  }
  if (size > MAX_CONFIG_BYTES) throw tooLarge(path, size);
}

/** The file's text, refusing one over the cap by its size before reading (and by what was read, if it grew). */
function readCapped(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_CONFIG_BYTES) throw tooLarge(path, size);
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buf.length; length += n)
      n = readSync(fd, buf, length, buf.length - length, null);
    if (length > MAX_CONFIG_BYTES) throw tooLarge(path, length);
    return buf.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface ConfigStore {
  /** The stored config as raw JSON (an empty object when nothing is stored yet). */
  read(): unknown;
  /** Replaces the stored config. The caller has validated it. */
  write(value: unknown): void;
}

/**
 * A JSON file readable by the owner only (it holds the PIN hash), written durably (temp file, fsync, rename, fsync
 * the directory): after a power cut it holds the old config or the new one, never an empty or torn file.
 */
export class JsonFileConfigStore implements ConfigStore {
  constructor(readonly path: string) {}

  read(): unknown {
    let text: string;
    try {
      text = readCapped(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      if (e instanceof HexinError) throw e;
      throw new HexinError(
        'CONFIG_UNREADABLE',
        `cannot read config file ${this.path}`,
        { path: this.path },
        { cause: e },
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const why = errorMessage(e);
      throw new HexinError('CONFIG_UNREADABLE', `config file ${this.path} is not valid JSON: ${why}`, {
        path: this.path,
      });
    }
  }

  write(value: unknown): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // Synchronous like the rest of the store: a small file, and the caller answers only once it is on disk.
    replaceFileSync(this.path, JSON.stringify(value, null, 2) + '\n', `${this.path}.${process.pid}.tmp`);
  }
}

/** A store in memory, for hosts and tests that must not touch the disk. */
export class MemoryConfigStore implements ConfigStore {
  private value: unknown;
  constructor(initial: unknown = {}) {
    this.value = structuredClone(initial);
  }
  read(): unknown {
    return structuredClone(this.value);
  }
  write(value: unknown): void {
    this.value = structuredClone(value);
  }
}
