import { describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { PIN_HASH_PATTERN, hashPin, verifyPin } from '../../../main/config/pin';

describe('staff PIN hashing', () => {
  it('verifies the right PIN and refuses a wrong one', async () => {
    const stored = await hashPin('482913');
    expect(stored).toMatch(PIN_HASH_PATTERN);
    expect(stored).not.toContain('482913');
    expect(await verifyPin('482913', stored)).toBe(true);
    expect(await verifyPin('482914', stored)).toBe(false);
  });

  it('salts every hash, so the same PIN never gives the same hash', async () => {
    const [a, b] = await Promise.all([hashPin('111111'), hashPin('111111')]);
    expect(a).not.toBe(b);
    expect(await verifyPin('111111', b)).toBe(true);
  });

  it('refuses PINs that are not 6 to 12 digits', async () => {
    for (const pin of ['12345', 'abcdef', '1234567890123', '']) {
      await expect(hashPin(pin)).rejects.toBeInstanceOf(HexinError);
    }
  });

  it('never matches, and never throws, on a malformed or abusive stored hash', async () => {
    const good = await hashPin('654321');
    const parts = good.split(':');
    const tampered = [
      'plain-654321',
      good.replace(/^scrypt/, 'bcrypt'),
      [parts[0], String(1 << 24), ...parts.slice(2)].join(':'), // cost far beyond the bound
      [parts[0], '1000', ...parts.slice(2)].join(':'), // N not a power of two
      [...parts.slice(0, 5), parts[5]!.slice(0, -4) + 'AAAA'].join(':'),
    ];
    for (const stored of tampered) expect(await verifyPin('654321', stored)).toBe(false);
  });
});
