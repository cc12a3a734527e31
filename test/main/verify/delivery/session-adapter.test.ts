import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryConfigSchema } from '../../../../main/verify/delivery/config';
import { ResultIssuer, type IssuedResult } from '../../../../main/verify/delivery/issuer';
import { ResultOutbox } from '../../../../main/verify/delivery/outbox';
import { verifyResultToken } from '../../../../main/verify/delivery/result-token';
import { ResultDeliveryAdapter } from '../../../../main/verify/delivery/session-adapter';
import type { DeliveryInput } from '../../../../main/session/ports';
import { loadOrCreateSigningKey, type SigningKey } from '../../../../main/verify/delivery/signing-key';

let dir: string;
let key: SigningKey;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-deliv-adapter-'));
  key = await loadOrCreateSigningKey(path.join(dir, 'k.pem'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function adapterWith(includeScores: boolean, simulated = false) {
  const config = deliveryConfigSchema.parse({
    includeScores,
    thirdParties: [
      {
        id: 'bank-accounts',
        name: 'a',
        callbackUrl: 'https://127.0.0.1:9/',
        idHashKey: Buffer.alloc(16, 2).toString('base64'),
      },
    ],
  });
  const outbox = await ResultOutbox.open(path.join(dir, `outbox-${includeScores}`));
  const issued: IssuedResult[] = [];
  const adapter = new ResultDeliveryAdapter({
    issuer: new ResultIssuer({ key, kioskId: 'kiosk-x', config, outbox }),
    livenessMode: 'active:3',
    simulated,
  });
  // What deliver() resolves with is what the session tells the business app with its end.
  const deliver = async (input: DeliveryInput, signal?: AbortSignal) =>
    void issued.push(await adapter.deliver(input, signal));
  return { adapter: { deliver }, outbox, issued };
}

const input: DeliveryInput = {
  sessionId: 's1',
  thirdPartyId: 'bank-accounts',
  purpose: 'open-account',
  decision: 'pass',
  reason: 'MATCHED',
  matchPolicy: 'both',
  idNumber: '110105194912310029',
  score: 0.71,
  threshold: 0.45,
};

describe('ResultDeliveryAdapter (session port)', () => {
  it('marks every result signed in simulator mode with sim: true, pass and fail alike', async () => {
    const demo = await adapterWith(false, true);
    await demo.adapter.deliver(input);
    await demo.adapter.deliver({ ...input, sessionId: 's2', decision: 'fail', reason: 'NOT_MATCHED' });
    const entries = await demo.outbox.list();
    expect(entries).toHaveLength(2);
    for (const e of entries)
      expect((await verifyResultToken(e.token, key.publicKey, { audience: 'bank-accounts' })).sim).toBe(true);
  });

  it('signs for the third party authorised in the session and queues it; scores only when enabled', async () => {
    const plain = await adapterWith(false);
    await plain.adapter.deliver(input);
    const [entry] = await plain.outbox.list();
    expect(entry?.thirdPartyId).toBe('bank-accounts');
    const claims = await verifyResultToken(entry?.token ?? '', key.publicKey, { audience: 'bank-accounts' });
    expect(claims).toMatchObject({
      sid: 's1',
      liveness: 'active:3',
      policy: 'both',
      decision: 'pass',
      reason: 'MATCHED',
    });
    expect(claims.scores).toBeUndefined();
    expect(claims.sim).toBeUndefined();
    expect(plain.issued[0]?.token).toBe(entry?.token);

    const scored = await adapterWith(true);
    await scored.adapter.deliver({ ...input, authorityScore: 92 });
    const [e2] = await scored.outbox.list();
    expect(
      (await verifyResultToken(e2?.token ?? '', key.publicKey, { audience: 'bank-accounts' })).scores,
    ).toEqual({ local: 0.71, authority: 92 });
  });

  it('signs a fail with its reason and the policy the session enforced', async () => {
    const { adapter, outbox } = await adapterWith(false);
    await adapter.deliver({
      ...input,
      decision: 'fail',
      reason: 'AUTHORITY_UNAVAILABLE',
      matchPolicy: 'authority',
      score: null,
      threshold: null,
    });
    const [entry] = await outbox.list();
    expect(
      await verifyResultToken(entry?.token ?? '', key.publicKey, { audience: 'bank-accounts' }),
    ).toMatchObject({ decision: 'fail', reason: 'AUTHORITY_UNAVAILABLE', policy: 'authority' });
  });

  it('sends to no party but the configured one named for the session', async () => {
    const { adapter, outbox } = await adapterWith(false);
    await expect(adapter.deliver({ ...input, thirdPartyId: 'elsewhere' })).rejects.toMatchObject({
      code: 'THIRD_PARTY_UNKNOWN',
    });
    expect(await outbox.list()).toEqual([]);
  });

  it('refuses to deliver when no third party was authorised in the session', async () => {
    const none = await adapterWith(false);
    await expect(none.adapter.deliver({ ...input, thirdPartyId: '' })).rejects.toMatchObject({
      code: 'THIRD_PARTY_UNKNOWN',
    });
    expect(await none.outbox.list()).toEqual([]);
  });

  it('issues nothing once the session aborted the delivery: before signing, while signing, once queued', async () => {
    const { adapter, outbox, issued } = await adapterWith(false);
    const before = new AbortController();
    before.abort();
    await expect(adapter.deliver(input, before.signal)).rejects.toMatchObject({ name: 'AbortError' });
    const signing = new AbortController();
    const whileSigning = adapter.deliver(input, signing.signal);
    signing.abort(); // the token is being signed (asynchronously) now
    await expect(whileSigning).rejects.toMatchObject({ name: 'AbortError' });
    // Aborted just after the entry reached the outbox, before the issuer handed the token back: withdrawn.
    const queued = new AbortController();
    const enqueue = outbox.enqueue.bind(outbox);
    outbox.enqueue = async (...args) => {
      const entry = await enqueue(...args);
      queued.abort();
      return entry;
    };
    await expect(adapter.deliver(input, queued.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(issued).toEqual([]);
    expect(await outbox.list()).toEqual([]);
  });
});
