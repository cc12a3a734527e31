// With active liveness on (the production default), the fake camera's still photo cannot do the challenges: the
// check fails, in plain words, however well the face matches the card.
import { expect, test } from '../fixtures';
import { FACE_TIMEOUT_MS, agreeToConsent, confirmCard, insertCard } from './flow-steps';

test.use({ kioskConfig: { liveness: { active: true } } });

test('a still photo fails active liveness', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult');
  await confirmCard(page);
  await expect(page.getByTestId('screen-liveness')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(page.getByTestId('liveness-prompt')).toBeVisible();
  // The normal pace: the first of two actions, each within a 6 s window (elderly mode: one, longer).
  const challenge = page.getByTestId('liveness-challenge');
  await expect(challenge).toHaveAttribute('data-total', '2', { timeout: FACE_TIMEOUT_MS });
  expect(Number(await challenge.getAttribute('data-seconds'))).toBeLessThanOrEqual(6);
  await kiosk.shot('liveness');
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(outcome).toHaveAttribute('data-outcome', 'fail');
  await expect(outcome).toHaveAttribute('data-reason', 'LIVENESS_FAILED');
  await kiosk.shot('result-liveness-failed');
});
