// ID numbers as a person types them (staff console, manual entry): GB 11643-1999 18-character numbers with their
// ISO 7064 MOD 11-2 check character and a real birth date in positions 7–14 (also 2023 foreigner numbers starting
// with 9 and HK/Macau/Taiwan permit numbers 81/82/83…), and the old 15-character foreigner's permanent-residence
// number (three letters + twelve digits; its check rule is not public, so only its shape is checked).
// Pure and shared: the renderer shows the problem before sending, main refuses the same numbers in the contract.
import { z } from 'zod';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits, or null if they are not 17 digits. */
export function checkCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True for an 18-character number whose last character matches its check character (lower-case x accepted). */
export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return false;
  return checkCharacter(idNumber.slice(0, 17)) === idNumber[17]!.toUpperCase();
}

/** `YYYYMMDD` → `YYYY-MM-DD` when it is a real calendar date, otherwise null. */
export function compactDateToIso(compact: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(compact);
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return null;
  }
  return `${y}-${mo}-${d}`;
}

/** Birth date encoded in an 18-digit number (positions 7–14), or null. */
export function birthDateFromIdNumber(idNumber: string): string | null {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return null;
  return compactDateToIso(idNumber.slice(6, 14));
}

/** Spaces dropped, `x` upper-cased: the number as printed on the card. */
export function normalizeTypedIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type IdNumberProblem = 'format' | 'check' | 'birth-date';

/** What is wrong with a typed number (after normalising), or null when it is a valid ID number. */
export function idNumberProblem(raw: string): IdNumberProblem | null {
  const n = normalizeTypedIdNumber(raw);
  if (/^[A-Z]{3}\d{12}$/.test(n)) return null;
  if (!/^\d{17}[\dX]$/.test(n)) return 'format';
  if (!isValidIdNumber(n)) return 'check';
  // A birth date in the future is as wrong as 2月30日: nobody holds that card yet.
  const birth = birthDateFromIdNumber(n);
  if (!birth || birth > new Date().toISOString().slice(0, 10)) return 'birth-date';
  return null;
}

/** A typed ID number in a contract: normalised, refused with the reason when it is not a valid number. */
export const idNumberSchema = z
  .string()
  .max(40)
  .transform(normalizeTypedIdNumber)
  .superRefine((n, ctx) => {
    const problem = idNumberProblem(n);
    if (problem) ctx.addIssue({ code: 'custom', message: `ID number invalid (${problem})` });
  });
