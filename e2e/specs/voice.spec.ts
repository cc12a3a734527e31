// Spoken guidance at every step (issue 17): the prompts the build made with espeak-ng really play in the kiosk's
// browser (run with a kiosk's autoplay policy): the audio element's time moves on each step of a whole flow, a new
// step interrupts the last prompt, capture guidance is debounced, the queue is silent while the microphone records,
// and the visible mute / volume control (keyboard operable, labelled in both languages) stops it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, FACES, test } from '../fixtures';
import { expectAccessible } from './a11y';
import { apiConfig, startVerification } from './business-app';
import {
  FACE_TIMEOUT_MS,
  acceptAgreement,
  confirmCard,
  expectTouchTargets,
  faceCheckScreen,
  insertCard,
  startSession,
  toIntentStep,
} from './flow-steps';

const audio = (page: Page) => page.getByTestId('prompt-audio');
const control = (page: Page) => page.getByTestId('voice-control');

/** The element's playback time now (seconds). */
const currentTime = (page: Page) => audio(page).evaluate((el) => (el as HTMLAudioElement).currentTime);

/** Every prompt that started playing, in order (a capture listener on the document; media events don't bubble). */
async function recordPlays(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { plays: { id: string; src: string; at: number }[] };
    w.plays = [];
    document.addEventListener(
      'playing',
      (e) => {
        const el = e.target as HTMLAudioElement;
        w.plays.push({
          id: el.dataset.prompt ?? '',
          src: el.getAttribute('src') ?? '',
          at: performance.now(),
        });
      },
      true,
    );
  });
}
const plays = (page: Page) =>
  page.evaluate(() => (window as unknown as { plays: { id: string; src: string; at: number }[] }).plays);

/**
 * `id` is the prompt playing, from `src`, and it is really playing: the element's time moves forward.
 */
async function expectPlaying(page: Page, id: string, src: string, timeout = 15_000): Promise<void> {
  await expect(control(page)).toHaveAttribute('data-playing', id, { timeout });
  await expect(audio(page)).toHaveAttribute('src', src);
  const t0 = await currentTime(page);
  await expect
    .poll(() => currentTime(page), { message: `${id} plays (currentTime moves)`, timeout: 5_000 })
    .toBeGreaterThan(t0 + 0.1);
  expect(await audio(page).evaluate((el) => (el as HTMLAudioElement).paused)).toBe(false);
}

/** Nothing plays, and the element's time stands still for a second. */
async function expectSilent(page: Page): Promise<void> {
  await expect(control(page)).toHaveAttribute('data-playing', '');
  const t0 = await currentTime(page);
  await page.waitForTimeout(1_000);
  expect(await currentTime(page)).toBe(t0);
  expect(await audio(page).evaluate((el) => (el as HTMLAudioElement).paused)).toBe(true);
}

test.describe('a whole flow, spoken', () => {
  // Active challenges need a moving person; the fake camera is a panned still photo. Passive checks stay on.
  test.use({ kioskConfig: { liveness: { active: false } } });

  test('each step speaks as it appears and interrupts the last prompt; the result is spoken', async ({
    page,
    kiosk,
  }) => {
    await recordPlays(page);
    // Attract speaks nothing (nobody may be there).
    await expectSilent(page);
    await startSession(page);
    // Welcome, then the consent summary after it (no overlap: one element, one after the other).
    await expectPlaying(page, 'welcome', 'prompts/zh-CN/welcome.wav');
    await expectPlaying(page, 'consent-summary', 'prompts/zh-CN/consent-summary.wav', 20_000);
    // The full agreement stays on screen while it is summarised.
    await expect(page.getByTestId('agreement-text')).toBeVisible();
    // Agreeing while the summary plays: the card step interrupts it.
    await acceptAgreement(page);
    await expect(page.getByTestId('screen-card')).toBeVisible();
    await expectPlaying(page, 'card-place', 'prompts/zh-CN/card-place.wav');
    await insertCard(page, kiosk, 'resident-adult');
    await expectPlaying(page, 'card-check', 'prompts/zh-CN/card-check.wav');
    await confirmCard(page);
    await expect(faceCheckScreen(page)).toBeVisible();
    await expectPlaying(page, 'capture-start', 'prompts/zh-CN/capture-start.wav');
    // The guidance still goes to the live region for screen readers.
    await expect(page.getByTestId('capture-live')).toHaveAttribute('aria-live', 'polite');
    await expect(page.getByTestId('result-outcome')).toHaveAttribute('data-outcome', 'pass', {
      timeout: FACE_TIMEOUT_MS,
    });
    await expectPlaying(page, 'result-pass', 'prompts/zh-CN/result-pass.wav');
    const order = (await plays(page)).map((p) => p.id);
    expect(order.slice(0, 4)).toEqual(['welcome', 'consent-summary', 'card-place', 'card-check']);
    expect(order).toContain('capture-start');
    expect(order.at(-1)).toBe('result-pass');
    // Back at the start: silence again.
    await page.getByTestId('result-done').click();
    await expect(page.getByTestId('screen-attract')).toBeVisible();
    await expectSilent(page);
  });

  test('after a 72-year-old accepts elderly mode, the rest of the flow is spoken in the slow voice', async ({
    page,
    kiosk,
  }) => {
    await recordPlays(page);
    await startSession(page);
    await expectPlaying(page, 'welcome', 'prompts/zh-CN/welcome.wav');
    await acceptAgreement(page);
    await insertCard(page, kiosk, 'resident-72');
    await expect(page.getByTestId('elderly-offer')).toBeVisible();
    await page.getByTestId('elderly-accept').click();
    await expect(page.locator('.kiosk')).toHaveAttribute('data-elderly', 'true');
    await confirmCard(page);
    await expect(faceCheckScreen(page)).toBeVisible();
    await expectPlaying(page, 'capture-start', 'prompts/zh-CN/slow/capture-start.wav');
    await expect(page.getByTestId('result-outcome')).toHaveAttribute('data-outcome', 'pass', {
      timeout: FACE_TIMEOUT_MS,
    });
    await expectPlaying(page, 'result-pass', 'prompts/zh-CN/slow/result-pass.wav');
    // Before the offer was accepted the normal voice spoke; from then on only the slow one.
    // (The camera preview's <video> fires 'playing' too: only the prompts count.)
    const list = (await plays(page)).filter((p) => p.src.startsWith('prompts/'));
    const accepted = list.findIndex((p) => p.id === 'capture-start');
    expect(list.slice(accepted).filter((p) => !p.src.includes('/slow/'))).toEqual([]);
    expect(list.slice(0, accepted).filter((p) => p.src.includes('/slow/'))).toEqual([]);
  });
});

test.describe('active liveness', () => {
  // The production setting: the still photo cannot do the challenges, so the check fails and may be tried again.
  test.use({ kioskConfig: { liveness: { active: true } } });

  test('each challenge is spoken as it is asked, then the failed result with the way to try again', async ({
    page,
    kiosk,
  }) => {
    await recordPlays(page);
    await startSession(page);
    await acceptAgreement(page);
    await insertCard(page, kiosk, 'resident-adult');
    await confirmCard(page);
    const prompt = page.getByTestId('liveness-prompt');
    await expect(prompt).toHaveAttribute('data-prompt', /^liveness\.challenge\./, {
      timeout: FACE_TIMEOUT_MS,
    });
    const key = (await prompt.getAttribute('data-prompt'))!;
    const id = `liveness-${key.replace(/^liveness\./, '').replace(/[._]/g, '-')}`;
    await expectPlaying(page, id, `prompts/zh-CN/${id}.wav`, 5_000);
    await expect(page.getByTestId('result-outcome')).toHaveAttribute('data-outcome', 'fail', {
      timeout: FACE_TIMEOUT_MS,
    });
    await expect(page.getByTestId('result-retry')).toBeVisible();
    await expectPlaying(page, 'result-retry', 'prompts/zh-CN/result-retry.wav');
    expect((await plays(page)).some((p) => p.id.startsWith('liveness-challenge-'))).toBe(true);
  });
});

test.describe('capture guidance', () => {
  // A camera that shows no face (a still of a coffee cup): the guidance stays "move your face into the frame".
  test.use({
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    cameraFile: async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hexin-e2e-cam-'));
      const file = path.join(dir, 'no-face.y4m');
      execFileSync('ffmpeg', [
        ...['-loglevel', 'error', '-y', '-loop', '1', '-i', path.join(FACES, 'non_faces', 'coffee.jpg')],
        ...['-vf', 'scale=640:480,format=yuv420p', '-r', '10', '-t', '3', file],
      ]);
      await use(file);
      rmSync(dir, { recursive: true, force: true });
    },
    kioskConfig: {
      liveness: { active: false },
      accessibility: { voice: { guidanceSettleMs: 500, guidanceGapMs: 1_000, guidanceRepeatMs: 6_000 } },
    },
  });

  test('is spoken once it settles, after the step prompt, and not again within the repeat time', async ({
    page,
    kiosk,
  }) => {
    await recordPlays(page);
    await startSession(page);
    await acceptAgreement(page);
    await insertCard(page, kiosk, 'resident-adult');
    await confirmCard(page);
    await expect(page.getByTestId('guidance')).toHaveAttribute('data-guidance', 'NO_FACE', {
      timeout: 20_000,
    });
    await expectPlaying(page, 'guide-no-face', 'prompts/zh-CN/guide-no-face.wav', 20_000);
    await expect(control(page)).toHaveAttribute('data-playing', '', { timeout: 10_000 });
    // Spoken again only after the repeat time (6 s from when it started), never twice within it.
    await expect
      .poll(async () => (await plays(page)).filter((p) => p.id === 'guide-no-face').length, {
        timeout: 15_000,
      })
      .toBe(2);
    const list = await plays(page);
    const times = list.filter((p) => p.id === 'guide-no-face').map((p) => p.at);
    // (Measured from when each began to sound, which trails the queue's decision by the file's load time.)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(6_000 - 250);
    // The step's own prompt came first, and nothing overlapped it: guidance waited for it to end.
    const ids = list.map((p) => p.id);
    expect(ids.indexOf('capture-start')).toBeLessThan(ids.indexOf('guide-no-face'));
  });
});

test.describe('the control', () => {
  test.use({ kioskConfig: { liveness: { active: false }, accessibility: { voice: { volume: 0.7 } } } });

  test('mute stops the prompt at once and keeps every step silent; volume by keyboard; labelled in both languages', async ({
    page,
  }) => {
    // Labelled in Chinese on the start screen, and operable there too.
    await expect(page.getByRole('button', { name: '静音' })).toBeVisible();
    await expect(page.getByRole('slider', { name: '语音音量' })).toBeVisible();
    await page.getByTestId('language-switch').click();
    await expect(page.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByRole('slider', { name: 'Voice volume' })).toHaveValue('70');
    // Elderly mode in English: the slow voice.
    await page.getByTestId('elderly-start').click();
    await expect(page.getByTestId('screen-consent')).toBeVisible();
    await expectPlaying(page, 'welcome', 'prompts/en/slow/welcome.wav');
    expect(await audio(page).evaluate((el) => (el as HTMLAudioElement).volume)).toBeCloseTo(0.7);

    // Volume by keyboard: focus the slider, arrow down one step.
    const slider = page.getByRole('slider', { name: 'Voice volume' });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(slider).toHaveValue('60');
    expect(await audio(page).evaluate((el) => (el as HTMLAudioElement).volume)).toBeCloseTo(0.6);

    // Mute by keyboard (Tab order: the mute button is just before the slider): the prompt stops at once.
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId('voice-mute')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'true');
    await expectSilent(page);
    await expectTouchTargets(page);
    await expectAccessible(page, 'consent with the voice control (en, elderly, muted)');

    // The next step stays silent while muted; unmuting does not replay it, the next step speaks again.
    await acceptAgreement(page);
    await expect(page.getByTestId('screen-card')).toBeVisible();
    await expectSilent(page);
    await page.getByTestId('voice-mute').click();
    await expect(page.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'false');
    await expectSilent(page);
    await page.getByTestId('cancel').click();
    await expect(page.getByTestId('screen-attract')).toBeVisible();
  });
});

test.describe('the idle warning', () => {
  test.use({ kioskConfig: { session: { idleTimeoutSeconds: 10, idleWarningSeconds: 7 } } });

  test('interrupts the step prompt, stops when the person answers, and the step is not spoken again', async ({
    page,
  }) => {
    await recordPlays(page);
    await startSession(page);
    await expectPlaying(page, 'welcome', 'prompts/zh-CN/welcome.wav');
    await expect(page.getByTestId('idle-overlay')).toBeVisible({ timeout: 10_000 });
    await expectPlaying(page, 'idle-warning', 'prompts/zh-CN/idle-warning.wav');
    await page.getByTestId('idle-stay').click();
    await expect(page.getByTestId('idle-overlay')).toBeHidden();
    await expectSilent(page);
    // The idle warning was the last prompt: the consent step's welcome and summary were not repeated after it.
    const ids = (await plays(page)).map((p) => p.id);
    expect(ids.at(-1)).toBe('idle-warning');
    expect(ids.filter((id) => id === 'welcome')).toHaveLength(1);
  });
});

test.describe('the microphone step', () => {
  const LABEL = '开立个人账户';
  test.use({
    // A kiosk's silence for the fake microphone (its default beep would do too; this keeps the recording quiet).
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    micFile: async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hexin-e2e-mic-'));
      const out = path.join(dir, 'silence.wav');
      execFileSync('ffmpeg', [
        ...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono'],
        ...['-t', '12', '-c:a', 'pcm_s16le', out],
      ]);
      await use(out);
      rmSync(dir, { recursive: true, force: true });
    },
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    kioskConfig: async ({}, use) => {
      await use({
        liveness: { active: false },
        intent: {
          enabled: true,
          fixedDigits: '4012',
          attempts: 2,
          purposes: {
            'open-account': { mode: 'read-aloud', label: { 'zh-CN': LABEL, en: 'open an account' } },
          },
        },
        ...(await apiConfig({ id: 'bank-accounts', name: '示例银行开户系统' })),
      });
    },
  });

  test('the instruction is spoken, and the queue is silent while the microphone records', async ({
    page,
    kiosk,
    kioskConfig,
  }) => {
    await startVerification(kiosk, kioskConfig, {
      purpose: 'open-account',
      thirdPartyId: 'bank-accounts',
      language: 'zh-CN',
    });
    await recordPlays(page);
    await toIntentStep(page, kiosk);
    await expectPlaying(page, 'read-aloud-instruction', 'prompts/zh-CN/read-aloud-instruction.wav');
    // Start reading while the instruction plays: it stops, and nothing plays until the recording ends.
    const before = (await plays(page)).length;
    await page.getByTestId('intent-start').click();
    await expect(page.getByTestId('intent-level')).toBeVisible();
    await expect(control(page)).toHaveAttribute('data-held', 'microphone');
    await expectSilent(page);
    await expect(page.getByTestId('intent-stop')).toBeEnabled({ timeout: 15_000 });
    await expectSilent(page);
    expect((await plays(page)).length).toBe(before);
    await page.getByTestId('intent-stop').click();
    await expect(control(page)).toHaveAttribute('data-held', '', { timeout: 15_000 });
  });
});
