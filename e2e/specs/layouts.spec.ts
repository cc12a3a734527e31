// Layouts that fit the real kiosk screens (issue 17): 1920×1080 landscape, 1080×1920 portrait and 1366×768, in
// both languages and in elderly mode, from attract through the face check to the result. On each screen every visible button lies inside the window (agree / cancel
// always reachable), axe finds no serious or critical violation, and a screenshot goes to e2e-artifacts/screens/<project>/layout-*.png.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { expectAccessible } from './a11y';
import { FACE_TIMEOUT_MS, acceptAgreement, confirmCard, faceCheckScreen, insertCard } from './flow-steps';

// The passive check only: the fake camera's still photo passes it, so each layout reaches the pass screen.
test.use({ kioskConfig: { liveness: { active: false } } });

const LAYOUTS = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1080x1920', width: 1080, height: 1920 },
  { name: '1366x768', width: 1366, height: 768 },
];

/** Buttons inside the window and no serious or critical axe violation (a scrolling body must be focusable). */
async function expectFits(page: Page, where: string): Promise<void> {
  await expectButtonsOnScreen(page, where);
  await expectAccessible(page, where);
}

async function expectButtonsOnScreen(page: Page, where: string): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const button of await page.locator('button:visible').all()) {
    const box = (await button.boundingBox())!;
    const name = (await button.getAttribute('data-testid')) ?? (await button.textContent());
    const inside =
      box.x >= 0 &&
      box.y >= 0 &&
      box.x + box.width <= viewport.width + 0.5 &&
      box.y + box.height <= viewport.height + 0.5;
    expect(inside, `${where}: ${name} at ${JSON.stringify(box)} outside ${JSON.stringify(viewport)}`).toBe(
      true,
    );
  }
}

for (const layout of LAYOUTS) {
  for (const mode of ['zh-CN', 'en', 'elderly'] as const) {
    test(`screens fit ${layout.name} (${mode})`, async ({ page, kiosk }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: layout.width, height: layout.height });
      const at = (screen: string) => `${screen}-${layout.name}-${mode}`;
      await expect(page.getByTestId('screen-attract')).toBeVisible();
      if (mode === 'en') await page.getByTestId('language-switch').click();
      await expectFits(page, at('attract'));
      await kiosk.shot(`layout-${at('attract')}`);
      await page.getByTestId(mode === 'elderly' ? 'elderly-start' : 'start').click();
      await expect(page.getByTestId('screen-consent')).toBeVisible();
      await expect(page.getByTestId('agreement-text')).toBeVisible();
      await expectFits(page, at('consent'));
      await kiosk.shot(`layout-${at('consent')}`);
      await acceptAgreement(page);
      await expect(page.getByTestId('screen-card')).toBeVisible();
      await expectFits(page, at('card'));
      await kiosk.shot(`layout-${at('card')}`);
      await insertCard(page, kiosk, 'resident-adult');
      await expectFits(page, at('card-summary'));
      await kiosk.shot(`layout-${at('card-summary')}`);
      await confirmCard(page);
      await expect(faceCheckScreen(page)).toBeVisible();
      await expect(page.locator('.camera-stage')).toBeVisible();
      await expectFits(page, at('capture'));
      await kiosk.shot(`layout-${at('capture')}`);
      await expect(page.getByTestId('result-outcome')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
      await expectFits(page, at('result'));
      await kiosk.shot(`layout-${at('result')}`);
      await page.getByTestId('result-done').click();
      await expect(page.getByTestId('screen-attract')).toBeVisible();
    });
  }
}
