// The vision core on ../shared/faces with the real models: face counts, pose sign, genuine/impostor separation
// for full photos and for simulated ID-card chip photos. Prints the score tables (see docs/vision.md).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../main/vision/decode';
import type { VisionEngine } from '../../../main/vision/engine';
import { embedReferenceWith } from '../../../main/vision/reference';
import { readY4m } from '../../../main/vision/y4m';
import { cosine, ThresholdPolicy } from '../../../main/verify/match';
import { calibrate } from '../../../main/verify/match-calibration';
import { CHIP_HEIGHT, CHIP_MAX_BYTES, CHIP_WIDTH, simulateChipPhoto } from '../../../main/verify/match-chip';
import { FACES, folderPhotos, identityPhotos, loadEngine, mirror, type LabelledPhoto } from './faces-helper';
import sharp from 'sharp';

let engine: VisionEngine;
const policy = new ThresholdPolicy();

beforeAll(async () => {
  engine = await loadEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('detection on ../shared/faces', () => {
  it('finds exactly one face in every identity and impostor photo', async () => {
    for (const p of identityPhotos()) {
      const a = await engine.analyze(await decodeImage(p.file), { allFaces: true, antiSpoof: true });
      expect(a.faces.length, p.name).toBe(1);
      expect(a.primary, p.name).toBe(0);
      const face = a.faces[0];
      expect(face.landmarks).toHaveLength(68);
      expect(face.fivePoints).toHaveLength(5);
      // The eyes are inside the face box and the left-of-image eye is left of the other.
      expect(face.fivePoints[0][0]).toBeLessThan(face.fivePoints[1][0]);
      expect(face.fivePoints[0][0]).toBeGreaterThan(face.box.x1);
      expect(face.fivePoints[1][0]).toBeLessThan(face.box.x2);
      expect(face.eyes.left, p.name).toBeGreaterThan(0.5);
      expect(face.eyes.right, p.name).toBeGreaterThan(0.5);
      expect(face.live, p.name).toBeGreaterThanOrEqual(0);
    }
  });

  it('finds no face in the non-face images', async () => {
    for (const file of folderPhotos('non_faces')) {
      const a = await engine.analyze(await decodeImage(file));
      expect(a.faces, file).toHaveLength(0);
      expect(a.primary).toBeNull();
      expect(a.guidance).toBe('NO_FACE');
    }
  });

  it('reports several faces in the multi-face images and asks for one face only', async () => {
    const two = await engine.analyze(await decodeImage(`${FACES}/multi/obama_biden_2faces.jpg`));
    expect(two.faces).toHaveLength(2);
    expect(two.guidance).toBe('ONE_FACE_ONLY');
    const group = await engine.analyze(await decodeImage(`${FACES}/multi/group_5faces.jpg`));
    expect(group.faces.length).toBeGreaterThanOrEqual(4);
    expect(group.guidance).toBe('ONE_FACE_ONLY');
  });

  it('yaw is positive when the person turns to their left (image right), and mirrors with the image', async () => {
    // paul_rudd/2.jpg: slight 3/4 pose, nose towards image left.
    const frame = await decodeImage(`${FACES}/paul_rudd/2.jpg`);
    const a = await engine.analyze(frame);
    const b = await engine.analyze(mirror(frame));
    const pa = a.faces[0];
    const noseTowardsImageRight = pa.landmarks[30][0] > (pa.landmarks[36][0] + pa.landmarks[45][0]) / 2;
    expect(Math.sign(pa.pose.yaw)).toBe(noseTowardsImageRight ? 1 : -1);
    expect(Math.sign(b.faces[0].pose.yaw)).toBe(-Math.sign(pa.pose.yaw));
  });

  it('tells a small face to come closer and a frame from the camera video is OK', async () => {
    const small = await engine.analyze(await decodeImage(`${FACES}/compreface_person_b/2.jpg`));
    expect(small.guidance).toBe('MOVE_CLOSER');
    const video = await readY4m(`${FACES}/camera-barack_obama.y4m`);
    expect(video.frameCount).toBe(40);
    expect([video.width, video.height, video.fps]).toEqual([640, 480, 10]);
    const a = await engine.analyze(video.frame(0));
    expect(a.faces).toHaveLength(1);
    expect(a.guidance).toBe('OK');
  });
});

interface Scored {
  a: string;
  b: string;
  score: number;
  same: boolean;
}

function printTable(title: string, rows: Scored[], threshold: number): void {
  const lines = rows
    .sort((x, y) => Number(y.same) - Number(x.same) || y.score - x.score)
    .map((r) => `${r.same ? 'genuine ' : 'impostor'} ${r.score.toFixed(3)} ${r.a} ~ ${r.b}`);
  const gen = rows.filter((r) => r.same).map((r) => r.score);
  const imp = rows.filter((r) => !r.same).map((r) => r.score);
  const cal = calibrate(rows, 1e-4);
  console.log(
    [
      `== ${title}: threshold ${threshold}`,
      `genuine ${gen.length}: min ${Math.min(...gen).toFixed(3)}, median ${median(gen).toFixed(3)}; ` +
        `impostor ${imp.length}: max ${Math.max(...imp).toFixed(3)}; AUC ${cal.auc.toFixed(4)}, EER ${(100 * cal.eer).toFixed(2)} %`,
      ...lines.filter((l, i) => i < 30 || l.startsWith('genuine')),
    ].join('\n'),
  );
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

describe('matching on ../shared/faces', () => {
  const photos: LabelledPhoto[] = identityPhotos();
  const full = new Map<string, Float32Array>();
  const chip = new Map<string, Float32Array>();

  beforeAll(async () => {
    for (const p of photos) {
      const frame = await decodeImage(p.file);
      const ref = await embedReferenceWith(engine, frame);
      full.set(p.name, ref.embedding);
      const simulated = await simulateChipPhoto(frame, ref.face, 'webp');
      expect(simulated.bytes.byteLength).toBeLessThanOrEqual(CHIP_MAX_BYTES);
      const meta = await sharp(simulated.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', CHIP_WIDTH, CHIP_HEIGHT]);
      chip.set(p.name, (await embedReferenceWith(engine, simulated.frame)).embedding);
    }
  });

  it('full photo vs full photo: every genuine pair above the threshold, every impostor pair below', () => {
    const rows: Scored[] = [];
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) {
        const score = cosine(full.get(photos[i].name)!, full.get(photos[j].name)!);
        rows.push({ a: photos[i].name, b: photos[j].name, score, same: photos[i].id === photos[j].id });
      }
    }
    const t = policy.threshold('full');
    printTable('full vs full', rows, t);
    expect(rows.filter((r) => r.same).length).toBeGreaterThanOrEqual(20);
    for (const r of rows)
      expect(policy.decide(r.score, 'full').match, `${r.a} ~ ${r.b} ${r.score}`).toBe(r.same);
  });

  it('chip photo vs full photo: no impostor passes; most genuine pairs pass', () => {
    const rows: Scored[] = [];
    for (const a of photos) {
      for (const b of photos) {
        if (a === b) continue; // a chip made from the very photo it is compared with proves nothing
        const score = cosine(chip.get(a.name)!, full.get(b.name)!);
        rows.push({ a: `chip(${a.name})`, b: b.name, score, same: a.id === b.id });
      }
    }
    const t = policy.threshold('chip');
    printTable('chip vs full', rows, t);
    const impostors = rows.filter((r) => !r.same);
    const genuine = rows.filter((r) => r.same);
    for (const r of impostors)
      expect(policy.decide(r.score, 'chip').match, `${r.a} ~ ${r.b} ${r.score}`).toBe(false);
    const passRate = genuine.filter((r) => policy.decide(r.score, 'chip').match).length / genuine.length;
    console.log(`chip genuine pass rate at ${t}: ${(100 * passRate).toFixed(1)} %`);
    // The chip threshold is set for FMR ≤ 1e-4 on the East Asian benchmark (docs/vision.md), which costs genuine
    // passes; here it lets 83 % of the 48 genuine chip pairs through (the benchmark measures the rate properly).
    expect(passRate).toBeGreaterThanOrEqual(0.75);
  });

  it('the live video matches the other photos of the same person and no impostor', async () => {
    const video = await readY4m(`${FACES}/camera-barack_obama.y4m`);
    const live = await engine.analyze(video.frame(5), { embed: true });
    const e = live.faces[live.primary!].embedding!;
    for (const p of photos) {
      if (p.name === 'barack_obama/1.jpg') continue; // the video is made from this photo
      const d = policy.decide(cosine(e, full.get(p.name)!), 'full');
      expect(d.match, `${p.name} ${d.score}`).toBe(p.id === 'barack_obama');
    }
  });

  it('an undecodable file is IMAGE_DECODE, not a crash', async () => {
    const bytes = await readFile(`${FACES}/PROVENANCE.md`);
    await expect(decodeImage(bytes)).rejects.toMatchObject({ code: 'IMAGE_DECODE' });
  });
});
