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
