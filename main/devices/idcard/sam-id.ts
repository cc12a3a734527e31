// The SAM's management number (reply to 12 FF, 16 bytes, spec §4.1), formatted `AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE`.
// Vendors disagree on the zero-padding of the last two fields (9 vs 10 digits); we use 10 (Synjones) and say so.
import { HexinError } from '../../../common/errors';

export function formatSamId(data: Uint8Array): string {
  if (data.length < 16) throw new HexinError('SAM_ID_INVALID', `SAM ID is ${data.length} bytes; 16 expected`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const two = (n: number): string => String(n).padStart(2, '0');
  return [
    `${two(data[0]!)}.${two(data[2]!)}`,
    String(view.getUint32(4, true)).padStart(8, '0'),
    String(view.getUint32(8, true)).padStart(10, '0'),
    String(view.getUint32(12, true)).padStart(10, '0'),
  ].join('-');
}
