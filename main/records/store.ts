// The encrypted append-only record store. Each record is JSON, sealed with AES-256-GCM, framed with length +
// CRC-32 and appended to one file per record type and day; `append` resolves only after fsync, so an
// acknowledged record survives a crash. Deletion (retention, erasure requests) rewrites a file atomically
// (temp file, fsync, rename, fsync directory) without the removed records.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { fsyncDir, replaceFile } from './durable-file';
import { openRecord, sealRecord } from './envelope';
import { LockedQueue } from './file-lock';
import { decodeFrames, encodeFrame, type FrameDamage } from './framing';

export const RECORD_TYPES = ['consent', 'result', 'session', 'dsr'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

const StoredRecordSchema = z.object({
  id: z.string(),
  type: z.enum(RECORD_TYPES),
  time: z.string(),
  sessionId: z.string().optional(),
  /** Keyed hash of the person's ID number, when the record is about a known person. */
  subject: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type StoredRecord = z.infer<typeof StoredRecordSchema>;

export interface NewRecord {
  type: RecordType;
  sessionId?: string;
  subject?: string;
  data: Record<string, unknown>;
  /** Defaults to now; tests pass older times to exercise retention. */
  time?: Date;
}

export interface StoreDamage {
  file: string;
  offset: number;
  reason: FrameDamage | 'unauthentic' | 'invalid';
}

const AAD = 'hexin-record/v1';
const FILE_RE = /^(consent|result|session|dsr)-(\d{4}-\d{2}-\d{2})\.hxr$/;

export class RecordStore {
  /** Appends and rewrites run one at a time, in order, so a rewrite never races an append to the same file. */
  private readonly queue: LockedQueue;
  /**
   * Size of each file as this process last left it (tail checked, or after its own append). A different size
   * means another process wrote or rewrote it, so the tail is checked again before appending.
   */
  private readonly knownSize = new Map<string, number>();

  private constructor(
    readonly dir: string,
    private readonly key: Buffer,
  ) {
    this.queue = new LockedQueue(path.join(dir, '.lock'));
  }

  static async open(dir: string, recordKey: Buffer): Promise<RecordStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new RecordStore(dir, recordKey);
    // A crash during a rewrite can leave its temp file; the original is intact, so the temp file just goes. Under
    // the lock: without it, a process opening the store deleted the temp file of another process's rewrite.
    await store.serial(async () => {
      for (const name of await readdir(dir))
        if (name.endsWith('.hxr.tmp')) await unlink(path.join(dir, name));
    });
    return store;
  }

  /** One at a time in this process, and under the directory's lock against other processes (app vs CLI). */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run(job);
  }

  /** Appends one record; resolves once it is on disk (fsync), which is when a caller may treat it as kept. */
  append(input: NewRecord): Promise<StoredRecord> {
    const record: StoredRecord = StoredRecordSchema.parse({
      id: randomUUID(),
      type: input.type,
      time: (input.time ?? new Date()).toISOString(),
      ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      data: input.data,
    });
    return this.serial(async () => {
      const file = path.join(this.dir, `${record.type}-${record.time.slice(0, 10)}.hxr`);
      const state = await this.repairTail(file);
      const frame = encodeFrame(sealRecord(this.key, Buffer.from(JSON.stringify(record), 'utf8'), AAD));
      const fh = await open(file, 'a', 0o600);
      try {
        await fh.write(frame);
        await fh.sync();
        this.knownSize.set(file, (await fh.stat()).size);
      } finally {
        await fh.close();
      }
      // A new file: its directory entry must reach the disk too, or an fsynced record could vanish with it.
      if (state === 'new') await fsyncDir(this.dir);
      return record;
    });
  }

  /**
   * A crash can leave half a frame at the end of a file; later appends must not land after it (readers would
   * resynchronise, but the garbage would stay forever), so it is cut off before appending to a file this process
   * has not seen at its current size (first use, or another process wrote to it).
   */
  private async repairTail(file: string): Promise<'new' | 'existing'> {
    const size = await stat(file).then(
      (s) => s.size,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      },
    );
    if (size === undefined) {
      this.knownSize.delete(file);
      return 'new';
    }
    if (this.knownSize.get(file) === size) return 'existing';
    const bytes = await readFile(file);
    const { validLength } = decodeFrames(bytes);
    if (validLength < bytes.length) await truncate(file, validLength);
    this.knownSize.set(file, validLength);
    return 'existing';
  }

  private async files(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => FILE_RE.test(n)).sort();
  }

  private decodeFile(name: string, bytes: Buffer, damage: StoreDamage[]): StoredRecord[] {
    const decoded = decodeFrames(bytes);
    for (const d of decoded.damage) damage.push({ file: name, offset: d.offset, reason: d.reason });
    const out: StoredRecord[] = [];
    for (const payload of decoded.payloads) {
      let plain: Buffer;
      try {
        plain = openRecord(this.key, payload, AAD);
      } catch {
        damage.push({ file: name, offset: payload.byteOffset - bytes.byteOffset, reason: 'unauthentic' });
        continue;
      }
      const parsed = StoredRecordSchema.safeParse(JSON.parse(plain.toString('utf8')));
      if (parsed.success) out.push(parsed.data);
      else damage.push({ file: name, offset: payload.byteOffset - bytes.byteOffset, reason: 'invalid' });
    }
    return out;
  }

  /** Every readable record, oldest file first, with a list of what could not be read. */
  readAll(): Promise<{ records: StoredRecord[]; damage: StoreDamage[] }> {
    return this.serial(async () => {
      const damage: StoreDamage[] = [];
      const records: StoredRecord[] = [];
      for (const name of await this.files()) {
        records.push(...this.decodeFile(name, await readFile(path.join(this.dir, name)), damage));
      }
      return { records, damage };
    });
  }

  /**
   * Rewrites the store keeping what `decide` returns: `true` keeps a record, `false` deletes it, a record
   * replaces it (corrections). Damaged stretches are dropped in the rewrite of that file.
   */
  rewrite(
    decide: (r: StoredRecord) => boolean | StoredRecord,
  ): Promise<{ removed: StoredRecord[]; replaced: number }> {
    return this.serial(async () => {
      const removed: StoredRecord[] = [];
      let replaced = 0;
      for (const name of await this.files()) {
        const file = path.join(this.dir, name);
        const damage: StoreDamage[] = [];
        const records = this.decodeFile(name, await readFile(file), damage);
        const kept: StoredRecord[] = [];
        let changed = false;
        for (const r of records) {
          const verdict = decide(r);
          if (verdict === true) kept.push(r);
          else if (verdict === false) {
            removed.push(r);
            changed = true;
          } else {
            if (verdict.id !== r.id) throw new Error('a replacement must keep the record id');
            kept.push(StoredRecordSchema.parse(verdict));
            replaced += 1;
            changed = true;
          }
        }
        if (!changed) continue;
        this.knownSize.delete(file);
        if (kept.length === 0) {
          await unlink(file);
          await fsyncDir(this.dir);
        } else {
          const frames = kept.map((r) =>
            encodeFrame(sealRecord(this.key, Buffer.from(JSON.stringify(r), 'utf8'), AAD)),
          );
          await replaceFile(file, Buffer.concat(frames));
        }
      }
      return { removed, replaced };
    });
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    await this.serial(async () => undefined);
  }
}

export function assertRecordType(t: string): RecordType {
  if ((RECORD_TYPES as readonly string[]).includes(t)) return t as RecordType;
  throw new HexinError('RECORDS_CONFIG_INVALID', `unknown record type ${t}`);
}
