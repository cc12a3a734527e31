import { expect, test } from '../fixtures';
import { CONTENT_SECURITY_POLICY } from '../../main/hosts/security-headers';

test('the page has no Node access and carries the CSP', async ({ page }) => {
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  const globals = await page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    module: typeof (globalThis as Record<string, unknown>).module,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toBe(CONTENT_SECURITY_POLICY);
});

test('inline scripts are blocked by the CSP', async ({ page }) => {
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.appendChild(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});

test('the preload exposes verbs only, never a generic invoke', async ({ page, kiosk }) => {
  test.skip(kiosk.host !== 'electron', 'window.hexin comes from preload only under Electron');
  const keys = await page.evaluate(() => Object.keys((window as unknown as { hexin: object }).hexin));
  expect(keys).toContain('getAppInfo');
  expect(keys).not.toContain('invoke');
  expect(keys).not.toContain('send');
});

test('the web host refuses a browser without the token', async ({ page, kiosk }) => {
  test.skip(kiosk.host !== 'web', 'token guard is the web host’s');
  const status = await page.evaluate(async (origin) => {
    // credentials: 'omit' drops the token cookie, as a foreign page or a fresh browser would.
    const r = await fetch(`${origin}/`, { credentials: 'omit' });
    return r.status;
  }, kiosk.origin!);
  expect(status).toBe(401);
});
