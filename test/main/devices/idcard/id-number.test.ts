import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateFromIdNumber,
  checkCharacter,
  compactDateToIso,
  isValidIdNumber,
  sexFromIdNumber,
  withCheckCharacter,
} from '../../../../main/devices/idcard/id-number';
import { nationCode, nationName, NATION_COUNT } from '../../../../main/devices/idcard/nations';

describe('GB 11643 check character', () => {
  it('matches the spec worked examples', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(isValidIdNumber('11010119900307002X')).toBe(true);
  });

  it('rejects a changed digit, wrong length and letters', () => {
    expect(isValidIdNumber('11010519491231003X')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002XX')).toBe(false);
    expect(isValidIdNumber('A1010519491231002X')).toBe(false);
    expect(checkCharacter('abc')).toBeNull();
  });

  it('detects every single-digit change (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}$/),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (d, pos, delta) => {
          const id = withCheckCharacter(d);
          expect(isValidIdNumber(id)).toBe(true);
          const changed = d.slice(0, pos) + ((Number(d[pos]) + delta) % 10) + d.slice(pos + 1) + id[17];
          expect(isValidIdNumber(changed)).toBe(false);
        },
      ),
    );
  });

  it('reads the birth date and sex from the number', () => {
    expect(birthDateFromIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(sexFromIdNumber('11010519491231002X')).toBe('female');
    expect(sexFromIdNumber('440524188001010014')).toBe('male');
    expect(birthDateFromIdNumber('110105194913310020')).toBeNull();
  });

  it('accepts only real calendar dates', () => {
    expect(compactDateToIso('20000229')).toBe('2000-02-29');
    expect(compactDateToIso('19000229')).toBeNull();
    expect(compactDateToIso('20231301')).toBeNull();
    expect(compactDateToIso('长期')).toBeNull();
  });
});

describe('nation table', () => {
  it('maps the GB 3304 codes both ways, including the corrected spellings', () => {
    expect(NATION_COUNT).toBe(56);
    expect(nationName('01')).toBe('汉');
    expect(nationName('31')).toBe('达斡尔');
    expect(nationName('46')).toBe('德昂');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('97')).toBe('其他');
    expect(nationName('98')).toBe('外国血统中国籍人士');
    expect(nationName('59')).toBeUndefined();
    expect(nationName('1')).toBeUndefined();
    for (let i = 1; i <= 56; i++) {
      const code = String(i).padStart(2, '0');
      expect(nationCode(nationName(code)!)).toBe(code);
    }
  });
});
