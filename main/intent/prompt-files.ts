// Whether the spoken prompts were built into the renderer (scripts/gen-prompts.mjs with espeak-ng at build time).
// Without them the kiosk still works — the question is on screen with its buttons — but it says so in the log, so
// an operator can tell "silent by design" from "espeak-ng was missing when this was built".
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../../common/messages';
import { promptAudioPath, SPOKEN_PROMPTS, type SpokenPromptId } from './prompts';

/** The prompt files missing under `rendererDir` (paths as the renderer asks for them); empty when all are there. */
export function missingSpokenPrompts(rendererDir: string): string[] {
  const missing: string[] = [];
  for (const [language, table] of Object.entries(SPOKEN_PROMPTS) as [
    Language,
    Record<SpokenPromptId, string>,
  ][]) {
    for (const id of Object.keys(table) as SpokenPromptId[]) {
      const file = promptAudioPath(language, id);
      if (!existsSync(path.join(rendererDir, ...file.split('/')))) missing.push(file);
    }
  }
  return missing;
}
