// Manual card entry, the bank-counter way: when the reader cannot read a card, staff type the holder's name and ID
// number from the physical card. The input is checked like a chip's (GB 11643 check character, a real birth date;
// main/devices/idcard/manual-entry.ts) and becomes a session card marked 'manual' — masked like any other on screen,
// with no chip photo, so the session can only compare the face with the authority's photo.
import { manualEntry, maskNumber } from '../../devices/idcard';
import type { SessionCard } from '../ports';

/** The session card for what staff typed; throws MANUAL_NAME_INVALID or ID_NUMBER_INVALID with the reason. */
export function manualSessionCard(name: unknown, idNumber: unknown): SessionCard {
  const identity = manualEntry(name, idNumber);
  return {
    idNumber: identity.idNumber,
    name: identity.name,
    birthDate: identity.birthDate,
    // The chip's validity date cannot be read; staff check the physical card's before entering it.
    validUntil: null,
    summary: { name: identity.name, maskedNumber: maskNumber(identity.idNumber), cardType: 'manual' },
    photo: null,
    source: 'manual',
  };
}
