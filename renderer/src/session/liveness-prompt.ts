// Turns the liveness prompt main sends (an i18n key such as "liveness.challenge.blink", or only its suffix
// "blink") into the person's words, from the liveness area's own prompt table in common/messages.
import { livenessPrompts, type LivenessPromptKey } from '../../../common/messages/liveness';
import type { Language } from '../../../common/messages';

function isPromptKey(key: string): key is LivenessPromptKey {
  return Object.hasOwn(livenessPrompts, key);
}

/** The key the prompt names, or null when it names none we know (the screen then shows the generic hold text). */
export function livenessPromptKey(prompt: string): LivenessPromptKey | null {
  for (const key of [prompt, `liveness.${prompt}`, `liveness.challenge.${prompt}`]) {
    if (isPromptKey(key)) return key;
  }
  return null;
}

/**
 * The prompt text in `lang`. The view carries no {index}/{total} parameters (the progress bar shows them), so the
 * "(1/2)" part is dropped rather than shown with its placeholders.
 */
export function livenessPromptText(prompt: string, lang: Language): string | null {
  const key = livenessPromptKey(prompt);
  if (!key) return null;
  return livenessPrompts[key][lang].replace(/\s*[（(]\{index\}\/\{total\}[)）]/u, '');
}
