// Turns a read-base-info response (`30 01` or `30 10`, spec §6–§7) into a ParsedCard: checks the frame and status,
// slices text/photo/fingerprint by the big-endian length header (never by fixed offsets), picks the layout from the
// type marker and validates what it reads. Problems that leave the card usable become warnings, not errors.
import { HexinError } from '../../../common/errors';
import { describeSw3, Sw3 } from './commands';
import { parseResponse } from './frame';
import { birthDateFromIdNumber, compactDateToIso, isValidIdNumber, sexFromIdNumber } from './id-number';
import { nationName } from './nations';
import { decodeUcs2, detectCardType, readTextFields, TEXT_BLOCK_LENGTH, type TextFields } from './text-block';
import type { Gender, ParsedCard } from './types';

export const PHOTO_LENGTH = 1024;
const MAX_PHOTO_LENGTH = 4096;

export interface ReadBasePayload {
  text: Uint8Array;
  photo: Uint8Array;
  /** Present only in a `30 10` reply (possibly empty when the card has no fingerprints). */
  fingerprint?: Uint8Array;
}

/** Throws the HexinError matching a non-success SW3. */
export function assertSw3(sw3: number, expected: number = Sw3.OK): void {
  if (sw3 === expected) return;
  const info = describeSw3(sw3);
  throw new HexinError(info.code === 'OK' ? 'SAM_STATUS_UNEXPECTED' : info.code, info.description, { sw3 });
}

/** Splits the data of a successful read reply using its length header. */
export function splitReadBaseData(data: Uint8Array): ReadBasePayload {
  if (data.length < 4) throw new HexinError('CARD_LAYOUT', 'read reply is too short for its length header');
  const be16 = (i: number): number => (data[i]! << 8) | data[i + 1]!;
  const textLen = be16(0);
  const photoLen = be16(2);
  if (textLen !== TEXT_BLOCK_LENGTH) {
    throw new HexinError('CARD_LAYOUT', `text length ${textLen}; ${TEXT_BLOCK_LENGTH} expected`, { textLen });
  }
  if (photoLen > MAX_PHOTO_LENGTH)
    throw new HexinError('CARD_LAYOUT', `photo length ${photoLen} is too large`);
  if (data.length === 4 + textLen + photoLen) {
    return { text: data.slice(4, 4 + textLen), photo: data.slice(4 + textLen, 4 + textLen + photoLen) };
  }
  if (data.length >= 6) {
    const fpLen = be16(4);
    if (data.length === 6 + textLen + photoLen + fpLen) {
      const photoStart = 6 + textLen;
      return {
        text: data.slice(6, photoStart),
        photo: data.slice(photoStart, photoStart + photoLen),
        fingerprint: data.slice(photoStart + photoLen),
      };
    }
  }
  throw new HexinError(
    'CARD_LAYOUT',
    `read reply has ${data.length} data bytes, which matches neither length header`,
    {
      textLen,
      photoLen,
    },
  );
}

const ADDRESS_SLOT = 70;
const MAX_ADDRESS_SLOTS = 4;

/**
 * The data of a `30 03` reply: UCS-2 address slots of 70 bytes. The Routon SDK reads up to 4 slots (280 bytes);
 * Synjones only the first (spec §6.3), so a partial last slot is tolerated and blank slots are dropped.
 */
export function parseAppendedAddress(data: Uint8Array): string[] {
  const out: string[] = [];
  const usable = Math.min(data.length, ADDRESS_SLOT * MAX_ADDRESS_SLOTS);
  for (let o = 0; o + 2 <= usable; o += ADDRESS_SLOT) {
    const end = Math.min(o + ADDRESS_SLOT, usable);
    const text = decodeUcs2(data.subarray(o, end - ((end - o) % 2)));
    if (text) out.push(text);
  }
  return out;
}

/** Parses a complete read-base response frame (as received from a reader or pasted into `hexin reader decode`). */
export function parseReadBaseFrame(frame: Uint8Array): ParsedCard {
  const response = parseResponse(frame);
  if (response.sw1 !== 0 || response.sw2 !== 0) {
    throw new HexinError('SAM_STATUS_UNEXPECTED', 'SW1/SW2 are not 00 00', {
      sw1: response.sw1,
      sw2: response.sw2,
    });
  }
  assertSw3(response.sw3);
  return parseCardPayload(splitReadBaseData(response.data));
}

const GENDERS: Readonly<Record<string, Gender>> = {
  '0': 'unknown',
  '1': 'male',
  '2': 'female',
  '9': 'unspecified',
};

export function parseCardPayload(payload: ReadBasePayload): ParsedCard {
  const type = detectCardType(payload.text);
  const t = readTextFields(payload.text, type);
  const warnings: string[] = [];
  const genderCode = t.sex ?? '';
  const gender = GENDERS[genderCode];
  if (!gender) warnings.push(`unknown sex code '${genderCode}'`);
  const idNumber = (t.idNumber ?? '').toUpperCase();
  const card: ParsedCard = {
    type,
    name: t.name ?? '',
    gender: gender ?? 'unknown',
    genderCode,
    birthDate: date(t.birth, 'birth date', warnings),
    idNumber,
    idNumberValid: false,
    validFrom: date(t.validFrom, 'valid-from date', warnings),
    validUntil: t.validUntil === '长期' ? 'long-term' : date(t.validUntil, 'valid-until date', warnings),
    photoBytes: payload.photo.length,
    photo: payload.photo,
    warnings,
  };
  if (payload.photo.length !== PHOTO_LENGTH)
    warnings.push(`photo is ${payload.photo.length} bytes, not ${PHOTO_LENGTH}`);
  addTypeFields(card, t, payload.text);
  if (type === 'foreign-permanent') {
    card.idNumberValid = /^[A-Z]{3}\d{12}$/.test(idNumber);
  } else {
    card.idNumberValid = isValidIdNumber(idNumber);
    crossCheckNumber(card, warnings);
  }
  if (!card.idNumberValid) warnings.push('ID number fails its format or check character');
  return card;
}

function addTypeFields(card: ParsedCard, t: TextFields, text: Uint8Array): void {
  // Optional fields that are blank on the chip are left out rather than reported as "".
  const set = <K extends keyof ParsedCard>(key: K, value: ParsedCard[K] | undefined): void => {
    if (value !== undefined && value !== '') card[key] = value;
  };
  switch (card.type) {
    case 'resident': {
      const code = t.nation ?? '';
      card.nationCode = code;
      const name = nationName(code);
      if (name) card.nation = name;
      else card.warnings.push(`non-standard ethnic code '${code}'`);
      set('address', t.address);
      set('issuer', t.issuer);
      break;
    }
    case 'hk-macau-taiwan':
      set('address', t.address);
      set('issuer', t.issuer);
      set('passNumber', t.passNumber);
      set('issueCount', t.issueCount);
      break;
    case 'foreign-permanent':
      set('nameEn', t.nameEn);
      set('nationality', t.nationality);
      set('cardVersion', t.cardVersion);
      set('issuerCode', t.issuerCode);
      break;
    case 'foreign-permanent-2023':
      // The English name is split over two fields (35 + 11 characters) and the break can fall on a space, so the
      // two raw fields are joined before trimming.
      card.nameEn = decodeUcs2(joinBytes(text.subarray(52, 122), text.subarray(220, 242)));
      set('nationality', t.nationality);
      set('renewalCount', t.renewalCount);
      set('previousNumberLink', t.previousNumberLink);
      break;
  }
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function date(value: string | undefined, what: string, warnings: string[]): string | null {
  const iso = compactDateToIso(value ?? '');
  if (iso === null) warnings.push(`${what} '${value ?? ''}' is not a valid YYYYMMDD date`);
  return iso;
}

/** The number also encodes birth date and sex; a mismatch is worth a warning (tampered or misread chip). */
function crossCheckNumber(card: ParsedCard, warnings: string[]): void {
  const fromNumber = birthDateFromIdNumber(card.idNumber);
  if (fromNumber && card.birthDate && fromNumber !== card.birthDate) {
    warnings.push('birth date differs from the one in the ID number');
  }
  const sex = sexFromIdNumber(card.idNumber);
  if (sex && (card.gender === 'male' || card.gender === 'female') && sex !== card.gender) {
    warnings.push('sex code differs from the parity of the ID number');
  }
}
