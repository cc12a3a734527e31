// Accessibility audited on every screen a person reaches, in both languages: axe-core finds no serious or critical
// violation (contrast, names, roles, lang), the document's lang follows the language shown, and the guidance the
// screens give is in a live region so a screen reader announces it.
import { expect, test } from '../fixtures';
import { expectAccessible, expectKeyboardOperable } from './a11y';
import {
  FACE_TIMEOUT_MS,
  acceptAgreement,
  confirmCard,
  faceCheckScreen,
  insertCard,
  startSession,
} from './flow-steps';

test.use({ kioskConfig: { liveness: { active: false } } });

for (const language of ['zh-CN', 'en'] as const) {
  test(`every screen of the flow passes axe (${language})`, async ({ page, kiosk }) => {
    await expect(page.getByTestId('screen-attract')).toBeVisible();
    if (language === 'en') await page.getByTestId('language-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectAccessible(page, `attract ${language}`);

    await startSession(page);
    await expectAccessible(page, `consent ${language}`);
    // The check boxes, the scrolling agreement and the buttons: each reached with Tab, each showing its focus.
    await expectKeyboardOperable(page, `consent ${language}`);
    await acceptAgreement(page);
    await expect(page.getByTestId('screen-card')).toBeVisible();
    await expect(page.getByTestId('reader-status')).toHaveAttribute('aria-live', 'polite');
    await expectAccessible(page, `card ${language}`);
    await insertCard(page, kiosk, 'resident-adult');
    await expectAccessible(page, `card summary ${language}`);
    await confirmCard(page);
    await expect(faceCheckScreen(page)).toBeVisible();
    await expectAccessible(page, `capture ${language}`);
    await expect(page.getByTestId('capture-live')).toHaveAttribute('aria-live', 'polite');
    await expect(page.getByTestId('result-outcome')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
    await expectAccessible(page, `result ${language}`);
    await page.getByTestId('result-done').click();

    await expect(page.getByTestId('screen-attract')).toBeVisible();
    if (language === 'en' && (await page.locator('html').getAttribute('lang')) !== 'en')
      await page.getByTestId('language-switch').click();
    await startSession(page);
    await page.getByTestId('consent-refuse').click();
    await expect(page.getByTestId('screen-refused')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectAccessible(page, `refused ${language}`);

    await page.getByTestId('home').click();
    await page.getByTestId('staff-open').click();
    await expect(page.getByTestId('pin-pad')).toBeVisible();
    await expectAccessible(page, `staff PIN ${language}`);
  });
}
