// Refusing the agreement ends the session at once and offers the alternative (the staff counter); nothing is read.
import { expect, test } from '../fixtures';
import { startSession } from './flow-steps';

test('refusing the agreement shows the alternatives and ends the session', async ({ page, kiosk }) => {
  await startSession(page);
  // Refuse needs no scrolling and no ticks.
  await expect(page.getByTestId('consent-refuse')).toBeEnabled();
  await page.getByTestId('consent-refuse').click();
  await expect(page.getByTestId('screen-refused')).toBeVisible();
  await expect(page.getByTestId('alternative')).toContainText('人工柜台');
  await kiosk.shot('refused');
  await page.getByTestId('home').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});

test('the refused screen is in English when the person chose English', async ({ page, kiosk }) => {
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('start')).toHaveText('Start');
  await startSession(page);
  await expect(page.getByTestId('consent-agree')).toHaveText('Accept and continue');
  await page.getByTestId('consent-refuse').click();
  await expect(page.getByTestId('screen-refused')).toBeVisible();
  await expect(page.getByTestId('alternative')).toContainText('staff counter');
  await kiosk.shot('refused-en');
});
