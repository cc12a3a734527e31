#!/usr/bin/env node
// Generates the kiosk's spoken prompts with espeak-ng: the guidance at every step (welcome, consent summary, "place
// your card", every capture guidance code and liveness prompt, the results, the idle warning — their words are the
// screens' own texts, renderer/src/voice/prompt-texts.ts) and the intent step's prompts (main/intent/prompts.ts),
// each in both languages and at two speeds (normal, and slow for elderly mode), into
// renderer/public/prompts/<language>/[slow/]<id>.wav, with a manifest (prompts/manifest.json: id, language, speed,
// file, text, words per minute, SHA-256 and size of each file) that main checks at start
// (main/voice/prompt-manifest.ts). `npm run build` runs it first, so the renderer build copies the files into
// out/renderer/prompts, where both hosts serve them from our own origin (the CSP's media-src 'self'). The files are
// build output (not committed). Idempotent: a prompt whose text, voice, speed and engine are unchanged is not
// generated again.
//
// Usage: node scripts/gen-prompts.mjs [--out DIR] [--check] [--optional]
//   --check: exit 1 if any prompt is missing, stale or not the file its manifest hash names; generate nothing.
//   --optional: without espeak-ng, say so and exit 0 (the build goes on; the kiosk then guides on screen only,
//               and says so in its log and staff health at start).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { SPOKEN_PROMPTS } = await import('../main/intent/prompts.ts');
const { allPromptTexts } = await import('../renderer/src/voice/prompt-texts.ts');
const { promptFile, promptManifestSchema, PROMPT_MANIFEST } = await import('../common/voice.ts');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    check: { type: 'boolean', default: false },
    optional: { type: 'boolean', default: false },
  },
});
const outDir = path.resolve(values.out ?? path.join(root, 'renderer', 'public', 'prompts'));

/**
 * espeak-ng voice and words per minute per language and speed (espeak's default is 175). 'normal' is already a little
 * slower than that, for clarity at a kiosk; 'slow' (elderly mode, 适老化) is about three quarters of it.
 */
const VOICES = {
  'zh-CN': { voice: 'cmn', wpm: { normal: 140, slow: 105 } },
  en: { voice: 'en-us', wpm: { normal: 145, slow: 110 } },
};
const SPEEDS = ['normal', 'slow'];

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
      'will show its guidance and questions without speaking them. Install espeak-ng and build again to have them spoken.',
    );
    process.exit(0);
  }
  fail('espeak-ng is not installed (Debian: apt-get install espeak-ng)');
}
const engine = espeak.stdout.trim().split('\n')[0];

const manifestFile = path.join(outDir, PROMPT_MANIFEST);
/** file → { key, sha256 } from the last build, when its manifest is readable. */
let previous = new Map();
try {
  const old = promptManifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  previous = new Map(old.prompts.map((p) => [p.file, p]));
} catch {
  previous = new Map();
}
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** What to speak: the guidance prompts and the intent step's, per language. */
function texts(language) {
  const intent = Object.entries(SPOKEN_PROMPTS[language] ?? {}).map(([id, text]) => ({ id, text }));
  return [...allPromptTexts(language), ...intent];
}

const prompts = [];
let made = 0;
let stale = 0;
for (const language of Object.keys(VOICES)) {
  const v = VOICES[language];
  for (const speed of SPEEDS) {
    const wpm = v.wpm[speed];
    mkdirSync(path.dirname(path.join(outDir, promptFile(language, 'x', speed))), { recursive: true });
    for (const { id, text } of texts(language)) {
      const file = promptFile(language, id, speed);
      const target = path.join(outDir, file);
      // The key covers everything that changes the audio: text, voice, speed, engine version.
      const key = sha256(JSON.stringify([text, v.voice, wpm, engine]));
      const before = previous.get(file);
      let audio = existsSync(target) ? readFileSync(target) : null;
      const current = before?.key === key && audio !== null && before.sha256 === sha256(audio);
      if (!current) {
        stale++;
        if (values.check) continue;
        const r = spawnSync('espeak-ng', ['-v', v.voice, '-s', String(wpm), '-w', `${target}.part`, text], {
          encoding: 'utf8',
        });
        if (r.status !== 0) {
          rmSync(`${target}.part`, { force: true });
          fail(`espeak-ng failed for ${file}: ${(r.stderr || String(r.error)).trim()}`);
        }
        renameSync(`${target}.part`, target); // atomic: never a half-written prompt
        audio = readFileSync(target);
        made++;
      }
      prompts.push({ id, language, speed, file, text, wpm, sha256: sha256(audio), bytes: audio.length, key });
    }
  }
}
if (values.check) {
  if (stale) fail(`${stale} prompt(s) missing or stale in ${outDir}; run node scripts/gen-prompts.mjs`);
  log(`all ${prompts.length} present and current.`);
  process.exit(0);
}
const manifest = promptManifestSchema.parse({ format: 1, engine, prompts });
writeFileSync(`${manifestFile}.part`, JSON.stringify(manifest, null, 2) + '\n');
renameSync(`${manifestFile}.part`, manifestFile);
rmSync(path.join(outDir, 'index.json'), { force: true }); // the manifest's predecessor
log(`${made} generated, ${prompts.length - made} unchanged, in ${path.relative(root, outDir) || outDir}`);
