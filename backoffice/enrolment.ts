// Enrolment: staff issue a one-time token for a kiosk id; the kiosk presents it over mutual TLS with its batch key
// and its audit key, and the back office registers the three (client certificate, batch key, audit key) and hands
// back the fleet pseudonymisation keys. A token works once, for one certificate; re-sending the same enrolment from
// the same certificate (the kiosk lost the reply) answers again instead of failing.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { EnrolReply, EnrolRequest, FleetKey } from '../common/fleet';
import { inTransaction } from './db';
import { BackofficeError } from './errors';
import { signingKey } from './signing';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export async function createEnrolmentToken(
  pool: pg.Pool,
  kioskId: string,
  group: string,
  ttlHours = 72,
): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await pool.query(
    `INSERT INTO enrolment_tokens (token_sha256, kiosk_id, group_name, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [sha256(token), kioskId, group, ttlHours],
  );
  return token;
}

/** The fleet keys in use, oldest first; creates version 1 on first call. */
export async function fleetKeys(db: pg.Pool | pg.PoolClient): Promise<FleetKey[]> {
  await db.query(
    'INSERT INTO fleet_keys (version, key) SELECT 1, $1 WHERE NOT EXISTS (SELECT 1 FROM fleet_keys) ON CONFLICT DO NOTHING',
    [randomBytes(32)],
  );
  const { rows } = await db.query<{ version: number; key: Buffer }>(
    'SELECT version, key FROM fleet_keys WHERE retired_at IS NULL ORDER BY version',
  );
  return rows.map((r) => ({ version: r.version, key: r.key.toString('base64') }));
}

/** A new fleet key becomes current; older ones stay for look-ups until retired. */
export async function rotateFleetKey(pool: pg.Pool): Promise<number> {
  await fleetKeys(pool);
  const { rows } = await pool.query<{ version: number }>(
    'INSERT INTO fleet_keys (version, key) SELECT max(version) + 1, $1 FROM fleet_keys RETURNING version',
    [randomBytes(32)],
  );
  return rows[0]!.version;
}

export async function enrol(pool: pg.Pool, certSha256: string, req: EnrolRequest): Promise<EnrolReply> {
  return inTransaction(pool, async (db) => {
    const { rows } = await db.query<{
      kiosk_id: string;
      group_name: string;
      expires_at: Date;
      used_at: Date | null;
    }>(
      'SELECT kiosk_id, group_name, expires_at, used_at FROM enrolment_tokens WHERE token_sha256 = $1 FOR UPDATE',
      [sha256(req.token)],
    );
    const token = rows[0];
    if (!token || token.kiosk_id !== req.kioskId)
      throw new BackofficeError(403, 'ENROLMENT_REFUSED', 'unknown enrolment token for this kiosk');
    if (token.used_at) {
      const again = await db.query(
        'SELECT 1 FROM kiosks WHERE id = $1 AND cert_sha256 = $2 AND batch_key = $3',
        [req.kioskId, certSha256, JSON.stringify(req.batchKey)],
      );
      if (again.rowCount === 0)
        throw new BackofficeError(403, 'ENROLMENT_REFUSED', 'this enrolment token was already used');
    } else {
      if (token.expires_at.getTime() < Date.now())
        throw new BackofficeError(403, 'ENROLMENT_REFUSED', 'this enrolment token has expired');
      const { kty, crv, x } = req.batchKey;
      await db.query(
        `INSERT INTO kiosks (id, group_name, cert_sha256, batch_key, audit_key_pem, version)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET group_name = $2, cert_sha256 = $3, batch_key = $4, audit_key_pem = $5,
           version = $6`,
        [
          req.kioskId,
          token.group_name,
          certSha256,
          JSON.stringify({ kty, crv, x }),
          req.auditKeyPem,
          req.version,
        ],
      );
      await db.query('UPDATE enrolment_tokens SET used_at = now() WHERE token_sha256 = $1', [
        sha256(req.token),
      ]);
    }
    return {
      kioskId: req.kioskId,
      group: token.group_name,
      fleetKeys: await fleetKeys(db),
      configKey: (await signingKey(db, 'config')).publicJwk,
    };
  });
}
