// Accessibility of the staff tools, in both languages: the staff panel (device health, recent sessions with their
// scores, the simulated reader, manual card entry, data-subject requests) and an opened request pass axe-core with
// no serious or critical violation, and the document's lang follows the language shown. Staff use the same
// kiosk screen, often with its accessible keypad, so their screens are held to the customers' bar.
import { expect, test } from '../fixtures';
import { expectAccessible } from './a11y';
import { pinHash, unlockStaff } from './flow-steps';

const PIN = '864209';
// The demo resident card's number (any valid number opens a request; nothing is held for it here).
const ID_NUMBER = '110101198008120036';

test.use({ kioskConfig: { staff: { pinHash: pinHash(PIN) }, liveness: { active: false } } });

for (const language of ['zh-CN', 'en'] as const) {
  test(`staff panel and a data-subject request pass axe (${language})`, async ({ page, kiosk }) => {
    await expect(page.getByTestId('screen-attract')).toBeVisible();
    if (language === 'en') await page.getByTestId('language-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', language);

    await unlockStaff(page, PIN);
    await expect(page.getByTestId('health-camera')).toBeVisible();
    await expect(page.getByTestId('manual-entry')).toBeVisible();
    await expect(page.getByTestId('dsr-section')).toBeVisible();
    await expectAccessible(page, `staff panel ${language}`);
    await kiosk.shot(`a11y-staff-panel-${language}`);

    await page.getByTestId('dsr-kind-access').click();
    await page.getByTestId('dsr-id-number').fill(ID_NUMBER);
    await page.getByTestId('dsr-open').click();
    await expect(page.getByTestId('dsr-detail')).toHaveAttribute('data-kind', 'access');
    await expectAccessible(page, `data-subject request ${language}`);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await kiosk.shot(`a11y-staff-request-${language}`);
  });
}
