import { describe, expect, it } from 'vitest';
import { withCheckCharacter } from '../../../../main/devices/idcard/id-number';
import { manualEntry } from '../../../../main/devices/idcard/manual-entry';
import {
  ageOn,
  calendarDay,
  isExpired,
  maskedSummary,
  maskNumber,
} from '../../../../main/devices/idcard/summary';
import type { ParsedCard } from '../../../../main/devices/idcard/types';
import { codeOf } from './helpers';

const card = (over: Partial<ParsedCard>): ParsedCard => ({
  type: 'resident',
  name: '王建国',
  gender: 'male',
  genderCode: '1',
  birthDate: '2010-01-15',
  idNumber: '310115201001150021',
  idNumberValid: true,
  validFrom: '2025-03-01',
  validUntil: '2030-03-01',
  photoBytes: 1024,
  photo: new Uint8Array(1024),
  warnings: [],
  ...over,
});

describe('age', () => {
  it('counts whole years, the day before and on the birthday', () => {
    expect(ageOn('2010-01-15', '2026-01-14')).toBe(15);
    expect(ageOn('2010-01-15', '2026-01-15')).toBe(16);
    expect(ageOn('2008-11-23', '2026-11-22')).toBe(17);
    expect(ageOn('2008-11-23', '2026-11-23')).toBe(18);
  });

  it('a 29 February birthday comes on 1 March in common years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('takes today as a Date by its local calendar day', () => {
    expect(calendarDay(new Date(2026, 0, 15, 23, 59))).toBe('2026-01-15');
    expect(() => calendarDay('15/01/2026')).toThrow();
  });
});

describe('expiry and masking', () => {
  it('a card is valid through its last day; long-term never expires; unreadable counts as expired', () => {
    expect(isExpired('2025-09-01', '2025-09-01')).toBe(false);
    expect(isExpired('2025-09-01', '2025-09-02')).toBe(true);
    expect(isExpired('long-term', '2099-01-01')).toBe(false);
    expect(isExpired(null, '2026-01-01')).toBe(true);
  });

  it('hides the middle of numbers', () => {
    expect(maskNumber('310115201001150021')).toBe('3101**********0021');
    expect(maskNumber('USA110080052001')).toBe('USA********2001');
    expect(maskNumber('1234')).toBe('****');
  });

  it('summarises a card for display', () => {
    expect(maskedSummary(card({}), '2026-11-23')).toEqual({
      name: '王建国',
      maskedNumber: '3101**********0021',
      age: 16,
      type: 'resident',
      validUntil: '2030-03-01',
      expired: false,
    });
    const foreign = maskedSummary(
      card({ type: 'foreign-permanent', name: '', nameEn: 'SMITH, JOHN', birthDate: null }),
      '2026-11-23',
    );
    expect(foreign).toMatchObject({ name: 'SMITH, JOHN', age: null });
  });
});

describe('manual entry', () => {
  it('accepts a valid name and number and derives birth date and sex', () => {
    expect(manualEntry(' 王 建国 ', '11010519491231002x')).toEqual({
      source: 'manual',
      name: '王建国',
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
    });
    expect(manualEntry('阿依古丽·买买提', '440524188001010014').gender).toBe('male');
    expect(manualEntry('John Smith', '440524188001010014').name).toBe('John Smith');
  });

  it('rejects bad names and numbers with codes', () => {
    expect(codeOf(() => manualEntry('', '440524188001010014'))).toBe('MANUAL_NAME_INVALID');
    expect(codeOf(() => manualEntry('王<script>', '440524188001010014'))).toBe('MANUAL_NAME_INVALID');
    expect(codeOf(() => manualEntry(42, '440524188001010014'))).toBe('MANUAL_NAME_INVALID');
    expect(codeOf(() => manualEntry('王建国', '440524188001010015'))).toBe('ID_NUMBER_INVALID');
    expect(codeOf(() => manualEntry('王建国', '44052418800101001'))).toBe('ID_NUMBER_INVALID');
    expect(codeOf(() => manualEntry('王建国', null))).toBe('ID_NUMBER_INVALID');
    // Valid check character but 13th month: the check alone is not enough.
    expect(codeOf(() => manualEntry('王建国', withCheckCharacter('11010519491331002')))).toBe(
      'ID_NUMBER_INVALID',
    );
  });
});
