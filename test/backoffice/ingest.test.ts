// Ingest against a real PostgreSQL over real mutual TLS: enrolment, signed batches stored once and in order, and
// the kiosk's audit chain checked across batches (a cut or rewritten log raises an alert).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetBatch, FleetItem } from '../../common/fleet';
import { openAlerts } from '../../backoffice/alerts';
import { createEnrolmentToken } from '../../backoffice/enrolment';
import { FleetClient, FleetRefusal, signBatch } from '../../main/fleet/client';
import { AuditLog, AUDIT_FILE } from '../../main/records/audit';
import { defaultHeadFile, signHead, writeHead } from '../../main/records/audit-head';
import { loadOrCreateSigningKey, type SigningKey } from '../../main/verify/delivery/signing-key';
import { TransportError } from '../../main/verify/authority/transport';
import { startTestBackoffice, stopTestPostgres, type TestBackoffice } from './harness';

let bo: TestBackoffice;
let dir: string;

beforeAll(async () => {
  bo = await startTestBackoffice();
  dir = await mkdtemp(path.join(os.tmpdir(), 'hexin-ingest-'));
});
afterAll(async () => {
  try {
    await bo?.close();
  } finally {
    stopTestPostgres();
    await rm(dir, { recursive: true, force: true });
  }
});

interface TestKiosk {
  id: string;
  client: FleetClient;
  key: SigningKey;
  audit: AuditLog;
  auditKeys: { privateKey: KeyObject; publicKey: KeyObject };
  tls: { key: Buffer; cert: Buffer; ca: Buffer };
  seq: number;
}

async function enrolledKiosk(id: string): Promise<TestKiosk> {
  const { client, tls } = await bo.kioskClient(id);
  const key = await loadOrCreateSigningKey(path.join(dir, id, 'batch.pem'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const audit = await AuditLog.open(path.join(dir, id, 'audit'), {
    signingKey: privateKey,
    publicKey,
    batchSize: 4,
  });
  const token = await createEnrolmentToken(bo.pool, id, 'branch-a');
  const jwk = key.publicKey.export({ format: 'jwk' });
  const reply = await client.enrol({
    token,
    kioskId: id,
    version: '0.1.0',
    batchKey: { kty: 'OKP', crv: 'Ed25519', x: jwk.x! },
    auditKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  expect(reply.group).toBe('branch-a');
  expect(reply.fleetKeys[0]!.version).toBe(1);
  return { id, client, key, audit, auditKeys: { privateKey, publicKey }, tls, seq: 0 };
}

const auditLines = async (k: TestKiosk): Promise<Record<string, unknown>[]> =>
  (await readFile(path.join(k.audit.dir, AUDIT_FILE), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function batchOf(k: TestKiosk, items: FleetItem[], seq = ++k.seq): Promise<string> {
  const batch: FleetBatch = { v: 1, kioskId: k.id, seq, createdAt: new Date().toISOString(), items };
  return signBatch(batch, k.key);
}

const auditItems = (entries: Record<string, unknown>[]): FleetItem[] =>
  entries.map((entry) => ({ kind: 'audit' as const, entry }));

const count = async (table: string, kioskId: string): Promise<number> =>
  Number((await bo.pool.query(`SELECT count(*) FROM ${table} WHERE kiosk_id = $1`, [kioskId])).rows[0].count);

describe('fleet ingest', () => {
  it('stores a signed batch once, in order, and keeps the audit chain', async () => {
    const k = await enrolledKiosk('kiosk-a');
    for (let i = 0; i < 6; i++) await k.audit.append({ type: 'session.started', sessionId: `s${i}` });
    const entries = await auditLines(k);
    const first = await batchOf(k, [
      ...auditItems(entries),
      {
        kind: 'result',
        sessionId: 's1',
        at: new Date().toISOString(),
        decision: 'pass',
        reason: 'MATCHED',
        subject: null,
      },
    ]);
    await expect(k.client.sendBatch(first)).resolves.toEqual({ status: 'stored', seq: 1 });
    // Sent again (the reply was lost): answered, not stored twice.
    await expect(k.client.sendBatch(first)).resolves.toEqual({ status: 'duplicate', seq: 1 });
    expect(await count('audit_entries', k.id)).toBe(entries.length);
    expect(await count('results', k.id)).toBe(1);
    expect(await count('batches', k.id)).toBe(1);

    // Batch 3 before 2: refused with the seq the back office wants.
    const third = await batchOf(k, [], 3);
    await expect(k.client.sendBatch(third)).rejects.toMatchObject({ code: 'OUT_OF_ORDER', expectedSeq: 2 });
    // A different batch 1: refused and alerted.
    await expect(k.client.sendBatch(await batchOf(k, [], 1))).rejects.toMatchObject({
      code: 'BATCH_CONFLICT',
    });
    await expect(k.client.sendBatch(await batchOf(k, [], 2))).resolves.toMatchObject({
      status: 'stored',
      seq: 2,
    });
    expect((await openAlerts(bo.pool, k.id)).map((a) => a.kind)).toEqual(['batch.conflict']);
  });

  it("keeps what a kiosk's health says waits for a restart, and clears it when the kiosk restarted", async () => {
    const k = await enrolledKiosk('kiosk-cfg');
    const health = (config: { state: string; detail: string }): FleetItem => ({
      kind: 'health',
      at: new Date().toISOString(),
      version: '0.2.0',
      components: { reader: { state: 'ok', detail: '' }, config },
    });
    const pending = async () =>
      (await bo.pool.query('SELECT config_pending_restart AS p FROM kiosks WHERE id = $1', [k.id])).rows[0].p;
    await k.client.sendBatch(
      await batchOf(k, [health({ state: 'pending-restart', detail: 'languages,reader' })]),
    );
    expect(await pending()).toEqual(['languages', 'reader']);
    await k.client.sendBatch(await batchOf(k, [health({ state: 'ok', detail: '' })]));
    expect(await pending()).toEqual([]);
  });

  it('raises an alert for a cut and rewritten log, and for a gap', async () => {
    const k = await enrolledKiosk('kiosk-b');
    for (let i = 0; i < 5; i++) await k.audit.append({ type: 'session.started', sessionId: `s${i}` });
    const shipped = await auditLines(k);
    await k.client.sendBatch(await batchOf(k, auditItems(shipped)));
    expect(await openAlerts(bo.pool, k.id)).toEqual([]);

    // Someone cuts the last three entries; the kiosk's log carries on from the cut (it re-reads a file that changed).
    const file = path.join(k.audit.dir, AUDIT_FILE);
    const kept = shipped.slice(0, shipped.length - 3);
    await writeFile(file, kept.map((e) => JSON.stringify(e) + '\n').join(''));
    // The kiosk refuses to go on from a cut that its signed head does not cover; this someone holds the seal key
    // and re-signs the head to match, which only the back office's copy of the chain can then tell.
    const last = kept[kept.length - 1]!;
    await writeHead(
      defaultHeadFile(k.audit.dir),
      signHead(kept.length, last.hash as string, k.auditKeys.privateKey, k.auditKeys.publicKey),
    );
    for (let i = 0; i < 5; i++) await k.audit.append({ type: 'session.started', sessionId: `t${i}` });
    const after = (await auditLines(k)).filter((e) => (e.seq as number) >= shipped.length);
    const reply = await k.client.sendBatch(await batchOf(k, auditItems(after)));
    expect(reply.alerts).toContain('audit.fork');

    // Entries missing in the middle: a gap.
    for (let i = 0; i < 4; i++) await k.audit.append({ type: 'session.started', sessionId: `u${i}` });
    const tail = (await auditLines(k)).slice(-2);
    const gap = await k.client.sendBatch(await batchOf(k, auditItems(tail)));
    expect(gap.alerts).toContain('audit.gap');
  });

  it('refuses a batch signed with another key, and clients without an enrolled certificate', async () => {
    const k = await enrolledKiosk('kiosk-c');
    const stranger = await loadOrCreateSigningKey(path.join(dir, 'stranger.pem'));
    const forged = await signBatch(
      { v: 1, kioskId: k.id, seq: 1, createdAt: new Date().toISOString(), items: [] },
      stranger,
    );
    await expect(k.client.sendBatch(forged)).rejects.toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });

    const { client: unenrolled } = await bo.kioskClient('kiosk-unenrolled');
    await expect(unenrolled.sendBatch(await batchOf(k, []))).rejects.toMatchObject({
      status: 403,
      code: 'NOT_ENROLLED',
    });

    // A certificate from another CA does not get past TLS verification for kiosk routes.
    const outsider = new FleetClient(
      bo.url,
      { key: bo.pki.strangerKey, cert: bo.pki.strangerCert, ca: bo.pki.caCert },
      5_000,
    );
    const refused = await outsider.sendBatch(await batchOf(k, [])).catch((e: unknown) => e);
    outsider.close();
    expect(refused instanceof FleetRefusal || refused instanceof TransportError).toBe(true);
    if (refused instanceof FleetRefusal) expect(refused.code).toBe('CLIENT_CERT_REQUIRED');
  });

  it('keeps one kiosk in order across two instances over one database', async () => {
    const k = await enrolledKiosk('kiosk-d');
    const second = await bo.startInstance();
    // The same kiosk (its certificate) through the second instance, as a load balancer would spread it.
    const otherRoute = new FleetClient(second, k.tls, 5_000);
    const batches = [await batchOf(k, []), await batchOf(k, []), await batchOf(k, []), await batchOf(k, [])];
    // Alternate instances, each batch sent twice at once.
    for (const [i, jws] of batches.entries()) {
      const [a, b] = await Promise.all([k.client.sendBatch(jws), otherRoute.sendBatch(jws)]);
      expect([a.status, b.status].sort()).toEqual(['duplicate', 'stored']);
      expect(a.seq).toBe(i + 1);
    }
    otherRoute.close();
    expect(await count('batches', k.id)).toBe(4);
  });
});
