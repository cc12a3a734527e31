// Staff mode behind a PIN: a wrong PIN is refused in plain words; the right one opens device health, recent
// sessions (with scores, which only staff see), the simulated reader's controls and the session reset.
import { randomBytes, scryptSync } from 'node:crypto';
import { expect, test } from '../fixtures';
import type { Page } from '@playwright/test';
import { agreeToConsent } from './flow-steps';

const PIN = '246810';

/** The config's PIN hash in main/config/pin.ts's format (scrypt:N:r:p:salt:hash), made fresh for this run. */
function pinHash(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join(':');
}

test.use({ kioskConfig: { staff: { pinHash: pinHash(PIN) } } });

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pin-${digit}`).click();
  await expect(page.getByTestId('pin-dots')).toHaveText('●'.repeat(pin.length));
  await page.getByTestId('pin-submit').click();
}

export async function unlockStaff(page: Page): Promise<void> {
  await page.getByTestId('staff-open').click();
  await expect(page.getByTestId('pin-pad')).toBeVisible();
  await typePin(page, PIN);
  await expect(page.getByTestId('staff-panel')).toBeVisible();
}

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
  await unlockStaff(page);
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
