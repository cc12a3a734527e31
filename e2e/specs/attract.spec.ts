import { expect, test } from '../fixtures';

test('the attract screen is in Chinese and switches to English', async ({ page, kiosk }) => {
  const attract = page.getByTestId('screen-attract');
  await expect(attract).toBeVisible();
  await expect(page.getByTestId('start')).toHaveText('开始');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await kiosk.shot('attract-zh');

  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('start')).toHaveText('Start');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await kiosk.shot('attract-en');

  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('start')).toHaveText('开始');
});

test('touch targets are at least 64 px', async ({ page }) => {
  await expect(page.getByTestId('start')).toBeVisible();
  for (const button of await page.locator('button').all()) {
    const box = await button.boundingBox();
    expect(box, 'button has a box').not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(64);
    expect(box!.width).toBeGreaterThanOrEqual(64);
  }
});

test('staff mode sits behind a corner button and asks for a PIN', async ({ page, kiosk }) => {
  // Device health moved into staff mode: flow-staff.spec.ts unlocks it and checks the camera round trip.
  await page.getByTestId('staff-open').click();
  await expect(page.getByTestId('pin-pad')).toBeVisible();
  // No staff PIN is configured on this kiosk: the pad says so instead of failing silently.
  await expect(page.getByTestId('staff-no-pin')).toBeVisible();
  await kiosk.shot('staff-pin-pad');
  await page.getByTestId('pin-cancel').click();
  await expect(page.getByTestId('pin-pad')).toHaveCount(0);
});
