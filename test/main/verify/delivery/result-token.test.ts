import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HexinError } from '../../../../common/errors';
import {
  idNumberHash,
  signResultToken,
  verifyResultToken,
  type ResultFacts,
} from '../../../../main/verify/delivery/result-token';
import {
  loadOrCreateSigningKey,
  loadSigningKey,
  publicJwk,
  publicPem,
} from '../../../../main/verify/delivery/signing-key';
import { createPublicKey } from 'node:crypto';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-token-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const hashKey = Buffer.from('a-key-shared-with-the-third-party-0123', 'utf8');
const facts: ResultFacts = {
  kioskId: 'kiosk-sh-001',
  thirdPartyId: 'bank-accounts',
  sessionId: 'sess-42',
  decision: 'pass',
  livenessMode: 'active:blink,turn-left',
  matchPolicy: 'both',
  purpose: 'open-account',
  verifiedAt: new Date('2026-11-23T10:00:00Z'),
  idNumber: '11010519491231002x',
  scores: { local: 0.83, authority: 91 },
};

async function errorOf(p: Promise<unknown>): Promise<HexinError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HexinError);
  return e as HexinError;
}

describe('signing key', () => {
  it('is created once with mode 0600 and loaded again with the same kid', async () => {
    const file = path.join(dir, 'keys', 'signing.pem');
    const a = await loadOrCreateSigningKey(file);
    const b = await loadOrCreateSigningKey(file);
    expect(b.kid).toBe(a.kid);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(publicJwk(a)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: a.kid, alg: 'EdDSA' });
    expect(createPublicKey(publicPem(a)).equals(a.publicKey)).toBe(true);
  });

  it('refuses a key file others can read, and a file that is not a key', async () => {
    const file = path.join(dir, 'signing.pem');
    await loadOrCreateSigningKey(file);
    await fs.chmod(file, 0o644);
    expect((await errorOf(loadSigningKey(file))).code).toBe('SIGNING_KEY_PERMISSIONS');
    const junk = path.join(dir, 'junk.pem');
    await fs.writeFile(junk, 'not a key', { mode: 0o600 });
    expect((await errorOf(loadSigningKey(junk))).code).toBe('SIGNING_KEY_INVALID');
  });
});

describe('result token', () => {
  it('verifies with the exported public JWK and carries the decision, not the ID number', async () => {
    const key = await loadOrCreateSigningKey(path.join(dir, 'k.pem'));
    const token = await signResultToken(key, facts, {
      idHashKey: hashKey,
      ttlSeconds: 120,
      includeScores: false,
    });
    const claims = await verifyResultToken(token, publicJwk(key), {
      audience: 'bank-accounts',
      issuer: 'kiosk-sh-001',
    });
    expect(claims).toMatchObject({
      decision: 'pass',
      sid: 'sess-42',
      policy: 'both',
      purpose: 'open-account',
    });
    expect(claims.exp - claims.iat).toBe(120);
    expect(claims.idh).toBe(idNumberHash(hashKey, '11010519491231002X'));
    expect(claims.scores).toBeUndefined();
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
    expect(payload).not.toContain('110105');
  });

  it('includes scores only when the deployment enables them, and nonces differ per token', async () => {
    const key = await loadOrCreateSigningKey(path.join(dir, 'k.pem'));
    const opts = { idHashKey: hashKey, ttlSeconds: 60, includeScores: true };
    const t1 = await signResultToken(key, facts, opts);
    const t2 = await signResultToken(key, facts, opts);
    const c1 = await verifyResultToken(t1, key.publicKey, { audience: 'bank-accounts' });
    const c2 = await verifyResultToken(t2, key.publicKey, { audience: 'bank-accounts' });
    expect(c1.scores).toEqual({ local: 0.83, authority: 91 });
    expect(c1.jti).not.toBe(c2.jti);
  });

  it('fails when tampered, for another audience, with another key, or expired', async () => {
    const key = await loadOrCreateSigningKey(path.join(dir, 'k.pem'));
    const other = await loadOrCreateSigningKey(path.join(dir, 'other.pem'));
    const token = await signResultToken(key, facts, {
      idHashKey: hashKey,
      ttlSeconds: 60,
      includeScores: false,
    });
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = Buffer.from(p, 'base64url').toString('utf8').replace('"pass"', '"fail"');
    const tampered = `${h}.${Buffer.from(forged).toString('base64url')}.${s}`;
    const jwk = publicJwk(key);
    expect((await errorOf(verifyResultToken(tampered, jwk, { audience: 'bank-accounts' }))).code).toBe(
      'RESULT_TOKEN_INVALID',
    );
    expect((await errorOf(verifyResultToken(token, jwk, { audience: 'someone-else' }))).code).toBe(
      'RESULT_TOKEN_INVALID',
    );
    expect(
      (await errorOf(verifyResultToken(token, publicJwk(other), { audience: 'bank-accounts' }))).code,
    ).toBe('RESULT_TOKEN_INVALID');
    const later = new Date(Date.now() + 61_000);
    expect(
      (await errorOf(verifyResultToken(token, jwk, { audience: 'bank-accounts', currentDate: later }))).code,
    ).toBe('RESULT_TOKEN_EXPIRED');
  });
});
