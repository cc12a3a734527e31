// Scans a directory for bytes that must never reach the kiosk's disk: images (JPEG, PNG, also base64-encoded),
// audio (WAV), runs of float32 values shaped like a face embedding (binary or as JSON numbers) and plain ID
// numbers. Used by the privacy test and by `hexin records scan` to check a kiosk's data directory.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export type FindingKind =
  'jpeg' | 'png' | 'wav' | 'base64-image' | 'float32-run' | 'json-float-run' | 'id-number';

export interface Finding {
  file: string;
  offset: number;
  kind: FindingKind;
}

const SIGNATURES: { kind: FindingKind; bytes: Buffer }[] = [
  { kind: 'png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  // Base64 of the JPEG and PNG signatures, and of "RIFF" (a WAV's start).
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
