// Fleet-wide lock-out: a card locked at one kiosk is locked at all of them until the latest lock's end. Kiosks ask
// with the card's fleet subject under every fleet key they hold (a rotation must not unlock anyone).
import type pg from 'pg';
import type { FleetSubject, LockoutReply } from '../common/fleet';

export async function lockoutOf(pool: pg.Pool, subjects: readonly FleetSubject[]): Promise<LockoutReply> {
  const { rows } = await pool.query<{ until: Date }>(
    'SELECT max(until) AS until FROM lockouts WHERE subject_h = ANY($1) AND until > now()',
    [subjects.map((s) => s.h)],
  );
  const until = rows[0]?.until ?? null;
  return { locked: until !== null, until: until ? until.toISOString() : null };
}
