// Orders to kiosks and what produces them. A data-subject request recorded once finds the person across the fleet
// by their fleet subject under every fleet key, gets its 15-working-day deadline, and sends an erase or a withdraw
// order to every kiosk (a kiosk may hold records it has not shipped yet); the request is done when every kiosk
// acknowledged. A
// config pushed to a group is signed with the back office's config key and sent to each kiosk of the group, which
// reports the version it applied or why it refused it (an alert).
import { createHmac, randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import type pg from 'pg';
import type { FleetItem, FleetOrder, FleetSubject, OrderAck, SignedConfig } from '../common/fleet';
import { addWorkingDays, beijingDate, type WorkCalendar } from '../main/records/working-days';
import { raiseAlert } from './alerts';
import { inTransaction } from './db';
import { fleetKeys } from './enrolment';
import { BackofficeError } from './errors';
import type { KeyVault } from './key-vault';
import { signingKey } from './signing';

export const DSR_DEADLINE_WORKING_DAYS = 15;

export type FleetDsrKind = 'access' | 'copy' | 'correct' | 'delete' | 'withdraw';

export interface FleetDsr {
  id: string;
  kind: FleetDsrKind;
  dueDate: string;
  kiosks: number;
}

/** The order each kind of request sends every kiosk: access, copy and correction first find where the records are. */
const ORDER_KIND: Record<FleetDsrKind, 'dsr.erase' | 'dsr.withdraw' | 'dsr.locate'> = {
  delete: 'dsr.erase',
  withdraw: 'dsr.withdraw',
  access: 'dsr.locate',
  copy: 'dsr.locate',
  correct: 'dsr.locate',
};

interface DsrRecord {
  id: string;
  kind: FleetDsrKind;
  subjects: FleetSubject[];
  channel: string;
  receivedAt: Date | string;
  dueDate: string;
  originKiosk: string | null;
}

/**
 * Stores the request and sends its order to every kiosk (a kiosk may hold records it has not shipped yet, the one
 * it came from included); returns how many kiosks were ordered, 0 when it was stored before (sent again). The back
 * office's own copies go with it: for an erasure its results and lock-out; for a withdrawal its results (what the
 * consent covered), while the lock-out — fraud prevention, not covered by the consent — stays until it ends, as on
 * the kiosk.
 */
async function recordDsr(db: pg.PoolClient, r: DsrRecord): Promise<number> {
  const stored = await db.query(
    `INSERT INTO dsr_requests (id, kind, subjects, channel, received_at, due_date, origin_kiosk)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [r.id, r.kind, JSON.stringify(r.subjects), r.channel, r.receivedAt, r.dueDate, r.originKiosk],
  );
  if (stored.rowCount === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO orders (kiosk_id, kind, payload, dsr_id) SELECT id, $3, $1, $2 FROM kiosks`,
    [JSON.stringify({ requestId: r.id, subjects: r.subjects }), r.id, ORDER_KIND[r.kind]],
  );
  const hashes = r.subjects.map((s) => s.h);
  if (r.kind === 'delete' || r.kind === 'withdraw')
    await db.query('DELETE FROM results WHERE subject_h = ANY($1)', [hashes]);
  if (r.kind === 'delete') await db.query('DELETE FROM lockouts WHERE subject_h = ANY($1)', [hashes]);
  return rowCount ?? 0;
}

/**
 * Records a request made to the back office for the person with this ID number (erase, withdraw, or access, copy,
 * correct: locate first) and orders every kiosk to carry it out; due in 15 working days. The ID number is used here
 * only to compute the fleet subjects, and is not stored.
 */
export async function createFleetDsr(
  pool: pg.Pool,
  vault: KeyVault,
  input: { kind: FleetDsrKind; idNumber: string; channel: string },
  calendar: WorkCalendar = { holidays: [], makeupWorkdays: [] },
  now = new Date(),
): Promise<FleetDsr> {
  const keys = await fleetKeys(pool, vault);
  const subjects: FleetSubject[] = keys.map((k) => ({
    v: k.version,
    h: createHmac('sha256', Buffer.from(k.key, 'base64')).update(input.idNumber.toUpperCase()).digest('hex'),
  }));
  const id = randomUUID();
  const dueDate = addWorkingDays(beijingDate(now), DSR_DEADLINE_WORKING_DAYS, calendar);
  const kiosks = await inTransaction(pool, (db) =>
    recordDsr(db, {
      id,
      kind: input.kind,
      subjects,
      channel: input.channel,
      receivedAt: now,
      dueDate,
      originKiosk: null,
    }),
  );
  return { id, kind: input.kind, dueDate, kiosks };
}

/**
 * A request staff recorded at a kiosk (shipped in its outbox): tracked here with the deadline the kiosk gave the
 * person (its working-day calendar), and its order sent to every kiosk. Stored once, however often it is sent.
 */
export async function recordKioskDsr(
  db: pg.PoolClient,
  kioskId: string,
  item: Extract<FleetItem, { kind: 'dsr' }>,
): Promise<void> {
  await recordDsr(db, {
    id: item.requestId,
    kind: item.dsrKind,
    subjects: item.subjects,
    channel: `kiosk ${kioskId} staff`,
    receivedAt: item.at,
    dueDate: item.dueBy,
    originKiosk: kioskId,
  });
}

/** Signs `config` as the group's next version and orders every kiosk of the group to apply it. */
export async function pushConfig(
  pool: pg.Pool,
  vault: KeyVault,
  group: string,
  config: Record<string, unknown>,
): Promise<{ version: number; kiosks: number }> {
  const key = await signingKey(pool, 'config', vault);
  return inTransaction(pool, async (db) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`config:${group}`]);
    const { rows } = await db.query<{ v: number }>(
      'SELECT coalesce(max(version), 0) + 1 AS v FROM config_versions WHERE group_name = $1',
      [group],
    );
    const version = rows[0]!.v;
    const signed: SignedConfig = { group, version, config };
    const jws = await new CompactSign(Buffer.from(JSON.stringify(signed)))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'hexin-fleet-config+jws' })
      .sign(key.privateKey);
    await db.query('INSERT INTO config_versions (group_name, version, config, jws) VALUES ($1, $2, $3, $4)', [
      group,
      version,
      JSON.stringify(config),
      jws,
    ]);
    const { rowCount } = await db.query(
      `INSERT INTO orders (kiosk_id, kind, payload) SELECT id, 'config', $1 FROM kiosks WHERE group_name = $2`,
      [JSON.stringify({ jws }), group],
    );
    return { version, kiosks: rowCount ?? 0 };
  });
}

/** The kiosk's open orders, oldest first (the pull is also its heartbeat). */
export async function pullOrders(pool: pg.Pool, kioskId: string): Promise<FleetOrder[]> {
  await pool.query('UPDATE kiosks SET last_seen_at = now() WHERE id = $1', [kioskId]);
  const { rows } = await pool.query<{ id: string; kind: FleetOrder['kind']; payload: unknown }>(
    'SELECT id, kind, payload FROM orders WHERE kiosk_id = $1 AND acked_at IS NULL ORDER BY id LIMIT 100',
    [kioskId],
  );
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, payload: r.payload }) as FleetOrder);
}

export async function ackOrder(pool: pg.Pool, kioskId: string, ack: OrderAck): Promise<void> {
  await inTransaction(pool, async (db) => {
    const { rows } = await db.query<{ kind: string; dsr_id: string | null; acked_at: Date | null }>(
      'SELECT kind, dsr_id, acked_at FROM orders WHERE id = $1 AND kiosk_id = $2 FOR UPDATE',
      [ack.id, kioskId],
    );
    const order = rows[0];
    if (!order) throw new BackofficeError(404, 'NO_SUCH_ORDER', `no order ${ack.id} for this kiosk`);
    if (order.acked_at) return; // acknowledged before (the reply was lost)
    await db.query('UPDATE orders SET acked_at = now(), ok = $2, outcome = $3 WHERE id = $1', [
      ack.id,
      ack.ok,
      JSON.stringify(ack),
    ]);
    if (order.kind === 'config') {
      if (ack.ok && ack.appliedVersion)
        await db.query(
          'UPDATE kiosks SET config_version = $2, config_error = NULL, config_pending_restart = $3 WHERE id = $1',
          [kioskId, ack.appliedVersion, JSON.stringify(ack.pendingRestart ?? [])],
        );
      else {
        await db.query('UPDATE kiosks SET config_error = $2 WHERE id = $1', [kioskId, ack.detail]);
        await raiseAlert(db, kioskId, 'config.refused', { order: ack.id, detail: ack.detail });
      }
    }
    if (order.dsr_id) {
      if (!ack.ok) await raiseAlert(db, kioskId, 'dsr.failed', { request: order.dsr_id, detail: ack.detail });
      await db.query(
        `UPDATE dsr_requests SET completed_at = now() WHERE id = $1 AND completed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM orders WHERE dsr_id = $1 AND (acked_at IS NULL OR ok IS NOT TRUE))`,
        [order.dsr_id],
      );
    }
  });
}

export interface DsrQueueRow {
  id: string;
  kind: string;
  received_at: Date;
  due_date: string;
  completed_at: Date | null;
  kiosks: number;
  acknowledged: number;
  /** The kiosk where staff recorded it; null: recorded at the back office. */
  origin_kiosk: string | null;
  /** Records the kiosks said they hold or removed (sum of their acknowledgements). */
  records: number;
  /** Still open after its due date (Beijing). */
  overdue: boolean;
}

/** The DSR queue with due dates: open first, soonest due first. */
export async function dsrQueue(pool: pg.Pool): Promise<DsrQueueRow[]> {
  const { rows } = await pool.query<DsrQueueRow>(
    `SELECT r.id, r.kind, r.received_at, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.completed_at,
            count(o.id)::int AS kiosks, count(o.acked_at) FILTER (WHERE o.ok)::int AS acknowledged,
            r.origin_kiosk, coalesce(sum((o.outcome->>'affected')::int), 0)::int AS records,
            (r.completed_at IS NULL AND r.due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS overdue
       FROM dsr_requests r LEFT JOIN orders o ON o.dsr_id = r.id
      GROUP BY r.id ORDER BY r.completed_at IS NOT NULL, r.due_date, r.received_at`,
  );
  return rows;
}
