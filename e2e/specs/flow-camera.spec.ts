// Camera refused or absent: a clear screen with the staff-counter alternative, and the way back to the start.
import { expect, test } from '../fixtures';
import { agreeToConsent, confirmCard, insertCard } from './flow-steps';

test.describe('camera denied', () => {
  test.use({ cameraMode: 'deny' });

  test('a refused camera shows the alternative and cancels the session', async ({ page, kiosk }) => {
    await agreeToConsent(page, kiosk);
    await insertCard(page, kiosk, 'resident-adult');
    await confirmCard(page);
    const screen = page.getByTestId('screen-camera-unavailable');
    await expect(screen).toBeVisible();
    await expect(screen).toHaveAttribute('data-camera-state', 'denied');
    await expect(page.getByTestId('alternative')).toBeVisible();
    await kiosk.shot('camera-denied');
    await page.getByTestId('cancel').click();
    await expect(page.getByTestId('screen-attract')).toBeVisible();
  });
});
