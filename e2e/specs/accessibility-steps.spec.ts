// Accessibility audited on the screens accessibility.spec.ts does not reach (issue 17), in Chinese, in English and
// in elderly mode: the reader unplugged, the guardian's confirmation, the error screen (card taken away), the
// lock-out, the idle warning, and the intent step (read-aloud and the question). On each: no serious or critical axe
// violation, the document's lang is the language shown, every control is reached with Tab and shows its focus; a
// screenshot of each goes to e2e-artifacts/screens/<project>/a11y-*.png.
import type { Page } from '@playwright/test';
import { expect, test, type Kiosk } from '../fixtures';
import { expectAccessible, expectKeyboardOperable } from './a11y';
import { apiConfig, startVerification } from './business-app';
import { FACE_TIMEOUT_MS, acceptAgreement, confirmCard, faceCheckScreen, insertCard } from './flow-steps';

const MODES = ['zh-CN', 'en', 'elderly'] as const;
type Mode = (typeof MODES)[number];
const langOf = (mode: Mode) => (mode === 'en' ? 'en' : 'zh-CN');

/** The screen language set for `mode` (main resets it to Chinese at attract). */
async function setLanguage(page: Page, mode: Mode): Promise<void> {
  const html = page.locator('html');
  if ((await html.getAttribute('lang')) !== langOf(mode)) await page.getByTestId('language-switch').click();
  await expect(html).toHaveAttribute('lang', langOf(mode));
}

/** From attract: a session in `mode` (elderly: the attract screen's button), at the consent screen. */
async function startIn(page: Page, mode: Mode): Promise<void> {
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await setLanguage(page, mode);
  await page.getByTestId(mode === 'elderly' ? 'elderly-start' : 'start').click();
  await expect(page.getByTestId('screen-consent')).toBeVisible();
  await expect(page.getByTestId('agreement-text')).toBeVisible();
}

/** axe, the document's lang, Tab through every control, and a screenshot. */
async function audit(page: Page, kiosk: Kiosk, screen: string, mode: Mode): Promise<void> {
  const where = `${screen} (${mode})`;
  await expect(page.locator('html')).toHaveAttribute('lang', langOf(mode));
  await expect(page.locator('.kiosk')).toHaveAttribute('data-elderly', String(mode === 'elderly'));
  await expectAccessible(page, where);
  await expectKeyboardOperable(page, where);
  await kiosk.shot(`a11y-${screen}-${mode}`);
}

test.describe('reader, guardian, error and lock-out screens', () => {
  test.use({ kioskConfig: { liveness: { active: false }, lockout: { maxFailures: 1, lockMinutes: 30 } } });

  for (const mode of MODES) {
    test(`pass axe and the keyboard (${mode})`, async ({ page, kiosk }) => {
      test.setTimeout(150_000);
      await startIn(page, mode);
      await acceptAgreement(page);
      await expect(page.getByTestId('screen-card')).toBeVisible();
      await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', 'ready');

      // The reader is pulled out mid-read.
      await kiosk.simulator({ action: 'fault', fault: 'unplug-mid-frame' });
      await kiosk.simulator({ action: 'insert', card: 'resident-adult' });
      await expect(page.getByTestId('reader-help')).toBeVisible();
      await audit(page, kiosk, 'reader-unplugged', mode);
      await kiosk.simulator({ action: 'remove' });
      await kiosk.simulator({ action: 'plug' });

      // A 16-year-old: the guardian confirms.
      await insertCard(page, kiosk, 'resident-16');
      await confirmCard(page);
      await expect(page.getByTestId('screen-guardian')).toBeVisible();
      await audit(page, kiosk, 'guardian', mode);
      await page.getByTestId('guardian-confirm').click();
      await expect(faceCheckScreen(page)).toBeVisible();

      // The card is taken away during the face check: the error screen.
      await kiosk.simulator({ action: 'remove' });
      await expect(page.getByTestId('screen-error')).toBeVisible();
      await audit(page, kiosk, 'error-card-removed', mode);
      await page.getByTestId('home').click();

      // Another person's card: one mismatch locks it (lockout.maxFailures 1).
      await startIn(page, mode);
      await acceptAgreement(page);
      await insertCard(page, kiosk, 'resident-adult-2');
      await confirmCard(page);
      await expect(page.getByTestId('screen-locked')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
      await audit(page, kiosk, 'locked', mode);
    });
  }
});

test.describe('idle warning', () => {
  test.use({
    kioskConfig: { liveness: { active: false }, session: { idleTimeoutSeconds: 20, idleWarningSeconds: 15 } },
  });

  test('passes axe and takes the focus, in every mode', async ({ page, kiosk }) => {
    test.setTimeout(120_000);
    for (const mode of MODES) {
      await startIn(page, mode);
      const overlay = page.getByTestId('idle-overlay');
      // Elderly mode: twice the idle time, the warning as much earlier (40 s, warned from 30 s left).
      await expect(overlay).toBeVisible({ timeout: 15_000 });
      await expect(overlay).toHaveAccessibleName(/\S/);
      // The dialog's one button has the focus: Enter on a keypad answers it.
      await expect(page.getByTestId('idle-stay')).toBeFocused();
      // A modal: Tab (and Shift+Tab) never leave it for the screen behind, which is inert while it shows.
      for (const key of ['Tab', 'Tab', 'Shift+Tab']) {
        await page.keyboard.press(key);
        await expect(page.getByTestId('idle-stay'), `${key} stays in the idle warning`).toBeFocused();
      }
      await expectAccessible(page, `idle warning (${mode})`);
      await kiosk.shot(`a11y-idle-warning-${mode}`);
      await page.keyboard.press('Enter');
      await expect(overlay).toBeHidden();
      await page.getByTestId('cancel').click();
    }
  });
});

test.describe('intent step', () => {
  test.use({
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    kioskConfig: async ({}, use) => {
      await use({
        liveness: { active: false },
        intent: {
          enabled: true,
          // Long enough that the still photo's "no answer" does not end the question during the audit.
          answerTimeoutMs: 60_000,
          purposes: {
            'open-account': { mode: 'read-aloud', label: { 'zh-CN': '开立个人账户', en: 'open an account' } },
            withdraw: { mode: 'answer', label: { 'zh-CN': '取款', en: 'withdraw cash' } },
          },
        },
        ...(await apiConfig({ id: 'bank-app', name: '示例银行' })),
      });
    },
  });

  for (const mode of MODES) {
    test(`read-aloud and the question pass axe and the keyboard (${mode})`, async ({
      page,
      kiosk,
      kioskConfig,
    }) => {
      test.setTimeout(150_000);
      for (const [purpose, ready] of [
        ['open-account', 'intent-start'],
        ['withdraw', 'intent-confirm'],
      ] as const) {
        await expect(page.getByTestId('screen-attract')).toBeVisible();
        await startVerification(kiosk, kioskConfig, {
          purpose,
          thirdPartyId: 'bank-app',
          language: langOf(mode),
        });
        await expect(page.getByTestId('screen-consent')).toBeVisible();
        await expect(page.getByTestId('agreement-text')).toBeVisible();
        await acceptAgreement(page);
        await expect(page.getByTestId('screen-card')).toBeVisible();
        // Elderly mode as a person would get it here: offered by the 72-year-old card.
        await insertCard(page, kiosk, mode === 'elderly' ? 'resident-72' : 'resident-adult');
        if (mode === 'elderly') await page.getByTestId('elderly-accept').click();
        await confirmCard(page);
        await expect(page.getByTestId('screen-intent')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
        await expect(page.getByTestId(ready)).toBeVisible();
        await expect(page.getByTestId('intent-text')).toHaveAttribute('lang', langOf(mode));
        await audit(page, kiosk, `intent-${purpose === 'withdraw' ? 'answer' : 'read-aloud'}`, mode);
        await page.getByTestId('cancel').click();
        await kiosk.simulator({ action: 'remove' });
      }
    });
  }
});
