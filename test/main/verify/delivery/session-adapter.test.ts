import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryConfigSchema } from '../../../../main/verify/delivery/config';
import { ResultIssuer, type IssuedResult } from '../../../../main/verify/delivery/issuer';
import { ResultOutbox } from '../../../../main/verify/delivery/outbox';
import { verifyResultToken } from '../../../../main/verify/delivery/result-token';
import { ResultDeliveryAdapter } from '../../../../main/verify/delivery/session-adapter';
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

async function adapterWith(includeScores: boolean, authorised: Record<string, string>) {
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
    thirdPartyFor: (sessionId) => authorised[sessionId],
    livenessMode: 'active:3',
    matchPolicy: 'both',
    onIssued: (_sid, r) => issued.push(r),
  });
  return { adapter, outbox, issued };
}

const input = {
  sessionId: 's1',
  purpose: 'open-account',
  decision: 'pass' as const,
  idNumber: '110105194912310029',
  score: 0.71,
  threshold: 0.45,
};

describe('ResultDeliveryAdapter (session port)', () => {
  it('signs for the third party authorised in the session and queues it; scores only when enabled', async () => {
    const plain = await adapterWith(false, { s1: 'bank-accounts' });
    await plain.adapter.deliver(input);
    const [entry] = await plain.outbox.list();
    expect(entry?.thirdPartyId).toBe('bank-accounts');
    const claims = await verifyResultToken(entry?.token ?? '', key.publicKey, { audience: 'bank-accounts' });
    expect(claims).toMatchObject({ sid: 's1', liveness: 'active:3', policy: 'both', decision: 'pass' });
    expect(claims.scores).toBeUndefined();
    expect(plain.issued[0]?.token).toBe(entry?.token);

    const scored = await adapterWith(true, { s1: 'bank-accounts' });
    await scored.adapter.deliver(input);
    const [e2] = await scored.outbox.list();
    expect(
      (await verifyResultToken(e2?.token ?? '', key.publicKey, { audience: 'bank-accounts' })).scores,
    ).toEqual({
      local: 0.71,
    });
  });

  it('refuses to deliver when no third party was authorised in the session', async () => {
    const none = await adapterWith(false, {});
    await expect(none.adapter.deliver(input)).rejects.toMatchObject({ code: 'THIRD_PARTY_UNKNOWN' });
    expect(await none.outbox.list()).toEqual([]);
  });
});
