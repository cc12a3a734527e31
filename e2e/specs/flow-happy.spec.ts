// The happy path: consent (agree enabled only after scrolling and ticking), the adult demo card whose chip photo is
// another photo of the person the fake camera shows, the face check with the live preview, and a pass.
import { expect, test } from '../fixtures';
import {
  FACE_TIMEOUT_MS,
  agreeToConsent,
  confirmCard,
  expectStep,
  expectTouchTargets,
  faceCheckScreen,
  insertCard,
  scrollAgreementToEnd,
  startSession,
  tickAllBoxes,
} from './flow-steps';

// Active challenges need a moving person; the fake camera is a panned still photo. Passive checks stay on.
test.use({ kioskConfig: { liveness: { active: false } } });

test('agree is enabled only after scrolling to the end and ticking every box', async ({ page, kiosk }) => {
  await startSession(page);
  const agree = page.getByTestId('consent-agree');
  // Nothing is ticked beforehand.
  await expect(page.getByTestId('consent-agree-check')).not.toBeChecked();
  for (const box of await page.locator('[data-testid^="confirmation-check-"]').all())
    await expect(box).not.toBeChecked();
  await expect(agree).toBeDisabled();
  await tickAllBoxes(page);
  // Ticked but not read to the end: still disabled.
  await expect(page.getByTestId('agreement-text')).toHaveAttribute('data-scrolled-to-end', 'false');
  await expect(agree).toBeDisabled();
  await expect(page.getByTestId('agreement-bold').first()).toBeVisible();
  await scrollAgreementToEnd(page);
  await expect(agree).toBeEnabled();
  // Unticking the sensitive-information confirmation disables it again.
  const sensitive = page.locator('[data-testid^="confirmation-check-"]').first();
  await sensitive.uncheck();
  await expect(agree).toBeDisabled();
  await expectTouchTargets(page);
  await kiosk.shot('consent-read');
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});

test('the person on the card passes', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult');
  const number = await page.getByTestId('card-number').textContent();
  expect(number).toContain('*');
  expect(number).not.toContain('110101198008120036');
  await expectTouchTargets(page);
  await kiosk.shot('card-summary');
  await confirmCard(page);

  await expect(faceCheckScreen(page)).toBeVisible();
  const stage = page.locator('.camera-stage');
  await expect(stage).toHaveAttribute('data-camera-state', 'ok');
  // The fake camera is the y4m, not Chromium's test pattern.
  await expect(stage).toHaveAttribute('data-camera-label', /\.y4m$/);
  await expect(page.getByTestId('countdown')).toBeVisible();
  await expectTouchTargets(page);
  await kiosk.shot('capture');

  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expectTouchTargets(page);
  await kiosk.shot('result-pass');
  await expect(outcome).toHaveAttribute('data-outcome', 'pass');
  await expect(outcome).toHaveAttribute('data-reason', 'MATCHED');
  // The final result: the session has ended (the retry offer is step 'retry', see flow-mismatch).
  await expectStep(page, 'result');
  // Never a score on the customer's screen.
  await expect(page.getByTestId('screen-result')).not.toContainText(/0\.\d{2,}/);
  await page.getByTestId('result-done').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});
