import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuthoritySim } from '../../../../main/cli/commands/authority-sim';
import { authorityProviderSchema } from '../../../../main/verify/authority/config';
import { HttpsAuthorityClient } from '../../../../main/verify/authority/https-client';
import { makeTestPki, type TestPki } from './test-pki';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(async () => {
  await pki.remove();
});

async function waitFor(out: string[]): Promise<{ url: string; mutualTls: boolean }> {
  for (let i = 0; i < 500 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return JSON.parse(out.join('')) as { url: string; mutualTls: boolean };
}

describe('hexin authority-sim', () => {
  it('serves mutual TLS from the given files until stopped, answering by identity', async () => {
    const out: string[] = [];
    const log: string[] = [];
    const stop = new AbortController();
    const args = ['--port', '0', '--json', '--cert', path.join(pki.dir, 'server.crt')];
    args.push('--key', path.join(pki.dir, 'server.key'), '--ca', pki.files.caCert);
    const running = runAuthoritySim(
      args,
      { stdout: (t) => out.push(t), stderr: (t) => log.push(t) },
      stop.signal,
    );
    const { url, mutualTls } = await waitFor(out);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(mutualTls).toBe(true);

    const client = new HttpsAuthorityClient({
      provider: authorityProviderSchema.parse({ endpoint: url }),
      tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
      kioskId: 'k',
    });
    const face = {
      bytes: await fs.readFile(path.resolve('../shared/faces/barack_obama/1.jpg')),
      format: 'jpeg' as const,
    };
    const verdict = await client.verify({ idNumber: '11010519491231900X', name: '张三' }, face);
    expect(verdict.result).toBe('no_match');
    client.close();
    expect(log.join('')).toContain('no_match (client cert)');

    stop.abort();
    expect(await running).toBe(0);
  });

  it('rejects inconsistent options', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined };
    const signal = AbortSignal.abort();
    await expect(runAuthoritySim(['--ca', 'x.pem'], io, signal)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(runAuthoritySim(['--port', '99999'], io, signal)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
