// Card holders under 18 need a guardian's confirmation; under 14 the kiosk never goes on alone.
import { expect, test } from '../fixtures';
import { agreeToConsent, confirmCard, faceCheckScreen, insertCard } from './flow-steps';

test('a 16-year-old goes on to the face check once the guardian confirms', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-16');
  await confirmCard(page);
  await expect(page.getByTestId('screen-guardian')).toBeVisible();
  await expect(page.getByTestId('screen-guardian')).toContainText('16');
  await kiosk.shot('guardian');
  await page.getByTestId('guardian-confirm').click();
  await expect(faceCheckScreen(page)).toBeVisible();
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});

test('a guardian who declines ends the session', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-16');
  await confirmCard(page);
  await page.getByTestId('guardian-decline').click();
  await expect(page.getByTestId('screen-refused')).toBeVisible();
});

test('a 12-year-old is sent to the staff counter', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-12');
  await confirmCard(page);
  await expect(page.getByTestId('screen-staff-required')).toBeVisible();
  await expect(page.getByTestId('alternative')).toBeVisible();
  await kiosk.shot('staff-required');
  await page.getByTestId('home').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});
