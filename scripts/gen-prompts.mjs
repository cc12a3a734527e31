#!/usr/bin/env node
// Generates the kiosk's spoken prompts (intent step: read-aloud instruction, yes/no question, …) as WAV files with
// espeak-ng, one per language and prompt id, into renderer/public/prompts/<language>/<id>.wav plus an index.json.
// `npm run build` runs it first, so the renderer build copies the files into out/renderer/prompts, where both hosts
// serve them from our own origin (the CSP's media-src 'self'). The files are build output (not committed).
// Idempotent: a prompt whose text and voice are unchanged is not generated again.
//
// Usage: node scripts/gen-prompts.mjs [--out DIR] [--check] [--optional]
//   --check: exit 1 if any prompt is missing or stale, generate nothing.
//   --optional: without espeak-ng, say so and exit 0 (the build goes on; the kiosk then asks its questions on screen
//               only, and says so in its log at start).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { SPOKEN_PROMPTS } = await import('../main/intent/prompts.ts');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    check: { type: 'boolean', default: false },
    optional: { type: 'boolean', default: false },
  },
});
const outDir = path.resolve(values.out ?? path.join(root, 'renderer', 'public', 'prompts'));

/** espeak-ng voice and speed per language; slower than default, for clarity at a kiosk. */
const VOICES = { 'zh-CN': { voice: 'cmn', speed: 140 }, en: { voice: 'en-us', speed: 145 } };

const log = (t) => console.log(`[hexin] prompts: ${t}`);
const fail = (t) => {
  console.error(`[hexin] prompts: ${t}`);
  process.exit(1);
};

const espeak = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
if (espeak.error || espeak.status !== 0) {
  if (values.optional) {
    log(
      'espeak-ng is not installed (Debian: apt-get install espeak-ng): no spoken prompts are built, so the kiosk',
    );
    log(
      'will show its questions without speaking them. Install espeak-ng and build again to have them spoken.',
    );
    process.exit(0);
  }
  fail('espeak-ng is not installed (Debian: apt-get install espeak-ng)');
}
const engine = espeak.stdout.trim().split('\n')[0];

const indexFile = path.join(outDir, 'index.json');
let previous = {};
try {
  previous = Object.fromEntries(
    JSON.parse(readFileSync(indexFile, 'utf8')).prompts.map((p) => [p.file, p.key]),
  );
} catch {
  previous = {};
}

const prompts = [];
let made = 0;
let stale = 0;
for (const [language, table] of Object.entries(SPOKEN_PROMPTS)) {
  const v = VOICES[language];
  if (!v) fail(`no espeak-ng voice configured for ${language}`);
  mkdirSync(path.join(outDir, language), { recursive: true });
  for (const [id, text] of Object.entries(table)) {
    const file = `${language}/${id}.wav`;
    const target = path.join(outDir, file);
    // The key covers everything that changes the audio: text, voice, speed, engine version.
    const key = createHash('sha256')
      .update(JSON.stringify([text, v, engine]))
      .digest('hex');
    prompts.push({ language, id, file, text, key });
    if (previous[file] === key && existsSync(target)) continue;
    stale++;
    if (values.check) continue;
    const r = spawnSync('espeak-ng', ['-v', v.voice, '-s', String(v.speed), '-w', `${target}.part`, text], {
      encoding: 'utf8',
    });
    if (r.status !== 0) fail(`espeak-ng failed for ${file}: ${(r.stderr || String(r.error)).trim()}`);
    renameSync(`${target}.part`, target); // atomic: never a half-written prompt
    made++;
  }
}
if (values.check) {
  if (stale) fail(`${stale} prompt(s) missing or stale in ${outDir}; run node scripts/gen-prompts.mjs`);
  log(`all ${prompts.length} present and current.`);
  process.exit(0);
}
writeFileSync(indexFile, JSON.stringify({ engine, prompts }, null, 2) + '\n');
log(`${made} generated, ${prompts.length - made} unchanged, in ${path.relative(root, outDir) || outDir}`);
