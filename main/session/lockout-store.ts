// Lock-outs on disk: one file, AES-256-GCM under a key of its own (kept like the records key: a 0600 file, or
// sealed by the Electron host), so a restart or a kill -9 keeps every running lock and its failure count. The file
// holds only keyed hashes of card numbers (HMAC with a second key derived from the same secret) and times, and is
// replaced crash-safely on every change (temp, fsync, rename, fsync dir): after a crash it holds the last state
// or the one before, never a mix.
import { hkdfSync } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { replaceFileSync } from '../records/durable-file';
import { openRecord, sealRecord } from '../records/envelope';
import type { KeyProvider } from '../records/keys';
import { emptyLockoutSnapshot, type LockoutSnapshot, type LockoutStore } from './lockout';
import { errorMessage } from '../../common/errors';

const AAD = 'hexin-lockouts/v1';
const Time = z.number().int().min(0).max(8.64e15);
const Key = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a keyed hash (base64url SHA-256)');
const SnapshotSchema = z.strictObject({
  failures: z.record(Key, z.array(Time).max(1000)),
  lockedUntil: z.record(Key, Time),
});

export interface LockoutKeys {
  /** HMAC key naming cards (LockoutTracker's secret). */
  cardKey: Uint8Array;
  /** AES-256-GCM key of the file. */
  fileKey: Buffer;
}

export function deriveLockoutKeys(secret: Buffer): LockoutKeys {
  const sub = (info: string) =>
    Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `hexin-lockouts/${info}`, 32));
  return { cardKey: new Uint8Array(sub('card-hmac')), fileKey: sub('file-aes-256-gcm') };
}

export class EncryptedFileLockoutStore implements LockoutStore {
  constructor(
    readonly file: string,
    private readonly key: Buffer,
    /** Told when the file cannot be read back (altered, or another key): it is kept aside and the kiosk starts empty. */
    private readonly onUnreadable: (why: string) => void = () => undefined,
  ) {}

  load(): LockoutSnapshot {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyLockoutSnapshot();
      throw e;
    }
    try {
      const parsed = SnapshotSchema.safeParse(JSON.parse(openRecord(this.key, bytes, AAD).toString('utf8')));
      if (parsed.success) return parsed.data;
      this.setAside('its contents are not a lock-out list');
    } catch (e) {
      this.setAside(errorMessage(e));
    }
    return emptyLockoutSnapshot();
  }

  save(snapshot: LockoutSnapshot): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    replaceFileSync(this.file, sealRecord(this.key, Buffer.from(JSON.stringify(snapshot), 'utf8'), AAD));
  }

  private setAside(why: string): void {
    const aside = `${this.file}.unreadable-${Date.now()}`;
    renameSync(this.file, aside);
    this.onUnreadable(
      `lock-out file ${this.file} unreadable (${why}); kept as ${aside}, starting with no lock-outs`,
    );
  }
}

/** The store and the card key for a data dir: the key comes from `keys` (created on first use). */
export async function openLockoutStore(
  file: string,
  keys: KeyProvider,
  onUnreadable?: (why: string) => void,
): Promise<{ store: EncryptedFileLockoutStore; cardKey: Uint8Array }> {
  const { cardKey, fileKey } = deriveLockoutKeys(await keys.loadOrCreateKey());
  return { store: new EncryptedFileLockoutStore(file, fileKey, onUnreadable), cardKey };
}
