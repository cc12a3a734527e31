// The intent question (意愿确认, answer mode) end to end: a business app starts a verification for a purpose that asks
// "您是否本人自愿办理……？". After the face check the question is shown and spoken (the espeak-ng prompt built by
// `npm run build`, served by the kiosk itself), the camera keeps sending frames and main watches for a nod or a head
// shake. The fake camera is a still photo — it cannot nod — so the question times out, is asked once more, and the
// person is sent to the staff counter with a clear reason. The 是 / 否 buttons answer the same question.
import type { Page } from '@playwright/test';
import { expect, test, type Kiosk } from '../fixtures';
import { apiConfig, startVerification } from './business-app';
import { expectTouchTargets, toIntentStep } from './flow-steps';

const QUESTION = '您是否本人自愿办理取款？是，请点头；否，请摇头。';
/** Short, so the still photo's "no answer" comes quickly; the kiosk default is 10 s. */
const ANSWER_TIMEOUT_MS = 4000;

const START = { purpose: 'withdraw', thirdPartyId: 'bank-cash', language: 'zh-CN' };

test.use({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  kioskConfig: async ({}, use) => {
    await use({
      // Active challenges need a moving person; the fake camera is a panned still photo.
      liveness: { active: false },
      intent: {
        enabled: true,
        answerTimeoutMs: ANSWER_TIMEOUT_MS,
        purposes: { withdraw: { mode: 'answer', label: { 'zh-CN': '取款', en: 'withdraw cash' } } },
      },
      ...(await apiConfig({ id: 'bank-cash', name: '示例银行取款系统' })),
    });
  },
});

/** Consent, card, face check: the question is on screen. */
async function toQuestion(page: Page, kiosk: Kiosk): Promise<void> {
  await toIntentStep(page, kiosk);
  await expect(page.getByTestId('intent-text')).toHaveText(QUESTION);
}

/** The prompt the <audio> element plays, fetched from the page as the element does: status, type and size. */
async function fetchSpoken(
  page: Page,
  id: string,
): Promise<{ src: string; status: number; type: string; bytes: number }> {
  // The kiosk's one prompt queue plays it (renderer/src/voice), as the question appears.
  await expect(page.getByTestId('voice-control')).toHaveAttribute('data-playing', id);
  const audio = page.getByTestId('prompt-audio');
  const src = (await audio.getAttribute('src')) ?? '';
  return page.evaluate(async (s) => {
    const r = await fetch(s);
    const body = await r.arrayBuffer();
    return { src: s, status: r.status, type: r.headers.get('content-type') ?? '', bytes: body.byteLength };
  }, src);
}

test('the still photo cannot nod: asked again, then the counter with the reason; the question is spoken', async ({
  page,
  kiosk,
  kioskConfig,
}) => {
  const verification = await startVerification(kiosk, kioskConfig, START);
  await toQuestion(page, kiosk);

  // Spoken: the question's prompt is served by the kiosk (same origin, CSP media-src 'self') as WAV audio.
  const spoken = await fetchSpoken(page, 'answer-question');
  expect(spoken.src).toBe('prompts/zh-CN/answer-question.wav');
  expect(spoken).toMatchObject({ status: 200, type: 'audio/wav' });
  expect(spoken.bytes).toBeGreaterThan(22_050 * 2); // seconds of speech, not an empty file
  // And it is played when the question appears (no press needed: the person touched the screen earlier).
  await expect
    .poll(() => page.getByTestId('prompt-audio').evaluate((el) => (el as HTMLAudioElement).currentTime), {
      message: 'the spoken question plays',
      timeout: 5000,
    })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('intent-repeat')).toBeVisible();
  await page.getByTestId('intent-repeat').click();

  // While it waits: the camera picture, what to do, progress and the seconds left to answer by head.
  await expect(page.getByTestId('camera-video')).toBeVisible();
  await expect(page.getByTestId('intent-answer-guidance')).toHaveAttribute('data-guidance', 'OK', {
    timeout: 10_000,
  });
  await expect(page.getByTestId('intent-answer-guidance')).toContainText('正在看您的回答');
  await expect(page.getByTestId('screen-intent')).toContainText('点头表示“是”，摇头表示“否”');
  await expect(page.getByTestId('intent-answer-progress')).toBeVisible();
  await expect(page.getByTestId('intent-answer-countdown')).toBeVisible();
  await expect(page.getByTestId('intent-confirm')).toBeEnabled();
  await expectTouchTargets(page);
  await kiosk.shot('intent-answer-waiting');

  // No nod and no shake in time: the question again, with the reason and the spoken "could not see your answer".
  const failure = page.getByTestId('intent-failure');
  await expect(failure).toBeVisible({ timeout: ANSWER_TIMEOUT_MS + 15_000 });
  await expect(failure).toHaveAttribute('data-code', 'INTENT_NO_ANSWER');
  await expect(failure).toContainText('未能看清您的回答');
  expect((await fetchSpoken(page, 'answer-retry')).src).toBe('prompts/zh-CN/answer-retry.wav');
  await expectTouchTargets(page);
  await kiosk.shot('intent-answer-again');

  // Still nothing: the staff counter, with the reason in words; the business app hears "fail", never a pass.
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: ANSWER_TIMEOUT_MS + 15_000 });
  await expect(outcome).toHaveAttribute('data-outcome', 'fail');
  await expect(outcome).toHaveAttribute('data-reason', 'INTENT_NOT_CONFIRMED');
  const detail = page.getByTestId('result-detail');
  await expect(detail).toHaveAttribute('data-code', 'INTENT_NO_ANSWER');
  await expect(detail).toContainText('未能看清您的回答');
  await expect(page.getByTestId('result-next')).toBeVisible();
  await expectTouchTargets(page);
  await kiosk.shot('intent-answer-no-answer');
  expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'fail' });
});

test('the buttons answer the same question: 是 passes', async ({ page, kiosk, kioskConfig }) => {
  const verification = await startVerification(kiosk, kioskConfig, START);
  await toQuestion(page, kiosk);
  await page.getByTestId('intent-confirm').click();
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: 15_000 });
  await expect(outcome).toHaveAttribute('data-outcome', 'pass');
  expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'pass' });
});

test('否 ends the flow with the declined screen', async ({ page, kiosk, kioskConfig }) => {
  const verification = await startVerification(kiosk, kioskConfig, START);
  await toQuestion(page, kiosk);
  await page.getByTestId('intent-decline').click();
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: 15_000 });
  await expect(outcome).toHaveAttribute('data-outcome', 'fail');
  await expect(outcome).toHaveAttribute('data-reason', 'INTENT_DECLINED');
  await expect(page.getByTestId('result-reason')).toContainText('未确认办理意愿');
  await kiosk.shot('intent-answer-declined');
  expect(await verification.outcome()).toMatchObject({ status: 'completed', decision: 'fail' });
});
