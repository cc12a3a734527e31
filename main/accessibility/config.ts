// The `accessibility` config section: elderly mode (长辈模式, China's 适老化 rules for self-service terminals) —
// larger text, higher contrast, a slower pace and an easy way to a person. Strict, every number bounded.
import { z } from 'zod';
import { voiceConfigSchema } from './voice-config';

export const elderlyModeConfigSchema = z.strictObject({
  /** The large 长辈模式 button on the attract screen and the offer on the card screen. */
  enabled: z.boolean().default(true),
  /** A card that says the person is this old or older offers elderly mode when it is read. */
  offerAtAge: z.number().int().min(50).max(100).default(65),
  /** Text size relative to the normal screens (适老化: at least 1.5×). */
  textScale: z.number().min(1.5).max(2.5).default(1.5),
  /** Step and idle timeouts are multiplied by this in elderly mode. */
  timeoutFactor: z.number().min(1).max(4).default(2),
  /** Active liveness challenges asked in elderly mode, one at a time. */
  livenessChallenges: z.number().int().min(1).max(3).default(1),
  /** Each challenge's window is multiplied by this in elderly mode. */
  livenessWindowFactor: z.number().min(1).max(4).default(2),
});

export const accessibilityConfigSchema = z.strictObject({
  elderly: elderlyModeConfigSchema.prefault({}),
  /** Spoken guidance at every step (main/accessibility/voice-config.ts). */
  voice: voiceConfigSchema.prefault({}),
});

export type AccessibilityConfig = z.infer<typeof accessibilityConfigSchema>;
export type ElderlyModeConfig = z.infer<typeof elderlyModeConfigSchema>;
