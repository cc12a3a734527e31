// GA/T 467 "SAM" frames: building requests and responses, and checking a complete frame.
// Layout (spec §2): AA AA AA 96 69 | LEN_hi LEN_lo | body | XOR, where LEN counts body + XOR and the XOR covers
// every byte from LEN_hi to the last body byte. Requests carry CMD PARA [DATA]; responses carry SW1 SW2 SW3 [DATA].
import { HexinError } from '../../../common/errors';

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
export const HEADER_LENGTH = 7; // preamble + 2 length bytes
/**
 * The largest frame the kiosk accepts. The protocol allows LEN up to 65535, but the biggest real answer is the
 * 2321-byte text+photo+fingerprint read (spec §2.3); 4096 leaves room for appended-address replies and keeps a
 * hostile or broken device from making us buffer 64 KiB per frame.
 */
export const MAX_FRAME_LENGTH = 4096;

/** XOR of `bytes[start..end)`. */
export function xorRange(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Wraps a body (request CMD PARA DATA or response SW1 SW2 SW3 DATA) into a full frame. */
export function buildFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (HEADER_LENGTH + len > MAX_FRAME_LENGTH) {
    throw new HexinError(
      'FRAME_TOO_LONG',
      `frame body of ${body.length} bytes exceeds the ${MAX_FRAME_LENGTH}-byte limit`,
    );
  }
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = (len >> 8) & 0xff;
  frame[6] = len & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xorRange(frame, 5, frame.length - 1);
  return frame;
}

/** A host → reader request frame. */
export function buildRequest(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return buildFrame(body);
}

/** A reader → host response frame (SW1 = SW2 = 00, as in every public capture). Used by the simulator and tests. */
export function buildResponse(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[2] = sw3;
  body.set(data, 3);
  return buildFrame(body);
}

export interface SamRequest {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** The body of one complete frame (between LEN and XOR), after checking preamble, length and checksum. */
export function frameBody(frame: Uint8Array): Uint8Array {
  if (frame.length < HEADER_LENGTH + 1) {
    throw new HexinError(
      'FRAME_TRUNCATED',
      `frame is ${frame.length} bytes; at least ${HEADER_LENGTH + 1} needed`,
    );
  }
  for (let i = 0; i < PREAMBLE.length; i++) {
    if (frame[i] !== PREAMBLE[i])
      throw new HexinError('FRAME_PREAMBLE', 'frame does not start with AA AA AA 96 69');
  }
  const len = (frame[5]! << 8) | frame[6]!;
  if (HEADER_LENGTH + len > MAX_FRAME_LENGTH) {
    throw new HexinError(
      'FRAME_TOO_LONG',
      `declared frame length ${HEADER_LENGTH + len} exceeds ${MAX_FRAME_LENGTH}`,
    );
  }
  if (len < 1 || frame.length < HEADER_LENGTH + len) {
    throw new HexinError(
      'FRAME_TRUNCATED',
      `frame declares ${HEADER_LENGTH + len} bytes but has ${frame.length}`,
      {
        declared: HEADER_LENGTH + len,
        actual: frame.length,
      },
    );
  }
  if (frame.length > HEADER_LENGTH + len) {
    throw new HexinError(
      'FRAME_TRAILING_BYTES',
      `frame has ${frame.length - HEADER_LENGTH - len} bytes after its end`,
    );
  }
  if (xorRange(frame, 5, frame.length) !== 0)
    throw new HexinError('CARD_CHECKSUM', 'frame checksum (XOR) does not match');
  return frame.subarray(HEADER_LENGTH, frame.length - 1);
}

export function parseRequest(frame: Uint8Array): SamRequest {
  const body = frameBody(frame);
  if (body.length < 2) throw new HexinError('FRAME_TRUNCATED', 'request frame has no CMD/PARA');
  return { cmd: body[0]!, para: body[1]!, data: body.slice(2) };
}

export function parseResponse(frame: Uint8Array): SamResponse {
  const body = frameBody(frame);
  if (body.length < 3) throw new HexinError('FRAME_TRUNCATED', 'response frame has no SW1 SW2 SW3');
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.slice(3) };
}

/** Hex text (spaces, colons, `0x` prefixes and line breaks allowed) → bytes, with a clear error for anything else. */
export function hexToBytes(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (clean.length % 2 !== 0) throw new HexinError('HEX_INVALID', 'hex text has an odd number of digits');
  if (!/^[0-9a-fA-F]*$/.test(clean))
    throw new HexinError('HEX_INVALID', 'hex text contains characters that are not hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array, separator = ' '): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(separator);
}
