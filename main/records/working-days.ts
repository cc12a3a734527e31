// Working-day arithmetic for data-subject-request deadlines ("15 个工作日"), in China's calendar: weekends off
// unless they are make-up working days (调休), listed public holidays off. Dates are Beijing dates (UTC+8).
import { HexinError } from '../../common/errors';

export interface WorkCalendar {
  holidays: readonly string[];
  makeupWorkdays: readonly string[];
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(t: Date): string {
  return new Date(t.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function parseDate(d: string): number {
  const t = Date.parse(`${d}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(t))
    throw new HexinError('DSR_INVALID', `not a date: ${d}`);
  return t;
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.makeupWorkdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const dow = new Date(parseDate(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The date `n` working days after `date` (the day of receipt itself does not count). */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  let t = parseDate(date);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)) left -= 1;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** Working days from `from` to `to` (positive when `to` is later; 0 on the same day). */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  const a = parseDate(from);
  const b = parseDate(to);
  const sign = b >= a ? 1 : -1;
  let n = 0;
  for (let t = Math.min(a, b) + DAY_MS; t <= Math.max(a, b); t += DAY_MS) {
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)) n += 1;
  }
  return sign * n;
}
