import { describe, expect, it } from 'vitest';
import {
  encodeCardText,
  parseCardSpec,
  readBaseData,
  readBaseWithFingerprintData,
} from '../../../../main/devices/idcard/card-spec';
import { parseReadBaseFrame } from '../../../../main/devices/idcard/card-parser';
import { demoCardSpec } from '../../../../main/devices/idcard/demo-cards';
import { buildResponse, bytesToHex } from '../../../../main/devices/idcard/frame';
import { withCheckCharacter } from '../../../../main/devices/idcard/id-number';
import type { HexinError } from '../../../../common/errors';
import { codeOf } from './helpers';

const ZHANG_SAN = parseCardSpec({
  type: 'resident',
  name: '张三',
  genderCode: '1',
  nationCode: '01',
  birthDate: '1990-03-07',
  address: '北京市东城区示例路1号',
  idNumber: '11010119900307002X',
  issuer: '北京市公安局东城分局',
  validFrom: '2015-01-01',
  validUntil: 'long-term',
});

function readFrame(text: Uint8Array, photo = new Uint8Array(1024)): Uint8Array {
  return buildResponse(0x90, readBaseData(text, photo));
}

describe('spec §13.2 synthetic resident card', () => {
  const frame = readFrame(encodeCardText(ZHANG_SAN));

  it('matches the spec header, text bytes, valid-to bytes and checksum', () => {
    expect(frame.length).toBe(1295);
    expect(bytesToHex(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    expect(bytesToHex(frame.subarray(14, 14 + 64))).toBe(
      '20 5F 09 4E 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 31 00 30 00 31 00 31 00 ' +
        '39 00 39 00 30 00 30 00 33 00 30 00 37 00 17 53 AC 4E 02 5E 1C 4E CE 57 3A 53',
    );
    expect(bytesToHex(frame.subarray(14 + 204, 14 + 220))).toBe(
      '7F 95 1F 67 20 00 20 00 20 00 20 00 20 00 20 00',
    );
    expect(frame[1294]).toBe(0xcc);
  });

  it('parses every field', () => {
    const card = parseReadBaseFrame(frame);
    expect(card).toMatchObject({
      type: 'resident',
      name: '张三',
      gender: 'male',
      genderCode: '1',
      nationCode: '01',
      nation: '汉',
      birthDate: '1990-03-07',
      address: '北京市东城区示例路1号',
      idNumber: '11010119900307002X',
      idNumberValid: true,
      issuer: '北京市公安局东城分局',
      validFrom: '2015-01-01',
      validUntil: 'long-term',
      photoBytes: 1024,
    });
    // 张三's number ends in an even sequence digit (female) but the card says male: the spec's vector is synthetic.
    expect(card.warnings).toEqual(['sex code differs from the parity of the ID number']);
  });

  it('parses the same card from a 30 10 reply with fingerprints', () => {
    const fp = new Uint8Array(1024).fill(0x43);
    const f = buildResponse(
      0x90,
      readBaseWithFingerprintData(encodeCardText(ZHANG_SAN), new Uint8Array(1024), fp),
    );
    expect(f.length).toBe(2321);
    expect(bytesToHex(f.subarray(0, 16))).toBe('AA AA AA 96 69 09 0A 00 00 90 01 00 04 00 04 00');
    expect(parseReadBaseFrame(f).name).toBe('张三');
  });
});

describe('other card types', () => {
  it('foreign permanent residence card 2017 (I)', () => {
    const spec = parseCardSpec(demoCardSpec('foreign-2017'));
    const text = encodeCardText(spec);
    expect(text[248]).toBe(0x49);
    const card = parseReadBaseFrame(readFrame(text));
    expect(card).toMatchObject({
      type: 'foreign-permanent',
      name: '史密斯',
      nameEn: 'SMITH, JOHN MICHAEL',
      gender: 'male',
      nationality: 'USA',
      birthDate: '1980-05-20',
      idNumber: 'USA110080052001',
      idNumberValid: true,
      validUntil: '2028-06-01',
      cardVersion: '10',
      issuerCode: '1100',
      warnings: [],
    });
    expect(card.nation).toBeUndefined();
  });

  it('foreign permanent residence card 2023 (Y) with an English name split over both fields', () => {
    const nameEn = 'VAN DER BERG-WILLIAMSON, ALEXANDRA MARIA JOHANNA';
    const en46 = nameEn.slice(0, 46);
    const idNumber = withCheckCharacter('93384019850612008');
    const spec = parseCardSpec({
      type: 'foreign-permanent-2023',
      name: '范德贝',
      nameEn: en46,
      genderCode: '2',
      nationality: '528',
      birthDate: '1985-06-12',
      idNumber,
      validFrom: '2024-01-02',
      validUntil: '2034-01-02',
      renewalCount: '01',
      previousNumberLink: '1',
    });
    const card = parseReadBaseFrame(readFrame(encodeCardText(spec)));
    expect(card).toMatchObject({
      type: 'foreign-permanent-2023',
      name: '范德贝',
      nameEn: en46,
      gender: 'female',
      nationality: '528',
      idNumber,
      idNumberValid: true,
      renewalCount: '01',
      previousNumberLink: '1',
      warnings: [],
    });
  });

  it('HK/Macau/Taiwan residence permit (J), and the 810000 fallback without a marker', () => {
    const idNumber = withCheckCharacter('81000019950817003');
    const spec = parseCardSpec({
      type: 'hk-macau-taiwan',
      name: '陈小明',
      genderCode: '1',
      birthDate: '1995-08-17',
      address: '广东省深圳市福田区示例街2号',
      idNumber,
      issuer: '深圳市公安局',
      validFrom: '2019-01-01',
      validUntil: '2024-01-01',
      passNumber: 'H12345678',
      issueCount: '02',
    });
    const text = encodeCardText(spec);
    const card = parseReadBaseFrame(readFrame(text));
    expect(card).toMatchObject({
      type: 'hk-macau-taiwan',
      passNumber: 'H12345678',
      issueCount: '02',
      idNumberValid: true,
    });
    expect(card.nationCode).toBeUndefined();
    text[248] = 0x20;
    expect(parseReadBaseFrame(readFrame(text)).type).toBe('hk-macau-taiwan');
  });
});

describe('bad chip data becomes warnings; bad frames become errors', () => {
  it('warns on unknown sex and ethnic codes, bad dates and a bad check character', () => {
    const text = encodeCardText({ ...ZHANG_SAN, idNumber: '110101199003070021' });
    const put = (offset: number, s: string): void => {
      for (let i = 0; i < s.length; i++) {
        text[offset + i * 2] = s.charCodeAt(i);
        text[offset + i * 2 + 1] = 0;
      }
    };
    put(30, '7');
    put(32, '95');
    put(36, '19901399');
    const card = parseReadBaseFrame(readFrame(text));
    expect(card.gender).toBe('unknown');
    expect(card.nationCode).toBe('95');
    expect(card.nation).toBeUndefined();
    expect(card.birthDate).toBeNull();
    expect(card.idNumberValid).toBe(false);
    expect(card.warnings).toHaveLength(4);
  });

  it('maps failure statuses and broken layouts to error codes', () => {
    expect(codeOf(() => parseReadBaseFrame(buildResponse(0x41)))).toBe('CARD_READ_FAILED');
    expect(codeOf(() => parseReadBaseFrame(buildResponse(0x80)))).toBe('CARD_NOT_FOUND');
    expect(codeOf(() => parseReadBaseFrame(buildResponse(0x90, new Uint8Array(3))))).toBe('CARD_LAYOUT');
    expect(codeOf(() => parseReadBaseFrame(buildResponse(0x90, new Uint8Array([1, 0, 4, 0, 1]))))).toBe(
      'CARD_LAYOUT',
    );
    expect(
      codeOf(() =>
        parseReadBaseFrame(buildResponse(0x90, readBaseData(new Uint8Array(200), new Uint8Array(10)))),
      ),
    ).toBe('CARD_LAYOUT');
    expect(codeOf(() => parseReadBaseFrame(new Uint8Array([0xaa, 0xaa])))).toBe('FRAME_TRUNCATED');
  });

  it('rejects card specs whose fields do not fit', () => {
    expect(codeOf(() => parseCardSpec({ ...ZHANG_SAN, name: '很'.repeat(16) }))).toBe('CARD_SPEC_INVALID');
    expect(codeOf(() => parseCardSpec({ ...ZHANG_SAN, birthDate: '1990-02-30' }))).toBe('CARD_SPEC_INVALID');
    expect(codeOf(() => parseCardSpec({ type: 'passport' }))).toBe('CARD_SPEC_INVALID');
  });
});

describe('parser fuzzing', () => {
  it('any 256-byte text block in a valid frame parses (problems become warnings), never throws', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 256, maxLength: 256 }),
        fc.uint8Array({ maxLength: 1024 }),
        (text, photo) => {
          const card = parseReadBaseFrame(readFrame(text, photo));
          expect(typeof card.idNumberValid).toBe('boolean');
          expect(JSON.stringify({ ...card, photo: undefined })).toBeTruthy();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random frame bodies only ever fail with HexinError codes', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1400 }), (body) => {
        try {
          parseReadBaseFrame(buildResponse(0x90, body));
        } catch (e) {
          expect((e as HexinError).code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random resident specs round-trip through the text block', async () => {
    const fc = (await import('fast-check')).default;
    const cjk = fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 15,
    });
    const day = fc
      .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        cjk,
        cjk,
        fc.constantFrom('0', '1', '2', '9'),
        day,
        fc.stringMatching(/^\d{17}$/),
        (name, address, sex, birth, digits) => {
          const spec = parseCardSpec({
            type: 'resident',
            name,
            genderCode: sex,
            nationCode: '05',
            birthDate: birth,
            address: address.slice(0, 35),
            idNumber: withCheckCharacter(digits),
            issuer: name,
            validFrom: birth,
            validUntil: 'long-term',
          });
          const card = parseReadBaseFrame(readFrame(encodeCardText(spec)));
          expect(card).toMatchObject({
            name,
            address: spec.address,
            birthDate: birth,
            idNumber: spec.idNumber,
            nation: '维吾尔',
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
