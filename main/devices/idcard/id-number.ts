// GB 11643-1999 citizen ID numbers: the ISO 7064 MOD 11-2 check character, and what the number itself says
// (birth date in positions 7–14, sex by the parity of position 17). Spec §9.4. The same check applies to 2023
// foreigner numbers (first digit 9) and HK/Macau/Taiwan permit numbers (810000/820000/830000).

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

/** Completes 17 digits with their check character (used to make fake numbers for demos and tests). */
export function withCheckCharacter(first17: string): string {
  const c = checkCharacter(first17);
  if (c === null) throw new Error(`not 17 digits: ${first17}`);
  return first17 + c;
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

/** Sex encoded by the parity of position 17: odd = male, even = female. */
export function sexFromIdNumber(idNumber: string): 'male' | 'female' | null {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return null;
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
}
