// Manual card entry (staff type the name and ID number when the reader cannot read the card): checked like a
// chip's number, marked 'manual' on screen and in the audit log, refused without an authority source, and matched
// against the authority's photo only — whatever the configured policy, since there is no chip photo.
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';
import type { AuthorityCheck, AuthorityResult } from '../../../main/session/ports';
import { silentLogger } from '../../../main/util/log';
import { manualSessionCard } from '../../../main/session/adapters/manual-card';
import { agree, at, shownResult, feedFrames, makeHarness, unitVector, type Harness } from './harness';

class ScriptedAuthority implements AuthorityCheck {
  calls: { idNumber: string; name: string }[] = [];
  constructor(public reply: AuthorityResult['status'] = 'match') {}
  async check(input: { idNumber: string; name: string }): Promise<AuthorityResult> {
    this.calls.push({ idNumber: input.idNumber, name: input.name });
    return { status: this.reply };
  }
}

const ID = '110101198008120036';

async function atCardStep(h: Harness): Promise<void> {
  await h.orchestrator.start({});
  await agree(h);
  expect(h.orchestrator.view().step).toBe('card');
}

describe('manual card entry', () => {
  it('builds a masked, manual card from valid input and names what is wrong otherwise', () => {
    const card = manualSessionCard(' 张 三 ', '110101 19800812 0036');
    expect(card).toMatchObject({
      idNumber: ID,
      name: '张三',
      birthDate: '1980-08-12',
      photo: null,
      source: 'manual',
      summary: { maskedNumber: '1101**********0036', cardType: 'manual' },
    });
    expect(() => manualSessionCard('张三', '110101198008120035')).toThrow(
      expect.objectContaining({ code: 'ID_NUMBER_INVALID' }),
    );
    expect(() => manualSessionCard('<script>', ID)).toThrow(
      expect.objectContaining({ code: 'MANUAL_NAME_INVALID' }),
    );
  });

  it('is refused without an authority source, and the session keeps waiting for a card', async () => {
    const h = await makeHarness({});
    await atCardStep(h);
    expect(() => h.orchestrator.enterCardManually(manualSessionCard('张三', ID))).toThrow(
      expect.objectContaining({ code: 'MANUAL_ENTRY_NEEDS_AUTHORITY' }),
    );
    expect(h.orchestrator.view()).toMatchObject({ step: 'card', card: { summary: null } });
    expect(h.orchestrator.personalDataHeld()).toMatchObject({ card: false });
  });

  it('is refused outside the card step or once a card was read', async () => {
    const authority = new ScriptedAuthority();
    const h = await makeHarness({}, { authority });
    expect(() => h.orchestrator.enterCardManually(manualSessionCard('张三', ID))).toThrow(
      expect.objectContaining({ code: 'SESSION_NOT_ACTIVE' }),
    );
    await atCardStep(h);
    h.orchestrator.enterCardManually(manualSessionCard('张三', ID));
    expect(() => h.orchestrator.enterCardManually(manualSessionCard('李四', '110105197603040015'))).toThrow(
      expect.objectContaining({ code: 'SESSION_WRONG_STEP' }),
    );
  });

  it.each([
    ['match', 'pass', 'MATCHED'],
    ['mismatch', 'fail', 'AUTHORITY_MISMATCH'],
    ['no_photo', 'fail', 'AUTHORITY_NO_PHOTO'],
  ] as const)(
    'under the local policy still asks the authority only: %s → %s',
    async (reply, outcome, reason) => {
      const authority = new ScriptedAuthority(reply);
      const h = await makeHarness({ authority: { policy: 'local' } }, { authority });
      // The live face would not match any chip photo: there is none, so it must not matter.
      h.faces.live = unitVector(99);
      await atCardStep(h);
      const view = h.orchestrator.enterCardManually(manualSessionCard('张三', ID));
      expect(at(view, 'card').card.summary).toMatchObject({
        cardType: 'manual',
        maskedNumber: '1101**********0036',
      });
      expect(JSON.stringify(view)).not.toContain(ID);
      h.orchestrator.confirmCard({ confirmed: true });
      await feedFrames(h);
      expect(shownResult(h.orchestrator.view())).toMatchObject({ outcome, reason });
      expect(authority.calls).toEqual([{ idNumber: ID, name: '张三' }]);
      const events = h.audit.all();
      expect(events.find((e) => e.type === 'card.read')?.data).toEqual({ cardType: 'manual' });
      expect(events.find((e) => e.type === 'match.decided')?.data).toMatchObject({
        policy: 'authority',
        manual: true,
        score: null,
        reason,
      });
      expect(JSON.stringify(events)).not.toContain(ID);
      if (outcome === 'pass')
        expect(h.orchestrator.personalDataHeld()).toMatchObject({ card: false, bestFrame: false });
    },
  );

  it('through the dispatcher: refused while staff mode is locked, arguments checked, then entered', async () => {
    const h = await makeHarness({}, { authority: new ScriptedAuthority() });
    await atCardStep(h);
    let unlocked = false;
    // The same handler as main/app.ts, minus the record keeper.
    const handlers = {
      enterCardManually: ({ name, idNumber }: { name: string; idNumber: string }) =>
        h.orchestrator.enterCardManually(manualSessionCard(name, idNumber)),
    } as unknown as Handlers;
    const dispatch = createDispatcher({ handlers, staffUnlocked: () => unlocked, log: silentLogger });
    const call = (args: unknown) => dispatch('enterCardManually', args, { host: 'web' });
    expect(await call({ name: '王建国', idNumber: ID })).toMatchObject({
      ok: false,
      error: { code: 'STAFF_LOCKED' },
    });
    unlocked = true;
    for (const bad of [
      { name: '王建国', idNumber: '110101198008120035' },
      { name: '', idNumber: ID },
      { name: '王'.repeat(61), idNumber: ID },
      { name: '王建国', idNumber: ID, photo: 'x' },
      { name: '王建国' },
    ]) {
      expect(await call(bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    }
    expect(at(h.orchestrator.view(), 'card').card.summary).toBeNull();
    const r = await call({ name: '王建国', idNumber: ID });
    expect(r).toMatchObject({ ok: true, value: { step: 'card', card: { summary: { cardType: 'manual' } } } });
  });
});
