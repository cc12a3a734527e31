import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysCommand } from '../../../../main/cli/commands/keys';
import type { CliIo } from '../../../../main/cli/types';
import { signResultToken, verifyResultToken } from '../../../../main/verify/delivery/result-token';
import { loadSigningKey } from '../../../../main/verify/delivery/signing-key';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-keys-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe('hexin keys', () => {
  it('export fails before init, then exports a JWKS that verifies tokens signed by the kiosk key', async () => {
    const before = capture();
    await expect(keysCommand.run(['export', '--data-dir', dir], before)).rejects.toMatchObject({
      code: 'SIGNING_KEY_INVALID',
    });

    const init = capture();
    expect(await keysCommand.run(['init', '--data-dir', dir, '--json'], init)).toBe(0);
    const { keyFile, kid } = JSON.parse(init.out.join('')) as { keyFile: string; kid: string };
    expect(keyFile).toBe(path.join(dir, 'keys', 'result-signing.pem'));

    const exp = capture();
    expect(await keysCommand.run(['export', '--data-dir', dir, '--json'], exp)).toBe(0);
    const jwks = JSON.parse(exp.out.join('')) as {
      keys: [{ kid: string; kty: 'OKP'; crv: string; x: string }];
    };
    expect(jwks.keys[0].kid).toBe(kid);
    expect(JSON.stringify(jwks)).not.toContain('"d"');

    const key = await loadSigningKey(keyFile);
    const token = await signResultToken(
      key,
      {
        kioskId: 'k1',
        thirdPartyId: 'tp',
        sessionId: 's',
        decision: 'fail',
        livenessMode: 'passive',
        matchPolicy: 'local',
        purpose: 'p',
        verifiedAt: new Date(),
        idNumber: '110105194912310029',
      },
      { idHashKey: Buffer.alloc(32, 7), ttlSeconds: 60, includeScores: false },
    );
    const claims = await verifyResultToken(token, jwks.keys[0], { audience: 'tp' });
    expect(claims.decision).toBe('fail');

    const pem = capture();
    expect(await keysCommand.run(['export', '--data-dir', dir, '--format', 'pem'], pem)).toBe(0);
    expect(pem.out.join('')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('rejects an unknown action or format', async () => {
    expect(await keysCommand.run(['rotate'], capture())).toBe(2);
    await keysCommand.run(['init', '--data-dir', dir], capture());
    await expect(
      keysCommand.run(['export', '--data-dir', dir, '--format', 'xml'], capture()),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('hexin keys api-token', () => {
  it('creates the API token once (0600) and prints the same one again', async () => {
    const a = capture();
    expect(await keysCommand.run(['api-token', '--data-dir', dir, '--json'], a)).toBe(0);
    const { tokenFile, token } = JSON.parse(a.out.join('')) as { tokenFile: string; token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await fs.stat(tokenFile)).mode & 0o777).toBe(0o600);
    const b = capture();
    await keysCommand.run(['api-token', '--data-dir', dir], b);
    expect(b.out.join('').trim()).toBe(token);
  });
});
