// Manual card entry in staff mode: refused with the reason when no authority source is configured; with one, staff
// type the holder's name and number (a typo is named first), the person sees the card marked "entered by staff",
// confirms, and the face is compared with the authority's photo only (the simulator on loopback is asked once).
import { startAuthoritySimulator, type AuthoritySimulator } from '../../main/verify/authority/simulator';
import { expect, test as kioskTest } from '../fixtures';
import {
  FACE_TIMEOUT_MS,
  agreeToConsent,
  confirmCard,
  expectTouchTargets,
  faceCheckScreen,
  pinHash,
  unlockStaff,
} from './flow-steps';

const PIN = '864213';
/** The number of the resident-adult demo card, whose chip photo is of the person the fake camera shows. */
const ID_NUMBER = '110101198008120036';

kioskTest.describe('without an authority source', () => {
  kioskTest.use({ kioskConfig: { staff: { pinHash: pinHash(PIN) } } });

  kioskTest('manual entry is refused with the reason', async ({ page, kiosk }) => {
    await unlockStaff(page, PIN);
    const section = page.getByTestId('manual-entry');
    await section.scrollIntoViewIfNeeded();
    await expect(section).toHaveAttribute('data-availability', 'needs-authority');
    await expect(page.getByTestId('manual-entry-unavailable')).toContainText('权威核验源');
    await expect(page.getByTestId('manual-entry-submit')).toHaveCount(0);
    await kiosk.shot('manual-entry-unavailable');
  });
});

const test = kioskTest.extend<{ authority: AuthoritySimulator }>({
  // Playwright reads a fixture's dependencies from the pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  authority: async ({}, use) => {
    const sim = await startAuthoritySimulator();
    await use(sim);
    await sim.close();
  },
  kioskConfig: async ({ authority }, use) => {
    await use({
      staff: { pinHash: pinHash(PIN) },
      // Active challenges need a moving person; the fake camera is a panned still photo. Passive checks stay on.
      liveness: { active: false },
      // The simulator speaks plain HTTP on loopback; a deployment uses HTTPS (mutual TLS) to its gateway.
      authority: { policy: 'both', provider: { endpoint: authority.url, allowInsecureHttp: true } },
    });
  },
});

test('staff enter a card the reader cannot read; the authority alone decides', async ({
  page,
  kiosk,
  authority,
}) => {
  test.setTimeout(150_000);
  await agreeToConsent(page, kiosk);
  await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', 'ready');

  await unlockStaff(page, PIN);
  const section = page.getByTestId('manual-entry');
  await section.scrollIntoViewIfNeeded();
  await expect(section).toHaveAttribute('data-availability', 'available');
  await page.getByTestId('manual-entry-name').fill('王建国');
  // A typo in the check character is named before anything is sent.
  await page.getByTestId('manual-entry-id').fill(ID_NUMBER.slice(0, 17) + '5');
  await expect(page.getByTestId('manual-entry-id-error')).toHaveAttribute('data-problem', 'check');
  await page.getByTestId('manual-entry-submit').click();
  await expect(page.getByTestId('manual-entry-done')).toHaveCount(0);
  await page.getByTestId('manual-entry-id').fill(ID_NUMBER);
  await expect(page.getByTestId('manual-entry-id-error')).toHaveCount(0);
  await expectTouchTargets(page);
  await kiosk.shot('manual-entry-form');
  await page.getByTestId('manual-entry-submit').click();
  await expect(page.getByTestId('manual-entry-done')).toBeVisible();
  await page.getByTestId('staff-lock').click();

  // The person sees the masked card, marked as entered by staff, and confirms it.
  await expect(page.getByTestId('card-summary')).toContainText('人工录入');
  await expect(page.getByTestId('card-number')).toHaveText('1101**********0036');
  await kiosk.shot('card-summary-manual');
  await confirmCard(page);
  await expect(faceCheckScreen(page)).toBeVisible();
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(outcome).toHaveAttribute('data-outcome', 'pass');
  await kiosk.shot('result-pass-manual');
  // No chip photo: the authority was the only comparison, asked once.
  expect(authority.entries.map((e) => e.path)).toEqual(['match']);
});
