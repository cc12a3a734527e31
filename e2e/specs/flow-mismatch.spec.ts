// A card of another person: the face check fails in plain words (never a score) and offers a retry, which goes
// back to the camera.
import { expect, test } from '../fixtures';
import {
  FACE_TIMEOUT_MS,
  agreeToConsent,
  confirmCard,
  expectStep,
  faceCheckScreen,
  insertCard,
} from './flow-steps';

test.use({ kioskConfig: { liveness: { active: false } } });

test("another person's card fails and offers a retry", async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult-2');
  await confirmCard(page);
  await expect(faceCheckScreen(page)).toBeVisible();

  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(outcome).toHaveAttribute('data-outcome', 'fail');
  await expect(outcome).toHaveAttribute('data-reason', 'NOT_MATCHED');
  await expect(page.getByTestId('result-reason')).toContainText('不一致');
  await expect(page.getByTestId('screen-result')).not.toContainText(/0\.\d{2,}/);
  await expect(page.getByTestId('result-retry')).toBeVisible();
  // The session goes on: this is the retry offer, a step of its own shown on the result screen, with Cancel.
  await expectStep(page, 'retry');
  await expect(page.getByTestId('screen-result')).toHaveClass(/result-fail/);
  await expect(page.getByTestId('result-next')).toContainText('3');
  await expect(page.getByTestId('result-done')).toHaveText('取消');
  await kiosk.shot('result-fail-retry');

  await page.getByTestId('result-retry').click();
  await expect(faceCheckScreen(page)).toBeVisible();
  await expect(page.locator('.camera-stage')).toHaveAttribute('data-camera-state', 'ok');
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});
