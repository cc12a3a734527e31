// Embeds a reference photo (the ID card's chip photo, an authority photo, or any full photo): decode, find the
// face, align, embed. Chip photos are tiny (102×126) and the face fills them, which a detector trained on scenes
// misses; padding the image onto a larger neutral canvas first gives it the context it expects.
import { HexinError } from '../../common/errors';
import { decodeImage } from './decode';
import type { VisionEngine } from './engine';
import type { ReferenceEmbedding } from './protocol';
import type { Frame } from './types';

/** Images whose longer side is below this are padded before detection. */
const PAD_BELOW_SIDE = 320;

/** Places the frame in the middle of a 4:3 canvas `scale` times its size, filled with mid-gray. */
export function padFrame(frame: Frame, scale = 2): { frame: Frame; dx: number; dy: number } {
  const C = frame.channels;
  const height = Math.round(Math.max(frame.height, (frame.width * 3) / 4) * scale);
  const width = Math.round((height * 4) / 3);
  const dx = Math.floor((width - frame.width) / 2);
  const dy = Math.floor((height - frame.height) / 2);
  const data = new Uint8Array(width * height * C).fill(127);
  for (let y = 0; y < frame.height; y++) {
    const src = frame.data.subarray(y * frame.width * C, (y + 1) * frame.width * C);
    data.set(src, ((y + dy) * width + dx) * C);
  }
  return { frame: { width, height, channels: C, data, timestampMs: frame.timestampMs }, dx, dy };
}

export async function embedReferenceWith(
  engine: VisionEngine,
  image: Frame | Uint8Array | string,
  flip = true,
): Promise<ReferenceEmbedding> {
  const decoded = image instanceof Uint8Array || typeof image === 'string' ? await decodeImage(image) : image;
  const frame = Math.max(decoded.width, decoded.height) < PAD_BELOW_SIDE ? padFrame(decoded).frame : decoded;
  const analysis = await engine.analyze(frame, {});
  if (analysis.primary === null) {
    throw new HexinError('FACE_NOT_FOUND', 'no face was found in the reference image', {
      width: decoded.width,
      height: decoded.height,
    });
  }
  const face = analysis.faces[analysis.primary];
  const embedding = await engine.embed(frame, face.fivePoints, flip);
  return { face, embedding, width: frame.width, height: frame.height };
}
