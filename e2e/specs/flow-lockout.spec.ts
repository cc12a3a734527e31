// The risk rule on the screen: repeated failed face checks with one card lock that card out for a while, and the
// locked screen says for how long and where to go instead — also when the card is tried again in a new session.
import { expect, test } from '../fixtures';
import {
  FACE_TIMEOUT_MS,
  acceptAgreement,
  agreeToConsent,
  confirmCard,
  expectTouchTargets,
  faceCheckScreen,
  insertCard,
  startSession,
} from './flow-steps';

test.use({
  kioskConfig: { liveness: { active: false }, lockout: { maxFailures: 2, lockMinutes: 30 } },
});

test('two mismatches lock the card out, and it stays locked in the next session', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult-2');
  await confirmCard(page);
  await expect(faceCheckScreen(page)).toBeVisible();
  await expect(page.getByTestId('result-retry')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await page.getByTestId('result-retry').click();

  const locked = page.getByTestId('screen-locked');
  await expect(locked).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(page.getByTestId('ended-body')).toContainText('30');
  await expect(page.getByTestId('alternative')).toBeVisible();
  await expectTouchTargets(page);
  await kiosk.shot('locked');
  await page.getByTestId('home').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();

  // The card is still on the reader from the last session: the new session recognises it as locked as soon as
  // consent is given. (Removing and re-inserting it here would race the reader's poll against the consent clicks.)
  await startSession(page);
  await acceptAgreement(page);
  await expect(locked).toBeVisible();
  await expect(page.getByTestId('ended-body')).toContainText('30');
});
