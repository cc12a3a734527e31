// The vision CLI commands end to end through main() (real worker, real models, files in a temp dir):
// compare (one pair, --pairs), analyze, calibrate, bench.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/index';
import { parsePairs, splitCsvLine } from '../../../main/verify/match-pairs';
import { FACES } from './faces-helper';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hexin-vision-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hexin compare', () => {
  it('prints score, threshold, match and both faces as JSON', async () => {
    const r = await run('compare', `${FACES}/paul_rudd/1.jpg`, `${FACES}/paul_rudd/2.jpg`, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.match).toBe(true);
    expect(j.score).toBeGreaterThan(j.threshold);
    expect(j.faces.a.box.x2).toBeGreaterThan(j.faces.a.box.x1);
    expect(j.faces.b.fivePoints).toHaveLength(5);
    const other = JSON.parse(
      (await run('compare', `${FACES}/paul_rudd/1.jpg`, `${FACES}/joe_biden/1.jpg`, '--json')).out,
    );
    expect(other.match).toBe(false);
  });

  it('no face: exit 1 and a FACE_NOT_FOUND error document', async () => {
    const r = await run('compare', `${FACES}/paul_rudd/1.jpg`, `${FACES}/non_faces/rocket.jpg`, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error.code).toBe('FACE_NOT_FOUND');
  });

  it('--pairs prints one JSON line per pair, relative to the CSV, errors inline', async () => {
    const csv = path.join(dir, 'pairs.csv');
    const rel = (p: string) => path.relative(dir, path.join(FACES, p));
    await writeFile(
      csv,
      [
        'imageA,imageB',
        `${rel('joe_biden/1.jpg')},${rel('joe_biden/2.jpg')}`,
        `${rel('joe_biden/1.jpg')},${rel('non_faces/coffee.jpg')}`,
        `"${rel('joe_biden/2.jpg')}",${rel('paul_rudd/1.jpg')}`,
      ].join('\n'),
    );
    const r = await run('compare', '--pairs', csv, '--json');
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].score).toBeGreaterThan(0.45);
    expect(lines[1].error.code).toBe('FACE_NOT_FOUND');
    expect(lines[2].score).toBeLessThan(0.45);
  });
});

describe('hexin analyze', () => {
  it('reports every face with box, landmarks, quality, eyes, pose and anti-spoof score', async () => {
    const r = await run('analyze', `${FACES}/multi/obama_biden_2faces.jpg`, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.faces).toHaveLength(2);
    expect(j.guidance).toBe('ONE_FACE_ONLY');
    for (const f of j.faces) {
      expect(f.landmarks).toHaveLength(68);
      expect(typeof f.pose.yaw).toBe('number');
      expect(typeof f.eyes.left).toBe('number');
      expect(f.antiSpoof.live).toBeGreaterThanOrEqual(0);
      expect(f.quality.sharpness).toBeGreaterThan(0);
    }
  });
});

describe('hexin calibrate', () => {
  it('prints AUC, EER, threshold and TAR from labelled pairs', async () => {
    const csv = path.join(dir, 'labelled.csv');
    const p = (x: string) => path.join(FACES, x);
    await writeFile(
      csv,
      [
        `${p('barack_obama/1.jpg')},${p('barack_obama/2.jpg')},same`,
        `${p('barack_obama/3.jpg')},${p('barack_obama/4.jpg')},same`,
        `${p('joe_biden/1.jpg')},${p('joe_biden/2.jpg')},same`,
        `${p('barack_obama/1.jpg')},${p('joe_biden/1.jpg')},different`,
        `${p('paul_rudd/1.jpg')},${p('joe_biden/2.jpg')},different`,
        `${p('paul_rudd/2.jpg')},${p('impostors/chris_pratt.jpg')},different`,
      ].join('\n'),
    );
    const r = await run(
      'calibrate',
      csv,
      '--target-fmr',
      '1e-4',
      '--population',
      'faces test set',
      '--reference-type',
      'full',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.shipped).toMatchObject({ referenceType: 'full', fmr: { k: 0, n: 3 }, fnmr: { n: 3 } });
    expect(j.shipped.fmr.high).toBeGreaterThan(0.5); // three impostor pairs prove almost nothing
    expect(j).toMatchObject({
      population: 'faces test set',
      pairs: 6,
      genuine: 3,
      impostor: 3,
      auc: 1,
      eer: 0,
      tar: 1,
      fmr: 0,
      targetMeasurable: false,
    });
    expect(j.threshold).toBeGreaterThan(0);
  });

  it('refuses to calibrate without saying which population the photos show', async () => {
    const r = await run('calibrate', path.join(dir, 'labelled.csv'), '--json');
    expect(r.code).toBe(2); // a missing required option: the usage, exit 2
    expect(r.out + r.err).toContain('--population');
  });

  it('a malformed CSV is CALIBRATION_INPUT with the line number', async () => {
    const csv = path.join(dir, 'bad.csv');
    await writeFile(csv, 'a.jpg,b.jpg,maybe\n');
    const r = await run('calibrate', csv, '--population', 'pilot', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.error.code).toBe('CALIBRATION_INPUT');
    expect(j.error.message).toContain(':1:');
  });
});

describe('pair CSV parsing', () => {
  it('handles quotes, comments, a header and resolves paths against the CSV folder', () => {
    expect(splitCsvLine('"a, b.jpg","c""d.jpg", same')).toEqual(['a, b.jpg', 'c"d.jpg', 'same']);
    const pairs = parsePairs(
      '# comment\nimageA,imageB,label\n\nx/1.jpg,/abs/2.jpg,SAME\n',
      '/data/p.csv',
      true,
    );
    expect(pairs).toEqual([
      { line: 4, a: 'x/1.jpg', b: '/abs/2.jpg', fileA: '/data/x/1.jpg', fileB: '/abs/2.jpg', same: true },
    ]);
  });
});

describe('hexin bench', () => {
  it('prints every stage, verification, load time, RSS, the WASM comparison and liveness per frame', async () => {
    const r = await run('bench', '--json', '--frames', '4', '--wasm-frames', '1');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const s of ['detect', 'landmarks', 'eyes', 'pose', 'antiSpoof', 'embed'])
      expect(j.stages[s].n).toBeGreaterThan(0);
    expect(j.facesFound).toBe(4);
    expect(j.frame.p95).toBeGreaterThanOrEqual(j.frame.p50);
    expect(j.verification.n).toBe(4);
    expect(j.wasm.frame.n).toBe(1);
    expect(j.rssPeakMb).toBeGreaterThan(0);
    expect(j.targets.map((t: { name: string }) => t.name)).toContain('per-frame p95');
    // Liveness timed on the same analyses (4 frames × 5 rounds), with a target for vision + liveness together.
    for (const mode of ['signals', 'withPixels', 'reflect']) expect(j.liveness[mode].n).toBe(20);
    expect(j.targets.map((t: { name: string }) => t.name)).toContain('per-frame + liveness p95');
  }, 120_000);
});
