// The back office's own signing keys (Ed25519), one per purpose, created on first use and kept in PostgreSQL
// sealed under the key-encryption key (backoffice/key-vault.ts). The config key signs what is pushed to kiosks; its
// public half is handed out at enrolment.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type pg from 'pg';
import type { KeyVault } from './key-vault';

export interface BackofficeKey {
  privateKey: KeyObject;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
}

export const signingKeyContext = (purpose: string): string => `signing_keys/${purpose}`;

export async function signingKey(
  db: pg.Pool | pg.PoolClient,
  purpose: 'config',
  vault: KeyVault,
): Promise<BackofficeKey> {
  const fresh = generateKeyPairSync('ed25519');
  const jwk = fresh.publicKey.export({ format: 'jwk' });
  const der = fresh.privateKey.export({ type: 'pkcs8', format: 'der' });
  // Two instances creating it at once: the first insert wins and both read it back.
  await db.query(
    'INSERT INTO signing_keys (purpose, private_sealed, public_jwk) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [
      purpose,
      vault.seal(der, signingKeyContext(purpose)),
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }),
    ],
  );
  der.fill(0);
  const { rows } = await db.query<{
    private_pem: string | null;
    private_sealed: Buffer | null;
    public_jwk: BackofficeKey['publicJwk'];
  }>('SELECT private_pem, private_sealed, public_jwk FROM signing_keys WHERE purpose = $1', [purpose]);
  const row = rows[0]!;
  const privateKey = row.private_sealed
    ? createPrivateKey({
        key: vault.open(row.private_sealed, signingKeyContext(purpose)),
        format: 'der',
        type: 'pkcs8',
      })
    : createPrivateKey(row.private_pem!); // written before 0007, sealed at the next start (sealKeysAtRest)
  return { privateKey, publicJwk: row.public_jwk };
}
