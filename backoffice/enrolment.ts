// Enrolment: staff issue a one-time token for a kiosk id; the kiosk presents it over mutual TLS with its batch key
// and its audit key, and the back office registers the three (client certificate, batch key, audit key) and hands
// back the fleet pseudonymisation keys. A token works once, for one certificate; re-sending the same enrolment from
// the same certificate (the kiosk lost the reply) answers again instead of failing.
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { EnrolReply, EnrolRequest, FleetKey } from '../common/fleet';
import { inTransaction } from './db';
import { BackofficeError } from './errors';
import type { KeyVault } from './key-vault';
import { signingKey, signingKeyContext } from './signing';

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

export const fleetKeyContext = (version: number): string => `fleet_keys/${version}`;

/** The fleet keys in use, oldest first (opened with the vault); creates version 1 on first call. */
export async function fleetKeys(db: pg.Pool | pg.PoolClient, vault: KeyVault): Promise<FleetKey[]> {
  await db.query(
    `INSERT INTO fleet_keys (version, key_sealed) SELECT 1, $1 WHERE NOT EXISTS (SELECT 1 FROM fleet_keys)
     ON CONFLICT DO NOTHING`,
    [vault.seal(randomBytes(32), fleetKeyContext(1))],
  );
  const { rows } = await db.query<{ version: number; key: Buffer | null; key_sealed: Buffer | null }>(
    'SELECT version, key, key_sealed FROM fleet_keys WHERE retired_at IS NULL ORDER BY version',
  );
  return rows.map((r) => ({
    version: r.version,
    // A key written in the clear before migration 0007 is sealed at the next start (sealKeysAtRest).
    key: (r.key_sealed ? vault.open(r.key_sealed, fleetKeyContext(r.version)) : r.key!).toString('base64'),
  }));
}

/** A new fleet key becomes current; older ones stay for look-ups until retired. */
export async function rotateFleetKey(pool: pg.Pool, vault: KeyVault): Promise<number> {
  await fleetKeys(pool, vault);
  return inTransaction(pool, async (db) => {
    await db.query("SELECT pg_advisory_xact_lock(hashtext('fleet_keys'))");
    const { rows } = await db.query<{ v: number }>('SELECT max(version) + 1 AS v FROM fleet_keys');
    const version = rows[0]!.v;
    await db.query('INSERT INTO fleet_keys (version, key_sealed) VALUES ($1, $2)', [
      version,
      vault.seal(randomBytes(32), fleetKeyContext(version)),
    ]);
    return version;
  });
}

/**
 * Seals every key still kept in the clear (written before migration 0007) and re-wraps, under the current
 * key-encryption key, every key sealed under a previous one (with `rewrap`: the rotation's second step). Returns how
 * many rows changed. Idempotent; every instance runs the first part at start.
 */
export async function sealKeysAtRest(
  pool: pg.Pool,
  vault: KeyVault,
  options: { rewrap?: boolean } = {},
): Promise<number> {
  return inTransaction(pool, async (db) => {
    let changed = 0;
    const fleet = await db.query<{ version: number; key: Buffer | null; key_sealed: Buffer | null }>(
      'SELECT version, key, key_sealed FROM fleet_keys FOR UPDATE',
    );
    for (const r of fleet.rows) {
      const context = fleetKeyContext(r.version);
      let sealed: Buffer | null = null;
      if (r.key) sealed = vault.seal(r.key, context);
      else if (options.rewrap && r.key_sealed && !vault.isCurrent(r.key_sealed))
        sealed = vault.rewrap(r.key_sealed, context);
      if (!sealed) continue;
      await db.query('UPDATE fleet_keys SET key_sealed = $2, key = NULL WHERE version = $1', [
        r.version,
        sealed,
      ]);
      changed++;
    }
    const signing = await db.query<{
      purpose: string;
      private_pem: string | null;
      private_sealed: Buffer | null;
    }>('SELECT purpose, private_pem, private_sealed FROM signing_keys FOR UPDATE');
    for (const r of signing.rows) {
      const context = signingKeyContext(r.purpose);
      let sealed: Buffer | null = null;
      if (r.private_pem) {
        const der = createPrivateKey(r.private_pem).export({ type: 'pkcs8', format: 'der' });
        sealed = vault.seal(der, context);
        der.fill(0);
      } else if (options.rewrap && r.private_sealed && !vault.isCurrent(r.private_sealed))
        sealed = vault.rewrap(r.private_sealed, context);
      if (!sealed) continue;
      await db.query('UPDATE signing_keys SET private_sealed = $2, private_pem = NULL WHERE purpose = $1', [
        r.purpose,
        sealed,
      ]);
      changed++;
    }
    return changed;
  });
}

export async function enrol(
  pool: pg.Pool,
  vault: KeyVault,
  certSha256: string,
  req: EnrolRequest,
): Promise<EnrolReply> {
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
      fleetKeys: await fleetKeys(db, vault),
      configKey: (await signingKey(db, 'config', vault)).publicJwk,
    };
  });
}
