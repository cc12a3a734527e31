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

test('the health panel shows what main reports, camera included', async ({ page, kiosk }) => {
  await page.getByTestId('open-health').click();
  const panel = page.getByTestId('health-panel');
  await expect(panel).toBeVisible();
  // The camera state travels renderer → main → event → renderer, so this proves the round trip.
  await expect(page.getByTestId('health-camera')).toHaveAttribute('data-state', 'ok');
  for (const c of ['reader', 'models']) {
    await expect(page.getByTestId(`health-${c}`)).toHaveAttribute(
      'data-state',
      /ok|degraded|missing|error|starting/,
    );
  }
  await kiosk.shot('health-panel');
});
