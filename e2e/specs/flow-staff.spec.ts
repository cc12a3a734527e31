// Staff mode behind a PIN: a wrong PIN is refused in plain words; the right one opens device health, recent
// sessions (with scores, which only staff see), the simulated reader's controls and the session reset.
import { expect, test } from '../fixtures';
import { agreeToConsent, pinHash, typePin, unlockStaff } from './flow-steps';

const PIN = '246810';

test.use({ kioskConfig: { staff: { pinHash: pinHash(PIN) } } });

test('a wrong PIN is refused, the right one opens staff mode, lock closes it', async ({ page, kiosk }) => {
  await page.getByTestId('staff-open').click();
  await typePin(page, '111111');
  await expect(page.getByTestId('staff-error')).toHaveAttribute('data-code', 'STAFF_PIN_WRONG');
  await expect(page.getByTestId('staff-panel')).toHaveCount(0);
  await kiosk.shot('staff-pin-wrong');
  await typePin(page, PIN);
  await expect(page.getByTestId('staff-panel')).toBeVisible();
  // The camera state travels renderer → main → event → renderer, so this proves the round trip.
  await expect(page.getByTestId('health-camera')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('health-reader')).toHaveAttribute('data-state', /ok|degraded/);
  await kiosk.shot('staff-panel');
  await page.getByTestId('staff-lock').click();
  await expect(page.getByTestId('staff-overlay')).toHaveCount(0);
  // Locked again: opening asks for the PIN.
  await page.getByTestId('staff-open').click();
  await expect(page.getByTestId('pin-pad')).toBeVisible();
});

test('staff insert a demo card, see the session listed and reset it', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await unlockStaff(page, PIN);
  await page.getByTestId('sim-insert-resident-adult').click();
  await expect(page.getByTestId('staff-done')).toHaveAttribute('data-action', 'insert-resident-adult');
  await page.getByTestId('staff-reset').click();
  await expect(page.getByTestId('staff-done')).toHaveAttribute('data-action', 'reset');
  // The reset session shows up among the recent ones.
  await expect(page.getByTestId('staff-recent-row')).toHaveCount(1);
  await kiosk.shot('staff-recent');
  await page.getByTestId('staff-lock').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});
