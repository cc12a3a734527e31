// Staff-assisted mode: a member of staff types the name and the 18-character ID number from the physical card.
// The number must pass the GB 11643 check and carry a real birth date; the result feeds the same summary code.
import { HexinError } from '../../../common/errors';
import { birthDateFromIdNumber, isValidIdNumber, sexFromIdNumber } from './id-number';

export interface ManualIdentity {
  source: 'manual';
  name: string;
  idNumber: string;
  birthDate: string;
  gender: 'male' | 'female';
}

// Chinese names (with the middle dot used in transliterated names) or Latin names for foreign residents.
const NAME_PATTERN = /^(?:[\u3400-\u9fff\uf900-\ufaff·•]{1,30}|[A-Za-z][A-Za-z .,'-]{0,59})$/u;

/** Validates manual input; throws HexinError MANUAL_NAME_INVALID or ID_NUMBER_INVALID with a reason. */
export function manualEntry(name: unknown, idNumber: unknown): ManualIdentity {
  const raw = typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '';
  // Chinese names have no spaces; staff sometimes type one between surname and given name.
  const cleanName = /[\u3400-\u9fff]/u.test(raw) ? raw.replace(/ /g, '') : raw;
  if (!NAME_PATTERN.test(cleanName)) {
    throw new HexinError('MANUAL_NAME_INVALID', 'name must be 1–30 Chinese characters or a Latin name');
  }
  const cleanNumber = typeof idNumber === 'string' ? idNumber.replace(/\s/g, '').toUpperCase() : '';
  if (!/^\d{17}[\dX]$/.test(cleanNumber)) {
    throw new HexinError('ID_NUMBER_INVALID', 'ID number must be 17 digits followed by a digit or X');
  }
  if (!isValidIdNumber(cleanNumber)) {
    throw new HexinError('ID_NUMBER_INVALID', 'ID number check character does not match (typo?)');
  }
  const birthDate = birthDateFromIdNumber(cleanNumber);
  if (!birthDate) throw new HexinError('ID_NUMBER_INVALID', 'ID number does not contain a real birth date');
  return {
    source: 'manual',
    name: cleanName,
    idNumber: cleanNumber,
    birthDate,
    gender: sexFromIdNumber(cleanNumber)!,
  };
}
