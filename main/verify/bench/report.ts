// The match benchmark's report: every comparison scored from the cached embeddings, the shipped thresholds
// derived from them, the numbers written to main/verify/benchmark-result.json (small: numbers only, never images
// or embeddings) and the tables into docs/vision.md between the bench:match markers.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReferenceType } from '../match';
import { crossValidateScored, ratesAt, scoreAll, summarise, type Side } from './compare';
import type { Dataset } from './datasets';
import { EmbeddingCache } from './embed-cache';
import { FULL, OLD_PATH, PROBE, PROBE_FLIP, specOf, variantCache } from './embed';
import type { CacheFiles } from './variants';
import { cohortNormaliser, type CohortNorm } from './cohort';
import type { Rate } from '../match-metrics';

export interface Comparison {
  /** Cache variant of the reference side and of the probe side. */
  reference: string;
  probe: string;
  /** What the row is called in the tables. */
  label: string;
  /** The reference type whose threshold this row informs, if any. */
  type?: ReferenceType;
  /** For a variant: the cache it must be compared with on the same photos. */
  baseline?: string;
  /** Cohort score normalisation (cohort.ts); thresholds are then in z-units / Z_SCALE, not cosine. */
  norm?: CohortNorm;
  /** Measure only the people outside the held-out cohort (the baseline of a held-out cohort's rows). */
  heldOut?: boolean;
  /** Measure on this dataset only. */
  only?: string;
}

const FOLDS = 5;
const HELD_OUT = 'held-out';
/** Cohort rows taken from another dataset: at most this many, evenly spread. */
const OTHER_COHORT_MAX = 1500;

/** A cohort from another dataset's cache: its embeddings of one variant, whoever they show. */
function otherCohort(cacheRoot: string, files: CacheFiles, dataset: string, variant: string): Side {
  const cache = variantCache(path.join(cacheRoot, dataset), files, variant);
  const all = cache.keys().flatMap((k) => cache.get(k)!.embedding ?? []);
  const step = Math.max(1, all.length / OTHER_COHORT_MAX);
  const n = Math.min(all.length, OTHER_COHORT_MAX);
  const rows = Array.from({ length: n }, (_, i) => all[Math.floor(i * step)]);
  if (rows.length === 0) throw new Error(`no ${variant} embeddings cached for ${dataset}: embed it first`);
  const dim = rows[0].length;
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => vectors.set(r, i * dim));
  return { ids: new Uint32Array(n), photos: new Uint32Array(n), vectors, dim };
}

export const COMPARISONS: readonly Comparison[] = [
  { reference: FULL, probe: PROBE, label: 'full photo', type: 'full' },
  { reference: 'authority', probe: PROBE, label: 'authority photo (358×441 JPEG)', type: 'authority' },
  { reference: 'chip-jpeg2000', probe: PROBE, label: 'chip, JPEG 2000 ≤ 1 KB', type: 'chip' },
  { reference: 'chip-webp', probe: PROBE, label: 'chip, WebP ≤ 1 KB', type: 'chip' },
  {
    reference: 'chip-jpeg2000',
    probe: PROBE,
    label: 'chip JPEG 2000 (same photos as the variants below)',
    baseline: 'chip-jpeg2000-up',
  },
  {
    reference: 'chip-jpeg2000-up',
    probe: PROBE,
    label: 'variant: chip upsampled ×2 (Lanczos) before landmarks',
    baseline: 'chip-jpeg2000',
  },
  {
    reference: 'chip-jpeg2000',
    probe: PROBE_FLIP,
    label: 'variant: live probe flip-averaged too',
    baseline: 'chip-jpeg2000-up',
  },
  {
    reference: 'chip-jpeg2000',
    probe: PROBE,
    label: 'chip JPEG 2000, people outside the held-out cohort (baseline of the rows below)',
    heldOut: true,
    only: 'faces-east-asian',
  },
  ...(
    [
      ['z', null, HELD_OUT],
      ['t', null, HELD_OUT],
      ['s', null, HELD_OUT],
      ['s', 50, HELD_OUT],
      ['s', 50, 'faces-lfw'],
      ['s', 50, 'faces-east-asian'],
    ] as const
  ).map(([kind, topK, cohort]): Comparison => ({
    reference: 'chip-jpeg2000',
    probe: PROBE,
    label: `variant: ${normName({ kind, topK, cohort })}`,
    norm: { kind, topK, cohort },
    // Each LFW row scores 26 million pairs, minutes on 2 cores: on LFW only with --cohort-everywhere.
    only: 'faces-east-asian',
  })),
];

function normName(n: CohortNorm): string {
  const what = { z: 'Z-norm', t: 'T-norm', s: 'S-norm' }[n.kind];
  const cohort = n.cohort === HELD_OUT ? 'a held-out fifth of the people' : n.cohort;
  return `${n.topK ? `adaptive ${what} (top ${n.topK})` : what}, cohort ${cohort}`;
}

const compactRate = (r: Rate) => ({
  k: r.k,
  n: r.n,
  rate: Number(r.rate.toPrecision(4)),
  low: Number(r.low.toPrecision(3)),
  high: Number(r.high.toPrecision(3)),
});

export interface Row {
  dataset: string;
  population: string;
  reference: string;
  probe: string;
  label: string;
  type: ReferenceType | null;
  /** Reference photos (made from photos with a face) the reference path could not use, before and after. */
  references: number;
  noFace: number;
  oldPathNoFace: number | null;
  identities: number;
  genuine: number;
  impostor: number;
  auc: number;
  eer: number;
  tarAt1e3: { threshold: number; tar: ReturnType<typeof compactRate>; fmr: ReturnType<typeof compactRate> };
  tarAt1e4: { threshold: number; tar: ReturnType<typeof compactRate>; fmr: ReturnType<typeof compactRate> };
  /** Five-fold cross-validation by identity of the FMR ≤ 1e-4 threshold. */
  crossValidated1e4: {
    thresholds: number[];
    fmr: ReturnType<typeof compactRate>;
    fnmr: ReturnType<typeof compactRate>;
  };
  /** Cohort normalisation of the scores (thresholds in z-units / Z_SCALE), if any. */
  normalisation?: string;
  /** Filled in once the shipped thresholds are known. */
  shipped?: { threshold: number; fmr: ReturnType<typeof compactRate>; fnmr: ReturnType<typeof compactRate> };
}

function side(
  dataset: Dataset,
  cache: EmbeddingCache,
  ids: Map<string, number>,
  only: Set<string>,
): Side & { missing: number } {
  const rows: { id: number; photo: number; e: Float32Array }[] = [];
  let missing = 0;
  dataset.photos.forEach((p, photo) => {
    const c = only.has(p.key) ? cache.get(p.key) : undefined;
    if (!c) return;
    if (!c.embedding) {
      missing++;
      return;
    }
    rows.push({ id: ids.get(p.id)!, photo, e: c.embedding });
  });
  const dim = rows[0]?.e.length ?? 512;
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => vectors.set(r.e, i * dim));
  return {
    ids: Uint32Array.from(rows.map((r) => r.id)),
    photos: Uint32Array.from(rows.map((r) => r.photo)),
    vectors,
    dim,
    missing,
  };
}

export function measure(
  dataset: Dataset,
  cacheRoot: string,
  files: CacheFiles,
  comparisons: readonly Comparison[],
  log: (line: string) => void,
): Row[] {
  const dir = path.join(cacheRoot, dataset.name);
  const ids = new Map<string, number>();
  for (const p of dataset.photos) if (!ids.has(p.id)) ids.set(p.id, ids.size);
  const caches = new Map<string, EmbeddingCache>();
  const cache = (v: string) => {
    if (!caches.has(v)) caches.set(v, variantCache(dir, files, v));
    return caches.get(v)!;
  };
  const rows: Row[] = [];
  for (const c of comparisons) {
    // A cohort from the measured dataset itself would hold the measured people: only the held-out fifth may.
    if ((c.norm && c.norm.cohort === dataset.name) || (c.only && c.only !== dataset.name)) continue;
    const refCache = cache(c.reference);
    if (refCache.size === 0 || cache(c.probe).size === 0) continue;
    // Only photos embedded on both sides (and, for a variant, as the baseline), so a partly embedded set (an
    // interrupted run) compares like with like.
    const baseline = c.baseline ? cache(c.baseline) : null;
    const attempted = new Set(
      dataset.photos
        .filter((p) => refCache.get(p.key) && cache(c.probe).get(p.key) && (!baseline || baseline.get(p.key)))
        .map((p) => p.key),
    );
    // A held-out cohort: the people of the last fold are the cohort and are not measured (nor in the baseline
    // row measured beside it), so no measured pair is normalised against either person's photos.
    const heldOut = c.heldOut || c.norm?.cohort === HELD_OUT;
    const cohortKeys = new Set<string>();
    if (heldOut) {
      for (const p of dataset.photos) {
        if (attempted.has(p.key) && ids.get(p.id)! % FOLDS === FOLDS - 1) {
          attempted.delete(p.key);
          cohortKeys.add(p.key);
        }
      }
    }
    if (attempted.size === 0) continue;
    const refs = side(dataset, refCache, ids, attempted);
    const probes = side(dataset, cache(c.probe), ids, attempted);
    let adjust: ((i: number, j: number, raw: number) => number) | undefined;
    if (c.norm) {
      const other = (v: string) => otherCohort(cacheRoot, files, c.norm!.cohort, v);
      const [probeCohort, referenceCohort] =
        c.norm.cohort === HELD_OUT
          ? [side(dataset, cache(c.probe), ids, cohortKeys), side(dataset, refCache, ids, cohortKeys)]
          : [other(c.probe), other(c.reference)];
      adjust = cohortNormaliser(refs, probes, probeCohort, referenceCohort, c.norm);
    }
    const spec = specOf(c.reference);
    const old = spec.kind === 'reference' ? cache(OLD_PATH(spec.codec)) : null;
    const oldMissed = [...attempted].filter((k) => old?.get(k)?.embedding?.[0] === 0).length;
    const started = performance.now();
    const scored = scoreAll(refs, probes, FOLDS, adjust);
    const s = summarise(scored);
    const cv = crossValidateScored(scored, 1e-4);
    log(
      `${dataset.name} ${c.label}: ${s.genuine} genuine, ${s.impostor} impostor pairs (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const point = (p: typeof s.at1e3) => ({
      threshold: p.threshold,
      tar: compactRate(p.tar),
      fmr: compactRate(p.fmr),
    });
    rows.push({
      dataset: dataset.name,
      population: dataset.population,
      reference: c.reference,
      probe: c.probe,
      label: c.label,
      // Fewer than 1 / 1e-4 impostor pairs cannot show the target FMR: such a row informs no threshold.
      type: s.impostor >= 1e4 ? (c.type ?? null) : null,
      ...(c.norm ? { normalisation: normName(c.norm) } : {}),
      references: attempted.size,
      noFace: refs.missing,
      oldPathNoFace: old && old.size > 0 ? oldMissed : null,
      identities: new Set(refs.ids).size,
      genuine: s.genuine,
      impostor: s.impostor,
      auc: Number(s.auc.toFixed(5)),
      eer: Number(s.eer.toPrecision(4)),
      tarAt1e3: point(s.at1e3),
      tarAt1e4: point(s.at1e4),
      crossValidated1e4: { thresholds: cv.thresholds, fmr: compactRate(cv.fmr), fnmr: compactRate(cv.fnmr) },
    });
    Object.defineProperty(rows[rows.length - 1], 'scored', { value: scored, enumerable: false });
  }
  return rows;
}

/**
 * The shipped threshold of each reference type: the highest FMR ≤ 1e-4 threshold any measured population needs
 * (both chip codecs count for `chip`), rounded up to 0.01. Where the populations disagree this is the East Asian
 * one — the kiosk's users.
 */
export function deriveThresholds(
  rows: readonly Row[],
): Record<ReferenceType, number> & { from: Record<string, string> } {
  const out = { full: NaN, authority: NaN, chip: NaN } as Record<ReferenceType, number>;
  const from: Record<string, string> = {};
  for (const type of ['full', 'authority', 'chip'] as const) {
    let best = -1;
    for (const r of rows) {
      if (r.type !== type) continue;
      if (r.tarAt1e4.threshold > best) {
        best = r.tarAt1e4.threshold;
        from[type] = `${r.dataset} ${r.label}`;
      }
    }
    out[type] = best < 0 ? NaN : Math.ceil(best * 100 - 1e-9) / 100;
  }
  return Object.assign(out, { from });
}

export function applyShipped(rows: Row[], thresholds: Record<ReferenceType, number>): void {
  for (const r of rows) {
    if (r.normalisation) continue; // its scores are not cosines: a cosine threshold says nothing there
    const type = r.type ?? 'chip';
    const t = thresholds[type];
    const scored = (r as unknown as { scored: Parameters<typeof ratesAt>[0] }).scored;
    const { fmr, fnmr } = ratesAt(scored, t);
    r.shipped = { threshold: t, fmr: compactRate(fmr), fnmr: compactRate(fnmr) };
  }
}

const pct = (v: number, d = 1) => `${(100 * v).toFixed(d)} %`;
const ci = (r: { rate: number; low: number; high: number }, d = 1) =>
  `${pct(r.rate, d)} (${pct(r.low, d)}–${pct(r.high, d)})`;
const sci = (r: { k: number; n: number; high: number }) =>
  `${r.k}/${r.n.toLocaleString('en')} (≤ ${r.high.toExponential(1)})`;

export function markdown(rows: readonly Row[]): string {
  const lines = [
    '| population | reference vs live probe | no face (old path) | people | genuine / impostor pairs | AUC | EER | TAR @ FMR 1e-3 | TAR @ FMR 1e-4 (threshold) | shipped threshold: FNMR | shipped: false matches (95 % upper) | CV 1e-4: FMR / FNMR |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      [
        '',
        r.dataset,
        r.label + (r.probe === PROBE_FLIP ? '' : ''),
        `${r.noFace}/${r.references} (${r.oldPathNoFace ?? '—'})`,
        r.identities,
        `${r.genuine.toLocaleString('en')} / ${r.impostor.toLocaleString('en')}`,
        r.auc.toFixed(4),
        pct(r.eer, 2),
        ci(r.tarAt1e3.tar),
        `${ci(r.tarAt1e4.tar)} (${r.tarAt1e4.threshold.toFixed(4)})`,
        r.shipped ? `${r.shipped.threshold.toFixed(2)}: ${ci(r.shipped.fnmr)}` : '—',
        r.shipped ? sci(r.shipped.fmr) : '—',
        `${sci(r.crossValidated1e4.fmr)} / ${pct(r.crossValidated1e4.fnmr.rate)}`,
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}

const BEGIN = '<!-- bench:match begin (generated by `npm run bench:match`; do not edit by hand) -->';
const END = '<!-- bench:match end -->';

export async function writeDocs(docsFile: string, body: string): Promise<void> {
  const text = await readFile(docsFile, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${docsFile} has no bench:match markers`);
  await writeFile(docsFile, text.slice(0, a + BEGIN.length) + '\n\n' + body + '\n\n' + text.slice(b));
}
