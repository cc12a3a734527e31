// Camera injection in the real browser: with the production default (no allowance for a file played as a
// camera), the test browser's fake camera — a y4m file — is reported by the page through the contract and refused
// by main as soon as the session takes its first frame; the person is told the camera cannot be used.
import { expect, test } from '../fixtures';
import { FACE_TIMEOUT_MS, agreeToConsent, confirmCard, insertCard } from './flow-steps';

test.use({ kioskConfig: { camera: { allowFileSource: false } } });

test('a file played as the camera is refused (production default)', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult');
  await confirmCard(page);
  const ended = page.getByTestId('ended-body');
  await expect(ended).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(ended).toHaveAttribute('data-code', 'CAMERA_FILE_SOURCE');
  await kiosk.shot('camera-refused');
});
