// What the fleet console shows, in one read: kiosks (online when heard from in the last 2 minutes; version; the
// config version applied), pass/fail/lock-out counts per kiosk and day (last 14 days), open alerts, the DSR queue.
import type pg from 'pg';
import { openAlerts } from './alerts';
import { dsrQueue } from './orders';

export const ONLINE_WITHIN_SECONDS = 120;

export interface ConsoleOverview {
  kiosks: {
    id: string;
    group: string;
    online: boolean;
    lastSeen: string | null;
    version: string;
    configVersion: number | null;
    configError: string | null;
    /** Config the kiosk stored but applies only at its next start. */
    configPendingRestart: string[];
  }[];
  daily: { kioskId: string; day: string; pass: number; fail: number; locked: number }[];
  alerts: {
    id: string;
    kioskId: string | null;
    kind: string;
    detail: Record<string, unknown>;
    raisedAt: string;
  }[];
  dsr: {
    id: string;
    kind: string;
    receivedAt: string;
    dueDate: string;
    done: boolean;
    overdue: boolean;
    /** The kiosk where it was recorded; null: at the back office. */
    origin: string | null;
    kiosks: number;
    acknowledged: number;
    /** Records the kiosks hold (access, copy, correct) or removed (delete, withdraw). */
    records: number;
  }[];
}

export async function consoleOverview(pool: pg.Pool): Promise<ConsoleOverview> {
  const kiosks = await pool.query<{
    id: string;
    group_name: string;
    last_seen_at: Date | null;
    version: string;
    config_version: number | null;
    config_error: string | null;
    config_pending_restart: string[];
    online: boolean;
  }>(
    `SELECT id, group_name, last_seen_at, version, config_version, config_error, config_pending_restart,
            coalesce(last_seen_at > now() - make_interval(secs => $1), false) AS online
       FROM kiosks ORDER BY id`,
    [ONLINE_WITHIN_SECONDS],
  );
  const daily = await pool.query<{
    kiosk_id: string;
    day: string;
    pass: number;
    fail: number;
    locked: number;
  }>(
    `SELECT kiosk_id, to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
            count(*) FILTER (WHERE decision = 'pass')::int AS pass,
            count(*) FILTER (WHERE decision = 'fail')::int AS fail,
            count(*) FILTER (WHERE decision = 'locked')::int AS locked
       FROM results WHERE at > now() - interval '14 days'
      GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return {
    kiosks: kiosks.rows.map((k) => ({
      id: k.id,
      group: k.group_name,
      online: k.online,
      lastSeen: k.last_seen_at?.toISOString() ?? null,
      version: k.version,
      configVersion: k.config_version,
      configError: k.config_error,
      configPendingRestart: k.config_pending_restart,
    })),
    daily: daily.rows.map((d) => ({
      kioskId: d.kiosk_id,
      day: d.day,
      pass: d.pass,
      fail: d.fail,
      locked: d.locked,
    })),
    alerts: (await openAlerts(pool)).map((a) => ({
      id: String(a.id),
      kioskId: a.kiosk_id,
      kind: a.kind,
      detail: a.detail,
      raisedAt: a.raised_at.toISOString(),
    })),
    dsr: (await dsrQueue(pool)).map((r) => ({
      id: r.id,
      kind: r.kind,
      receivedAt: r.received_at.toISOString(),
      dueDate: r.due_date,
      done: r.completed_at !== null,
      overdue: r.overdue,
      origin: r.origin_kiosk,
      kiosks: r.kiosks,
      acknowledged: r.acknowledged,
      records: r.records,
    })),
  };
}
