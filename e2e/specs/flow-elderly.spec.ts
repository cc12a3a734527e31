// Elderly mode (长辈模式, issue 17): offered when the card says the person is 65 or older (the 72-year-old demo
// card), it makes the text at least 1.5× with the screen's buttons still on screen, raises the contrast, puts a
// call-staff button on every screen that staff health shows, and passes axe; the attract screen has its own button.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { expectAccessible } from './a11y';
import {
  FACE_TIMEOUT_MS,
  agreeToConsent,
  confirmCard,
  faceCheckScreen,
  insertCard,
  pinHash,
  unlockStaff,
} from './flow-steps';

const PIN = '246810';
test.use({ kioskConfig: { liveness: { active: false }, staff: { pinHash: pinHash(PIN) } } });

const rootFontPx = (page: Page) =>
  page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

/** Every visible button lies entirely inside the window (nothing cut off by the larger text). */
async function expectButtonsOnScreen(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const button of await page.locator('button:visible').all()) {
    const box = (await button.boundingBox())!;
    const name = (await button.getAttribute('data-testid')) ?? (await button.textContent());
    expect(box.x, `${name} left`).toBeGreaterThanOrEqual(0);
    expect(box.y, `${name} top`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} right`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(box.y + box.height, `${name} bottom`).toBeLessThanOrEqual(viewport.height + 0.5);
  }
}

test('a 72-year-old card offers elderly mode, which carries the whole flow', async ({ page, kiosk }) => {
  const normalPx = await rootFontPx(page);
  await agreeToConsent(page, kiosk);
  await expect(page.getByTestId('call-staff')).toHaveCount(0);
  await insertCard(page, kiosk, 'resident-72');
  await expect(page.getByTestId('card-age')).toContainText('72');
  await expect(page.getByTestId('elderly-offer')).toBeVisible();
  await page.getByTestId('elderly-accept').click();
  await expect(page.locator('.kiosk')).toHaveAttribute('data-elderly', 'true');
  await expect(page.getByTestId('elderly-offer')).toHaveCount(0);
  expect(await rootFontPx(page)).toBeGreaterThanOrEqual(normalPx * 1.5);
  await expect(page.getByTestId('call-staff')).toBeVisible();
  await expectButtonsOnScreen(page);
  await expectAccessible(page, 'elderly card summary');
  await kiosk.shot('elderly-card-summary');

  await confirmCard(page);
  await expect(faceCheckScreen(page)).toBeVisible();
  await expect(page.getByTestId('call-staff')).toBeVisible();
  // The slower pace: the face check's countdown is longer than the normal step's (capture 30 s, liveness 45 s).
  const countdown = Number(await page.getByTestId('countdown').getAttribute('data-seconds'));
  const step = await page.locator('.kiosk').getAttribute('data-step');
  expect(countdown, `${step} countdown`).toBeGreaterThan(step === 'capture' ? 30 : 45);
  await expectAccessible(page, 'elderly capture');
  await kiosk.shot('elderly-capture');

  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(outcome).toHaveAttribute('data-outcome', 'pass');
  await expect(page.getByTestId('call-staff')).toBeVisible();
  await expectButtonsOnScreen(page);
  await expectAccessible(page, 'elderly result');
  await kiosk.shot('elderly-result');

  // The person calls for staff: staff health says so, with the step.
  await page.getByTestId('call-staff').click();
  await expect(page.getByTestId('call-staff-status')).not.toBeEmpty();
  await unlockStaff(page, PIN);
  await expect(page.getByTestId('health-assistance')).toContainText('result');
  await page.getByTestId('staff-lock').click();
  await page.getByTestId('result-done').click();
  // The mode ends with the session.
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await expect(page.locator('.kiosk')).toHaveAttribute('data-elderly', 'false');
  expect(await rootFontPx(page)).toBe(normalPx);
});

test('an adult card offers nothing; the attract button starts elderly mode in English too', async ({
  page,
  kiosk,
}) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult');
  await expect(page.getByTestId('elderly-offer')).toHaveCount(0);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();

  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('elderly-start')).toHaveText(/Senior mode/);
  await expectAccessible(page, 'attract en');
  await page.getByTestId('elderly-start').click();
  await expect(page.getByTestId('screen-consent')).toBeVisible();
  await expect(page.locator('.kiosk')).toHaveAttribute('data-elderly', 'true');
  // Agree and refuse both stay on screen with the larger text.
  await expect(page.getByTestId('consent-agree')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('consent-refuse')).toBeInViewport({ ratio: 1 });
  await expectButtonsOnScreen(page);
  await expectAccessible(page, 'elderly consent en');
  await kiosk.shot('elderly-consent-en');
});

test.describe('with active liveness (the production setting)', () => {
  test.use({ kioskConfig: { liveness: { active: true } } });

  test('elderly mode offered from the card asks one challenge with a longer window', async ({
    page,
    kiosk,
  }) => {
    await agreeToConsent(page, kiosk);
    await insertCard(page, kiosk, 'resident-72');
    await page.getByTestId('elderly-accept').click();
    await expect(page.locator('.kiosk')).toHaveAttribute('data-elderly', 'true');
    await confirmCard(page);
    // What the person sees: action 1 of 1, with more than the normal 6 s window left for it (12 s at factor 2).
    const challenge = page.getByTestId('liveness-challenge');
    await expect(challenge).toBeVisible({ timeout: FACE_TIMEOUT_MS });
    await expect(challenge).toHaveAttribute('data-total', '1');
    await expect(challenge).toHaveAttribute('data-index', '1');
    const firstSeconds = Number(await challenge.getAttribute('data-seconds'));
    expect(firstSeconds).toBeGreaterThan(6);
    expect(firstSeconds).toBeLessThanOrEqual(12);
    await expect(challenge).toContainText(/第 1 个动作，共 1 个/);
    await expect(page.getByTestId('liveness-prompt')).toBeVisible();
    await expectAccessible(page, 'elderly liveness challenge');
    await kiosk.shot('elderly-liveness-challenge');
    // The window counts down on screen while the still photo does nothing.
    await expect
      .poll(async () => Number(await challenge.getAttribute('data-seconds')), { timeout: 15_000 })
      .toBeLessThan(firstSeconds);
    // A still photo cannot do the challenge: it fails, only later than at the normal pace.
    const outcome = page.getByTestId('result-outcome');
    await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
    await expect(outcome).toHaveAttribute('data-reason', 'LIVENESS_FAILED');
    await expect(page.getByTestId('call-staff')).toBeVisible();
    await expectAccessible(page, 'elderly result liveness failed');
    await kiosk.shot('elderly-result-liveness-failed');
  });
});
