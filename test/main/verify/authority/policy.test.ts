import { describe, expect, it } from 'vitest';
import { decideMatch } from '../../../../main/verify/authority/policy';
import type { AuthorityVerdict } from '../../../../main/verify/authority/types';

const verdict = (result: AuthorityVerdict['result']): AuthorityVerdict => ({
  result,
  reference: 'r',
  provider: 'mps',
});

describe('decideMatch', () => {
  it('local policy follows the local match only', () => {
    expect(decideMatch('local', 'match', undefined)).toEqual({ decision: 'pass', reasons: [] });
    expect(decideMatch('local', 'no_match', verdict('match'))).toEqual({
      decision: 'fail',
      reasons: ['local_no_match'],
    });
  });

  it('authority policy follows the authority only; no photo on file fails', () => {
    expect(decideMatch('authority', undefined, verdict('match')).decision).toBe('pass');
    expect(decideMatch('authority', 'no_match', verdict('match')).decision).toBe('pass');
    expect(decideMatch('authority', undefined, verdict('no_photo'))).toEqual({
      decision: 'fail',
      reasons: ['authority_no_photo'],
    });
  });

  it('both policy needs both, and lists every reason', () => {
    expect(decideMatch('both', 'match', verdict('match')).decision).toBe('pass');
    expect(decideMatch('both', 'match', verdict('no_match')).reasons).toEqual(['authority_no_match']);
    expect(decideMatch('both', 'no_match', verdict('no_photo')).reasons).toEqual([
      'local_no_match',
      'authority_no_photo',
    ]);
  });

  it('throws (a caller bug) when a required input is missing', () => {
    expect(() => decideMatch('both', 'match', undefined)).toThrow();
    expect(() => decideMatch('local', undefined, undefined)).toThrow();
  });
});
