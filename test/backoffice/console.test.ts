// The fleet console in Chromium (Playwright): staff log in, then see the kiosks online, pass / fail / lock-out per
// day as charts, the open alerts and the DSR queue with due dates — from a real back office on PostgreSQL, fed by a
// kiosk over mutual TLS. A wrong password gets no data.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../backoffice/console/build';
import { createEnrolmentToken } from '../../backoffice/enrolment';
import { createFleetDsr, pushConfig } from '../../backoffice/orders';
import { addStaff } from '../../backoffice/staff';
import type { FleetItem } from '../../common/fleet';
import { signBatch } from '../../main/fleet/client';
import { loadOrCreateSigningKey } from '../../main/verify/delivery/signing-key';
import { startTestBackoffice, stopTestPostgres, type TestBackoffice } from './harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let bo: TestBackoffice;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  dir = await mkdtemp(path.join(os.tmpdir(), 'hexin-console-'));
  bo = await startTestBackoffice({ consoleDir: await buildConsole(path.join(dir, 'console')) });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });

  // One kiosk enrolled and reporting: two passes, a fail and a lock-out today, an untrusted environment.
  const { client } = await bo.kioskClient('kiosk-01');
  const key = await loadOrCreateSigningKey(path.join(dir, 'batch.pem'));
  const { generateKeyPairSync } = await import('node:crypto');
  await client.enrol({
    token: await createEnrolmentToken(bo.pool, 'kiosk-01', 'branch-a'),
    kioskId: 'kiosk-01',
    version: '0.1.0',
    batchKey: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.export({ format: 'jwk' }).x! },
    auditKeyPem: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const at = new Date().toISOString();
  const result = (n: number, decision: 'pass' | 'fail' | 'locked'): FleetItem => ({
    kind: 'result',
    sessionId: `s${n}`,
    at,
    decision,
    reason: null,
    subject: null,
  });
  const items: FleetItem[] = [
    result(1, 'pass'),
    result(2, 'pass'),
    result(3, 'fail'),
    result(4, 'locked'),
    { kind: 'environment', at, trusted: false, reasons: ['CLOCK_SKEW'] },
  ];
  await client.sendBatch(await signBatch({ v: 1, kioskId: 'kiosk-01', seq: 1, createdAt: at, items }, key));
  // A config applied, part of it waiting for the kiosk's restart (as the kiosk acknowledges it).
  await pushConfig(bo.pool, bo.vault, 'branch-a', { languages: { available: ['zh-CN'] } });
  const [order] = (await client.pullOrders()).orders; // also a heartbeat
  await client.ackOrder({
    id: order!.id,
    ok: true,
    detail: 'config v1 applied; pending restart: languages',
    appliedVersion: 1,
    pendingRestart: ['languages'],
  });
  await createFleetDsr(bo.pool, bo.vault, {
    kind: 'delete',
    idNumber: '110105197603040015',
    channel: 'counter',
  });
  await addStaff(bo.pool, 'duty.officer', 'correct horse battery');
});

afterAll(async () => {
  // The cluster goes even when closing something else failed (a cluster left running outlives the test process).
  try {
    await browser?.close();
    await bo?.close();
  } finally {
    stopTestPostgres();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('fleet console', () => {
  it('refuses a wrong password, then shows kiosks, daily charts, alerts and the DSR queue', async () => {
    // The test CA is not the browser's: accept the loopback server certificate.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(bo.url + '/');
    await page.fill('input[name=user]', 'duty.officer');
    await page.fill('input[name=password]', 'not the password');
    await page.click('button[type=submit]');
    await expect
      .poll(() => page.locator('[role=alert]').textContent())
      .toMatch(/wrong user name or password/);
    expect(await page.locator('[data-testid=kiosks]').count()).toBe(0);

    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    const row = page.locator('[data-kiosk=kiosk-01]');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('online');
    expect(await row.locator('td').nth(3).textContent()).toBe('0.1.0');
    expect(await row.locator('td').nth(4).textContent()).toBe('v1 (pending restart: languages)');

    const chart = page.locator('[data-testid=chart-kiosk-01]');
    expect(await chart.locator('rect[data-kind=pass]').getAttribute('data-count')).toBe('2');
    expect(await chart.locator('rect[data-kind=fail]').getAttribute('data-count')).toBe('1');
    expect(await chart.locator('rect[data-kind=locked]').getAttribute('data-count')).toBe('1');

    expect(await page.locator('[data-testid=alerts] li[data-kind="environment.untrusted"]').count()).toBe(1);
    const dsr = page.locator('[data-testid=dsr] tbody tr');
    expect(await dsr.count()).toBe(1);
    expect(await dsr.locator('td').nth(3).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await dsr.locator('td').nth(4).textContent()).toBe('0 / 1');
    expect(await dsr.locator('td').nth(5).textContent()).toBe('back office');
    expect(await page.locator('[data-testid=dsr] th').allTextContents()).toEqual([
      'Request',
      'Kind',
      'Received',
      'Due',
      'Kiosks done',
      'From',
      'Records',
    ]);
    await page.screenshot({ path: path.join(dir, 'console.png') });
    await context.close();
  });

  it('gives the overview to staff only', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const anonymous = await context.request.get(bo.url + '/console/api/overview');
    expect(anonymous.status()).toBe(401);
    await context.close();
  });
});
