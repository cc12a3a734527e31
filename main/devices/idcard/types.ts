// Public types of the ID-card reader: what a card says, what the reader is doing, and the decoded photo.
// ReaderStatus is JSON-serialisable because it is pushed to the renderer's health panel and card screen.
import type { ErrorInfo } from '../../../common/errors';

export type CardType = 'resident' | 'foreign-permanent' | 'foreign-permanent-2023' | 'hk-macau-taiwan';
export const CARD_TYPES: readonly CardType[] = [
  'resident',
  'foreign-permanent',
  'foreign-permanent-2023',
  'hk-macau-taiwan',
];

export type Gender = 'male' | 'female' | 'unknown' | 'unspecified';

/** One card as read from the chip. Fields a card type does not have are absent. Dates are `YYYY-MM-DD`. */
export interface ParsedCard {
  type: CardType;
  /** Chinese name (may be empty on foreigner cards without one). */
  name: string;
  /** English name (foreigner cards). */
  nameEn?: string;
  gender: Gender;
  /** The raw sex code from the card (`0`, `1`, `2`, `9`, or whatever the chip held). */
  genderCode: string;
  /** Resident cards: two-digit ethnic code and its Chinese name (absent for non-standard codes). */
  nationCode?: string;
  nation?: string;
  /** Foreigner cards: nationality code (3 letters on 2017 cards, 3 digits on 2023 cards). */
  nationality?: string;
  /** null when the chip's date is not a real date (see `warnings`). */
  birthDate: string | null;
  address?: string;
  /** Citizen ID number, permanent-residence number or permit number as printed. */
  idNumber: string;
  /** 18-character numbers: the GB 11643 check character matches; 2017 foreigner cards: the 3-letter+12-digit format. */
  idNumberValid: boolean;
  issuer?: string;
  validFrom: string | null;
  validUntil: string | 'long-term' | null;
  /** HK/Macau/Taiwan permits: the travel-pass number and issue count. */
  passNumber?: string;
  issueCount?: string;
  /** 2023 foreigner cards: number of renewals and the previous card's number link. */
  renewalCount?: string;
  previousNumberLink?: string;
  /** 2017 foreigner cards: card version and issuing-authority code. */
  cardVersion?: string;
  issuerCode?: string;
  /** Address changes written to the chip after issue (`30 03`), oldest first; only when the driver reads them. */
  appendedAddress?: string[];
  /** Length of the chip photo (1024 on every real card). */
  photoBytes: number;
  /** The raw chip photo (WLT on real cards; WebP from the simulator). */
  photo: Uint8Array;
  /** Problems that did not stop parsing (bad date, sex code disagreeing with the number, unknown ethnic code…). */
  warnings: string[];
}

/** A decoded face photo, RGB, row-major top-down. */
export interface DecodedPhoto {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

export type ReaderTransportKind = 'hid' | 'serial' | 'simulated';

export interface ReaderInfo {
  name: string;
  vendorId: number;
  productId: number;
  transport: ReaderTransportKind;
  /** `AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE` when the SAM answered 12 FF. */
  samId?: string;
}

export type ReaderState = 'no-reader' | 'idle' | 'card-present' | 'reading' | 'error';

export interface ReaderStatus {
  state: ReaderState;
  reader?: ReaderInfo;
  error?: ErrorInfo;
}

/** The `card` event: the parsed card plus its decoded photo (null when no decoder could read it). */
export interface CardReadEvent {
  card: ParsedCard;
  photo: DecodedPhoto | null;
  photoError?: ErrorInfo;
}
