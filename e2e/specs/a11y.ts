// The accessibility audit the specs share: axe-core (WCAG 2.x A/AA rules) on the screen as it stands; a serious
// or critical violation fails the test with the rule, the elements and axe's help text, so the failure says what
// to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';

const BLOCKING = new Set(['serious', 'critical']);

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  // axe ran its rules on this page (an empty result from a page it could not inspect would pass silently).
  expect(results.passes.length, `axe checked nothing on ${screen}`).toBeGreaterThan(10);
  const blocking = results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`)
          .join('\n'),
    );
  expect(blocking, `axe on ${screen}:\n${blocking.join('\n')}`).toEqual([]);
}

/**
 * Every visible, enabled control on the screen is reached with Tab alone (a kiosk's accessible keypad) and shows a
 * visible focus indicator when it is: an outline or a ring at least 2 px wide.
 */
export async function expectKeyboardOperable(page: Page, screen: string): Promise<void> {
  const controls = page.locator(
    'button:visible:enabled, input:visible:enabled, a[href]:visible, [tabindex="0"]:visible',
  );
  const names = await controls.evaluateAll((els) =>
    els.map((el, i) => {
      el.setAttribute('data-kbd', String(i));
      return el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 30) ?? el.tagName;
    }),
  );
  expect(names.length, `no controls on ${screen}`).toBeGreaterThan(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<number>();
  const unseen: string[] = [];
  for (let i = 0; i < names.length * 2 + 4 && reached.size < names.length; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      return { index: el.getAttribute('data-kbd'), ring, name: el.getAttribute('data-testid') ?? el.tagName };
    });
    if (!focused || focused.index === null) continue;
    reached.add(Number(focused.index));
    if (!focused.ring) unseen.push(focused.name);
  }
  const missed = names.filter((_, i) => !reached.has(i));
  expect(missed, `${screen}: controls Tab never reaches`).toEqual([]);
  expect(unseen, `${screen}: controls focused without a visible indicator`).toEqual([]);
}
