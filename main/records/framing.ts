// Length + checksum framing for append-only files, so a write torn by a crash or power cut is detectable.
// Frame: magic "HXR1" (4) | payload length u32 BE (4) | CRC-32 of payload u32 BE (4) | payload.
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('HXR1', 'latin1');
export const FRAME_HEADER_BYTES = 12;
export const MAX_FRAME_PAYLOAD = 1024 * 1024;

export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) throw new Error(`frame payload too large: ${payload.length}`);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(payload.length, 4);
  header.writeUInt32BE(crc32(payload), 8);
  return Buffer.concat([header, payload]);
}

export type FrameDamage = 'truncated' | 'bad-magic' | 'bad-length' | 'bad-checksum';

export interface DecodedFrames {
  payloads: Buffer[];
  /** Bytes up to the end of the last good frame; anything after it is a torn or damaged tail. */
  validLength: number;
  /** Stretches that did not decode (offset where each began and why); a torn last write shows up here. */
  damage: { offset: number; reason: FrameDamage }[];
}

/**
 * Decodes every good frame. After a damaged stretch it searches for the next magic and carries on, so one bad
 * frame in the middle (a flipped byte) costs that frame only, not every later record.
 */
export function decodeFrames(buf: Buffer): DecodedFrames {
  const payloads: Buffer[] = [];
  const damage: DecodedFrames['damage'] = [];
  let validLength = 0;
  let off = 0;
  while (off < buf.length) {
    const reason = frameProblem(buf, off);
    if (reason) {
      damage.push({ offset: off, reason });
      const next = buf.indexOf(MAGIC, off + 1);
      if (next < 0) break;
      off = next;
      continue;
    }
    const len = buf.readUInt32BE(off + 4);
    payloads.push(buf.subarray(off + FRAME_HEADER_BYTES, off + FRAME_HEADER_BYTES + len));
    off += FRAME_HEADER_BYTES + len;
    validLength = off;
  }
  return { payloads, validLength, damage };
}

function frameProblem(buf: Buffer, off: number): FrameDamage | undefined {
  if (buf.length - off < FRAME_HEADER_BYTES) return 'truncated';
  if (!buf.subarray(off, off + 4).equals(MAGIC)) return 'bad-magic';
  const len = buf.readUInt32BE(off + 4);
  if (len > MAX_FRAME_PAYLOAD) return 'bad-length';
  if (buf.length - off - FRAME_HEADER_BYTES < len) return 'truncated';
  const payload = buf.subarray(off + FRAME_HEADER_BYTES, off + FRAME_HEADER_BYTES + len);
  return crc32(payload) === buf.readUInt32BE(off + 8) ? undefined : 'bad-checksum';
}
