// The back office's keys at rest (backoffice/key-vault.ts), on a real PostgreSQL: the fleet keys and the config
// signing key are sealed under a key-encryption key that is not in the database; a database read alone does not
// give them; keys kept in the clear by an older version are sealed at start; a KEK rotation re-wraps them.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentToken, fleetKeys, rotateFleetKey, sealKeysAtRest } from '../../backoffice/enrolment';
import { KeyVault, KeyVaultError, keyVaultFromEnv } from '../../backoffice/key-vault';
import { pushConfig } from '../../backoffice/orders';
import { signingKey } from '../../backoffice/signing';
import { startTestBackoffice, stopTestPostgres, type TestBackoffice } from './harness';

let bo: TestBackoffice;

beforeAll(async () => {
  bo = await startTestBackoffice();
});
afterAll(async () => {
  try {
    await bo?.close();
  } finally {
    stopTestPostgres();
  }
});

/** Everything the two key tables hold, as PostgreSQL prints it (bytea as hex). */
async function dump(): Promise<string> {
  const fleet = await bo.pool.query('SELECT * FROM fleet_keys');
  const signing = await bo.pool.query('SELECT * FROM signing_keys');
  const hex = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : JSON.stringify(v));
  return [...fleet.rows, ...signing.rows].map((r) => Object.values(r).map(hex).join(' ')).join('\n');
}

describe('keys at rest', () => {
  it('keeps the fleet keys and the config signing key sealed: the database alone does not give them', async () => {
    const { client } = await bo.kioskClient('kiosk-v');
    const reply = await client.enrol({
      token: await createEnrolmentToken(bo.pool, 'kiosk-v', 'g'),
      kioskId: 'kiosk-v',
      version: '1',
      batchKey: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) },
      auditKeyPem:
        '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    });
    await pushConfig(bo.pool, bo.vault, 'g', { lockout: { maxFailures: 4 } });
    const fleetKey = Buffer.from(reply.fleetKeys[0]!.key, 'base64');
    const config = await signingKey(bo.pool, 'config', bo.vault);
    const privateDer = config.privateKey.export({ type: 'pkcs8', format: 'der' });
    const stored = await dump();
    expect(stored).not.toContain(fleetKey.toString('hex'));
    expect(stored).not.toContain(privateDer.subarray(-32).toString('hex'));
    expect(stored).not.toMatch(/PRIVATE KEY/);
    const plain = await bo.pool.query('SELECT count(*) FROM fleet_keys WHERE key IS NOT NULL');
    expect(Number(plain.rows[0].count)).toBe(0);

    // Another KEK does not open them, and says so.
    const other = new KeyVault(randomBytes(32));
    await expect(fleetKeys(bo.pool, other)).rejects.toThrow(/sealed under key-encryption key [0-9a-f]{16}/);
    // A sealed key moved to another row does not open.
    await rotateFleetKey(bo.pool, bo.vault);
    await bo.pool.query(
      'UPDATE fleet_keys SET key_sealed = (SELECT key_sealed FROM fleet_keys WHERE version = 1) WHERE version = 2',
    );
    await expect(fleetKeys(bo.pool, bo.vault)).rejects.toThrow(
      /fleet_keys\/2: the sealed value does not open/,
    );
    await bo.pool.query('DELETE FROM fleet_keys WHERE version = 2');
  });

  it('seals keys an older version kept in the clear, and re-wraps them when the KEK is rotated', async () => {
    const legacy = randomBytes(32);
    await bo.pool.query('INSERT INTO fleet_keys (version, key) VALUES (7, $1)', [legacy]);
    expect(await sealKeysAtRest(bo.pool, bo.vault)).toBe(1);
    expect(await dump()).not.toContain(legacy.toString('hex'));
    const opened = (await fleetKeys(bo.pool, bo.vault)).find((k) => k.version === 7)!;
    expect(Buffer.from(opened.key, 'base64').equals(legacy)).toBe(true);

    // Rotation: the new KEK current, the old one still accepted; rewrap-keys; then the new one alone opens all.
    const before = await fleetKeys(bo.pool, bo.vault);
    const newKek = randomBytes(32);
    const both = new KeyVault(newKek, [bo.kek]);
    expect(await sealKeysAtRest(bo.pool, both, { rewrap: true })).toBeGreaterThanOrEqual(3);
    const after = new KeyVault(newKek);
    expect(await fleetKeys(bo.pool, after)).toEqual(before);
    await signingKey(bo.pool, 'config', after);
    await expect(fleetKeys(bo.pool, bo.vault)).rejects.toBeInstanceOf(KeyVaultError);
  });

  it('takes the KEK from a file outside the database or the environment, and refuses to start without one', () => {
    expect(() => keyVaultFromEnv({})).toThrow(/BACKOFFICE_KEK_FILE/);
    expect(() => keyVaultFromEnv({ BACKOFFICE_KEK: 'c2hvcnQ=' })).toThrow(/32 random bytes/);
    expect(() => keyVaultFromEnv({ BACKOFFICE_KEK_FILE: '/nonexistent/kek' })).toThrow(/cannot read/);
    const kek = randomBytes(32);
    const vault = keyVaultFromEnv({ BACKOFFICE_KEK: kek.toString('base64') });
    expect(new KeyVault(kek).open(vault.seal(Buffer.from('x'), 'c'), 'c').toString()).toBe('x');
  });
});
