// Where the config is kept. The Electron host backs it with electron-store; the CLI, the web host and tests use the
// JSON file below. Both only move raw JSON: validation is load.ts's job, so a bad store never goes unnoticed.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HexinError } from '../../common/errors';

export interface ConfigStore {
  /** The stored config as raw JSON (an empty object when nothing is stored yet). */
  read(): unknown;
  /** Replaces the stored config. The caller has validated it. */
  write(value: unknown): void;
}

/** A JSON file, written atomically (temp file + rename) and readable by the owner only (it holds the PIN hash). */
export class JsonFileConfigStore implements ConfigStore {
  constructor(readonly path: string) {}

  read(): unknown {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
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
      const why = e instanceof Error ? e.message : String(e);
      throw new HexinError('CONFIG_UNREADABLE', `config file ${this.path} is not valid JSON: ${why}`, {
        path: this.path,
      });
    }
  }

  write(value: unknown): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
    renameSync(temp, this.path);
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
