import { describe, expect, it } from 'vitest';
import { Command, commandFor, describeSw3, Sw3, SW3_TABLE } from '../../../../main/devices/idcard/commands';
import {
  buildRequest,
  buildResponse,
  bytesToHex,
  hexToBytes,
  parseRequest,
  parseResponse,
} from '../../../../main/devices/idcard/frame';

// Literal frames from the spec (§3, §13.1, §13.2).
const REQUESTS: Array<[keyof typeof Command, string, number[]?]> = [
  ['resetSam', 'AA AA AA 96 69 00 03 10 FF EC'],
  ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
  ['readSamId', 'AA AA AA 96 69 00 03 12 FF EE'],
  ['findCard', 'AA AA AA 96 69 00 03 20 01 22'],
  ['selectCard', 'AA AA AA 96 69 00 03 20 02 21'],
  ['readBase', 'AA AA AA 96 69 00 03 30 01 32'],
  ['readBaseWithFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ['readAppendedAddress', 'AA AA AA 96 69 00 03 30 03 30'],
  ['setMaxRfBytes', 'AA AA AA 96 69 00 04 61 FF 50 CA', [0x50]],
];

describe('request frames', () => {
  it.each(REQUESTS)('%s builds %s', (name, hex, data) => {
    const c = Command[name];
    const frame = buildRequest(c.cmd, c.para, new Uint8Array(data ?? []));
    expect(bytesToHex(frame)).toBe(hex);
    const parsed = parseRequest(frame);
    expect(commandFor(parsed.cmd, parsed.para)?.name).toBe(c.name);
    expect(Array.from(parsed.data)).toEqual(data ?? []);
  });

  it('rejects the wrong checksum seen in a public libusb test (20 01 21)', () => {
    expect(() => parseRequest(hexToBytes('AA AA AA 96 69 00 03 20 01 21'))).toThrow(/checksum/);
  });
});

const RESPONSES: Array<[string, number, number[]]> = [
  ['AA AA AA 96 69 00 04 00 00 90 94', 0x90, []],
  ['AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 0x9f, [0, 0, 0, 0]],
  ['AA AA AA 96 69 00 04 00 00 80 84', 0x80, []],
  ['AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 0x90, [0, 0, 0, 0, 0, 0, 0, 0]],
  ['AA AA AA 96 69 00 04 00 00 81 85', 0x81, []],
  ['AA AA AA 96 69 00 04 00 00 41 45', 0x41, []],
  ['AA AA AA 96 69 00 04 00 00 60 64', 0x60, []],
  ['AA AA AA 96 69 00 04 00 00 91 95', 0x91, []],
];

describe('response frames', () => {
  it.each(RESPONSES)('%s parses and rebuilds', (hex, sw3, data) => {
    const r = parseResponse(hexToBytes(hex));
    expect(r).toMatchObject({ sw1: 0, sw2: 0, sw3 });
    expect(Array.from(r.data)).toEqual(data);
    expect(bytesToHex(buildResponse(sw3, new Uint8Array(data)))).toBe(hex);
  });

  it('rejects truncated, overlong, trailing and corrupted frames with codes', () => {
    const good = hexToBytes('AA AA AA 96 69 00 04 00 00 90 94');
    const codeOf = (bytes: Uint8Array): string => {
      try {
        parseResponse(bytes);
        return 'none';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(codeOf(good.subarray(0, 9))).toBe('FRAME_TRUNCATED');
    expect(codeOf(new Uint8Array([...good, 0]))).toBe('FRAME_TRAILING_BYTES');
    expect(codeOf(hexToBytes('AA AA AA 96 69 FF FF 00 00 90 94'))).toBe('FRAME_TOO_LONG');
    expect(codeOf(hexToBytes('AA AA AA 96 68 00 04 00 00 90 94'))).toBe('FRAME_PREAMBLE');
    expect(codeOf(hexToBytes('AA AA AA 96 69 00 04 00 00 90 95'))).toBe('CARD_CHECKSUM');
    expect(codeOf(hexToBytes('AA AA AA 96 69 00 02 00 02'))).toBe('FRAME_TRUNCATED');
  });
});

describe('SW3 table', () => {
  it('names every status code in the spec', () => {
    const spec = [
      0x90, 0x9f, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80,
      0x81, 0xff,
    ];
    expect(Object.keys(SW3_TABLE).map(Number).sort()).toEqual([...spec].sort());
    for (const sw of spec) expect(describeSw3(sw).code).toMatch(/^[A-Z_]+$/);
    expect(describeSw3(Sw3.NO_CARD).code).toBe('CARD_NOT_FOUND');
    expect(describeSw3(0x55).code).toBe('SAM_STATUS_UNKNOWN');
  });
});

describe('hex input', () => {
  it('accepts spaces, colons and 0x prefixes; rejects odd length and non-hex', () => {
    expect(Array.from(hexToBytes('0xAA:bb cc\n01'))).toEqual([0xaa, 0xbb, 0xcc, 0x01]);
    expect(() => hexToBytes('ABC')).toThrow(/odd/);
    expect(() => hexToBytes('zz')).toThrow(/not hex/);
  });
});

describe('failure statuses end operations with their codes', () => {
  it('assertSw3 passes the expected status and throws the table code for every other one', async () => {
    const { assertSw3 } = await import('../../../../main/devices/idcard/card-parser');
    expect(() => assertSw3(Sw3.OK)).not.toThrow();
    expect(() => assertSw3(Sw3.FIND_OK, Sw3.FIND_OK)).not.toThrow();
    for (const [sw, info] of Object.entries(SW3_TABLE)) {
      const sw3 = Number(sw);
      if (sw3 === Sw3.OK) continue;
      const expected = info.code === 'OK' ? 'SAM_STATUS_UNEXPECTED' : info.code;
      expect(() => assertSw3(sw3)).toThrow(expect.objectContaining({ code: expected, details: { sw3 } }));
    }
  });
});
