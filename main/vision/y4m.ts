// Reads YUV4MPEG2 (.y4m) video — the fake camera's format — into RGB frames, for the benchmark and for tests
// (the liveness area reuses it). Supports 8-bit 4:2:0 (C420, C420jpeg, C420paldv, C420mpeg2) only, which is what
// ffmpeg writes by default and Chromium reads.
import { readFile } from 'node:fs/promises';
import { HexinError } from '../../common/errors';
import type { Frame } from './types';

export interface Y4mVideo {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** Frame i as RGB (BT.601 full-range, as C420jpeg means), timestamped at i / fps seconds. */
  frame(i: number): Frame;
}

function bad(message: string): never {
  throw new HexinError('VIDEO_INVALID', message);
}

export function parseY4m(bytes: Uint8Array): Y4mVideo {
  const headerEnd = bytes.indexOf(0x0a);
  if (headerEnd < 0 || headerEnd > 1024) bad('no YUV4MPEG2 header line');
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, headerEnd)).split(' ');
  if (header[0] !== 'YUV4MPEG2') bad('not a YUV4MPEG2 file');
  let width = 0;
  let height = 0;
  let fps = 0;
  let colour = '420jpeg';
  for (const tag of header.slice(1)) {
    const v = tag.slice(1);
    if (tag[0] === 'W') width = Number(v);
    else if (tag[0] === 'H') height = Number(v);
    else if (tag[0] === 'F') {
      const [n, d] = v.split(':').map(Number);
      fps = d ? n / d : 0;
    } else if (tag[0] === 'C') colour = v;
  }
  if (!(width > 0 && height > 0 && width <= 8192 && height <= 8192)) bad(`bad frame size ${width}×${height}`);
  if (!colour.startsWith('420') || width % 2 || height % 2) bad(`unsupported colour space C${colour}`);
  const ySize = width * height;
  const frameBytes = ySize + 2 * (ySize / 4);
  // Frame offsets: each frame is "FRAME[ params]\n" + planes.
  const offsets: number[] = [];
  let pos = headerEnd + 1;
  while (pos < bytes.length) {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0 || nl - pos > 256) bad(`bad FRAME marker at byte ${pos}`);
    if (new TextDecoder('latin1').decode(bytes.subarray(pos, pos + 5)) !== 'FRAME')
      bad(`bad FRAME marker at byte ${pos}`);
    if (nl + 1 + frameBytes > bytes.length) break; // truncated last frame: ignore it
    offsets.push(nl + 1);
    pos = nl + 1 + frameBytes;
  }
  if (offsets.length === 0) bad('the video has no complete frame');

  return {
    width,
    height,
    fps,
    frameCount: offsets.length,
    frame(i: number): Frame {
      const base = offsets[i];
      if (base === undefined) throw new RangeError(`frame ${i} of ${offsets.length}`);
      const data = new Uint8Array(ySize * 3);
      const cw = width / 2;
      const uBase = base + ySize;
      const vBase = uBase + ySize / 4;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const Y = bytes[base + y * width + x];
          const c = (y >> 1) * cw + (x >> 1);
          const U = bytes[uBase + c] - 128;
          const V = bytes[vBase + c] - 128;
          const o = (y * width + x) * 3;
          data[o] = clamp(Y + 1.402 * V);
          data[o + 1] = clamp(Y - 0.344136 * U - 0.714136 * V);
          data[o + 2] = clamp(Y + 1.772 * U);
        }
      }
      return { width, height, channels: 3, data, timestampMs: fps > 0 ? (i * 1000) / fps : i };
    },
  };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

export async function readY4m(path: string): Promise<Y4mVideo> {
  return parseY4m(await readFile(path));
}
