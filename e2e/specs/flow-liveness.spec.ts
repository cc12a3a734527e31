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
  await kiosk.shot('liveness');
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(outcome).toHaveAttribute('data-outcome', 'fail');
  await expect(outcome).toHaveAttribute('data-reason', 'LIVENESS_FAILED');
  await kiosk.shot('result-liveness-failed');
});
