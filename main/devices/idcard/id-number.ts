// GB 11643-1999 citizen ID numbers: the ISO 7064 MOD 11-2 check character, and what the number itself says
// (birth date in positions 7–14, sex by the parity of position 17). Spec §9.4. The same check applies to 2023
// foreigner numbers (first digit 9) and HK/Macau/Taiwan permit numbers (810000/820000/830000).

// The check itself lives in common/ so the renderer (staff console) can use the same rule before sending.
import { checkCharacter } from '../../../common/id-number';

export {
  birthDateFromIdNumber,
  checkCharacter,
  compactDateToIso,
  isValidIdNumber,
} from '../../../common/id-number';

/** Completes 17 digits with their check character (used to make fake numbers for demos and tests). */
export function withCheckCharacter(first17: string): string {
  const c = checkCharacter(first17);
  if (c === null) throw new Error(`not 17 digits: ${first17}`);
  return first17 + c;
}

/** Sex encoded by the parity of position 17: odd = male, even = female. */
export function sexFromIdNumber(idNumber: string): 'male' | 'female' | null {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return null;
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
}
