// The fleet subject: HMAC-SHA-256 of the ID number (upper-cased) under a fleet pseudonymisation key, so the back
// office can find one person's records across kiosks without holding an ID number. [Note: what a stolen fleet key
// exposes] ID numbers are enumerable (region, birth date, sequence, check digit: well under 10^11 candidates per
// region), so anyone holding a fleet key and the hashes can recover the numbers behind them by brute force. The key
// is therefore kept like the records key (sealed by the OS keystore in Electron), never logged or shipped, and
// rotatable: after a rotation new records use the new key, and the old key can be retired once its records are gone.
import { createHmac } from 'node:crypto';
import type { FleetKey, FleetSubject } from '../../common/fleet';

export function fleetSubject(key: FleetKey, idNumber: string): FleetSubject {
  const h = createHmac('sha256', Buffer.from(key.key, 'base64')).update(idNumber.toUpperCase()).digest('hex');
  return { v: key.version, h };
}

/** The subject under every key held (look-ups across a rotation), newest first. */
export function fleetSubjects(keys: readonly FleetKey[], idNumber: string): FleetSubject[] {
  return [...keys].sort((a, b) => b.version - a.version).map((k) => fleetSubject(k, idNumber));
}
