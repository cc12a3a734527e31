// The tamper-evident audit log: one JSON line per entry, each carrying the previous entry's hash, and every
// `batchSize` entries a seal entry signed with Ed25519. `verifyAuditDir` recomputes the chain and reports the
// first entry that does not hold. Purging old entries leaves a signed anchor so the rest still verifies. After
// every write a signed head (entry count, last hash; audit-head.ts) is kept apart from the log: a log cut short no
// longer reaches it, at start (the log refuses to open and continue from the cut) and in `hexin audit verify`.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { anchorMessage, entryHash, EntrySchema, GENESIS, Hash, sealMessage, type Entry } from './audit-chain';
import { replaceFile } from './durable-file';
import { AuditEventSchema, type AuditEvent } from './events';
import { LockedQueue } from './file-lock';
import { defaultHeadFile, headSignedBy, readHead, signHead, writeHead, type AuditHead } from './audit-head';
import { jsonOrUndefined } from '../util/json';

export const AUDIT_FILE = 'audit.log';
export const AUDIT_PUBLIC_KEY_FILE = 'audit-public.pem';
export const AUDIT_ANCHOR_FILE = 'anchor.json';
const AnchorSchema = z.strictObject({ seq: z.number().int().min(0), hash: Hash, sig: z.string() });
type Anchor = z.infer<typeof AnchorSchema>;

export interface AuditLogOptions {
  signingKey: KeyObject;
  publicKey: KeyObject;
  batchSize: number;
  now?: () => Date;
  /** Where the signed head is kept; default audit-head.json beside the log's folder. */
  headFile?: string;
  /** A used log without a head is taken as found (moving a log from before heads); otherwise it is refused. */
  adoptWithoutHead?: boolean;
}

export class AuditLog {
  private readonly queue: LockedQueue;
  /** Entries after the last seal in the file (recounted whenever the file is re-read). */
  private unsealed = 0;
  /** Size of audit.log as this process last left it; -1 until first read. */
  private knownSize = -1;

  private constructor(
    readonly dir: string,
    private readonly opts: AuditLogOptions,
    private seq: number,
    private last: string,
  ) {
    this.queue = new LockedQueue(path.join(dir, '.lock'));
  }

  /**
   * Opens (or starts) the log in `dir`; cuts off a torn last line left by a crash and records that it did, seals
   * entries a crash left unsigned, and refuses (AUDIT_BROKEN) a log that no longer reaches its signed head.
   */
  static async open(dir: string, opts: AuditLogOptions): Promise<AuditLog> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const pem = opts.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pemFile = path.join(dir, AUDIT_PUBLIC_KEY_FILE);
    const existingPem = await readFile(pemFile, 'utf8').catch(() => undefined);
    if (existingPem === undefined) await replaceFile(pemFile, pem);
    else if (existingPem.trim() !== pem.trim()) {
      throw new HexinError('AUDIT_BROKEN', 'the audit log in this directory was signed with a different key');
    }
    const log = new AuditLog(dir, opts, 0, GENESIS);
    await log.serial(async () => {
      const dropped = await log.syncTail();
      const head = await readHead(log.headFile);
      if (head) await log.checkHead(head);
      // A head is written from the first open on: a used log without one lost it.
      else if (existingPem !== undefined && !opts.adoptWithoutHead)
        throw new HexinError('AUDIT_BROKEN', `the audit log's signed head ${log.headFile} is missing`);
      const batch: Entry[] = [];
      if (dropped > 0) {
        log.unsealed += 1;
        batch.push(log.next({ event: { type: 'audit.repaired', droppedBytes: dropped } }));
      }
      // Entries a crash left unsigned (no seal since) are sealed now, not whenever the next batch fills.
      if (log.unsealed > 0) batch.push(log.sealEntry());
      if (batch.length > 0) await log.writeLines(batch);
      if (batch.length > 0 || !head) await log.writeHead();
    });
    return log;
  }

  private get headFile(): string {
    return this.opts.headFile ?? defaultHeadFile(this.dir);
  }

  /** The signed head as last written: what a back office keeps off the kiosk. */
  head(): Promise<AuditHead> {
    return this.serial(async () => {
      await this.syncTail();
      const head = await readHead(this.headFile);
      if (head && head.count === this.seq && head.lastHash === this.last) return head;
      return this.writeHead();
    });
  }

  private async writeHead(): Promise<AuditHead> {
    const head = signHead(this.seq, this.last, this.opts.signingKey, this.opts.publicKey);
    await writeHead(this.headFile, head);
    return head;
  }

  /** The log (as synced) must reach the head: its entry count at least, and the head's last entry unchanged. */
  private async checkHead(head: AuditHead): Promise<void> {
    if (!headSignedBy(head, this.opts.publicKey))
      throw new HexinError('AUDIT_BROKEN', "the audit head is not signed by this log's key");
    if (this.seq < head.count) {
      throw new HexinError(
        'AUDIT_BROKEN',
        `the audit log holds ${this.seq} entries but its signed head records ${head.count}: it was cut short; ` +
          'run `hexin audit verify`',
        { entries: this.seq, headCount: head.count },
      );
    }
    const at = await this.hashAt(head.count - 1);
    if (at !== undefined && at !== head.lastHash)
      throw new HexinError('AUDIT_BROKEN', `audit entry ${head.count - 1} does not match the signed head`);
  }

  /** Hash of the entry with this seq, from the log or the anchor; undefined when purged (or seq -1: genesis). */
  private async hashAt(seq: number): Promise<string | undefined> {
    if (seq < 0) return this.seq === 0 ? GENESIS : undefined;
    if (seq === this.seq - 1) return this.last;
    const anchor = await readAnchor(this.dir);
    if (anchor && seq === anchor.seq) return anchor.hash;
    const lines = (await readFile(path.join(this.dir, AUDIT_FILE), 'utf8')).split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const parsed = EntrySchema.safeParse(jsonOrUndefined(lines[i]!));
      if (parsed.success && parsed.data.seq === seq) return parsed.data.hash;
      if (parsed.success && parsed.data.seq < seq) break;
    }
    return undefined;
  }

  /** One at a time in this process, and under the directory's lock against other processes (app vs CLI). */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run(job);
  }

  /**
   * Brings seq and the last hash up to date with the file when it is not the size this process left it (first
   * use, or another process appended), cutting off a torn last line. Returns the bytes cut. Runs under the lock.
   * AUDIT_BROKEN when the changed file no longer reaches the signed head.
   */
  private async syncTail(): Promise<number> {
    const file = path.join(this.dir, AUDIT_FILE);
    const size = await stat(file).then(
      (st) => st.size,
      () => 0,
    );
    if (size === this.knownSize) return 0;
    const bytes = await readFile(file).catch(() => Buffer.alloc(0));
    const end = bytes.lastIndexOf(0x0a) + 1;
    const anchor = await readAnchor(this.dir);
    this.seq = anchor ? anchor.seq + 1 : 0;
    this.last = anchor ? anchor.hash : GENESIS;
    if (end > 0) {
      const lines = bytes
        .subarray(0, end - 1)
        .toString('utf8')
        .split('\n');
      const parsed = EntrySchema.safeParse(jsonOrUndefined(lines[lines.length - 1]!));
      if (!parsed.success)
        throw new HexinError('AUDIT_BROKEN', 'the last audit entry is unreadable; run `hexin audit verify`');
      this.seq = parsed.data.seq + 1;
      this.last = parsed.data.hash;
      // Counted from the file, not per process: the app and a CLI append to one log.
      let unsealed = 0;
      for (let i = lines.length - 1; i >= 0; i--, unsealed++) {
        const e = EntrySchema.safeParse(jsonOrUndefined(lines[i]!));
        if (e.success && 'seal' in e.data) break;
      }
      this.unsealed = unsealed;
    } else this.unsealed = 0;
    if (end < bytes.length) await truncate(file, end);
    // Changed under a running log (another process appended, purged — or someone cut it): it must still reach its
    // head, or this process would go on from the cut and sign a head over it. Until it does, every write fails.
    // (At open the caller checks, after the first read.)
    if (this.knownSize !== -1) {
      const head = await readHead(this.headFile);
      if (!head) throw new HexinError('AUDIT_BROKEN', `the audit log's signed head ${this.headFile} is gone`);
      await this.checkHead(head);
    }
    this.knownSize = end;
    return bytes.length - end;
  }

  private async writeLines(entries: Entry[]): Promise<void> {
    const fh = await open(path.join(this.dir, AUDIT_FILE), 'a', 0o600);
    try {
      await fh.write(entries.map((e) => JSON.stringify(e) + '\n').join(''));
      await fh.sync();
      this.knownSize = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  }

  private next(body: { event: AuditEvent } | { seal: { sig: string } }): Entry {
    const base = {
      seq: this.seq,
      time: (this.opts.now?.() ?? new Date()).toISOString(),
      ...body,
      prev: this.last,
    };
    const entry = { ...base, hash: entryHash(base) } as Entry;
    this.seq += 1;
    this.last = entry.hash;
    return entry;
  }

  private sealEntry(): Entry {
    const sig = sign(null, sealMessage(this.seq, this.last), this.opts.signingKey).toString('base64');
    this.unsealed = 0;
    return this.next({ seal: { sig } });
  }

  /** Appends one event (validated: unknown fields are refused); resolves once it is on disk. */
  append(event: AuditEvent): Promise<{ seq: number; hash: string }> {
    const parsed = AuditEventSchema.parse(event);
    return this.serial(async () => {
      const dropped = await this.syncTail();
      const batch: Entry[] =
        dropped > 0 ? [this.next({ event: { type: 'audit.repaired', droppedBytes: dropped } })] : [];
      const entry = this.next({ event: parsed });
      batch.push(entry);
      this.unsealed += batch.length;
      if (this.unsealed >= this.opts.batchSize) batch.push(this.sealEntry());
      await this.writeLines(batch);
      await this.writeHead();
      return { seq: entry.seq, hash: entry.hash };
    });
  }

  /** Signs whatever is not yet covered by a seal (call on shutdown). */
  seal(): Promise<void> {
    return this.serial(async () => {
      await this.syncTail();
      if (this.unsealed > 0) {
        await this.writeLines([this.sealEntry()]);
        await this.writeHead();
      }
    });
  }

  /**
   * Drops entries older than `cutoff`, up to and including the last seal before the first kept entry, so what
   * remains starts at a signed boundary. Writes the anchor (seq + hash of the last dropped entry, signed) first:
   * a crash between the two writes leaves an anchor that the still-complete log also satisfies.
   */
  purgeBefore(cutoff: Date): Promise<number> {
    return this.serial(async () => {
      await this.syncTail();
      const file = path.join(this.dir, AUDIT_FILE);
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      const lines = bytes
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      const entries = lines.map((l) => EntrySchema.parse(JSON.parse(l)));
      let dropUpTo = -1;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        if (Date.parse(e.time) >= cutoff.getTime()) break;
        if ('seal' in e) dropUpTo = i;
      }
      if (dropUpTo < 0) return 0;
      const lastDropped = entries[dropUpTo]!;
      const anchor: Anchor = {
        seq: lastDropped.seq,
        hash: lastDropped.hash,
        sig: sign(null, anchorMessage(lastDropped.seq, lastDropped.hash), this.opts.signingKey).toString(
          'base64',
        ),
      };
      await replaceFile(path.join(this.dir, AUDIT_ANCHOR_FILE), JSON.stringify(anchor) + '\n');
      await replaceFile(
        file,
        lines
          .slice(dropUpTo + 1)
          .map((l) => l + '\n')
          .join(''),
      );
      this.knownSize = -1;
      return dropUpTo + 1;
    });
  }
}

async function readAnchor(dir: string): Promise<Anchor | undefined> {
  const text = await readFile(path.join(dir, AUDIT_ANCHOR_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = AnchorSchema.safeParse(jsonOrUndefined(text));
  if (!parsed.success) throw new HexinError('AUDIT_BROKEN', 'the audit anchor file is unreadable');
  return parsed.data;
}

export interface AuditVerification {
  ok: boolean;
  /** Complete entries read (events and seals). */
  entries: number;
  /** Sequence number of the last entry covered by a valid seal, if any. */
  sealedUpToSeq?: number;
  /** Entries after the last seal: intact by hash, not yet signed. */
  unsealed: number;
  /** The first entry that does not hold: its index in the file (0-based), line (1-based), seq if readable, why. */
  firstBroken?: { index: number; line: number; seq?: number; reason: string };
  /** The signed head checked against the log: its entry count, and entries written after it (a crash between). */
  head?: { count: number; keyId: string; beyond: number };
}

/** A verification that fails before the first entry: the head itself is missing or not signed by the key. */
function brokenAtStart(reason: string): AuditVerification {
  return { ok: false, entries: 0, unsealed: 0, firstBroken: { index: 0, line: 1, reason } };
}

/**
 * Verifies log bytes against a public key and an optional anchor. Every byte belongs to one line, so any
 * change shows up at the entry it was made in: as unparseable JSON, a hash that does not recompute, a wrong
 * seq or prev link, or a seal whose signature fails.
 */
export function verifyAuditBytes(
  bytes: Buffer,
  publicKey: KeyObject,
  anchor?: Anchor,
  head?: AuditHead,
): AuditVerification {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text.length === 0;
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  let expectSeq: number | undefined = 0;
  let sealedUpToSeq: number | undefined;
  let unsealed = 0;
  if (anchor) {
    if (!verify(null, anchorMessage(anchor.seq, anchor.hash), publicKey, Buffer.from(anchor.sig, 'base64'))) {
      return {
        ok: false,
        entries: 0,
        unsealed: 0,
        firstBroken: { index: 0, line: 1, reason: 'anchor signature does not verify' },
      };
    }
  }
  const broken = (index: number, reason: string, seq?: number): AuditVerification => ({
    ok: false,
    entries: index,
    ...(sealedUpToSeq !== undefined ? { sealedUpToSeq } : {}),
    unsealed,
    firstBroken: { index, line: index + 1, ...(seq !== undefined ? { seq } : {}), reason },
  });
  if (head && !headSignedBy(head, publicKey)) {
    return brokenAtStart(`head signature does not verify (signed by key ${head.keyId})`);
  }
  for (let i = 0; i < lines.length; i++) {
    if (i === lines.length - 1 && !complete)
      return broken(i, 'incomplete last entry (torn write or truncation)');
    const parsed = EntrySchema.safeParse(jsonOrUndefined(lines[i]!));
    if (!parsed.success) return broken(i, 'not a valid audit entry');
    const e = parsed.data;
    if (i === 0 && anchor && e.seq === anchor.seq + 1) {
      // The log was purged up to the anchor: the first kept entry must link to it.
      prev = anchor.hash;
      expectSeq = e.seq;
    }
    if (e.seq !== expectSeq) return broken(i, `sequence ${e.seq} where ${expectSeq} was expected`, e.seq);
    if (e.prev !== prev) return broken(i, 'previous-hash link does not match the entry before', e.seq);
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) return broken(i, 'entry hash does not match its contents', e.seq);
    if (anchor && e.seq === anchor.seq && e.hash !== anchor.hash)
      return broken(i, 'entry does not match the signed anchor', e.seq);
    if (head && e.seq === head.count - 1 && e.hash !== head.lastHash)
      return broken(i, 'entry does not match the signed head', e.seq);
    if ('seal' in e) {
      if (!verify(null, sealMessage(e.seq, e.prev), publicKey, Buffer.from(e.seal.sig, 'base64'))) {
        return broken(i, 'seal signature does not verify', e.seq);
      }
      sealedUpToSeq = e.seq;
      unsealed = 0;
    } else {
      unsealed += 1;
    }
    prev = hash;
    expectSeq = e.seq + 1;
  }
  // Entries in the whole chain: after the last entry, or the anchor of a log purged to nothing.
  const count = lines.length > 0 ? expectSeq! : anchor ? anchor.seq + 1 : 0;
  if (head && count < head.count) {
    return broken(
      lines.length,
      `the log ends after ${count} entries but its signed head records ${head.count}: cut short (truncated or wiped)`,
    );
  }
  if (head && lines.length === 0 && anchor && anchor.seq === head.count - 1 && anchor.hash !== head.lastHash)
    return broken(0, 'the anchor does not match the signed head');
  return {
    ok: true,
    entries: lines.length,
    ...(sealedUpToSeq !== undefined ? { sealedUpToSeq } : {}),
    unsealed,
    ...(head ? { head: { count: head.count, keyId: head.keyId, beyond: count - head.count } } : {}),
  };
}

/**
 * Verifies the audit log in `dir` against its signed head (default: audit-head.json beside `dir`); `publicKeyPem`
 * is the kiosk's registered key (else the one stored beside the log). A log without a head does not verify.
 */
export async function verifyAuditDir(
  dir: string,
  publicKeyPem?: string,
  headFile: string = defaultHeadFile(dir),
): Promise<AuditVerification> {
  const storedPem = await readFile(path.join(dir, AUDIT_PUBLIC_KEY_FILE), 'utf8').catch(() => undefined);
  const pem = publicKeyPem ?? storedPem;
  if (!pem) throw new HexinError('AUDIT_BROKEN', `no audit public key in ${dir} and none given`);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new HexinError('AUDIT_BROKEN', 'the audit public key is not a valid PEM key');
  }
  const head = await readHead(headFile);
  const bytes = await readFile(path.join(dir, AUDIT_FILE)).catch((e: NodeJS.ErrnoException) => {
    // Wiped: the head still says how much there was.
    if (e.code === 'ENOENT' && head) return Buffer.alloc(0);
    if (e.code === 'ENOENT') throw new HexinError('AUDIT_BROKEN', `no audit log in ${dir}`);
    throw e;
  });
  if (!head) {
    return brokenAtStart(`no signed head (${headFile}): the log's length cannot be checked`);
  }
  return verifyAuditBytes(bytes, key, await readAnchor(dir), head);
}
