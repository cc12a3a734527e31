// The build step that speaks the prompts: real espeak-ng into a temp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { promptManifestSchema } from '../../../common/voice';
import { expectedPromptFiles } from '../../../main/voice/prompt-manifest';
import { allPromptTexts } from '../../../renderer/src/voice/prompt-texts';

const script = path.resolve('scripts/gen-prompts.mjs');
const out = mkdtempSync(path.join(tmpdir(), 'hexin-prompts-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, '--out', out, ...args], { encoding: 'utf8' });

describe('scripts/gen-prompts.mjs', () => {
  it('writes every prompt in each language and speed, with a manifest of texts and hashes; then reports them current', () => {
    expect(run('--check').status).toBe(1);
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const manifest = promptManifestSchema.parse(
      JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')),
    );
    // Exactly what the kiosk checks at start and may play: guidance of every step and the intent prompts, ×2 ×2.
    expect(manifest.prompts.map((p) => p.file).sort()).toEqual(expectedPromptFiles().sort());
    for (const p of manifest.prompts) {
      const wav = readFileSync(path.join(out, p.file));
      expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
      // Speech, not an empty file: espeak-ng writes 22.05 kHz 16-bit mono; the shortest prompt is ~1 s.
      expect(wav.length, p.file).toBeGreaterThan(22_050);
      expect(createHash('sha256').update(wav).digest('hex')).toBe(p.sha256);
      expect(wav.length).toBe(p.bytes);
    }
    // The texts are the screens' own (renderer/src/voice/prompt-texts.ts), in both languages.
    const welcome = allPromptTexts('zh-CN').find((p) => p.id === 'welcome')!.text;
    expect(manifest.prompts.find((p) => p.file === 'zh-CN/welcome.wav')?.text).toBe(welcome);
    expect(manifest.prompts.find((p) => p.file === 'en/guide-move-closer.wav')?.text).toBe(
      'Please come a little closer.',
    );
    // The slow variant (elderly mode) is spoken slower: the same words take longer.
    const size = (f: string) => manifest.prompts.find((p) => p.file === f)!.bytes;
    expect(size('zh-CN/slow/consent-summary.wav')).toBeGreaterThan(size('zh-CN/consent-summary.wav') * 1.2);
    expect(size('en/slow/welcome.wav')).toBeGreaterThan(size('en/welcome.wav') * 1.2);
    expect(run('--check').status).toBe(0);
  });

  it('--check fails on a file that is not the one built, and a build puts it right', () => {
    const file = path.join(out, 'en', 'guide-ok.wav');
    const good = readFileSync(file);
    writeFileSync(file, Buffer.concat([good.subarray(0, 44), Buffer.alloc(good.length - 44)]));
    const check = run('--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/1 prompt\(s\) missing or stale/);
    const again = run();
    expect(again.stdout).toMatch(/1 generated/);
    expect(readFileSync(file).equals(good)).toBe(true);
  });

  it('does not regenerate unchanged prompts', () => {
    const file = path.join(out, 'zh-CN', 'answer-question.wav');
    const before = statSync(file).mtimeMs;
    const again = run();
    expect(again.stdout).toMatch(/0 generated/);
    expect(statSync(file).mtimeMs).toBe(before);
    // The audio is speech in the expected duration range for the question (ffprobe reads it as a valid WAV).
    const seconds = Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {
        encoding: 'utf8',
      }),
    );
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(20);
  });

  it('without espeak-ng: --optional says so and lets the build go on; without it the build stops', () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'hexin-prompts-bare-'));
    try {
      const env = { ...process.env, PATH: bare }; // a PATH where no espeak-ng can be found
      const soft = spawnSync(process.execPath, [script, '--out', bare, '--optional'], {
        encoding: 'utf8',
        env,
      });
      expect(soft.status, soft.stderr).toBe(0);
      expect(soft.stdout).toMatch(/espeak-ng is not installed.*\n.*without speaking them/);
      const hard = spawnSync(process.execPath, [script, '--out', bare], { encoding: 'utf8', env });
      expect(hard.status).toBe(1);
      expect(hard.stderr).toMatch(/espeak-ng is not installed/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
