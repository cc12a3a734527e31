// Data-subject requests at the staff console: a person completes a verification; staff open an access request by
// the card's ID number (a typo in it is named first), see what is held, export a copy; then a withdraw-consent
// request deletes the result and leaves a withdrawal receipt, and a second look-up finds only receipts.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { scanDirectory } from '../../main/records/biometric-scan';
import { expect, test } from '../fixtures';
import {
  FACE_TIMEOUT_MS,
  agreeToConsent,
  confirmCard,
  expectTouchTargets,
  faceCheckScreen,
  insertCard,
  pinHash,
  unlockStaff,
} from './flow-steps';

const PIN = '135790';
/** The resident-adult demo card's number (main/devices/idcard/demo-cards.ts). */
const ID_NUMBER = '110101198008120036';

// Active challenges need a moving person; the fake camera is a panned still photo. Passive checks stay on.
test.use({ kioskConfig: { staff: { pinHash: pinHash(PIN) }, liveness: { active: false } } });

async function openRequest(page: Page, kind: string, idNumber: string, note?: string): Promise<void> {
  await page.getByTestId(`dsr-kind-${kind}`).click();
  await expect(page.getByTestId(`dsr-kind-${kind}`)).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('dsr-id-number').fill(idNumber);
  if (note) await page.getByTestId('dsr-note').fill(note);
  await page.getByTestId('dsr-open').click();
  await expect(page.getByTestId('dsr-detail')).toHaveAttribute('data-kind', kind);
}

test('staff answer access, copy and withdrawal requests for a verified person', async ({ page, kiosk }) => {
  test.setTimeout(180_000);
  // A verification that passes: consent receipt, card holder link, result.
  await agreeToConsent(page, kiosk);
  await insertCard(page, kiosk, 'resident-adult');
  await confirmCard(page);
  await expect(faceCheckScreen(page)).toBeVisible();
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await expect(outcome).toHaveAttribute('data-outcome', 'pass');
  await page.getByTestId('result-done').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await kiosk.simulator({ action: 'remove' });

  await unlockStaff(page, PIN);
  const section = page.getByTestId('dsr-section');
  await section.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('dsr-none')).toBeVisible();

  // A mistyped number is named before anything is sent: wrong check character, then an impossible birth date.
  const typo = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '5' ? '6' : '5');
  await page.getByTestId('dsr-id-number').fill(typo);
  await expect(page.getByTestId('dsr-id-number-error')).toHaveAttribute('data-problem', 'check');
  await page.getByTestId('dsr-open').click();
  await expect(page.getByTestId('dsr-detail')).toHaveCount(0);
  await expect(page.getByTestId('dsr-none')).toBeVisible();
  await expectTouchTargets(page);
  await kiosk.shot('dsr-id-invalid');

  // Access (查阅) by the card's number: the request is listed with its due date in working days.
  await openRequest(page, 'access', ID_NUMBER, '本人到柜台申请查阅');
  await page.getByTestId('dsr-back').click();
  const row = page.getByTestId('dsr-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-overdue', 'false');
  await expect(row.getByTestId('dsr-due')).toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(row).toContainText('15');
  await kiosk.shot('dsr-list');
  await row.getByTestId('dsr-handle').click();
  // The number typed when the request was recorded is still there; look up what is held.
  await expect(page.getByTestId('dsr-detail-id')).toHaveValue(ID_NUMBER);
  await page.getByTestId('dsr-locate').click();
  await expect(page.getByTestId('dsr-holdings')).toBeVisible();
  await expect(page.getByTestId('dsr-count-result')).toHaveText('1');
  await expect(page.getByTestId('dsr-count-consent')).toHaveText('1');
  await expect(page.getByTestId('dsr-receipt')).toHaveAttribute('data-decision', 'agree');
  await expectTouchTargets(page);
  await kiosk.shot('dsr-holdings');

  // A copy (复制): a JSON file in the export folder, path and SHA-256 shown, no plain ID number in it.
  await page.getByTestId('dsr-export').click();
  const exported = page.getByTestId('dsr-export-result');
  await expect(exported).toBeVisible();
  const exportPath = (await page.getByTestId('dsr-export-path').textContent()) ?? '';
  expect(path.dirname(exportPath)).toBe(path.join(kiosk.dataDir, 'dsr-exports'));
  const copy = JSON.parse(await readFile(exportPath, 'utf8')) as {
    records: { type: string; data: { kind?: string } }[];
  };
  // The session's link to the person and the kiosk's device environment checked for it (agreement clause 3.3).
  expect(copy.records.map((r) => `${r.type}/${r.data.kind ?? ''}`).sort()).toEqual([
    'consent/',
    'result/verification',
    'session/environment',
    'session/subject-link',
  ]);
  expect(await readFile(exportPath, 'utf8')).not.toContain(ID_NUMBER);
  await kiosk.shot('dsr-exported');
  await page.getByTestId('dsr-outcome').fill('已出示所持信息并提供副本');
  await page.getByTestId('dsr-close-done').click();
  await expect(page.getByTestId('dsr-none')).toBeVisible();

  // Withdraw consent (撤回同意): confirmed first; the result goes, a withdrawal receipt stays.
  await openRequest(page, 'withdraw', ID_NUMBER);
  await page.getByTestId('dsr-withdraw').click();
  await expect(page.getByTestId('dsr-confirm')).toBeVisible();
  await expectTouchTargets(page);
  await kiosk.shot('dsr-withdraw-confirm');
  await page.getByTestId('dsr-confirm-no').click();
  await expect(page.getByTestId('dsr-confirm')).toHaveCount(0);
  await page.getByTestId('dsr-withdraw').click();
  await page.getByTestId('dsr-confirm-yes').click();
  // The result and the device environment collected under that consent.
  await expect(page.getByTestId('dsr-withdraw-result')).toHaveAttribute('data-deleted', '2');
  await expect(page.getByTestId('dsr-withdraw-receipt')).toHaveText(/^[0-9a-f-]{36}$/);
  await kiosk.shot('dsr-withdrawn');

  // A second look-up: no result any more, only the receipts (the agreement and its withdrawal).
  await page.getByTestId('dsr-locate').click();
  await expect(page.getByTestId('dsr-count-result')).toHaveText('0');
  await expect(page.getByTestId('dsr-receipt')).toHaveCount(2);
  await expect(page.getByTestId('dsr-receipt').nth(1)).toHaveAttribute('data-decision', 'withdraw');
  await kiosk.shot('dsr-after-withdrawal');
  await page.getByTestId('dsr-outcome').fill('已撤回同意并删除相关信息');
  await page.getByTestId('dsr-close-done').click();
  await expect(page.getByTestId('dsr-none')).toBeVisible();

  // Nothing on the kiosk's disk holds the ID number in plain, the copy included.
  expect(await readdir(path.join(kiosk.dataDir, 'dsr-exports'))).toHaveLength(1);
  const scan = await scanDirectory(kiosk.dataDir, [ID_NUMBER]);
  expect(scan.findings.filter((f) => f.kind === 'id-number')).toEqual([]);
});
