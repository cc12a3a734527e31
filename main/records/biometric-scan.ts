// Scans a directory for bytes that must never reach the kiosk's disk: images (JPEG, PNG, WebP — the chip-photo
// format — also base64-encoded),
// audio (WAV), runs of float32 values shaped like a face embedding (binary or as JSON numbers) and plain ID
// numbers. Used by the privacy test and by `hexin records scan` to check a kiosk's data directory.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export type FindingKind =
  'jpeg' | 'png' | 'webp' | 'wav' | 'base64-image' | 'float32-run' | 'json-float-run' | 'id-number';

export interface Finding {
  file: string;
  offset: number;
  kind: FindingKind;
}

const SIGNATURES: { kind: FindingKind; bytes: Buffer }[] = [
  { kind: 'png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  // Base64 of the JPEG and PNG signatures, and of "RIFF" (the start of a WAV or a WebP).
  { kind: 'base64-image', bytes: Buffer.from('/9j/4') },
  { kind: 'base64-image', bytes: Buffer.from('/9j/2w') },
  { kind: 'base64-image', bytes: Buffer.from('iVBORw0KGgo') },
  { kind: 'base64-image', bytes: Buffer.from('UklGR') },
];

/** An embedding is hundreds of small floats; 64 in a row is already far beyond chance for encrypted bytes. */
export const FLOAT_RUN = 64;
// Bounded by non-alphanumerics so digit runs inside hex hashes and base64 do not count.
const ID_NUMBER_TEXT = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const JSON_FLOAT_RUN = new RegExp(
  `(?:-?\\d?\\.\\d{3,}(?:e-?\\d+)?\\s*,\\s*){${FLOAT_RUN - 1}}-?\\d?\\.\\d{3,}`,
  'g',
);

/**
 * A JPEG start: SOI (FF D8), then a marker segment (APPn, DQT, SOFn, DHT, COM) whose length leads to the next
 * marker. The bare 3-byte signature would turn up by chance about once per 16 MB of ciphertext; this does not.
 */
function findJpegs(buf: Buffer, file: string, out: Finding[]): void {
  const soi = Buffer.from([0xff, 0xd8, 0xff]);
  for (let i = buf.indexOf(soi); i >= 0; i = buf.indexOf(soi, i + 1)) {
    const marker = buf[i + 3];
    if (marker === undefined) break;
    const plausible = (marker >= 0xe0 && marker <= 0xef) || [0xdb, 0xc0, 0xc2, 0xc4, 0xfe].includes(marker);
    if (!plausible) continue;
    // A JPEG cut short (as little as its first segment) still counts when the segment header is all there is.
    if (i + 6 > buf.length) {
      out.push({ file, offset: i, kind: 'jpeg' });
      continue;
    }
    const len = buf.readUInt16BE(i + 4);
    const next = i + 4 + len;
    if (len >= 2 && (next >= buf.length || buf[next] === 0xff)) out.push({ file, offset: i, kind: 'jpeg' });
  }
}

/**
 * A VP8 key frame at `at` (RFC 6386 §9.1): a frame tag saying key frame, version 0-3, shown, with a first
 * partition; the start code 9D 01 2A; a width and height of an image (8 to 4096 pixels). About one chance in 2^35
 * per offset of ciphertext, where the 3-byte start code alone would be one in 2^24.
 */
function vp8KeyFrame(buf: Buffer, at: number): boolean {
  if (at < 0 || at + 10 > buf.length) return false;
  const tag = buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16);
  const keyFrame = (tag & 1) === 0;
  const version = (tag >> 1) & 7;
  const shown = (tag >> 4) & 1;
  const partition = tag >> 5;
  if (!keyFrame || version > 3 || shown !== 1 || partition === 0) return false;
  if (buf[at + 3] !== 0x9d || buf[at + 4] !== 0x01 || buf[at + 5] !== 0x2a) return false;
  const size = (o: number): number => buf.readUInt16LE(o) & 0x3fff;
  const fits = (n: number): boolean => n >= 8 && n <= 4096;
  return fits(size(at + 6)) && fits(size(at + 8));
}

/** A WebP image chunk at `at` (its FourCC, 32-bit size, then the payload): what a WebP is inside its RIFF header. */
function webpChunk(buf: Buffer, at: number): boolean {
  const payload = at + 8;
  switch (buf.toString('latin1', at, at + 4)) {
    case 'VP8 ':
      return vp8KeyFrame(buf, payload);
    case 'VP8L':
      return buf[payload] === 0x2f; // the lossless signature byte
    case 'VP8X': // extended header: 10 bytes of flags and canvas size; the upper flag bits are reserved
      return buf.readUInt32LE(at + 4) === 10 && payload < buf.length && (buf[payload]! & 0xc1) === 0;
    default:
      return false;
  }
}

/** Where the chunks starting at `at` lie (and the VP8 frame of a 'VP8 ' chunk), so one WebP is reported once. */
function chunkChain(buf: Buffer, at: number): number[] {
  const inner: number[] = [];
  for (let c = at, n = 0; c + 8 <= buf.length && n < 64; n++) {
    if (!/^[A-Z0-9 ]{4}$/.test(buf.toString('latin1', c, c + 4))) break;
    inner.push(c);
    if (buf.toString('latin1', c, c + 4) === 'VP8 ') inner.push(c + 8);
    const size = buf.readUInt32LE(c + 4);
    c += 8 + size + (size & 1);
  }
  return inner;
}

/**
 * WebP, the chip-photo format, reported once where it starts: a RIFF/WEBP file; an image chunk without its RIFF
 * header; or the bare VP8 key frame (what is left of a chip photo stripped of both headers).
 */
function findWebps(buf: Buffer, file: string, out: Finding[]): void {
  const seen = new Set<number>(); // where a WebP already reported continues: its chunk and its frame
  const report = (offset: number, chunks: number): void => {
    if (seen.has(offset)) return;
    out.push({ file, offset, kind: 'webp' });
    for (const o of chunks < 0 ? [] : chunkChain(buf, chunks)) seen.add(o);
  };
  for (let i = buf.indexOf('RIFF'); i >= 0; i = buf.indexOf('RIFF', i + 1)) {
    if (buf.toString('latin1', i + 8, i + 12) === 'WEBP' && webpChunk(buf, i + 12)) report(i, i + 12);
  }
  const chunks: number[] = [];
  for (const fourcc of ['VP8 ', 'VP8L', 'VP8X']) {
    for (let i = buf.indexOf(fourcc); i >= 0; i = buf.indexOf(fourcc, i + 1)) {
      if (i + 8 <= buf.length && webpChunk(buf, i)) chunks.push(i);
    }
  }
  // In file order, so an extended header (VP8X) is reported and the image chunk after it counts as its own.
  for (const i of chunks.sort((x, y) => x - y)) report(i, i);
  const startCode = Buffer.from([0x9d, 0x01, 0x2a]);
  for (let i = buf.indexOf(startCode); i >= 0; i = buf.indexOf(startCode, i + 1)) {
    if (vp8KeyFrame(buf, i - 3)) report(i - 3, -1);
  }
}

function findAll(buf: Buffer, needle: Buffer, kind: FindingKind, file: string, out: Finding[]): void {
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + 1))
    out.push({ file, offset: i, kind });
}

/** Float32 (little-endian) values in (-1, 1), not tiny: what L2-normalised embeddings are made of. */
function embeddingLike(buf: Buffer, off: number): boolean {
  const v = buf.readFloatLE(off);
  return Number.isFinite(v) && Math.abs(v) < 1 && Math.abs(v) > 1e-6;
}

function findFloatRuns(buf: Buffer, file: string, out: Finding[]): void {
  for (let align = 0; align < 4; align++) {
    let run = 0;
    for (let off = align; off + 4 <= buf.length; off += 4) {
      run = embeddingLike(buf, off) ? run + 1 : 0;
      if (run === FLOAT_RUN) out.push({ file, offset: off - (FLOAT_RUN - 1) * 4, kind: 'float32-run' });
    }
  }
}

/** Findings in one buffer; `idNumbers` are specific numbers to look for (ASCII and UTF-16LE) besides the pattern. */
export function scanBuffer(buf: Buffer, file: string, idNumbers: readonly string[] = []): Finding[] {
  const out: Finding[] = [];
  for (const s of SIGNATURES) findAll(buf, s.bytes, s.kind, file, out);
  findJpegs(buf, file, out);
  findWebps(buf, file, out);
  for (let i = buf.indexOf('RIFF'); i >= 0; i = buf.indexOf('RIFF', i + 1)) {
    if (buf.subarray(i + 8, i + 12).toString('latin1') === 'WAVE') out.push({ file, offset: i, kind: 'wav' });
  }
  findFloatRuns(buf, file, out);
  const text = buf.toString('latin1');
  for (const m of text.matchAll(JSON_FLOAT_RUN)) out.push({ file, offset: m.index, kind: 'json-float-run' });
  for (const m of text.matchAll(ID_NUMBER_TEXT)) out.push({ file, offset: m.index, kind: 'id-number' });
  for (const id of idNumbers) {
    findAll(buf, Buffer.from(id, 'latin1'), 'id-number', file, out);
    findAll(buf, Buffer.from(id, 'utf16le'), 'id-number', file, out);
  }
  return out;
}

/** Scans every file under `dir`. */
export async function scanDirectory(
  dir: string,
  idNumbers: readonly string[] = [],
): Promise<{ files: number; bytes: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let files = 0;
  let bytes = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const buf = await readFile(p);
        files += 1;
        bytes += buf.length;
        findings.push(...scanBuffer(buf, path.relative(dir, p), idNumbers));
      }
    }
  };
  await walk(dir);
  return { files, bytes, findings };
}
