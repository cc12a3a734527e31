// What each guidance prompt says, taken from the texts the screens show (renderer/src/i18n) — never a second copy:
// a prompt names the screen keys it speaks, in order. Only words a screen does not show (the welcome, the consent
// summary, …) have keys of their own, under `voice` (i18n/voice.ts). Pure data and lookups, no DOM: the build
// (scripts/gen-prompts.mjs) imports this file to speak the texts, and a unit test checks every prompt resolves.
import type { Language } from '../../../common/messages';
import { livenessPrompts } from '../../../common/messages/liveness';
import {
  guidancePromptId,
  livenessPromptId,
  type StepPromptId,
  GUIDANCE_ALL_PROMPT_IDS,
} from '../../../common/voice';
import { guidanceCodeSchema } from '../../../common/session';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { livenessPromptText } from '../session/liveness-prompt';

/** The screen text keys each step prompt speaks, in order. */
export const STEP_PROMPT_KEYS: Readonly<Record<StepPromptId, readonly string[]>> = {
  welcome: ['voice.welcome'],
  'consent-summary': ['voice.consentSummary'],
  'card-place': ['card.title', 'card.hint'],
  'card-check': ['voice.cardCheck'],
  guardian: ['guardian.title'],
  'capture-start': ['capture.title'],
  match: ['match.title'],
  'result-pass': ['result.passTitle', 'result.reason.MATCHED', 'result.next.done'],
  'result-retry': ['result.failTitle', 'voice.retry'],
  'result-counter': ['result.failTitle', 'result.next.staff-counter'],
  refused: ['refused.title', 'refused.alternative'],
  'staff-counter': ['common.staffCounter'],
  'idle-warning': ['idle.title', 'voice.idle'],
};

const TABLES: Readonly<Record<Language, unknown>> = { 'zh-CN': zhCN, en };

/** A screen text by its dotted key; throws on a key that names no text (a typo must fail the build). */
export function screenText(key: string, language: Language): string {
  let node: unknown = TABLES[language];
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`no screen text ${key} in ${language}`);
  if (node.includes('{{'))
    throw new Error(`screen text ${key} has a placeholder; it cannot be spoken at build time`);
  return node;
}

/** Sentences joined as the language writes them, each ending in a full stop. */
export function joinSentences(parts: readonly string[], language: Language): string {
  const ends = language === 'zh-CN' ? /[。！？…]$/u : /[.!?…]$/u;
  const stop = language === 'zh-CN' ? '。' : '.';
  return parts
    .map((p) => p.trim())
    .map((p) => (ends.test(p) ? p : `${p}${stop}`))
    .join(language === 'zh-CN' ? '' : ' ');
}

const GUIDANCE_BY_ID = new Map(guidanceCodeSchema.options.map((code) => [guidancePromptId(code), code]));
const LIVENESS_BY_ID = new Map(Object.keys(livenessPrompts).map((key) => [livenessPromptId(key), key]));

/** What the prompt `id` says in `language`; throws for an id no screen knows. */
export function promptText(id: string, language: Language): string {
  if (Object.hasOwn(STEP_PROMPT_KEYS, id))
    return joinSentences(
      STEP_PROMPT_KEYS[id as StepPromptId].map((k) => screenText(k, language)),
      language,
    );
  const code = GUIDANCE_BY_ID.get(id);
  if (code) return joinSentences([screenText(`capture.guidance.${code}`, language)], language);
  const key = LIVENESS_BY_ID.get(id);
  const text = key ? livenessPromptText(key, language) : null;
  if (text) return joinSentences([text], language);
  throw new Error(`unknown guidance prompt ${id}`);
}

/** Every guidance prompt with its words, for the build. */
export function allPromptTexts(language: Language): { id: string; text: string }[] {
  return GUIDANCE_ALL_PROMPT_IDS.map((id) => ({ id, text: promptText(id, language) }));
}
