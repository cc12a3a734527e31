// The session under each match policy (config authority.policy, decided by main/verify/authority decideMatch) and
// every authority reply, and the signed result for the business app's third party: pass and fail alike, to that
// party only. The authority and delivery ports here record what the session asks of them; the same paths over
// real loopback servers are in test/main/api/session-starter.test.ts.
import { describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import type { ResultView } from '../../../common/session';
import type {
  AuthorityCheck,
  AuthorityResult,
  DeliveryInput,
  ResultDelivery,
  SessionPorts,
} from '../../../main/session/ports';
import {
  agree,
  at,
  shownResult,
  type ShownResult,
  feedFrames,
  frame,
  makeCard,
  makeHarness,
  toCapture,
  unitVector,
  type Harness,
} from './harness';

type Policy = 'local' | 'authority' | 'both';
type Reply = AuthorityResult['status'] | 'throws';

class ScriptedAuthority implements AuthorityCheck {
  calls = 0;
  framesSeen: Uint8Array[] = [];
  hang = false;
  private held: ((r: AuthorityResult) => void)[] = [];
  constructor(public reply: Reply = 'match') {}
  async check(input: { face: { data: Uint8Array } }): Promise<AuthorityResult> {
    this.calls += 1;
    this.framesSeen.push(input.face.data);
    if (this.hang) return new Promise<AuthorityResult>((resolve) => this.held.push(resolve));
    if (this.reply === 'throws') throw new HexinError('AUTHORITY_TIMEOUT', 'no answer in time');
    return this.reply === 'match' ? { status: 'match', score: 91 } : { status: this.reply };
  }
  /** A late answer to every held check. */
  answerLate(result: AuthorityResult): void {
    for (const resolve of this.held.splice(0)) resolve(result);
  }
}

class RecordingDelivery implements ResultDelivery {
  delivered: DeliveryInput[] = [];
  failWith: Error | null = null;
  async deliver(input: DeliveryInput): Promise<{ token: string }> {
    if (this.failWith) throw this.failWith;
    this.delivered.push(input);
    return { token: `token-${this.delivered.length}` };
  }
}

const PARTY = { id: 'bank-accounts', name: '某某银行开户系统', names: { en: 'Example Bank' } };

function policyConfig(policy: Policy, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    authority: {
      policy,
      ...(policy === 'local' ? {} : { provider: { endpoint: 'https://authority.invalid' } }),
    },
  };
}

async function harness(
  policy: Policy,
  ports: Partial<SessionPorts>,
  extra: Record<string, unknown> = {},
): Promise<Harness> {
  return makeHarness(policyConfig(policy, extra), ports);
}

/** start (as the business-app API does, naming the third party) → agree → card → confirm. */
async function toCaptureFor(h: Harness, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  await toCapture(h, makeCard(), { purpose: 'open-account', language }, { thirdParty: PARTY });
}

function result(h: Harness): ShownResult | null {
  return shownResult(h.orchestrator.view());
}
type Next = ShownResult['next'];

describe('match policy × authority reply', () => {
  // [policy, local face matches, authority reply, expected reason, next step, authority asked]
  const rows: [Policy, boolean, Reply, ResultView['reason'], Next, boolean][] = [
    ['local', true, 'mismatch', 'MATCHED', 'done', false],
    ['local', false, 'match', 'NOT_MATCHED', 'retry', false],
    ['authority', true, 'match', 'MATCHED', 'done', true],
    ['authority', false, 'match', 'MATCHED', 'done', true],
    ['authority', true, 'mismatch', 'AUTHORITY_MISMATCH', 'retry', true],
    ['authority', true, 'no_photo', 'AUTHORITY_NO_PHOTO', 'staff-counter', true],
    ['authority', true, 'unavailable', 'AUTHORITY_UNAVAILABLE', 'staff-counter', true],
    ['authority', true, 'throws', 'AUTHORITY_UNAVAILABLE', 'staff-counter', true],
    ['both', true, 'match', 'MATCHED', 'done', true],
    ['both', false, 'match', 'NOT_MATCHED', 'retry', false],
    ['both', true, 'mismatch', 'AUTHORITY_MISMATCH', 'retry', true],
    ['both', true, 'no_photo', 'AUTHORITY_NO_PHOTO', 'staff-counter', true],
    ['both', true, 'unavailable', 'AUTHORITY_UNAVAILABLE', 'staff-counter', true],
    ['both', true, 'throws', 'AUTHORITY_UNAVAILABLE', 'staff-counter', true],
    ['both', false, 'unavailable', 'NOT_MATCHED', 'retry', false],
  ];
  it.each(rows)(
    '%s, local match %s, authority %s → %s (%s)',
    async (policy, local, reply, reason, next, asked) => {
      const authority = new ScriptedAuthority(reply);
      const h = await harness(policy, { authority });
      if (!local) h.faces.live = unitVector(99);
      await toCapture(h);
      await feedFrames(h);
      expect(result(h)).toMatchObject({ outcome: reason === 'MATCHED' ? 'pass' : 'fail', reason, next });
      expect(authority.calls).toBe(asked ? 1 : 0);
      // The frame sent to the authority is zeroed once it answered.
      for (const f of authority.framesSeen) expect(f.every((b) => b === 0)).toBe(true);
      const decided = h.audit.all().find((e) => e.type === 'match.decided');
      expect(decided?.data).toMatchObject({ policy, reason });
      // An outage is not the person's failure: it never counts toward the card lock-out.
      if (reason === 'AUTHORITY_UNAVAILABLE')
        expect(h.audit.all().some((e) => e.type === 'attempt.failed')).toBe(false);
    },
  );

  it('under local policy keeps no frame for an authority, even when one is wired', async () => {
    const authority = new ScriptedAuthority('match');
    const h = await harness('local', { authority });
    await toCapture(h);
    h.orchestrator.submitFrame({
      width: 32,
      height: 24,
      channels: 4,
      data: new Uint8Array(32 * 24 * 4),
      timestampMs: 1,
    });
    await h.orchestrator.settled();
    expect(h.orchestrator.personalDataHeld().bestFrame).toBe(false);
  });

  it('fails closed when the policy needs the authority and none is wired', async () => {
    const h = await harness('both', {});
    await toCapture(h);
    await feedFrames(h);
    expect(result(h)).toEqual({ outcome: 'fail', reason: 'AUTHORITY_UNAVAILABLE', next: 'staff-counter' });
  });

  it('an authority that never answers within the match step is unavailable, never a pass', async () => {
    const authority = new ScriptedAuthority('match');
    authority.hang = true;
    const delivery = new RecordingDelivery();
    const h = await harness('authority', { authority, delivery });
    await toCaptureFor(h);
    // Not feedFrames: settled() would wait for the check that never answers.
    const tick = () => new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 20 && h.orchestrator.view().step !== 'match'; i++) {
      h.clock.advance(100);
      h.orchestrator.submitFrame(frame(1000 + i * 100));
      await tick();
    }
    expect(h.orchestrator.view().step).toBe('match');
    expect(authority.calls).toBe(1);
    h.clock.advance(20_000);
    await tick();
    expect(result(h)).toEqual({ outcome: 'fail', reason: 'AUTHORITY_UNAVAILABLE', next: 'staff-counter' });
    // A 'match' arriving after that changes nothing.
    authority.answerLate({ status: 'match' });
    await h.orchestrator.settled();
    expect(result(h)).toMatchObject({ reason: 'AUTHORITY_UNAVAILABLE' });
    expect(delivery.delivered.map((d) => [d.decision, d.reason])).toEqual([
      ['fail', 'AUTHORITY_UNAVAILABLE'],
    ]);
    expect(h.orchestrator.personalDataHeld()).toMatchObject({ card: false, bestFrame: false });
  });
});

describe('signed result for the third party the business app named', () => {
  it('names the party at consent (in the agreement text too) and records it on the receipt', async () => {
    const h = await harness('local', { delivery: new RecordingDelivery() });
    await h.orchestrator.start({ purpose: 'open-account' }, { thirdParty: PARTY });
    const view = at(h.orchestrator.view(), 'consent');
    expect(view.recipient).toEqual({ id: 'bank-accounts', name: '某某银行开户系统' });
    expect(JSON.stringify(view.agreement?.blocks)).toContain('某某银行开户系统');
    await agree(h);
    expect(h.receipts[0]?.thirdParty).toEqual({ id: 'bank-accounts', name: '某某银行开户系统' });
  });

  it('shows the party by its name in the session language', async () => {
    const h = await harness('local', {});
    await h.orchestrator.start({ purpose: 'open-account', language: 'en' }, { thirdParty: PARTY });
    expect(at(h.orchestrator.view(), 'consent').recipient).toEqual({
      id: 'bank-accounts',
      name: 'Example Bank',
    });
  });

  it('the screen cannot name a party: the renderer command refuses one, and a bad one is refused', async () => {
    const h = await harness('local', {});
    expect(await h.call('startSession', { thirdParty: PARTY })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    await expect(h.orchestrator.start({}, { thirdParty: { id: 'Bad Id', name: 'x' } })).rejects.toMatchObject(
      {
        code: 'THIRD_PARTY_UNKNOWN',
      },
    );
    await expect(h.orchestrator.start({}, { thirdParty: PARTY })).rejects.toMatchObject({
      code: 'SESSION_BAD_COMMAND',
    });
    await h.orchestrator.start({});
    expect(at(h.orchestrator.view(), 'consent').recipient).toBeNull();
  });

  it('signs a pass for that party with the policy and reason, before the session ends', async () => {
    const delivery = new RecordingDelivery();
    const h = await harness('both', { authority: new ScriptedAuthority('match'), delivery });
    const sessionId = (await h.orchestrator.start({ purpose: 'open-account' }, { thirdParty: PARTY }))
      .sessionId;
    await agree(h);
    h.cards.insert(makeCard());
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    expect(result(h)).toMatchObject({ outcome: 'pass' });
    expect(delivery.delivered).toEqual([
      expect.objectContaining({
        sessionId,
        thirdPartyId: 'bank-accounts',
        purpose: 'open-account',
        decision: 'pass',
        reason: 'MATCHED',
        matchPolicy: 'both',
        idNumber: makeCard().idNumber,
        authorityScore: 91,
      }),
    ]);
    expect(h.audit.all().map((e) => e.type)).toContain('result.issued');
  });

  it('signs the final fail, not the attempts that still had a retry', async () => {
    const delivery = new RecordingDelivery();
    const h = await harness('local', { delivery }, { session: { maxRetries: 1 } });
    h.faces.live = unitVector(99);
    await toCaptureFor(h);
    await feedFrames(h);
    expect(result(h)).toMatchObject({ next: 'retry' });
    expect(delivery.delivered).toEqual([]);
    h.orchestrator.retry({});
    await feedFrames(h, 20, 10_000);
    expect(result(h)).toMatchObject({ outcome: 'fail', reason: 'NOT_MATCHED', next: 'staff-counter' });
    expect(delivery.delivered.map((d) => [d.decision, d.reason, d.thirdPartyId])).toEqual([
      ['fail', 'NOT_MATCHED', 'bank-accounts'],
    ]);
  });

  it('signs a fail when the card is locked out after failed attempts', async () => {
    const delivery = new RecordingDelivery();
    const h = await harness('local', { delivery }, { lockout: { maxFailures: 1 } });
    h.faces.live = unitVector(99);
    await toCaptureFor(h);
    await feedFrames(h);
    expect(h.orchestrator.view().step).toBe('locked');
    expect(delivery.delivered.map((d) => [d.decision, d.reason])).toEqual([['fail', 'LOCKED']]);
  });

  it('sends nothing for a session started at the screen, or one that was cancelled', async () => {
    const delivery = new RecordingDelivery();
    const h = await harness('local', { delivery });
    await toCapture(h);
    await feedFrames(h);
    expect(result(h)).toMatchObject({ outcome: 'pass' });
    h.orchestrator.reset();
    await toCaptureFor(h);
    h.orchestrator.cancel({ reason: 'user' });
    await h.orchestrator.settled();
    expect(delivery.delivered).toEqual([]);
  });

  it('a pass that cannot be signed becomes DELIVERY_FAILED; a fail stays the fail it was', async () => {
    const delivery = new RecordingDelivery();
    delivery.failWith = new HexinError('THIRD_PARTY_UNKNOWN', 'gone from the config');
    const h = await harness('local', { delivery });
    await toCaptureFor(h);
    await feedFrames(h);
    expect(result(h)).toEqual({ outcome: 'fail', reason: 'DELIVERY_FAILED', next: 'staff-counter' });

    const h2 = await harness('authority', { delivery, authority: new ScriptedAuthority('no_photo') });
    await toCaptureFor(h2);
    await feedFrames(h2);
    expect(result(h2)).toMatchObject({ reason: 'AUTHORITY_NO_PHOTO' });
    expect(h2.orchestrator.personalDataHeld()).toMatchObject({ card: false, probes: 0 });
  });
});
