// Nobody at the kiosk: the idle countdown shows prominently in its last seconds; "I am here" restarts it, and when
// it runs out the kiosk returns to the start on its own.
import { expect, test } from '../fixtures';
import { startSession } from './flow-steps';

test.use({ kioskConfig: { session: { idleTimeoutSeconds: 10, idleWarningSeconds: 7 } } });

test('the idle countdown warns, can be dismissed, and returns to the start', async ({ page, kiosk }) => {
  await startSession(page);
  const overlay = page.getByTestId('idle-overlay');
  await expect(overlay).toBeVisible({ timeout: 10_000 });
  await kiosk.shot('idle-warning');
  await page.getByTestId('idle-stay').click();
  await expect(overlay).toBeHidden();
  await expect(page.getByTestId('screen-consent')).toBeVisible();
  // Left alone again: the warning comes back and then the session ends.
  await expect(overlay).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('screen-attract')).toBeVisible({ timeout: 15_000 });
  await expect(overlay).toBeHidden();
});
