// The core's check that the spoken prompts were built into the renderer it serves (else: silent, and logged).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingSpokenPrompts } from '../../../main/intent/prompt-files';
import { promptAudioPath, SPOKEN_PROMPTS, type SpokenPromptId } from '../../../main/intent/prompts';
import type { Language } from '../../../common/messages';

const dir = mkdtempSync(path.join(tmpdir(), 'hexin-prompt-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const all = (Object.keys(SPOKEN_PROMPTS) as Language[]).flatMap((lang) =>
  (Object.keys(SPOKEN_PROMPTS[lang]) as SpokenPromptId[]).map((id) => promptAudioPath(lang, id)),
);

describe('missingSpokenPrompts', () => {
  it('names every prompt of every language until the files exist', () => {
    expect(missingSpokenPrompts(dir).sort()).toEqual([...all].sort());
    expect(all).toContain('prompts/zh-CN/answer-question.wav');
    for (const file of all.slice(1)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), 'RIFF');
    }
    expect(missingSpokenPrompts(dir)).toEqual([all[0]]);
    writeFileSync(path.join(dir, all[0]!), 'RIFF');
    expect(missingSpokenPrompts(dir)).toEqual([]);
  });
});
