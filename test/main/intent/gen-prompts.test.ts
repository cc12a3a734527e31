// The build step that speaks the prompts: real espeak-ng into a temp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SPOKEN_PROMPTS } from '../../../main/intent/prompts';

const script = path.resolve('scripts/gen-prompts.mjs');
const out = mkdtempSync(path.join(tmpdir(), 'hexin-prompts-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, '--out', out, ...args], { encoding: 'utf8' });

describe('scripts/gen-prompts.mjs', () => {
  it('writes one WAV per language and prompt, then reports them current', () => {
    expect(run('--check').status).toBe(1);
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const expected = Object.entries(SPOKEN_PROMPTS).flatMap(([lang, t]) =>
      Object.keys(t).map((id) => `${lang}/${id}.wav`),
    );
    const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as {
      prompts: { file: string }[];
    };
    expect(index.prompts.map((p) => p.file).sort()).toEqual(expected.sort());
    for (const file of expected) {
      const wav = readFileSync(path.join(out, file));
      expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
      // Seconds of speech, not an empty file: espeak-ng writes 22.05 kHz 16-bit mono.
      expect(wav.length).toBeGreaterThan(22_050 * 2);
    }
    expect(run('--check').status).toBe(0);
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
