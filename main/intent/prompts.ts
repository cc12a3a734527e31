// The words the kiosk shows and speaks in the intent step, per language. scripts/gen-prompts.mjs turns the spoken
// ones into audio files (espeak-ng) under renderer/public/prompts/<language>/<id>.wav at build time, for people who
// cannot read the screen well; the renderer plays the file main names in the view.
import type { Language } from '../../common/messages';

export const SPOKEN_PROMPT_IDS = [
  'read-aloud-instruction',
  'answer-question',
  'answer-declined',
  'answer-retry',
] as const;
export type SpokenPromptId = (typeof SPOKEN_PROMPT_IDS)[number];

/** Generic wording (no purpose) so the audio can be made once at build time, whatever the deployment's purposes. */
export const SPOKEN_PROMPTS: Readonly<Record<Language, Readonly<Record<SpokenPromptId, string>>>> = {
  'zh-CN': {
    'read-aloud-instruction': '请看屏幕，大声朗读屏幕上的文字，数字请逐个读出。',
    'answer-question': '您是否本人自愿办理此项业务？是，请点头；否，请摇头。',
    'answer-declined': '您选择了否，本次业务已结束。如需帮助，请前往柜台。',
    'answer-retry': '没有看清您的回答。是，请点头；否，请摇头。',
  },
  en: {
    'read-aloud-instruction': 'Please read the words on the screen aloud. Read each digit on its own.',
    'answer-question':
      'Are you applying for this service yourself, of your own free will? Nod for yes. Shake your head for no.',
    'answer-declined':
      'You answered no, so this service has ended. Please go to the counter if you need help.',
    'answer-retry': 'We could not see your answer. Nod for yes. Shake your head for no.',
  },
};

/** The on-screen question, naming the purpose. */
export function answerQuestionText(label: string, language: Language): string {
  return language === 'zh-CN'
    ? `您是否本人自愿办理${label}？是，请点头；否，请摇头。`
    : `Are you applying to ${label} yourself, of your own free will? Nod for yes, shake your head for no.`;
}

/**
 * Where the built prompt audio is served, relative to the renderer's root (scripts/gen-prompts.mjs writes it into
 * renderer/public/prompts, which the build copies into out/renderer; both hosts serve that folder as 'self').
 */
export const promptAudioPath = (language: Language, id: SpokenPromptId): string =>
  `prompts/${language}/${id}.wav`;
