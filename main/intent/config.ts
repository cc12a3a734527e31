// Settings of the intent-confirmation step (意愿确认): off by default, switched on per purpose by the deployment,
// with the recogniser choice (none / remote HTTP / local engine) and the tolerances of the checks.
import { z } from 'zod';
import { HexinError } from '../../common/errors';

/** How a purpose confirms intent: read a sentence aloud, answer a yes/no question by nodding, or both. */
export const intentModeSchema = z.enum(['off', 'read-aloud', 'answer', 'both']);
export type IntentMode = z.infer<typeof intentModeSchema>;

const localisedText = z.strictObject({
  'zh-CN': z.string().trim().min(1).max(40),
  en: z.string().trim().min(1).max(80),
});

export const purposeSchema = z.strictObject({
  mode: intentModeSchema.default('off'),
  /** Words naming the business inside the sentence and the question, e.g. 开立个人账户 / open a personal account. */
  label: localisedText,
});
export type PurposeConfig = z.infer<typeof purposeSchema>;

export const recogniserConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('remote'),
    /** Endpoint that takes a WAV body and answers {"text": "..."}; see docs/intent.md. */
    /** https, or http to a loopback address only (a local gateway or the test simulator): audio is personal data. */
    url: z.url({ protocol: /^https?$/ }).refine(
      (u) => {
        const { protocol, hostname } = new URL(u);
        return protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
      },
      { message: 'the recogniser URL must use https (plain http only to 127.0.0.1 / localhost)' },
    ),
    /** Sent as `Authorization: Bearer …` when set. */
    token: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
  }),
  z.strictObject({
    kind: z.literal('local'),
    /** Engine binding loaded at run time (npm `sherpa-onnx-node`); the deployment installs it and provides the model. */
    engine: z.literal('sherpa-onnx'),
    /** Offline model family; both are single-file Chinese(-English) models with a tokens.txt. */
    modelType: z.enum(['paraformer', 'sense-voice']).default('paraformer'),
    /** Directory with the model files; nothing is bundled. */
    modelDir: z.string().min(1),
    modelFile: z
      .string()
      .regex(/^[\w.-]+$/)
      .default('model.int8.onnx'),
    tokensFile: z
      .string()
      .regex(/^[\w.-]+$/)
      .default('tokens.txt'),
    threads: z.number().int().min(1).max(4).default(1),
  }),
]);
export type RecogniserConfig = z.infer<typeof recogniserConfigSchema>;

export const vadConfigSchema = z.strictObject({
  /** Silero frame probability at or above which a 32 ms frame counts as speech. */
  speechThreshold: z.number().min(0.05).max(0.95).default(0.5),
  /** Speech needed at least, in ms, independent of the sentence. */
  minSpeechMs: z.number().int().min(200).max(10_000).default(800),
  /** Expected speaking rate, used to bound the speech duration by the sentence's length. */
  msPerSyllableMin: z.number().int().min(50).max(1_000).default(120),
  msPerSyllableMax: z.number().int().min(100).max(3_000).default(900),
});
export type VadConfig = z.infer<typeof vadConfigSchema>;

export const evidenceConfigSchema = z.strictObject({
  /** What the kept record holds besides the decision: the agreement allows audio; minimal is the default. */
  keep: z.enum(['decision', 'transcript', 'audio']).default('decision'),
});

export const intentConfigSchema = z
  .strictObject({
    /** Master switch; when false no purpose asks for intent confirmation, whatever `purposes` says. */
    enabled: z.boolean().default(false),
    purposes: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), purposeSchema).default({}),
    recogniser: recogniserConfigSchema.default({ kind: 'none' }),
    /** Character error rate allowed between the sentence and the transcript (digits must match regardless). */
    cerTolerance: z.number().min(0).max(1).default(0.25),
    digits: z.number().int().min(3).max(8).default(4),
    /**
     * Tests and demos only: these digits instead of random ones, so a recording can be made before the browser
     * starts (e2e). A fixed code can be replayed, so a kiosk warns at start when it is set; never in production.
     */
    fixedDigits: z
      .string()
      .regex(/^[0-9]{3,8}$/)
      .optional(),
    /** Read-aloud attempts per session (each with a new sentence) before the step fails. */
    attempts: z.number().int().min(1).max(5).default(3),
    /** Recording bounds; the renderer stops at maxAudioMs and main rejects anything longer. */
    minAudioMs: z.number().int().min(300).max(5_000).default(1_000),
    maxAudioMs: z.number().int().min(2_000).max(30_000).default(15_000),
    /** How long a composed sentence stays valid. */
    challengeTtlMs: z.number().int().min(10_000).max(600_000).default(120_000),
    /** How long the person has to nod or shake before the question counts as unanswered. */
    answerTimeoutMs: z.number().int().min(2_000).max(60_000).default(10_000),
    vad: vadConfigSchema.prefault({}),
    evidence: evidenceConfigSchema.prefault({}),
  })
  // In the schema (not only in parseIntentConfig) so the app's composed config catches them too.
  .refine((c) => c.minAudioMs < c.maxAudioMs, {
    message: 'minAudioMs must be below maxAudioMs',
    path: ['minAudioMs'],
  })
  .refine((c) => c.vad.msPerSyllableMin < c.vad.msPerSyllableMax, {
    message: 'vad.msPerSyllableMin must be below vad.msPerSyllableMax',
    path: ['vad', 'msPerSyllableMin'],
  });
export type IntentConfig = z.infer<typeof intentConfigSchema>;
export type IntentConfigInput = z.input<typeof intentConfigSchema>;

/** Parses the intent section of the config; bad config is an operator-facing error, never a crash. */
export function parseIntentConfig(raw: unknown): IntentConfig {
  const r = intentConfigSchema.safeParse(raw ?? {});
  if (!r.success) {
    throw new HexinError('INTENT_CONFIG_INVALID', `intent config: ${z.prettifyError(r.error)}`);
  }
  return r.data;
}

/** The mode a purpose asks for; 'off' when the step is disabled or the purpose is not configured. */
export function modeFor(config: IntentConfig, purpose: string): IntentMode {
  if (!config.enabled) return 'off';
  return config.purposes[purpose]?.mode ?? 'off';
}
