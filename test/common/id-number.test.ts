// The typed-ID-number rule shared by the staff console and the contract: check character, real birth date, the
// old 15-character foreigner number by shape; spaces and a lower-case x are how people type, not errors.
import { describe, expect, it } from 'vitest';
import { idNumberProblem, idNumberSchema } from '../../common/id-number';

describe('idNumberProblem', () => {
  it('accepts valid numbers as people type them', () => {
    expect(idNumberProblem('110101198008120036')).toBeNull();
    expect(idNumberProblem('110101 19800812 0036')).toBeNull();
    expect(idNumberProblem('11010519491231002x')).toBeNull();
    expect(idNumberProblem('810000199204150054')).toBeNull();
    expect(idNumberProblem('USA110080052001')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(idNumberProblem('11010119800812003')).toBe('format');
    expect(idNumberProblem('11010119800812003A')).toBe('format');
    expect(idNumberProblem('110101198008120035')).toBe('check');
    // 1980-02-30 with a matching check character: only the date is wrong.
    const body = '11010119800230003';
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const c = '10X98765432'[[...body].reduce((s, d, i) => s + Number(d) * w[i]!, 0) % 11]!;
    expect(idNumberProblem(body + c)).toBe('birth-date');
  });

  it('the contract schema normalises or refuses', () => {
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(idNumberSchema.safeParse('110101198008120035').success).toBe(false);
    expect(idNumberSchema.safeParse('1'.repeat(41)).success).toBe(false);
  });
});
