// Simulates an ID card's chip photo from an ordinary photo, for tests and the chip benchmark: ID framing around
// the face (id-photo.ts), 102×126 pixels, squeezed to ≤ 1,024 bytes. The real chip codec (WLT) is wavelet-based
// and blurs rather than blocks: JPEG 2000 (Debian's OpenJPEG, `opj_compress`, irreversible 9/7 wavelet) is the
// closest open stand-in; WebP (what the card reader simulator stores) is kept for comparison.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Frame, Point } from '../vision/types';
import { idFramed } from './id-photo';

export { CHIP_HEIGHT, CHIP_WIDTH } from './id-photo';
export const CHIP_MAX_BYTES = 1024;

export type ChipCodec = 'jpeg2000' | 'webp';
export const CHIP_CODECS: readonly ChipCodec[] = ['jpeg2000', 'webp'];

const run = promisify(execFile);

/** Blur applied before WebP encoding when nothing fits otherwise (sigma; see encodeChipWebp). */
const WEBP_PREFILTER_SIGMAS = [0.6, 1, 1.5] as const;

/**
 * Highest WebP quality that fits in CHIP_MAX_BYTES. A busy photo (measured: a few LFW photos) does not fit even
 * at the lowest quality; then it is low-pass filtered before encoding, as an encoder with a hard byte budget must,
 * mildest first. Only photos that could not be encoded before take that branch, so every other photo's bytes are
 * unchanged.
 */
export async function encodeChipWebp(frame: Frame): Promise<Uint8Array> {
  const raw = { width: frame.width, height: frame.height, channels: frame.channels };
  for (let quality = 90; quality >= 1; quality -= quality > 30 ? 10 : 2) {
    const webp = await sharp(frame.data, { raw }).removeAlpha().webp({ quality, effort: 6 }).toBuffer();
    if (webp.byteLength <= CHIP_MAX_BYTES) return new Uint8Array(webp);
  }
  for (const sigma of WEBP_PREFILTER_SIGMAS) {
    for (const quality of [20, 10, 1]) {
      const webp = await sharp(frame.data, { raw })
        .removeAlpha()
        .blur(sigma)
        .webp({ quality, effort: 6 })
        .toBuffer();
      if (webp.byteLength <= CHIP_MAX_BYTES) return new Uint8Array(webp);
    }
  }
  throw new Error('could not fit the chip photo into 1 KB as WebP');
}

function ppm(frame: Frame): Uint8Array {
  const header = new TextEncoder().encode(`P6\n${frame.width} ${frame.height}\n255\n`);
  const out = new Uint8Array(header.length + frame.width * frame.height * 3);
  out.set(header);
  const C = frame.channels;
  for (let i = 0, o = header.length; i < frame.width * frame.height; i++, o += 3) {
    out[o] = frame.data[i * C];
    out[o + 1] = frame.data[i * C + 1];
    out[o + 2] = frame.data[i * C + 2];
  }
  return out;
}

/** Parses a binary PPM (P6, maxval 255) as opj_decompress writes it, comments included. */
export function parsePpm(bytes: Uint8Array): Frame {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4 && i < bytes.length) {
    const c = bytes[i];
    if (c === 0x23) {
      while (i < bytes.length && bytes[i] !== 0x0a) i++; // comment to end of line
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else {
      let s = '';
      while (i < bytes.length && ![0x20, 0x0a, 0x0d, 0x09].includes(bytes[i]))
        s += String.fromCharCode(bytes[i++]);
      fields.push(s);
    }
  }
  const [magic, w, h, max] = fields;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P6' || max !== '255' || !(width > 0 && height > 0))
    throw new Error(`not an 8-bit P6 PPM (${fields.join(' ')})`);
  const data = bytes.slice(i + 1, i + 1 + width * height * 3);
  if (data.length !== width * height * 3) throw new Error('PPM is truncated');
  return { width, height, channels: 3, data, timestampMs: 0 };
}

async function withTempDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hexin-chip-'));
  try {
    return await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * JPEG 2000 codestream ≤ CHIP_MAX_BYTES with OpenJPEG's rate control: start at the ratio that targets ~1,000
 * bytes and raise it until the stream fits (rate control lands within a few percent).
 */
export async function encodeChipJpeg2000(frame: Frame): Promise<Uint8Array> {
  return withTempDir(async (dir) => {
    const input = path.join(dir, 'in.ppm');
    const output = path.join(dir, 'out.j2k');
    await writeFile(input, ppm(frame));
    let ratio = (frame.width * frame.height * 3) / 1000;
    for (let attempt = 0; attempt < 12; attempt++, ratio *= 1.06) {
      await run('opj_compress', ['-i', input, '-o', output, '-r', ratio.toFixed(2), '-I']);
      const bytes = new Uint8Array(await readFile(output));
      if (bytes.byteLength <= CHIP_MAX_BYTES) return bytes;
    }
    throw new Error('could not fit the chip photo into 1 KB as JPEG 2000');
  });
}

export async function decodeJpeg2000(bytes: Uint8Array): Promise<Frame> {
  return withTempDir(async (dir) => {
    const input = path.join(dir, 'in.j2k');
    const output = path.join(dir, 'out.ppm');
    await writeFile(input, bytes);
    await run('opj_decompress', ['-i', input, '-o', output]);
    return parsePpm(new Uint8Array(await readFile(output)));
  });
}

export interface SimulatedChip {
  /** The encoded chip photo (≤ CHIP_MAX_BYTES). */
  bytes: Uint8Array;
  /** What a reader hands the kiosk: the decoded 102×126 RGB photo. */
  frame: Frame;
}

/**
 * A chip photo made from an ordinary photo: `face` is the face found in `source` (its 68 landmarks, e.g.
 * from VisionEngine.analyze).
 */
export async function simulateChipPhoto(
  source: Frame,
  face: { landmarks: readonly Point[] },
  codec: ChipCodec = 'jpeg2000',
): Promise<SimulatedChip> {
  const framed = await idFramed(source, face.landmarks);
  if (codec === 'webp') {
    const bytes = await encodeChipWebp(framed);
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return {
      bytes,
      frame: {
        width: info.width,
        height: info.height,
        channels: 3,
        data: new Uint8Array(data),
        timestampMs: 0,
      },
    };
  }
  const bytes = await encodeChipJpeg2000(framed);
  return { bytes, frame: await decodeJpeg2000(bytes) };
}
