// errorMessage: the one way logs and error texts say what was thrown, whatever was thrown.
import { describe, expect, it } from 'vitest';
import { errorMessage, HexinError } from '../../common/errors';

describe('errorMessage', () => {
  it("gives an Error's message and anything else as text", () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage(new HexinError('CARD_CHECKSUM', 'bad checksum'))).toBe('bad checksum');
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
