import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareTranscript, editDistance, normaliseSpoken } from '../../../main/intent/text-compare';

describe('normaliseSpoken', () => {
  it('writes spoken Chinese digits as digits and drops punctuation and spaces', () => {
    expect(normaliseSpoken('本人自愿办理开立账户，确认码 幺两三〇。', 'zh-CN')).toBe(
      '本人自愿办理开立账户确认码1230',
    );
  });
  it('turns full-width digits into ASCII digits', () => {
    expect(normaliseSpoken('确认码４０１２', 'zh-CN')).toBe('确认码4012');
  });
  it('writes English number words as digits, case-insensitively', () => {
    expect(normaliseSpoken('Code Zero six, two one.', 'en')).toBe('code0621');
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions and deletions', () => {
    expect(editDistance([...'开立账户'], [...'开账户'])).toBe(1);
    expect(editDistance([...'abc'], [...'xbcd'])).toBe(2);
    expect(editDistance([], [...'ab'])).toBe(2);
  });
  it('is a metric: symmetric, zero only for equal strings, triangle inequality', () => {
    const s = fc.array(fc.constantFrom('一', '二', '开', '户', 'a', '1'), { maxLength: 8 });
    fc.assert(
      fc.property(s, s, s, (a, b, c) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a.join() === b.join());
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
    );
  });
});

describe('compareTranscript', () => {
  const shown = '本人自愿办理开立个人账户，确认码 4 0 1 2。';

  it('passes the sentence read with digits as words', () => {
    const r = compareTranscript(shown, '本人自愿办理开立个人账户确认码四零一二', 'zh-CN', 0.25);
    expect(r).toMatchObject({ cer: 0, digitsMatch: true, passed: true });
  });

  it('passes a transcript with a few wrong characters within tolerance', () => {
    // Two homophone errors out of 19 characters: CER ≈ 0.105.
    const r = compareTranscript(shown, '本人自原办理开立个人帐户确认码四零一二', 'zh-CN', 0.25);
    expect(r.cer).toBeCloseTo(2 / 19, 5);
    expect(r.passed).toBe(true);
  });

  it('fails when the digits differ, however close the rest is', () => {
    const r = compareTranscript(shown, '本人自愿办理开立个人账户确认码四零一三', 'zh-CN', 0.5);
    expect(r.cer).toBeLessThan(0.1);
    expect(r).toMatchObject({
      digitsExpected: '4012',
      digitsHeard: '4013',
      digitsMatch: false,
      passed: false,
    });
  });

  it('fails a different sentence with the right digits', () => {
    const r = compareTranscript(shown, '我要取款确认码四零一二', 'zh-CN', 0.25);
    expect(r.digitsMatch).toBe(true);
    expect(r.cer).toBeGreaterThan(0.25);
    expect(r.passed).toBe(false);
  });

  it('fails an empty transcript', () => {
    expect(compareTranscript(shown, '', 'zh-CN', 0.25)).toMatchObject({ cer: 1, passed: false });
  });

  it('compares English by characters the same way', () => {
    const r = compareTranscript(
      'I agree to open a personal account. Code 0 6 2 1.',
      'i agree to open a personal account code oh six two one',
      'en',
      0.1,
    );
    expect(r).toMatchObject({ cer: 0, passed: true });
  });
});
