// A card described in plain fields (type, text, face photo path), validated with zod because specs arrive from
// outside (staff mode, end-to-end tests, the CLI); and its encoding into the chip's 256-byte text block.
import { z } from 'zod';
import { HexinError } from '../../../common/errors';
import { compactDateToIso } from './id-number';
import { writeTextFields, type TextFields } from './text-block';
import { CARD_TYPES, type CardType } from './types';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => compactDateToIso(s.replaceAll('-', '')) !== null, 'not a real date');

export const cardSpecSchema = z.object({
  type: z.enum(CARD_TYPES as unknown as [CardType, ...CardType[]]),
  name: z.string().max(15).default(''),
  nameEn: z.string().max(60).optional(),
  /** Sex code as stored on the chip: 1 male, 2 female, 0 unknown, 9 not stated. */
  genderCode: z.enum(['0', '1', '2', '9']),
  nationCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  nationality: z.string().max(3).optional(),
  birthDate: isoDate,
  address: z.string().max(35).optional(),
  idNumber: z.string().min(1).max(18),
  issuer: z.string().max(15).optional(),
  validFrom: isoDate,
  validUntil: z.union([isoDate, z.literal('long-term')]),
  passNumber: z.string().max(9).optional(),
  issueCount: z.string().max(2).optional(),
  renewalCount: z.string().max(2).optional(),
  previousNumberLink: z.string().max(3).optional(),
  cardVersion: z.string().max(2).optional(),
  issuerCode: z.string().max(4).optional(),
  /** Address changes on the chip (`30 03`), up to 4 × 35 characters. */
  appendedAddress: z.array(z.string().min(1).max(35)).max(4).optional(),
  /** A face photo file the simulator encodes into the chip's 1024-byte slot (e.g. ../shared/faces/joe_biden/1.jpg). */
  photoPath: z.string().min(1).optional(),
  /** Where the face is in that photo (pixels); gives ID-photo framing. Without it the crop is a guess. */
  photoFace: z
    .object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() })
    .refine((b) => b.x2 > b.x1 && b.y2 > b.y1, 'face box must have positive size')
    .optional(),
});

export type CardSpec = z.infer<typeof cardSpecSchema>;
export type CardSpecInput = z.input<typeof cardSpecSchema>;

/** Validates an unknown value as a card spec, with a HexinError naming the first bad field. */
export function parseCardSpec(value: unknown): CardSpec {
  const result = cardSpecSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HexinError(
      'CARD_SPEC_INVALID',
      `card spec: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  return result.data;
}

const compact = (iso: string): string => iso.replaceAll('-', '');

/** The 256-byte text block the chip of this card would hold. */
export function encodeCardText(spec: CardSpec): Uint8Array {
  const validUntil = spec.validUntil === 'long-term' ? '长期' : compact(spec.validUntil);
  const common: TextFields = {
    name: spec.name,
    sex: spec.genderCode,
    birth: compact(spec.birthDate),
    idNumber: spec.idNumber,
    validFrom: compact(spec.validFrom),
    validUntil,
  };
  switch (spec.type) {
    case 'resident':
      return writeTextFields('resident', {
        ...common,
        nation: spec.nationCode ?? '01',
        address: spec.address,
        issuer: spec.issuer,
      });
    case 'hk-macau-taiwan':
      return writeTextFields('hk-macau-taiwan', {
        ...common,
        address: spec.address,
        issuer: spec.issuer,
        passNumber: spec.passNumber,
        issueCount: spec.issueCount,
      });
    case 'foreign-permanent':
      return writeTextFields('foreign-permanent', {
        ...common,
        nameEn: spec.nameEn,
        nationality: spec.nationality,
        cardVersion: spec.cardVersion,
        issuerCode: spec.issuerCode,
      });
    case 'foreign-permanent-2023': {
      const en = spec.nameEn ?? '';
      if (en.length > 46) throw new HexinError('CARD_SPEC_INVALID', 'nameEn is longer than 46 characters');
      return writeTextFields('foreign-permanent-2023', {
        ...common,
        nameEn: en.slice(0, 35),
        nameEnContinued: en.slice(35),
        nationality: spec.nationality,
        renewalCount: spec.renewalCount,
        previousNumberLink: spec.previousNumberLink,
      });
    }
  }
}

/** The data of a successful `30 03` reply: one space-padded 70-byte UCS-2 slot per address. */
export function appendedAddressData(addresses: readonly string[]): Uint8Array {
  const data = new Uint8Array(addresses.length * 70);
  addresses.forEach((a, i) => {
    for (let c = 0; c < 35; c++) {
      const code = c < a.length ? a.charCodeAt(c) : 0x20;
      data[i * 70 + c * 2] = code & 0xff;
      data[i * 70 + c * 2 + 1] = code >> 8;
    }
  });
  return data;
}

/** The data of a successful `30 01` reply: BE16 text length, BE16 photo length, text, photo. */
export function readBaseData(text: Uint8Array, photo: Uint8Array): Uint8Array {
  const data = new Uint8Array(4 + text.length + photo.length);
  data[0] = text.length >> 8;
  data[1] = text.length & 0xff;
  data[2] = photo.length >> 8;
  data[3] = photo.length & 0xff;
  data.set(text, 4);
  data.set(photo, 4 + text.length);
  return data;
}

/** The data of a successful `30 10` reply (6-byte header, then text, photo, fingerprint). */
export function readBaseWithFingerprintData(
  text: Uint8Array,
  photo: Uint8Array,
  fingerprint: Uint8Array,
): Uint8Array {
  const data = new Uint8Array(6 + text.length + photo.length + fingerprint.length);
  const lens = [text.length, photo.length, fingerprint.length];
  lens.forEach((n, i) => {
    data[i * 2] = n >> 8;
    data[i * 2 + 1] = n & 0xff;
  });
  data.set(text, 6);
  data.set(photo, 6 + text.length);
  data.set(fingerprint, 6 + text.length + photo.length);
  return data;
}
