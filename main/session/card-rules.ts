// What the session decides from a card's dates: the holder's age today (guardian rule) and whether the card has
// expired. Dates are YYYY-MM-DD calendar days on the kiosk's local calendar.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return [y, mo, d];
}

/** Whole years from `birthDate` to the local day of `nowMs`; null for a malformed date or one in the future. */
export function ageOn(birthDate: string, nowMs: number): number | null {
  const b = parts(birthDate);
  if (!b) return null;
  const now = new Date(nowMs);
  const [y, m, d] = [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  let age = y - b[0];
  if (m < b[1] || (m === b[1] && d < b[2])) age -= 1;
  return age >= 0 ? age : null;
}

/** True once the local day of `nowMs` is after `validUntil`; long-term cards (null) never expire. */
export function isExpired(validUntil: string | null, nowMs: number): boolean {
  if (validUntil === null) return false;
  const v = parts(validUntil);
  if (!v) return true; // a validity we cannot read is not a validity we can trust
  const now = new Date(nowMs);
  const today = now.getFullYear() * 10_000 + (now.getMonth() + 1) * 100 + now.getDate();
  return today > v[0] * 10_000 + v[1] * 100 + v[2];
}
