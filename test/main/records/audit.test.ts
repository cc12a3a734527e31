// The audit log: chained hashes, signed seals, a verifier that names the first broken entry for a change to any
// byte, crash repair of a torn last line, and purge with a signed anchor.
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_FILE, AuditLog, verifyAuditBytes, verifyAuditDir } from '../../../main/records/audit';
import { auditSealKeys } from '../../../main/records/keys';
import type { AuditEvent } from '../../../main/records/events';

const sealPair = () => {
  const k = auditSealKeys(randomBytes(32));
  return { auditSigningKey: k.signingKey, auditPublicKey: k.publicKey };
};
const keys = sealPair();
const opts = { signingKey: keys.auditSigningKey, publicKey: keys.auditPublicKey, batchSize: 3 };
// The log in an `audit` folder of its own: its signed head is kept beside that folder.
const tmp = async (): Promise<string> =>
  path.join(await mkdtemp(path.join(tmpdir(), 'hexin-audit-')), 'audit');
const events: AuditEvent[] = [
  { type: 'session.started', sessionId: 's1' },
  { type: 'card.read', sessionId: 's1', subject: 'ab'.repeat(32), cardType: 'resident' },
  { type: 'liveness.failed', sessionId: 's1', reason: 'BLINK_TIMEOUT' },
  { type: 'match.result', sessionId: 's1', decision: 'pass', modelVersion: '面部-v1' },
  { type: 'session.ended', sessionId: 's1', outcome: 'pass' },
];

async function writeLog(dir: string, now?: () => Date): Promise<AuditLog> {
  const log = await AuditLog.open(dir, { ...opts, ...(now ? { now } : {}) });
  for (const e of events) await log.append(e);
  await log.seal();
  return log;
}

describe('AuditLog', () => {
  it('writes a chain that verifies, with seals every batch and at close', async () => {
    const dir = await tmp();
    await writeLog(dir);
    const r = await verifyAuditDir(dir);
    // 5 events + a seal after the 3rd + a closing seal.
    expect(r).toMatchObject({
      ok: true,
      entries: 7,
      sealedUpToSeq: 6,
      unsealed: 0,
      head: { count: 7, beyond: 0 },
    });
    // Reopening continues the same chain.
    const again = await AuditLog.open(dir, opts);
    await again.append({ type: 'session.started', sessionId: 's2' });
    expect(await verifyAuditDir(dir)).toMatchObject({ ok: true, entries: 8, sealedUpToSeq: 6, unsealed: 1 });
  });

  it('refuses events with extra fields or raw ID numbers', async () => {
    const log = await AuditLog.open(await tmp(), opts);
    const bad = {
      type: 'card.read',
      sessionId: 's',
      subject: '110101199003074514',
      cardType: 'resident',
    } as unknown as AuditEvent;
    expect(() => log.append(bad)).toThrow();
    const extra = { type: 'session.started', sessionId: 's', photo: 'ffd8' } as unknown as AuditEvent;
    expect(() => log.append(extra)).toThrow();
  });

  it('detects a change to any byte at the entry that holds it', async () => {
    const dir = await tmp();
    await writeLog(dir);
    const bytes = await readFile(path.join(dir, AUDIT_FILE));
    const lineOf: number[] = [];
    let line = 0;
    for (const b of bytes) {
      lineOf.push(line);
      if (b === 0x0a) line += 1;
    }
    for (let i = 0; i < bytes.length; i++) {
      for (const delta of [1, 0x20]) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ delta;
        const r = verifyAuditBytes(copy, keys.auditPublicKey);
        expect(r.ok, `byte ${i} ^ ${delta}`).toBe(false);
        expect(r.firstBroken?.index, `byte ${i} ^ ${delta}: ${r.firstBroken?.reason}`).toBe(lineOf[i]);
      }
    }
  });

  it('detects removed, reordered and forged entries and a wrong public key', async () => {
    const dir = await tmp();
    await writeLog(dir);
    const lines = (await readFile(path.join(dir, AUDIT_FILE), 'utf8')).split('\n').filter(Boolean);
    const join = (ls: string[]): Buffer => Buffer.from(ls.map((l) => l + '\n').join(''));
    expect(
      verifyAuditBytes(join([...lines.slice(0, 2), ...lines.slice(3)]), keys.auditPublicKey).firstBroken
        ?.index,
    ).toBe(2);
    expect(
      verifyAuditBytes(join([lines[1]!, lines[0]!, ...lines.slice(2)]), keys.auditPublicKey).firstBroken
        ?.index,
    ).toBe(0);
    expect(verifyAuditBytes(join(lines.slice(1)), keys.auditPublicKey).firstBroken?.index).toBe(0);
    // A forger who recomputes hashes still cannot sign: the first seal fails under the real key.
    const other = sealPair();
    const forged = await tmp();
    const flog = await AuditLog.open(forged, {
      ...opts,
      signingKey: other.auditSigningKey,
      publicKey: other.auditPublicKey,
    });
    for (const e of events) await flog.append(e);
    const r = verifyAuditBytes(await readFile(path.join(forged, AUDIT_FILE)), keys.auditPublicKey);
    expect(r.firstBroken).toMatchObject({ index: 3, reason: 'seal signature does not verify' });
    await expect(
      AuditLog.open(dir, { ...opts, signingKey: other.auditSigningKey, publicKey: other.auditPublicKey }),
    ).rejects.toMatchObject({
      code: 'AUDIT_BROKEN',
    });
  });

  it('repairs a torn last line on open and records that it did', async () => {
    const dir = await tmp();
    await writeLog(dir);
    await appendFile(path.join(dir, AUDIT_FILE), '{"seq":7,"time":"2026-');
    expect((await verifyAuditDir(dir)).firstBroken).toMatchObject({
      index: 7,
      reason: expect.stringMatching(/incomplete/),
    });
    const log = await AuditLog.open(dir, opts);
    await log.seal();
    const text = await readFile(path.join(dir, AUDIT_FILE), 'utf8');
    expect(text).toContain('"type":"audit.repaired","droppedBytes":22');
    expect(await verifyAuditDir(dir)).toMatchObject({ ok: true, entries: 9, unsealed: 0 });
  });

  it('purges old entries at a seal boundary and the rest still verifies via the anchor', async () => {
    const dir = await tmp();
    let t = Date.parse('2026-01-01T00:00:00Z');
    const now = (): Date => new Date((t += 86_400_000));
    const log = await writeLog(dir, now);
    // Entries are one day apart starting 2026-01-02; cut at 2026-01-05 drops seq 0..3 (through the first seal).
    expect(await log.purgeBefore(new Date('2026-01-05T12:00:00Z'))).toBe(4);
    expect(await verifyAuditDir(dir)).toMatchObject({ ok: true, entries: 3, sealedUpToSeq: 6, unsealed: 0 });
    await log.append({ type: 'session.started', sessionId: 's3' });
    expect(await verifyAuditDir(dir)).toMatchObject({ ok: true, entries: 4 });
    // Tampering with the anchor is caught.
    const anchorFile = path.join(dir, 'anchor.json');
    const anchor = JSON.parse(await readFile(anchorFile, 'utf8')) as { hash: string };
    await writeFile(anchorFile, JSON.stringify({ ...anchor, hash: 'f'.repeat(64) }));
    expect((await verifyAuditDir(dir)).ok).toBe(false);
  });
});
