// The start-up check of the spoken prompts: a prompts folder written here with a manifest of its own (files of a
// few bytes, hashed for real), then broken one way at a time.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PromptManifest } from '../../../common/voice';
import {
  checkPromptManifest,
  expectedPromptFiles,
  promptsHealth,
  promptsLogLine,
} from '../../../main/voice/prompt-manifest';
import { writeManifest as writeManifestTo, writePromptsFixture } from './prompt-fixture';

let renderer: string;
let manifest: PromptManifest;
const prompts = () => path.join(renderer, 'prompts');
const writeManifest = (m: unknown) => writeManifestTo(renderer, m);

beforeEach(() => {
  renderer = mkdtempSync(path.join(tmpdir(), 'hexin-prompt-check-'));
  manifest = writePromptsFixture(renderer);
});
afterEach(() => rmSync(renderer, { recursive: true, force: true }));

describe('checkPromptManifest', () => {
  it('every prompt present and as built: ok, and nothing to log', async () => {
    const check = await checkPromptManifest(renderer);
    expect(check).toEqual({
      checked: expectedPromptFiles().length,
      missing: [],
      wrongHash: [],
      manifestError: null,
    });
    // Every step's guidance and the intent prompts, two languages, two speeds.
    expect(check.checked).toBeGreaterThanOrEqual(4 * (13 + 11 + 16 + 4));
    expect(promptsHealth(check)).toEqual({ state: 'ok', detail: `${check.checked} prompts, hashes match` });
    expect(promptsLogLine(check)).toBeNull();
  });

  it('no manifest (built without espeak-ng): missing in health and the log', async () => {
    rmSync(prompts(), { recursive: true });
    const check = await checkPromptManifest(renderer);
    expect(check.manifestError).toBe('no manifest');
    expect(check.missing).toHaveLength(expectedPromptFiles().length);
    expect(promptsHealth(check).state).toBe('missing');
    expect(promptsLogLine(check)).toMatch(/^spoken prompts: no manifest: guidance is shown, not spoken/);
  });

  it('a manifest that is not JSON, or not of the expected shape, is refused', async () => {
    writeFileSync(path.join(prompts(), 'manifest.json'), '{"format":');
    expect((await checkPromptManifest(renderer)).manifestError).toBe('manifest is not JSON');
    writeManifest({ ...manifest, prompts: [{ ...manifest.prompts[0], sha256: 'abc' }] });
    expect((await checkPromptManifest(renderer)).manifestError).toMatch(
      /^manifest is not valid: prompts\.0\.sha256/,
    );
    // A file name outside the prompts folder cannot even be named.
    writeManifest({ ...manifest, prompts: [{ ...manifest.prompts[0], file: '../../index.html' }] });
    expect((await checkPromptManifest(renderer)).manifestError).toMatch(/prompts\.0\.file/);
  });

  it('a deleted file, a changed file and a prompt the manifest does not list are each reported', async () => {
    unlinkSync(path.join(prompts(), 'zh-CN', 'welcome.wav'));
    writeFileSync(path.join(prompts(), 'en', 'slow', 'guide-ok.wav'), 'something else');
    writeManifest({
      ...manifest,
      prompts: manifest.prompts.filter((p) => p.file !== 'en/liveness-challenge-blink.wav'),
    });
    const check = await checkPromptManifest(renderer);
    expect(check.missing).toEqual(['en/liveness-challenge-blink.wav', 'zh-CN/welcome.wav']);
    expect(check.wrongHash).toEqual(['en/slow/guide-ok.wav']);
    const health = promptsHealth(check);
    expect(health.state).toBe('degraded');
    expect(health.detail).toBe(
      '2 missing (en/liveness-challenge-blink.wav, zh-CN/welcome.wav); 1 not as built (en/slow/guide-ok.wav): those are not spoken',
    );
    expect(promptsLogLine(check)).toBe(`spoken prompts: ${health.detail}`);
  });

  it('an entry filed under another prompt’s name is not as built', async () => {
    const [first, second] = manifest.prompts;
    writeManifest({
      ...manifest,
      prompts: [{ ...first!, file: second!.file }, ...manifest.prompts.slice(1)],
    });
    const check = await checkPromptManifest(renderer);
    expect(check.wrongHash).toContain(second!.file);
    expect(check.missing).toContain(first!.file);
  });
});
