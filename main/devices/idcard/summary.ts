// What the kiosk may show of a card: a masked summary (number with the middle hidden), the age on a given day,
// and whether the card has expired. "Today" is always a parameter so tests and the session decide the clock.
import type { CardType, ParsedCard } from './types';

export interface MaskedSummary {
  name: string;
  /** e.g. `1101**********002X`: first 4 and last 4 characters of an 18-character number. */
  maskedNumber: string;
  /** Whole years on `today`, or null when the card's birth date is unreadable. */
  age: number | null;
  type: CardType;
  validUntil: string | 'long-term' | null;
  /** True when `today` is after the last valid day; unreadable expiry counts as expired (fail closed). */
  expired: boolean;
}

/** A calendar day as `YYYY-MM-DD`: string input as is, Date input by its local calendar date. */
export function calendarDay(today: Date | string): string {
  if (typeof today === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a YYYY-MM-DD day: ${today}`);
    return today;
  }
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
}

/** Whole years from `birthDate` (YYYY-MM-DD) to `today`; a 29 February birthday counts from 1 March in common years. */
export function ageOn(birthDate: string, today: Date | string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = calendarDay(today).split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age--;
  return Math.max(0, age);
}

export function isExpired(validUntil: string | 'long-term' | null, today: Date | string): boolean {
  if (validUntil === 'long-term') return false;
  if (validUntil === null) return true;
  // ISO day strings compare correctly as text; the card is valid through its last day.
  return calendarDay(today) > validUntil;
}

/** Hides the middle of a number: 18 characters keep 4 + 4, shorter ones keep 3 + 4 (at least half hidden). */
export function maskNumber(idNumber: string): string {
  const keepStart = idNumber.length >= 18 ? 4 : 3;
  const keepEnd = 4;
  if (idNumber.length <= keepStart + keepEnd) return '*'.repeat(idNumber.length);
  return (
    idNumber.slice(0, keepStart) +
    '*'.repeat(idNumber.length - keepStart - keepEnd) +
    idNumber.slice(-keepEnd)
  );
}

export function maskedSummary(card: ParsedCard, today: Date | string): MaskedSummary {
  return {
    name: card.name || card.nameEn || '',
    maskedNumber: maskNumber(card.idNumber),
    age: card.birthDate ? ageOn(card.birthDate, today) : null,
    type: card.type,
    validUntil: card.validUntil,
    expired: isExpired(card.validUntil, today),
  };
}
