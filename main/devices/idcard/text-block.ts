// The 256-byte text block of a card (spec §8): one fixed-width UCS-2 (UTF-16LE) field table per card type, used
// both to read a chip's block and to write one for the simulator, so the two directions cannot drift apart.
import { HexinError } from '../../../common/errors';
import type { CardType } from './types';

export const TEXT_BLOCK_LENGTH = 256;
export const TYPE_MARKER_OFFSET = 248;

export type TextFieldKey =
  | 'name'
  | 'nameEn'
  | 'nameEnContinued'
  | 'sex'
  | 'nation'
  | 'birth'
  | 'address'
  | 'idNumber'
  | 'issuer'
  | 'validFrom'
  | 'validUntil'
  | 'nationality'
  | 'cardVersion'
  | 'issuerCode'
  | 'passNumber'
  | 'issueCount'
  | 'renewalCount'
  | 'previousNumberLink';

interface FieldDef {
  key: TextFieldKey;
  offset: number;
  bytes: number;
}

const f = (key: TextFieldKey, offset: number, bytes: number): FieldDef => ({ key, offset, bytes });

/** Offsets within the text block, from spec §8.2–8.5. */
export const LAYOUTS: Readonly<Record<CardType, { marker: string | null; fields: readonly FieldDef[] }>> = {
  resident: {
    marker: null,
    fields: [
      f('name', 0, 30),
      f('sex', 30, 2),
      f('nation', 32, 4),
      f('birth', 36, 16),
      f('address', 52, 70),
      f('idNumber', 122, 36),
      f('issuer', 158, 30),
      f('validFrom', 188, 16),
      f('validUntil', 204, 16),
    ],
  },
  'hk-macau-taiwan': {
    marker: 'J',
    fields: [
      f('name', 0, 30),
      f('sex', 30, 2),
      f('birth', 36, 16),
      f('address', 52, 70),
      f('idNumber', 122, 36),
      f('issuer', 158, 30),
      f('validFrom', 188, 16),
      f('validUntil', 204, 16),
      f('passNumber', 220, 18),
      f('issueCount', 238, 4),
    ],
  },
  'foreign-permanent': {
    marker: 'I',
    fields: [
      f('nameEn', 0, 120),
      f('sex', 120, 2),
      f('idNumber', 122, 30),
      f('nationality', 152, 6),
      f('name', 158, 30),
      f('validFrom', 188, 16),
      f('validUntil', 204, 16),
      f('birth', 220, 16),
      f('cardVersion', 236, 4),
      f('issuerCode', 240, 8),
    ],
  },
  // Single-source layout (spec §8.4): verify on a real 2023 card.
  'foreign-permanent-2023': {
    marker: 'Y',
    fields: [
      f('name', 0, 30),
      f('sex', 30, 2),
      f('renewalCount', 32, 4),
      f('birth', 36, 16),
      f('nameEn', 52, 70),
      f('idNumber', 122, 36),
      f('validFrom', 188, 16),
      f('validUntil', 204, 16),
      f('nameEnContinued', 220, 22),
      f('nationality', 242, 6),
      f('previousNumberLink', 250, 6),
    ],
  },
};

const utf16 = new TextDecoder('utf-16le');

/** Decodes one UCS-2 field and trims padding (spaces and NULs at both ends). */
export function decodeUcs2(bytes: Uint8Array): string {
  const s = utf16.decode(bytes);
  let start = 0;
  let end = s.length;
  const isPad = (c: string): boolean => c === '\u0000' || /\s/.test(c);
  while (start < end && isPad(s[start]!)) start++;
  while (end > start && isPad(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** The card type from the marker at offset 248, with the 810000/820000/830000 fallback for permits (spec §8.1). */
export function detectCardType(text: Uint8Array): CardType {
  // The marker is one UCS-2 character: an ASCII letter followed by a zero byte.
  const marker = text[TYPE_MARKER_OFFSET + 1] === 0 ? String.fromCharCode(text[TYPE_MARKER_OFFSET]!) : '';
  if (marker === 'I') return 'foreign-permanent';
  if (marker === 'Y') return 'foreign-permanent-2023';
  if (marker === 'J') return 'hk-macau-taiwan';
  const idField = LAYOUTS.resident.fields.find((x) => x.key === 'idNumber')!;
  const id = decodeUcs2(text.subarray(idField.offset, idField.offset + idField.bytes));
  if (/^8[123]0000/.test(id)) return 'hk-macau-taiwan';
  return 'resident';
}

export type TextFields = Partial<Record<TextFieldKey, string>>;

/** Reads every field of the given layout from a 256-byte block. */
export function readTextFields(text: Uint8Array, type: CardType): TextFields {
  if (text.length !== TEXT_BLOCK_LENGTH) {
    throw new HexinError('CARD_LAYOUT', `text block is ${text.length} bytes; ${TEXT_BLOCK_LENGTH} expected`);
  }
  const out: TextFields = {};
  for (const field of LAYOUTS[type].fields) {
    out[field.key] = decodeUcs2(text.subarray(field.offset, field.offset + field.bytes));
  }
  return out;
}

/** Writes fields into a fresh space-padded block with the type marker; rejects values that do not fit. */
export function writeTextFields(type: CardType, values: TextFields): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  writeUcs2(block, 0, TEXT_BLOCK_LENGTH, '');
  const layout = LAYOUTS[type];
  for (const field of layout.fields) {
    const value = values[field.key] ?? '';
    if (value.length * 2 > field.bytes) {
      throw new HexinError('CARD_SPEC_INVALID', `${field.key} is longer than ${field.bytes / 2} characters`, {
        field: field.key,
      });
    }
    writeUcs2(block, field.offset, field.bytes, value);
  }
  if (layout.marker) writeUcs2(block, TYPE_MARKER_OFFSET, 2, layout.marker);
  return block;
}

function writeUcs2(block: Uint8Array, offset: number, bytes: number, value: string): void {
  for (let i = 0; i < bytes / 2; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 0x20;
    block[offset + i * 2] = code & 0xff;
    block[offset + i * 2 + 1] = code >> 8;
  }
}
