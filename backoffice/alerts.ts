// Alerts: what staff must look at (an audit gap or fork, an untrusted environment, a reader gone). Raised inside
// the transaction that found the problem, so an alert exists exactly when the data that raised it was stored.
import type pg from 'pg';

export async function raiseAlert(
  db: pg.PoolClient | pg.Pool,
  kioskId: string | null,
  kind: string,
  detail: object,
): Promise<void> {
  await db.query('INSERT INTO alerts (kiosk_id, kind, detail) VALUES ($1, $2, $3)', [
    kioskId,
    kind,
    JSON.stringify(detail),
  ]);
}

export interface AlertRow {
  id: string;
  kiosk_id: string | null;
  kind: string;
  detail: Record<string, unknown>;
  raised_at: Date;
}

export async function openAlerts(db: pg.Pool, kioskId?: string): Promise<AlertRow[]> {
  const { rows } = await db.query<AlertRow>(
    `SELECT id, kiosk_id, kind, detail, raised_at FROM alerts
      WHERE resolved_at IS NULL AND ($1::text IS NULL OR kiosk_id = $1) ORDER BY id`,
    [kioskId ?? null],
  );
  return rows;
}
