// The `accessibility.voice` config section: spoken guidance at every step (renderer/src/voice). Strict, bounded.
// The debounce rule the renderer's queue applies to capture and liveness guidance (renderer/src/voice/
// guidance-gate.ts): a guidance code is spoken only after it has stayed the same for `guidanceSettleMs`, at least
// `guidanceGapMs` after the previous prompt ended, and the same code not again within `guidanceRepeatMs`; in
// elderly mode the three are multiplied by accessibility.elderly.timeoutFactor.
import { z } from 'zod';

export const voiceConfigSchema = z.strictObject({
  /** Speak the guidance at all (the screens show every word either way). */
  enabled: z.boolean().default(true),
  /** The volume each session starts with (0.1–1); the person can change it or mute on screen. */
  volume: z.number().min(0.1).max(1).default(0.9),
  /** A guidance code must hold this long before it is spoken (the person moving through codes is not talked at). */
  guidanceSettleMs: z.number().int().min(0).max(5_000).default(800),
  /** Silence after any prompt before the next guidance. */
  guidanceGapMs: z.number().int().min(0).max(10_000).default(1_500),
  /** The same guidance is not spoken again within this time. */
  guidanceRepeatMs: z.number().int().min(2_000).max(60_000).default(8_000),
});

export type VoiceConfig = z.infer<typeof voiceConfigSchema>;
