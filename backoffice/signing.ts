// The back office's own signing keys (Ed25519), one per purpose, created on first use and kept in PostgreSQL with
// everything else. The config key signs what is pushed to kiosks; its public half is handed out at enrolment.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type pg from 'pg';

export interface BackofficeKey {
  privateKey: KeyObject;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
}

export async function signingKey(db: pg.Pool | pg.PoolClient, purpose: 'config'): Promise<BackofficeKey> {
  const fresh = generateKeyPairSync('ed25519');
  const jwk = fresh.publicKey.export({ format: 'jwk' });
  // Two instances creating it at once: the first insert wins and both read it back.
  await db.query(
    'INSERT INTO signing_keys (purpose, private_pem, public_jwk) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [
      purpose,
      fresh.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }),
    ],
  );
  const { rows } = await db.query<{ private_pem: string; public_jwk: BackofficeKey['publicJwk'] }>(
    'SELECT private_pem, public_jwk FROM signing_keys WHERE purpose = $1',
    [purpose],
  );
  return { privateKey: createPrivateKey(rows[0]!.private_pem), publicJwk: rows[0]!.public_jwk };
}
