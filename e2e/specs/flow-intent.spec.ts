// Intent confirmation (意愿确认) end to end: a business app starts the verification for a purpose that asks for a
// read-aloud sentence (business API on loopback, as a real app would), the person goes through consent, card and
// the face check, then reads the sentence into Chromium's fake microphone while the camera watches (the voice bound
// to the face, main/intent/voice-binding.ts).
// - The pass is read by the talking speaker (e2e/talking-speaker.ts): camera and microphone cut from one GRID clip,
//   a real man speaking with his own voice, and a demo card with his photo (reader.simulator.cards). He speaks
//   English, 18 syllables like the sentence; no recogniser is configured (none ships for Mandarin here), so the
//   words are not compared, only that this face spoke, for as long as the sentence takes.
// - Chromium loops the fake camera and the fake microphone independently: they cannot be synchronised, and the
//   binding's deciding rules do not need them to be (measured over every phase of the loop: docs/intent.md).
// - The other cases use the panned still photo and espeak-ng; the config fixes the digits (intent.fixedDigits, tests
//   only; a kiosk picks random digits) so the WAV can exist before Chromium starts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Kiosk } from '../fixtures';
import { TALKING_CARD, talkingSpeakerReader } from '../talking-speaker';
import { auditEvents } from './audit-log';
import { apiConfig, startVerification, type Verification } from './business-app';
import { expectTouchTargets, toIntentStep } from './flow-steps';

const DIGITS = '4012';
const LABEL = '开立个人账户';
const SHOWN = `本人自愿办理${LABEL}，确认码 4 0 1 2。`;
/** The same sentence with the digits as words, the way main/intent/sentence.ts spells it for speech synthesis. */
const SPOKEN = `本人自愿办理${LABEL}，确认码四零一二。`;

/** A WAV for the fake microphone: a second of quiet, then `text` in espeak-ng's Mandarin voice, then quiet. */
function speechWav(dir: string, text: string): string {
  const raw = path.join(dir, 'speech-raw.wav');
  const out = path.join(dir, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'cmn', '-w', raw, text]);
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    raw,
    '-af',
    'adelay=1000:all=1,apad=pad_dur=6',
    out,
  ]);
  return out;
}

function silentWav(dir: string): string {
  const out = path.join(dir, 'silence.wav');
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono'],
    ...['-t', '12', '-c:a', 'pcm_s16le', out],
  ]);
  return out;
}

const START = { purpose: 'open-account', thirdPartyId: 'bank-accounts', language: 'zh-CN' };

/** The kiosk config of every test here; each test gets its own API port. */
async function intentConfig(): Promise<Record<string, unknown>> {
  return {
    // Active challenges need a moving person; the still photo's fake camera is a panned still photo.
    liveness: { active: false },
    intent: {
      enabled: true,
      fixedDigits: DIGITS,
      attempts: 2,
      purposes: {
        'open-account': { mode: 'read-aloud', label: { 'zh-CN': LABEL, en: 'open an account' } },
      },
    },
    ...(await apiConfig({ id: 'bank-accounts', name: '示例银行开户系统' })),
  };
}

test.use({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  kioskConfig: async ({}, use) => use(await intentConfig()),
});

/**
 * The business app starts the verification; consent, card, face check: the session reaches the intent step, ready
 * to read; the person starts reading.
 */
async function startReading(
  page: Page,
  kiosk: Kiosk,
  kioskConfig: Record<string, unknown>,
  card?: string,
): Promise<Verification> {
  const verification = await startVerification(kiosk, kioskConfig, START);
  await toIntentStep(page, kiosk, card);
  await expect(page.getByTestId('intent-text')).toHaveText(SHOWN);
  await expect(page.getByTestId('intent-state')).toHaveAttribute('data-state', 'ready');
  await expectTouchTargets(page);
  await kiosk.shot('intent-read-aloud');
  await page.getByTestId('intent-start').click();
  return verification;
}

/** The fake microphone's file for a describe block: a WAV `make` writes into a temporary folder, removed after. */
function micWav(make: (dir: string) => string) {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  return async ({}, use: (file: string) => Promise<void>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hexin-e2e-mic-'));
    await use(make(dir));
    rmSync(dir, { recursive: true, force: true });
  };
}

test.describe('reading the sentence aloud', () => {
  test.use({
    cameraFile: async ({ talkingSpeaker }, use) => use(talkingSpeaker.cameraFile),
    micFile: async ({ talkingSpeaker }, use) => use(talkingSpeaker.micFile),
    kioskConfig: async ({ talkingSpeaker }, use) =>
      use({ ...(await intentConfig()), reader: talkingSpeakerReader(talkingSpeaker) }),
  });

  test('the sentence read into the microphone confirms the intent and the business app gets a pass', async ({
    page,
    kiosk,
    kioskConfig,
  }) => {
    // His card, his face on camera (the face check passes on it), his voice.
    const verification = await startReading(page, kiosk, kioskConfig, TALKING_CARD);
    // Listening: the level meter and the countdown are up while the person reads.
    await expect(page.getByTestId('intent-level')).toBeVisible();
    await expect(page.getByTestId('intent-countdown')).toBeVisible();
    await kiosk.shot('intent-listening');
    await expect
      .poll(async () => Number(await page.getByTestId('intent-level').getAttribute('aria-valuenow')), {
        message: 'the meter moves while the fake microphone speaks',
        timeout: 10_000,
      })
      .toBeGreaterThan(30);
    await expectTouchTargets(page);

    const outcome = page.getByTestId('result-outcome');
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    await kiosk.shot('intent-result-pass');
    await expect(outcome).toHaveAttribute('data-outcome', 'pass');
    expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'pass' });

    // The voice was bound to the face: his face in view while the voice spoke, his mouth moving, the syllables
    // fitting the sentence — whatever phase the camera's loop was in.
    const [confirmed] = auditEvents(kiosk.dataDir, 'intent.confirmed');
    test.info().annotations.push({ type: 'binding', description: JSON.stringify(confirmed?.data) });
    const binding = confirmed?.data ?? {};
    expect(binding).toMatchObject({ mode: 'read-aloud', bindingPassed: true, bindingSyllablesExpected: 19 });
    expect(binding.bindingFaceCoverage).toBeGreaterThanOrEqual(0.8);
    expect(binding.bindingMouthStd).toBeGreaterThanOrEqual(0.008);
    expect(binding.bindingSyllables).toBeGreaterThanOrEqual(9);
    expect(binding.bindingSyllables).toBeLessThanOrEqual(28);
  });
});

test.describe('a voice over a still photo', () => {
  // The panned still photo of the adult card's holder on camera, espeak-ng reading exactly the sentence: the face
  // is the card's, the voice fits the sentence, but no mouth moves while it speaks.
  test.use({ micFile: micWav((dir) => speechWav(dir, SPOKEN)) });

  test('the binding finds no mouth moving while the voice speaks, and the person is refused', async ({
    page,
    kiosk,
    kioskConfig,
  }) => {
    const verification = await startReading(page, kiosk, kioskConfig);
    const stillMouth = async () => {
      const read = auditEvents(kiosk.dataDir).find(
        (e) => e.type === 'intent.confirmed' || e.type === 'intent.failed',
      );
      test.info().annotations.push({ type: 'binding', description: JSON.stringify(read?.data) });
      expect(read?.data).toMatchObject({
        bindingPassed: false,
        bindingFailure: 'INTENT_BINDING_MOUTH_STILL',
      });
    };
    // The person is told their lips were not seen moving and may read again; the second try ends at the counter.
    const failure = page.getByTestId('intent-failure');
    await expect(failure).toBeVisible({ timeout: 30_000 });
    await expect(failure).toHaveAttribute('data-code', 'INTENT_BINDING_MOUTH_STILL');
    await expect(failure).toContainText('未看到您朗读时的口型');
    await stillMouth();
    await kiosk.shot('intent-binding-mouth-still');
    await page.getByTestId('intent-start').click();
    const outcome = page.getByTestId('result-outcome');
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    await expect(outcome).toHaveAttribute('data-outcome', 'fail');
    await expect(outcome).toHaveAttribute('data-reason', 'INTENT_NOT_CONFIRMED');
    await expect(page.getByTestId('result-detail')).toHaveAttribute(
      'data-code',
      'INTENT_BINDING_MOUTH_STILL',
    );
    expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'fail' });
  });
});

test.describe('a silent microphone', () => {
  test.use({ micFile: micWav((dir) => silentWav(dir)) });

  test('the person is told no speech was heard and may read again, then is sent to the counter', async ({
    page,
    kiosk,
    kioskConfig,
  }) => {
    const verification = await startReading(page, kiosk, kioskConfig);
    await expect(page.getByTestId('intent-state')).toHaveAttribute('data-state', 'listening');

    // Nothing is heard: the recording stops by itself, main's voice check says so, a new try is offered.
    const failure = page.getByTestId('intent-failure');
    await expect(failure).toBeVisible({ timeout: 30_000 });
    await expect(failure).toHaveAttribute('data-code', 'INTENT_NO_SPEECH');
    await expect(failure).toContainText('没有听到您的声音');
    await expect(page.getByTestId('intent-attempts')).toHaveAttribute('data-n', '0');
    await expect(page.getByTestId('intent-start')).toBeEnabled();
    await expectTouchTargets(page);
    await kiosk.shot('intent-no-speech');

    // The last try fails the same way: the step ends with the staff counter, and the business app hears "fail".
    await page.getByTestId('intent-start').click();
    const outcome = page.getByTestId('result-outcome');
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    await expect(outcome).toHaveAttribute('data-outcome', 'fail');
    await expect(outcome).toHaveAttribute('data-reason', 'INTENT_NOT_CONFIRMED');
    await expect(page.getByTestId('result-detail')).toHaveAttribute('data-code', 'INTENT_NO_SPEECH');
    await expectTouchTargets(page);
    await kiosk.shot('intent-result-fail');
    expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'fail' });
  });
});

test.describe('a microphone the kiosk may not use', () => {
  test.use({ micPermission: 'deny' });
  test.skip(({ host }) => host === 'electron', 'Electron grants camera and microphone together');

  test('the person is told the microphone cannot be used and is sent to the staff counter', async ({
    page,
    kiosk,
    kioskConfig,
  }) => {
    const verification = await startReading(page, kiosk, kioskConfig);
    const outcome = page.getByTestId('result-outcome');
    await expect(outcome).toBeVisible({ timeout: 15_000 });
    await expect(outcome).toHaveAttribute('data-outcome', 'fail');
    await expect(outcome).toHaveAttribute('data-reason', 'INTENT_NOT_CONFIRMED');
    const detail = page.getByTestId('result-detail');
    await expect(detail).toHaveAttribute('data-code', 'INTENT_MIC_UNAVAILABLE');
    await expect(detail).toContainText('柜台');
    await expect(page.getByTestId('result-next')).toBeVisible();
    await expectTouchTargets(page);
    await kiosk.shot('intent-mic-denied');
    expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'fail' });
  });
});
