// `npm run bench:match [-- --datasets ../shared/faces-lfw,../shared/faces-east-asian] [--stage embed|report|scan]`
// The match benchmark (docs/vision.md "Match benchmark"): embeds every photo of each dataset (cached under
// .cache/bench-match), then scores chip and full references against the other photos of the same and of other
// people and writes the tables into docs/vision.md and the numbers into main/verify/benchmark-result.json.
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { VisionEngine, type OrtRuntime } from '../../vision/engine';
import { loadDataset } from './datasets';
import { writeFile } from 'node:fs/promises';
import { embedDataset, PASSES, PROBE, variantCache } from './embed';
import { CacheFiles } from './variants';
import { scanNoFace } from './no-face-scan';
import {
  applyShipped,
  COMPARISONS,
  deriveThresholds,
  markdown,
  measure,
  writeDocs,
  type Row,
} from './report';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '../shared/faces-east-asian,../shared/faces-lfw' },
    cache: { type: 'string', default: '.cache/bench-match' },
    stage: { type: 'string', default: 'all' },
    result: { type: 'string', default: 'main/verify/benchmark-result.json' },
    docs: { type: 'string', default: 'docs/vision.md' },
    /** `i/n`: embed only every n-th identity from the i-th (0-based), so n processes share the embedding. */
    shard: { type: 'string', default: '0/1' },
    /** Which embedding passes to run (1-based, comma-separated; embed.ts PASSES). Default: all. */
    passes: { type: 'string', default: '' },
    /** `--stage scan`: which references to scan (full, authority, jpeg2000, webp). */
    kinds: { type: 'string', default: 'full,authority,jpeg2000,webp' },
    /** Cohort-normalisation rows on every dataset (by default on the East Asian set only: LFW rows take minutes). */
    'cohort-everywhere': { type: 'boolean', default: false },
  },
});
const roots = values.datasets.split(',').filter(Boolean);
const cacheRoot = path.resolve(values.cache);
const [shardIndex, shardCount] = values.shard.split('/').map(Number);
if (!(shardCount >= 1 && shardIndex >= 0 && shardIndex < shardCount))
  throw new Error('--shard must be i/n with 0 ≤ i < n');
const shard = { index: shardIndex, count: shardCount };
const log = (line: string) => process.stderr.write(`[bench:match] ${line}\n`);
// Cache files are keyed on the models, codecs, options and reference-path version (variants.ts).
const files = await CacheFiles.load();

if (values.stage === 'scan') {
  const { engine, error } = await VisionEngine.load(ort as unknown as OrtRuntime);
  if (!engine) throw error ?? new Error('vision engine did not load');
  for (const dataset of roots.map(loadDataset)) {
    const kinds = values.kinds.split(',') as Parameters<typeof scanNoFace>[5] & string[];
    const { photos, missed } = await scanNoFace(engine, dataset, cacheRoot, files, log, kinds);
    const counts = Object.entries(missed).map(([kind, keys]) => `${kind} ${keys.length}`);
    process.stdout.write(`${dataset.name}: no face on ${counts.join(', ')} of ${photos} photos\n`);
    for (const [kind, keys] of Object.entries(missed))
      for (const k of keys) process.stdout.write(`  ${kind} ${k}\n`);
  }
  await engine.close();
}

if (values.stage === 'all' || values.stage === 'embed') {
  const { engine, error } = await VisionEngine.load(ort as unknown as OrtRuntime);
  if (!engine) throw error ?? new Error('vision engine did not load');
  const datasets = roots.map(loadDataset);
  // Every pass over the first dataset (the kiosk's population, listed first) before the next dataset.
  for (const dataset of datasets) {
    for (const [i, pass] of PASSES.entries()) {
      if (
        values.passes &&
        !values.passes
          .split(',')
          .map(Number)
          .includes(i + 1)
      )
        continue;
      log(`${dataset.name}: pass ${i + 1}/${PASSES.length}`);
      await embedDataset(engine, dataset, cacheRoot, files, pass, log, shard);
    }
  }
  await engine.close();
}

if (values.stage === 'all' || values.stage === 'report') {
  const rows: Row[] = [];
  const comparisons = values['cohort-everywhere']
    ? COMPARISONS.map(({ only: _only, ...c }) => c)
    : COMPARISONS;
  const datasets = roots.map(loadDataset);
  for (const dataset of datasets) rows.push(...measure(dataset, cacheRoot, files, comparisons, log));
  const derived = deriveThresholds(rows);
  const { from, ...thresholds } = derived;
  applyShipped(rows, thresholds);
  const result = {
    $comment:
      'Written by `npm run bench:match` (main/verify/bench). Numbers only. DEFAULT_THRESHOLDS in main/verify/match.ts are `thresholds`; test/main/verify/benchmark-result.test.ts checks them against the rows.',
    command: `npm run bench:match -- --datasets ${values.datasets}`,
    generated: new Date().toISOString().slice(0, 10),
    thresholds,
    thresholdsFrom: from,
    rule: 'per reference type: the highest threshold with FMR ≤ 1e-4 over the measured populations, rounded up to 0.01',
    datasets: Object.fromEntries(
      datasets.map((d) => [
        d.name,
        {
          population: d.population,
          photos: d.photos.length,
          identities: new Set(d.photos.map((p) => p.id)).size,
        },
      ]),
    ),
    rows,
  };
  await writeFile(path.resolve(values.result), JSON.stringify(result, null, 2) + '\n');
  const table = [
    `Generated ${result.generated} by \`${result.command}\` (embeddings cached under \`${values.cache}\`).`,
    `Shipped thresholds: full **${thresholds.full}**, authority **${thresholds.authority}**, chip **${thresholds.chip}** (${result.rule}; from ${Object.entries(
      from,
    )
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')}).`,
    '',
    ...datasets.map((d) => {
      const probes = variantCache(path.join(cacheRoot, d.name), files, PROBE);
      const embedded = d.photos.filter((p) => probes.get(p.key));
      const people = new Set(embedded.map((p) => p.id)).size;
      const total = new Set(d.photos.map((p) => p.id)).size;
      return `- ${d.name} (${d.population}): ${embedded.length.toLocaleString('en')} of ${d.photos.length.toLocaleString('en')} photos embedded (${people} of ${total} people)`;
    }),
    '',
    markdown(rows),
  ].join('\n');
  if (values.docs) await writeDocs(path.resolve(values.docs), table);
  process.stdout.write(table + '\n');
}
