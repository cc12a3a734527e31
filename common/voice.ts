// Spoken guidance at every step (issue 17): which prompts exist, where their audio lives and what the build's
// manifest says about each file. scripts/gen-prompts.mjs speaks the texts (the screens' own i18n texts, see
// renderer/src/voice/prompt-texts.ts) with espeak-ng at build time; main checks the manifest at start
// (main/voice/prompt-manifest.ts); the renderer's queue (renderer/src/voice) plays them.
import { z } from 'zod';
import { livenessPrompts } from './messages/liveness';
import type { Language } from './messages/types';
import { guidanceCodeSchema } from './session';

/** A prompt id as a file name: lower case words joined by dashes. */
export const PROMPT_ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** 'normal' for everyone; 'slow' (espeak's speed lower) in elderly mode (长辈模式). */
export const PROMPT_SPEEDS = ['normal', 'slow'] as const;
export type PromptSpeed = (typeof PROMPT_SPEEDS)[number];

/** `NO_FACE` → `no-face`; `liveness.challenge.turn-left` → `challenge-turn-left`. */
const slug = (s: string) =>
  s
    .replace(/^liveness\./, '')
    .toLowerCase()
    .replace(/[._]/g, '-');

/** A capture guidance code's prompt id (`guide-no-face`). */
export const guidancePromptId = (code: string): string => `guide-${slug(code)}`;
/** A liveness step's prompt id from its i18n key (`liveness-challenge-blink`). */
export const livenessPromptId = (key: string): string => `liveness-${slug(key)}`;

/** The prompts of the steps themselves (the words come from the screens' texts). */
export const STEP_PROMPT_IDS = [
  'welcome',
  'consent-summary',
  'card-place',
  'card-check',
  'guardian',
  'capture-start',
  'match',
  'result-pass',
  'result-retry',
  'result-counter',
  'refused',
  'staff-counter',
  'idle-warning',
] as const;
export type StepPromptId = (typeof STEP_PROMPT_IDS)[number];

export const GUIDANCE_PROMPT_IDS = guidanceCodeSchema.options.map(guidancePromptId);
export const LIVENESS_PROMPT_IDS = Object.keys(livenessPrompts).map(livenessPromptId);

/** Every guidance prompt the renderer may ask for (the intent step's own prompts are main/intent/prompts.ts). */
export const GUIDANCE_ALL_PROMPT_IDS: readonly string[] = [
  ...STEP_PROMPT_IDS,
  ...GUIDANCE_PROMPT_IDS,
  ...LIVENESS_PROMPT_IDS,
];

/**
 * Where a prompt's audio is, relative to the prompts folder: `<language>/<id>.wav`, the slow variant under
 * `<language>/slow/`. The intent step's files keep their place (`prompts/<language>/<id>.wav`, common/session.ts).
 */
export const promptFile = (language: Language, id: string, speed: PromptSpeed = 'normal'): string =>
  speed === 'slow' ? `${language}/slow/${id}.wav` : `${language}/${id}.wav`;

/** The prompts folder under the built renderer, and the manifest in it. */
export const PROMPTS_DIR = 'prompts';
export const PROMPT_MANIFEST = 'manifest.json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const promptManifestEntrySchema = z.strictObject({
  id: z.string().max(60).regex(PROMPT_ID_RE),
  language: z.enum(['zh-CN', 'en']),
  speed: z.enum(PROMPT_SPEEDS),
  /** `promptFile(language, id, speed)`. */
  file: z
    .string()
    .max(120)
    .regex(/^(zh-CN|en)\/(slow\/)?[a-z0-9-]+\.wav$/),
  /** What is said, as espeak-ng was given it. */
  text: z.string().min(1).max(1_000),
  /** espeak-ng words per minute. */
  wpm: z.number().int().min(60).max(400),
  /** SHA-256 of the file's bytes: main checks each at start. */
  sha256: sha256Hex,
  bytes: z
    .number()
    .int()
    .min(44)
    .max(20 * 1024 * 1024),
  /** Hash of everything that made the audio (text, voice, speed, engine): the build regenerates only what changed. */
  key: sha256Hex,
});
export type PromptManifestEntry = z.infer<typeof promptManifestEntrySchema>;

export const promptManifestSchema = z.strictObject({
  format: z.literal(1),
  /** espeak-ng's version line. */
  engine: z.string().max(200),
  prompts: z.array(promptManifestEntrySchema).max(2_000),
});
export type PromptManifest = z.infer<typeof promptManifestSchema>;
