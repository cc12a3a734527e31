import { expect, test } from '../fixtures';
import { agreeToConsent } from './flow-steps';

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

test('a demo kiosk (reader.mode simulator) says so on every screen', async ({ page, kiosk }) => {
  const banner = page.getByTestId('demo-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('演示模式 / DEMO');
  await kiosk.shot('demo-banner');
});

test.describe('a hardware kiosk without a reader', () => {
  test.use({ readerMode: 'hardware' });

  test('shows no demo banner, never falls back to the simulator, and sends the person to the counter', async ({
    page,
    kiosk,
  }) => {
    await expect(page.getByTestId('screen-attract')).toBeVisible();
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);
    await agreeToConsent(page, kiosk);
    await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', 'missing');
    await expect(page.getByTestId('reader-help')).toBeVisible();
    await kiosk.shot('hardware-no-reader');
    // The simulator's controls do not exist on a hardware kiosk.
    await expect(kiosk.simulator({ action: 'insert', card: 'resident-adult' })).rejects.toThrow(
      /failed: 40[45] /,
    );
  });
});
