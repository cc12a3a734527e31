// The reader is pulled out while the kiosk talks to it: the card screen says so in plain words, and once it is
// plugged back in a card is read as usual.
import { expect, test } from '../fixtures';
import { agreeToConsent, insertCard } from './flow-steps';

test('an unplugged reader is shown plainly and recovers when plugged back in', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', 'ready');
  // The next reader exchange stops half-way through its reply and the USB device disappears.
  await kiosk.simulator({ action: 'fault', fault: 'unplug-mid-frame' });
  await kiosk.simulator({ action: 'insert', card: 'resident-adult' });
  await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', /missing|error/);
  await expect(page.getByTestId('reader-help')).toBeVisible();
  await expect(page.getByTestId('card-summary')).toHaveCount(0);
  await kiosk.shot('card-reader-unplugged');

  await kiosk.simulator({ action: 'remove' });
  await kiosk.simulator({ action: 'plug' });
  await insertCard(page, kiosk, 'resident-adult');
  await expect(page.getByTestId('card-name')).not.toBeEmpty();
});

test('a card that cannot be read is explained and can be tried again', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', 'ready');
  // The error shows until a read succeeds: several failed reads in a row (one per poll, 400 ms) keep it up long enough
  // to be seen on a busy machine; with one, the next poll's good read could replace it before the check looks.
  for (let i = 0; i < 5; i++) await kiosk.simulator({ action: 'fault', fault: 'read-fail' });
  await kiosk.simulator({ action: 'insert', card: 'resident-adult' });
  await expect(page.getByTestId('card-error')).toBeVisible();
  await kiosk.shot('card-read-failed');
  // Lifting the card and placing it again reads it.
  await kiosk.simulator({ action: 'remove' });
  await kiosk.simulator({ action: 'insert', card: 'resident-adult' });
  await expect(page.getByTestId('card-summary')).toBeVisible();
});

test('taking the card away during the face check ends the session and says why', async ({ page, kiosk }) => {
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult');
  await page.getByTestId('card-confirm').click();
  await expect(page.locator('.camera-stage')).toBeVisible();
  await kiosk.simulator({ action: 'remove' });
  await expect(page.getByTestId('screen-error')).toBeVisible();
  await expect(page.getByTestId('ended-body')).toHaveAttribute('data-code', 'SESSION_CARD_REMOVED');
  await kiosk.shot('error-card-removed');
});
