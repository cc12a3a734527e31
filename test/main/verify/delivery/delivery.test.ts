import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HexinError } from '../../../../common/errors';
import { deliveryConfigSchema, type DeliveryConfig } from '../../../../main/verify/delivery/config';
import { ResultDeliverer } from '../../../../main/verify/delivery/deliverer';
import { ResultIssuer } from '../../../../main/verify/delivery/issuer';
import { ResultOutbox } from '../../../../main/verify/delivery/outbox';
import {
  idNumberHash,
  verifyResultToken,
  type ResultFacts,
} from '../../../../main/verify/delivery/result-token';
import {
  loadOrCreateSigningKey,
  publicJwk,
  type SigningKey,
} from '../../../../main/verify/delivery/signing-key';
import { makeTestPki, type TestPki } from '../authority/test-pki';
import { startReceiver, type Receiver } from './receiver';

const run = promisify(execFile);
const HASH_KEY = Buffer.alloc(32, 3).toString('base64');

let pki: TestPki;
let dir: string;
let receiver: Receiver;
let other: Receiver;
let key: SigningKey;
const deliverers: ResultDeliverer[] = [];

beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(async () => {
  await pki.remove();
});
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-delivery-'));
  receiver = await startReceiver({ key: pki.serverKey, cert: pki.serverCert });
  other = await startReceiver({ key: pki.serverKey, cert: pki.serverCert });
  key = await loadOrCreateSigningKey(path.join(dir, 'keys/result-signing.pem'));
});
afterEach(async () => {
  await Promise.all(deliverers.splice(0).map((d) => d.stop()));
  await receiver.close();
  await other.close();
  await fs.rm(dir, { recursive: true, force: true });
});

function configFor(overrides: Record<string, unknown> = {}): DeliveryConfig {
  return deliveryConfigSchema.parse({
    retry: { initialDelayMs: 10, maxDelayMs: 40, maxAttempts: 4 },
    requestTimeoutMs: 2_000,
    thirdParties: [
      {
        id: 'bank-accounts',
        name: '开户',
        callbackUrl: `${receiver.url}/hexin/results`,
        idHashKey: HASH_KEY,
        caFile: pki.files.caCert,
      },
      {
        id: 'insurer',
        name: '保险',
        callbackUrl: `${other.url}/in`,
        idHashKey: HASH_KEY,
        caFile: pki.files.caCert,
      },
    ],
    ...overrides,
  });
}

async function setup(config = configFor()) {
  const outbox = await ResultOutbox.open(path.join(dir, config.outboxDir));
  const deliverer = new ResultDeliverer({ outbox, config, dataDir: dir });
  deliverers.push(deliverer);
  const issuer = new ResultIssuer({ key, kioskId: 'kiosk-test', config, outbox, deliverer });
  return { outbox, deliverer, issuer };
}

const facts: Omit<ResultFacts, 'kioskId'> = {
  thirdPartyId: 'bank-accounts',
  sessionId: 'sess-1',
  decision: 'pass',
  livenessMode: 'active',
  matchPolicy: 'both',
  purpose: 'open-account',
  verifiedAt: new Date(),
  idNumber: '110105194912310029',
};

async function drain(deliverer: ResultDeliverer, outbox: ResultOutbox): Promise<void> {
  for (let i = 0; i < 100 && (await outbox.list()).length > 0; i++) {
    await deliverer.deliverDue();
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('result delivery', () => {
  it('delivers only to the authorised third party, over HTTPS, a token that verifies with the public key', async () => {
    const { outbox, deliverer, issuer } = await setup();
    const issued = await issuer.issue(facts);
    expect(await deliverer.deliverDue()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    const got = receiver.received[0]!;
    expect(got).toMatchObject({
      path: '/hexin/results',
      deliveryId: issued.deliveryId,
      contentType: 'application/jwt',
    });
    const claims = await verifyResultToken(got.token, publicJwk(key), {
      audience: 'bank-accounts',
      issuer: 'kiosk-test',
    });
    expect(claims.idh).toBe(idNumberHash(Buffer.from(HASH_KEY, 'base64'), facts.idNumber));
    expect(await outbox.list()).toEqual([]);
  });

  it('retries 5xx with backoff until the party accepts, with the same delivery id', async () => {
    const { outbox, issuer } = await setup();
    receiver.status = 503;
    await issuer.issue(facts);
    // The stepped clock starts after the entry was queued (queued entries are due from their creation time).
    let now = Date.now();
    const deliverer = new ResultDeliverer({ outbox, config: configFor(), dataDir: dir, now: () => now });
    deliverers.push(deliverer);
    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    // Not due yet: backoff holds it back without sending.
    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [waiting] = await outbox.list();
    expect(waiting?.nextAttemptAt).toBeGreaterThan(now);
    now += 1_000;
    expect((await deliverer.deliverDue()).retrying).toBe(1);
    receiver.status = 200;
    now += 1_000;
    expect((await deliverer.deliverDue()).delivered).toBe(1);
    expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(1);
    expect(receiver.received.map((r) => r.attempt)).toEqual(['1', '2', '3']);
    expect(await outbox.list()).toEqual([]);
  });

  it('gives up on a refusal, after maxAttempts, and on expired tokens — keeping them aside in failed/', async () => {
    const { outbox, deliverer, issuer } = await setup();
    receiver.status = 403;
    await issuer.issue(facts);
    expect((await deliverer.deliverDue()).failed).toBe(1);
    receiver.status = 500;
    await issuer.issue(facts);
    await drain(deliverer, outbox);
    expect(receiver.received).toHaveLength(1 + 4);
    expect(await outbox.failed()).toHaveLength(2);

    let now = Date.now();
    const late = new ResultDeliverer({ outbox, config: configFor(), dataDir: dir, now: () => now });
    deliverers.push(late);
    await issuer.issue(facts);
    now += 601_000;
    expect((await late.deliverDue()).failed).toBe(1);
    expect(receiver.received).toHaveLength(5);
    expect(await outbox.failed()).toHaveLength(3);
  });

  it('refuses an unknown third party, and plain-http callbacks unless allowed', async () => {
    const { issuer } = await setup();
    const err = await issuer.issue({ ...facts, thirdPartyId: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HexinError);
    expect((err as HexinError).code).toBe('THIRD_PARTY_UNKNOWN');
    const http = { id: 'x', name: 'x', callbackUrl: 'http://127.0.0.1:9/r', idHashKey: HASH_KEY };
    expect(deliveryConfigSchema.safeParse({ thirdParties: [http] }).success).toBe(false);
    expect(deliveryConfigSchema.safeParse({ thirdParties: [http], allowInsecureHttp: true }).success).toBe(
      true,
    );
  });

  it('the background loop delivers as soon as a result is issued', async () => {
    const { outbox, deliverer, issuer } = await setup();
    deliverer.start(60_000);
    await issuer.issue(facts);
    for (let i = 0; i < 200 && receiver.received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(receiver.received).toHaveLength(1);
    await deliverer.stop();
    expect(await outbox.list()).toEqual([]);
  });

  it('moves unreadable outbox files aside and removes interrupted temp files', async () => {
    const { outbox, issuer } = await setup();
    await issuer.issue(facts);
    const pending = path.join(dir, 'outbox/results/pending');
    await fs.writeFile(path.join(pending, '00000000-0000-4000-8000-000000000000.json'), '{"half":');
    await fs.writeFile(path.join(pending, 'x.json.123.tmp'), 'partial');
    const reopened = await ResultOutbox.open(path.join(dir, 'outbox/results'));
    expect(await reopened.list()).toHaveLength(1);
    expect(await outbox.failed()).toEqual(['00000000-0000-4000-8000-000000000000.json.corrupt']);
    expect((await fs.readdir(pending)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('delivery across a kiosk restart', () => {
  it('a result queued by a process that was killed is delivered by the next process', async () => {
    const config = configFor();
    const configFile = path.join(dir, 'delivery.json');
    await fs.writeFile(configFile, JSON.stringify(config));
    const script = path.resolve('test/main/verify/delivery/fixtures/kiosk-process.ts');
    receiver.status = 503;

    const first = await run(process.execPath, [
      '--import',
      'tsx',
      script,
      'issue-then-die',
      dir,
      configFile,
    ]).then(
      () => {
        throw new Error('the first process should have been killed');
      },
      (e: { signal?: string; stdout?: string }) => e,
    );
    expect(first.signal).toBe('SIGKILL');
    const { deliveryId, pass } = JSON.parse(first.stdout ?? '') as {
      deliveryId: string;
      pass: { retrying: number };
    };
    expect(pass.retrying).toBe(1);
    expect(receiver.received.map((r) => r.deliveryId)).toEqual([deliveryId]);

    receiver.status = 202;
    const second = await run(process.execPath, ['--import', 'tsx', script, 'deliver', dir, configFile]);
    expect(JSON.parse(second.stdout)).toEqual({ delivered: 1, left: 0 });
    expect(receiver.received.map((r) => [r.deliveryId, r.attempt])).toEqual([
      [deliveryId, '1'],
      [deliveryId, '2'],
    ]);
    const claims = await verifyResultToken(receiver.received[1]!.token, publicJwk(key), {
      audience: 'bank-accounts',
    });
    expect(claims.sid).toBe('sess-restart');
  });
});
