// Ingest of one signed batch from an enrolled kiosk, in one transaction with the kiosk's row locked: batches are
// stored in order (N only after N-1), a batch sent again is answered as stored without storing it twice, and its
// items land in their tables (audit entries after the chain check, results, health, lock-outs, alerts).
import { createHash, createPublicKey } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import type pg from 'pg';
import { FleetBatchSchema, type FleetBatch, type FleetItem, type IngestReply } from '../common/fleet';
import { checkChain, type ChainAlert } from './audit-chain-check';
import { inTransaction } from './db';
import { raiseAlert } from './alerts';
import { recordKioskDsr } from './orders';
import { BackofficeError } from './errors';

export interface KioskRow {
  id: string;
  group_name: string;
  batch_key: Record<string, string>;
  audit_key_pem: string;
  last_batch_seq: string;
  audit_next_seq: string;
  audit_last_hash: string | null;
}

/** Verifies the JWS with the kiosk's registered batch key; returns the batch it carries. */
export async function openBatch(jws: string, kiosk: Pick<KioskRow, 'id' | 'batch_key'>): Promise<FleetBatch> {
  let payload: Uint8Array;
  try {
    const key = await importJWK({ ...kiosk.batch_key, alg: 'EdDSA' }, 'EdDSA');
    ({ payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] }));
  } catch {
    throw new BackofficeError(
      401,
      'BAD_SIGNATURE',
      "the batch signature does not verify with this kiosk's key",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    throw new BackofficeError(400, 'BAD_BATCH', 'the batch is not JSON');
  }
  const parsed = FleetBatchSchema.safeParse(json);
  if (!parsed.success)
    throw new BackofficeError(400, 'BAD_BATCH', `invalid batch: ${parsed.error.issues[0]?.message ?? ''}`);
  if (parsed.data.kioskId !== kiosk.id)
    throw new BackofficeError(
      403,
      'WRONG_KIOSK',
      `batch names kiosk ${parsed.data.kioskId}, sent by ${kiosk.id}`,
    );
  return parsed.data;
}

export async function ingestBatch(pool: pg.Pool, kioskId: string, jws: string): Promise<IngestReply> {
  try {
    return await ingestInOrder(pool, kioskId, jws);
  } catch (e) {
    // Raised after the rollback: the refused batch's transaction cannot keep it.
    if (e instanceof BackofficeError && e.code === 'BATCH_CONFLICT')
      await raiseAlert(pool, kioskId, 'batch.conflict', { seq: e.extra.seq, reason: e.message });
    throw e;
  }
}

async function ingestInOrder(pool: pg.Pool, kioskId: string, jws: string): Promise<IngestReply> {
  const bodySha = createHash('sha256').update(jws).digest('hex');
  return inTransaction(pool, async (db) => {
    const { rows } = await db.query<KioskRow>('SELECT * FROM kiosks WHERE id = $1 FOR UPDATE', [kioskId]);
    const kiosk = rows[0];
    if (!kiosk) throw new BackofficeError(403, 'NOT_ENROLLED', `kiosk ${kioskId} is not enrolled`);
    const batch = await openBatch(jws, kiosk);
    const last = Number(kiosk.last_batch_seq);
    if (batch.seq <= last) {
      const prior = await db.query<{ body_sha256: string }>(
        'SELECT body_sha256 FROM batches WHERE kiosk_id = $1 AND seq = $2',
        [kioskId, batch.seq],
      );
      if (prior.rows[0]?.body_sha256 === bodySha) return { status: 'duplicate', seq: batch.seq };
      throw new BackofficeError(409, 'BATCH_CONFLICT', `batch ${batch.seq} differs from the one stored`, {
        expectedSeq: last + 1,
        seq: batch.seq,
      });
    }
    if (batch.seq !== last + 1)
      throw new BackofficeError(409, 'OUT_OF_ORDER', `batch ${batch.seq} arrived before ${last + 1}`, {
        expectedSeq: last + 1,
      });

    const alerts = await storeItems(db, kiosk, batch.items);
    await db.query(
      'INSERT INTO batches (kiosk_id, seq, body_sha256, jws, item_count) VALUES ($1, $2, $3, $4, $5)',
      [kioskId, batch.seq, bodySha, jws, batch.items.length],
    );
    await db.query('UPDATE kiosks SET last_batch_seq = $2, last_seen_at = now() WHERE id = $1', [
      kioskId,
      batch.seq,
    ]);
    return { status: 'stored', seq: batch.seq, ...(alerts.length ? { alerts } : {}) };
  });
}

async function storeItems(
  db: pg.PoolClient,
  kiosk: KioskRow,
  items: readonly FleetItem[],
): Promise<string[]> {
  const raised: string[] = [];
  const alert = async (kind: string, detail: object): Promise<void> => {
    await raiseAlert(db, kiosk.id, kind, detail);
    raised.push(kind);
  };
  const audit = items.flatMap((i) => (i.kind === 'audit' ? [i.entry] : []));
  if (audit.length > 0) {
    const chain = await checkChain(
      { nextSeq: Number(kiosk.audit_next_seq), lastHash: kiosk.audit_last_hash },
      audit,
      createPublicKey(kiosk.audit_key_pem),
      async (seq) =>
        (
          await db.query<{ hash: string }>(
            'SELECT hash FROM audit_entries WHERE kiosk_id = $1 AND seq = $2',
            [kiosk.id, seq],
          )
        ).rows[0]?.hash,
    );
    for (const a of chain.alerts as ChainAlert[]) await alert(a.kind, a.detail);
    if (chain.accepted.length > 0) {
      // One statement for the lot: a batch carries up to a thousand entries.
      await db.query(
        `INSERT INTO audit_entries (kiosk_id, seq, hash, prev, time, entry)
         SELECT $1, e.seq, e.hash, e.prev, e.time, e.entry
           FROM jsonb_to_recordset($2::jsonb) AS e(seq bigint, hash text, prev text, time timestamptz, entry jsonb)
         ON CONFLICT (kiosk_id, seq) DO UPDATE SET hash = EXCLUDED.hash, prev = EXCLUDED.prev,
           time = EXCLUDED.time, entry = EXCLUDED.entry`,
        [
          kiosk.id,
          JSON.stringify(
            chain.accepted.map((e) => ({ seq: e.seq, hash: e.hash, prev: e.prev, time: e.time, entry: e })),
          ),
        ],
      );
      await db.query('UPDATE kiosks SET audit_next_seq = $2, audit_last_hash = $3 WHERE id = $1', [
        kiosk.id,
        chain.state.nextSeq,
        chain.state.lastHash,
      ]);
    }
  }
  for (const item of items) {
    switch (item.kind) {
      case 'audit':
        break;
      case 'result':
        await db.query(
          `INSERT INTO results (kiosk_id, session_id, at, decision, reason, subject_v, subject_h)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [
            kiosk.id,
            item.sessionId,
            item.at,
            item.decision,
            item.reason,
            item.subject?.v ?? null,
            item.subject?.h ?? null,
          ],
        );
        break;
      case 'health':
        await db.query(
          `INSERT INTO health_reports (kiosk_id, at, version, components) VALUES ($1, $2, $3, $4)
           ON CONFLICT (kiosk_id) DO UPDATE SET at = EXCLUDED.at, version = EXCLUDED.version,
             components = EXCLUDED.components WHERE health_reports.at <= EXCLUDED.at`,
          [kiosk.id, item.at, item.version, JSON.stringify(item.components)],
        );
        await db.query('UPDATE kiosks SET version = $2 WHERE id = $1', [kiosk.id, item.version]);
        // What the kiosk's stored config still waits to apply (cleared by the health it sends after a restart).
        if (item.components.config)
          await db.query('UPDATE kiosks SET config_pending_restart = $2 WHERE id = $1', [
            kiosk.id,
            JSON.stringify(
              item.components.config.state === 'pending-restart'
                ? item.components.config.detail.split(',').filter(Boolean)
                : [],
            ),
          ]);
        if (
          item.components.reader &&
          item.components.reader.state !== 'ok' &&
          item.components.reader.state !== 'degraded'
        )
          await alert('reader.unavailable', {
            state: item.components.reader.state,
            detail: item.components.reader.detail,
          });
        break;
      case 'environment':
        await db.query(
          `INSERT INTO health_reports (kiosk_id, at, version, components, env_trusted, env_reasons, env_at)
           VALUES ($1, $2, '', '{}', $3, $4, $2)
           ON CONFLICT (kiosk_id) DO UPDATE SET env_trusted = $3, env_reasons = $4, env_at = $2`,
          [kiosk.id, item.at, item.trusted, JSON.stringify(item.reasons)],
        );
        if (!item.trusted) await alert('environment.untrusted', { reasons: item.reasons.join(',') });
        break;
      case 'lockout':
        await recordLockout(db, kiosk.id, item.subject, item.until, item.at);
        break;
      case 'dsr':
        await recordKioskDsr(db, kiosk.id, item);
        break;
      case 'audit-truncated':
        await alert('audit.truncated', {
          shippedUpToSeq: item.shippedUpToSeq,
          logEndsAtSeq: item.logEndsAtSeq,
          reportedAt: item.at,
        });
        break;
    }
  }
  return raised;
}

/** Keeps the latest end of a card's lock-out (a later, longer lock wins; an earlier report never shortens it). */
export async function recordLockout(
  db: pg.PoolClient | pg.Pool,
  kioskId: string,
  subject: { v: number; h: string },
  until: string,
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO lockouts (subject_h, subject_v, until, kiosk_id, decided_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (subject_h) DO UPDATE SET until = EXCLUDED.until, kiosk_id = EXCLUDED.kiosk_id,
       decided_at = EXCLUDED.decided_at WHERE lockouts.until < EXCLUDED.until`,
    [subject.h, subject.v, until, kioskId, at],
  );
}
