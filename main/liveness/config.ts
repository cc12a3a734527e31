// Liveness configuration: one zod schema with production defaults. The session, the CLI and tests all parse
// their config through it, so a bad value fails loudly at start-up instead of weakening liveness silently.
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { FLASH_MAX_COLOUR_MS, FLASH_MAX_INTRO_MS, FLASH_MIN_COLOUR_MS } from '../../common/flash';

export const CHALLENGE_TYPES = ['blink', 'turn-left', 'turn-right', 'nod', 'open-mouth'] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];

/** The shipped passive threshold: halfway (in log-odds) between the highest print-attack presentation (0.011) and
 *  the lowest genuine one (0.9991) of ../shared/pad-nuaa, 5-frame medians; leave-one-subject-out APCER 0 %,
 *  BPCER 0 %. See docs/liveness.md before changing it. */
export const PASSIVE_THRESHOLD = 0.777;

const ms = (def: number) => z.number().int().positive().max(600_000).default(def);
const prob = (def: number) => z.number().min(0).max(1).default(def);

/** Thresholds of the head/eye/mouth gesture detectors (see gestures.ts). Angles in degrees. */
export const gestureThresholdsSchema = z
  .strictObject({
    /** Eyes count as open at or above this probability (mean of both eyes)… */
    eyeOpen: prob(0.6),
    /** …and as closed at or below this one; the gap between the two is the hysteresis. */
    eyeClosed: prob(0.3),
    /** A blink (closed → open again) must finish within this; longer is "eyes closed", not a blink. */
    blinkMaxClosedMs: ms(1000),
    /** A turn counts once yaw moved this far from the neutral pose in the asked direction. */
    turnYaw: z.number().min(5).max(60).default(20),
    /** Nod: pitch excursion from neutral. */
    nodPitch: z.number().min(5).max(60).default(12),
    /** Back to neutral = within this many degrees of the neutral pose again. */
    returnAngle: z.number().min(1).max(30).default(8),
    /** Mouth counts as open at or above this inner-lip/width ratio above neutral… */
    mouthOpen: z.number().min(0.05).max(2).default(0.25),
    /** …and as closed again below this rise over neutral. */
    mouthClosed: z.number().min(0).max(2).default(0.1),
    /** A gesture, once started (left neutral), must come back to neutral within this. */
    gestureMaxMs: ms(3000),
    /** Neutral pose = median of this many samples before the gesture (when no baseline is given). */
    baselineSamples: z.number().int().min(1).max(30).default(5),
  })
  .refine((t) => t.eyeClosed < t.eyeOpen, { message: 'eyeClosed must be below eyeOpen' })
  .refine((t) => t.mouthClosed < t.mouthOpen, { message: 'mouthClosed must be below mouthOpen' })
  .refine((t) => t.returnAngle < t.turnYaw && t.returnAngle < t.nodPitch, {
    message: 'returnAngle must be below turnYaw and nodPitch',
  });
export type GestureThresholds = z.infer<typeof gestureThresholdsSchema>;

export const livenessConfigSchema = z
  .strictObject({
    /** Active challenges. The e2e fixture turns this off; production keeps it on. */
    active: z.boolean().default(true),
    /** How many challenges to draw per session (distinct types, random order). */
    challengeCount: z.number().int().min(1).max(CHALLENGE_TYPES.length).default(2),
    /** Which challenge types may be drawn. */
    challengeTypes: z
      .array(z.enum(CHALLENGE_TYPES))
      .min(1)
      .default([...CHALLENGE_TYPES]),
    /** Time allowed for each challenge, from its prompt to its completion. */
    challengeTimeoutMs: ms(6000),
    /** Per-type overrides of challengeTimeoutMs (e.g. a shorter blink). */
    challengeTimeouts: z
      .partialRecord(z.enum(CHALLENGE_TYPES), z.number().int().positive().max(600_000))
      .default({}),
    gestures: gestureThresholdsSchema.prefault({}),
    /** Positioning before the first challenge: consecutive well-placed frames needed, and the time allowed. */
    settleFrames: z.number().int().min(1).max(60).default(5),
    positionTimeoutMs: ms(15_000),
    /** The face may leave the frame (or be hidden) for at most this long during the challenges. */
    faceLostMs: ms(1500),
    /** Embedding continuity: cosine similarity to the session's reference face must stay at or above this. */
    sameFaceMinSimilarity: z.number().min(-1).max(1).default(0.35),
    /** Embeddings averaged to form the reference face. */
    referenceEmbeddings: z.number().int().min(1).max(30).default(2),
    /** A face box whose centre jumps more than this × its height between consecutive frames is a cut. */
    maxBoxJump: z.number().positive().max(10).default(0.8),
    passive: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Live probabilities aggregated (median) before deciding; a single frame never decides. */
        minFrames: z.number().int().min(1).max(120).default(5),
        /** Most recent scores kept. */
        maxFrames: z.number().int().min(1).max(600).default(30),
        /** Median live probability needed to pass: calibrated with `hexin pad-eval` on real print attacks
         *  (docs/liveness.md, "Presentation attacks measured"). */
        threshold: prob(PASSIVE_THRESHOLD),
      })
      .prefault({}),
    reflect: z
      .strictObject({
        /** Colour-flash (reflect) liveness: the screen flashes random colours, the face must reflect them.
         *  Off by default: it only works in a dim-to-normal room (daylight swamps the screen's light and genuine
         *  people fail), it is not yet measured on a real kiosk camera (auto white balance fights it), and it
         *  flashes colour at every customer. Switch it on per site after measuring there (docs/liveness.md). */
        enabled: z.boolean().default(false),
        /** Number of colours shown. 8 × 300 ms with correlation ≥ 0.7: a recording that follows another
         *  session's sequence passed 0.8 % of 500 simulated trials (5 colours: 5.4 %); see docs/liveness.md. */
        colours: z.number().int().min(3).max(16).default(8),
        /** How long each colour is shown. Never below FLASH_MIN_COLOUR_MS (at most three changes a second,
         *  WCAG 2.3.1; see common/flash.ts). */
        colourMs: z.number().int().min(FLASH_MIN_COLOUR_MS).max(FLASH_MAX_COLOUR_MS).default(400),
        /** Gentle mode, which a person sensitive to flashing light may choose on the explanation screen:
         *  each colour stays this long and fades in over fadeMs instead of switching at once. */
        gentleColourMs: z.number().int().min(FLASH_MIN_COLOUR_MS).max(FLASH_MAX_COLOUR_MS).default(1000),
        fadeMs: z.number().int().min(0).max(1000).default(250),
        /** The explanation ("the screen will change colour…") stays this long before the first colour. */
        introMs: z.number().int().min(0).max(FLASH_MAX_INTRO_MS).default(6000),
        /** A colour may stay this much longer than planned (a late animation frame) before the screen counts
         *  as stalled (LIVENESS_REFLECT_TIMING). */
        paintSlackMs: z.number().int().min(20).max(2000).default(250),
        /** The first colour must be painted within this after the explanation. */
        startGraceMs: z.number().int().min(500).max(30_000).default(3000),
        /** Latency allowed between the colour command and it appearing in camera frames. */
        maxLagMs: z.number().int().min(0).max(2000).default(400),
        /** Mean per-channel correlation between shown colour and face colour response needed to pass. */
        minCorrelation: z.number().min(-1).max(1).default(0.7),
        /** Smallest chromaticity swing accepted as a response (below it, the signal is noise). */
        minAmplitude: z.number().min(0).max(1).default(0.004),
      })
      .refine((r) => r.gentleColourMs >= r.colourMs, { message: 'gentleColourMs must be at least colourMs' })
      .refine((r) => r.fadeMs * 2 <= r.gentleColourMs, {
        message: 'fadeMs must be at most half of gentleColourMs',
      })
      .prefault({}),
    /** Replay guards. */
    guards: z
      .strictObject({
        /** This many identical consecutive frames in a row = frozen feed. */
        maxIdenticalFrames: z.number().int().min(1).max(100).default(3),
        /** A gap between frames longer than this fails the session (feed paused or spliced). */
        maxFrameGapMs: ms(2000),
        /** Bound on the whole liveness check (frame clock and, when given, the wall clock). */
        maxTotalMs: ms(45_000),
      })
      .prefault({}),
  })
  .refine((c) => new Set(c.challengeTypes).size >= c.challengeCount, {
    message: 'challengeCount is larger than the number of distinct challengeTypes',
  });

export type LivenessConfig = z.infer<typeof livenessConfigSchema>;
export type LivenessConfigInput = z.input<typeof livenessConfigSchema>;

/** Parses a config from outside (file, IPC, CLI) into a full config with defaults, or throws LIVENESS_CONFIG. */
export function parseLivenessConfig(raw: unknown): LivenessConfig {
  const parsed = livenessConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new HexinError('LIVENESS_CONFIG', `invalid liveness config: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The time allowed for one challenge of `type`. */
export function challengeTimeout(config: LivenessConfig, type: ChallengeType): number {
  return config.challengeTimeouts[type] ?? config.challengeTimeoutMs;
}

export const defaultLivenessConfig: LivenessConfig = parseLivenessConfig({});

/** Elderly mode's liveness pace (config accessibility.elderly): how many challenges, how much longer each window. */
export interface ElderlyLivenessPace {
  /** Active challenges asked, one at a time (never more than the normal pace asks). */
  challenges: number;
  /** Each challenge's window, the time a gesture may take and the whole check's bound are multiplied by this. */
  windowFactor: number;
}

/**
 * The liveness config for a person in elderly mode (长辈模式): fewer challenges, each given a longer window, and a
 * gesture may take longer before it counts as too slow — an older person reacts and turns more slowly, and a still
 * photo still fails, only later. Nothing about what counts as the gesture changes (angles, the passive threshold,
 * the replay guards' frame checks). Every time stays within the schema's bounds.
 */
export function atElderlyPace(config: LivenessConfig, pace: ElderlyLivenessPace): LivenessConfig {
  const longer = (ms: number) => Math.min(600_000, Math.round(ms * pace.windowFactor));
  const challengeTimeouts: LivenessConfig['challengeTimeouts'] = {};
  for (const [type, ms] of Object.entries(config.challengeTimeouts) as [ChallengeType, number][])
    challengeTimeouts[type] = longer(ms);
  return {
    ...config,
    challengeCount: Math.max(
      1,
      Math.min(pace.challenges, config.challengeCount, new Set(config.challengeTypes).size),
    ),
    challengeTimeoutMs: longer(config.challengeTimeoutMs),
    challengeTimeouts,
    positionTimeoutMs: longer(config.positionTimeoutMs),
    gestures: { ...config.gestures, gestureMaxMs: longer(config.gestures.gestureMaxMs) },
    guards: { ...config.guards, maxTotalMs: longer(config.guards.maxTotalMs) },
  };
}
