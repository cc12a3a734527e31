// Steps the flow specs share: get through consent the way a person would (scroll to the end, tick the boxes),
// put a demo card on the simulated reader and confirm it. Each step asserts what the screen must show on the way.
import { randomBytes, scryptSync } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, type Kiosk } from '../fixtures';

/** A face check takes model time on two cores: positioning, passive liveness, match. */
export const FACE_TIMEOUT_MS = 60_000;

export async function startSession(page: Page): Promise<void> {
  await expect(page.getByTestId('screen-attract')).toBeVisible();
  await page.getByTestId('start').click();
  await expect(page.getByTestId('screen-consent')).toBeVisible();
  await expect(page.getByTestId('agreement-text')).toBeVisible();
}

export async function tickAllBoxes(page: Page): Promise<void> {
  await page.getByTestId('consent-agree-check').check();
  for (const box of await page.locator('[data-testid^="confirmation-check-"]').all()) await box.check();
}

export async function scrollAgreementToEnd(page: Page): Promise<void> {
  await page.getByTestId('agreement-text').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId('agreement-text')).toHaveAttribute('data-scrolled-to-end', 'true');
}

/** On the consent screen: tick every box, scroll the text to the end, and agree (enabled only then). */
export async function acceptAgreement(page: Page): Promise<void> {
  await tickAllBoxes(page);
  await scrollAgreementToEnd(page);
  await expect(page.getByTestId('consent-agree')).toBeEnabled();
  await page.getByTestId('consent-agree').click();
}

export async function agreeToConsent(page: Page, kiosk: Kiosk): Promise<void> {
  await startSession(page);
  await kiosk.shot('consent');
  await acceptAgreement(page);
  await expect(page.getByTestId('screen-card')).toBeVisible();
}

/** Inserts a demo card and waits for its masked summary. */
export async function insertCard(page: Page, kiosk: Kiosk, card: string): Promise<void> {
  await expect(page.getByTestId('reader-status')).toHaveAttribute('data-status', 'ready');
  await kiosk.shot('card-place');
  await kiosk.simulator({ action: 'insert', card });
  await expect(page.getByTestId('card-summary')).toBeVisible();
}

export async function confirmCard(page: Page): Promise<void> {
  await page.getByTestId('card-confirm').click();
}

/**
 * A session a business app started (its consent screen is up): agree, put a demo card on the reader (the adult's,
 * whose photo is the fake camera's person, unless told), and wait through the face check for the intent step.
 */
export async function toIntentStep(page: Page, kiosk: Kiosk, card = 'resident-adult'): Promise<void> {
  await expect(page.getByTestId('screen-consent')).toBeVisible();
  await expect(page.getByTestId('agreement-text')).toBeVisible();
  await acceptAgreement(page);
  await expect(page.getByTestId('screen-card')).toBeVisible();
  await insertCard(page, kiosk, card);
  await confirmCard(page);
  await expect(page.getByTestId('screen-intent')).toBeVisible({ timeout: FACE_TIMEOUT_MS });
}

/**
 * The session step main's view is at (common/session.ts SessionStep), as the kiosk's root element carries it. The
 * retry offer ('retry') and the final result ('result') are different steps shown on the same result screen.
 */
export async function expectStep(page: Page, step: string): Promise<void> {
  await expect(page.locator('.kiosk')).toHaveAttribute('data-step', step);
}

export const faceCheckScreen = (page: Page) =>
  page.getByTestId('screen-capture').or(page.getByTestId('screen-liveness'));

/** Every button on the current screen is a touch target of at least 64 × 64 px. */
export async function expectTouchTargets(page: Page): Promise<void> {
  for (const button of await page.locator('button:visible').all()) {
    const box = await button.boundingBox();
    expect(box, 'button has a box').not.toBeNull();
    const name = (await button.getAttribute('data-testid')) ?? (await button.textContent());
    expect(box!.height, `height of ${name}`).toBeGreaterThanOrEqual(64);
    expect(box!.width, `width of ${name}`).toBeGreaterThanOrEqual(64);
  }
}

/** The config's PIN hash in main/config/pin.ts's format (scrypt:N:r:p:salt:hash), made fresh for this run. */
export function pinHash(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join(':');
}

/** Types a PIN on the staff keypad (each digit shows as a dot) and submits it. */
export async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pin-${digit}`).click();
  await expect(page.getByTestId('pin-dots')).toHaveText('●'.repeat(pin.length));
  await page.getByTestId('pin-submit').click();
}

/** Opens staff mode with the corner button and the PIN the kiosk config was given (see pinHash). */
export async function unlockStaff(page: Page, pin: string): Promise<void> {
  await page.getByTestId('staff-open').click();
  await expect(page.getByTestId('pin-pad')).toBeVisible();
  await typePin(page, pin);
  await expect(page.getByTestId('staff-panel')).toBeVisible();
}
