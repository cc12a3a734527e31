import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ARCFACE_TEMPLATE,
  binnedAngle,
  decodeDetections,
  invertAffine,
  nms,
  primaryIndex,
  similarityTransform,
  squareBox,
} from '../../../main/vision/geometry';
import type { Point } from '../../../main/vision/types';

const apply = (m: readonly number[], p: Point): Point => [
  m[0] * p[0] + m[1] * p[1] + m[2],
  m[3] * p[0] + m[4] * p[1] + m[5],
];

describe('similarityTransform', () => {
  it('recovers any rotation, scale and translation exactly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (theta, s, tx, ty) => {
          const m = [
            s * Math.cos(theta),
            -s * Math.sin(theta),
            tx,
            s * Math.sin(theta),
            s * Math.cos(theta),
            ty,
          ];
          const src = ARCFACE_TEMPLATE;
          const dst = src.map((p) => apply(m, p));
          const found = similarityTransform(src, dst);
          src.forEach((p, i) => {
            const q = apply(found, p);
            expect(q[0]).toBeCloseTo(dst[i][0], 6);
            expect(q[1]).toBeCloseTo(dst[i][1], 6);
          });
          const back = invertAffine(found);
          const r = apply(back, dst[2]);
          expect(r[0]).toBeCloseTo(src[2][0], 6);
        },
      ),
    );
  });
});

describe('detections', () => {
  it('NMS keeps the highest score of overlapping boxes, not the lowest bottom edge', () => {
    const kept = nms(
      [
        { x1: 0, y1: 0, x2: 10, y2: 12, score: 0.7 },
        { x1: 1, y1: 1, x2: 11, y2: 10, score: 0.95 },
        { x1: 50, y1: 50, x2: 60, y2: 60, score: 0.8 },
      ],
      0.4,
    );
    expect(kept.map((b) => b.score)).toEqual([0.95, 0.8]);
  });

  it('decodes scores and corner boxes, dropping low scores', () => {
    const scores = new Float32Array([0.9, 0.1, 0.2, 0.8]);
    const boxes = new Float32Array([0, 0, 0.5, 0.5, 0.25, 0.25, 0.75, 0.75]);
    const found = decodeDetections(scores, boxes, 200, 100, 0.65, 0.4);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ x1: 50, y1: 25, x2: 150, y2: 75 });
  });

  it('makes a square of side = box height, clipped to the frame', () => {
    expect(squareBox({ x1: 40, y1: 10, x2: 60, y2: 50, score: 1 }, 100, 100)).toMatchObject({
      x1: 30,
      x2: 70,
    });
    expect(squareBox({ x1: 0, y1: 10, x2: 10, y2: 50, score: 1 }, 100, 100)).toMatchObject({ x1: 0, x2: 25 });
  });

  it('prefers a large central face over a slightly larger one at the edge', () => {
    const edge = { x1: 0, y1: 0, x2: 110, y2: 110, score: 1 };
    const centre = { x1: 270, y1: 190, x2: 370, y2: 290, score: 1 };
    expect(primaryIndex([edge, centre], 640, 480)).toBe(1);
    expect(primaryIndex([], 640, 480)).toBeNull();
  });
});

describe('pose bins', () => {
  it('decodes a peaked bin to its angle', () => {
    const logits = new Float32Array(66).fill(-50);
    logits[33] = 50; // bin 33 → 33·3 − 99 = 0°
    expect(binnedAngle(logits)).toBeCloseTo(0, 3);
    logits[33] = -50;
    logits[40] = 50;
    expect(binnedAngle(logits)).toBeCloseTo(21, 3);
  });
});
