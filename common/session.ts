// The session's side of the renderer contract: the view main pushes to the screens and every command the screens
// send. Plain zod objects, no Node imports (the renderer imports this file); the lead turns them into the one IPC
// contract (common/contract.ts). Nothing here ever carries a raw score for the customer: scores live only in the
// staff view.
import { z } from 'zod';
import { ConsentDecisionSchema, RenderedAgreementSchema, type RenderedAgreement } from './consent';
import { flashPlanSchema, flashReportSchema } from './flash';

// ---------------------------------------------------------------------------------------------------------------
// Limits shared by the renderer (which downscales) and main (which checks).

/** Largest frame main accepts: 640×480 RGBA. The renderer downscales before sending (see ../shared/specs/models.md). */
export const FRAME_MAX_WIDTH = 640;
export const FRAME_MAX_HEIGHT = 480;
export const FRAME_MAX_BYTES = FRAME_MAX_WIDTH * FRAME_MAX_HEIGHT * 4;
/** Longest id-like string a command may carry (agreement ids, prompt ids, purposes). */
const ID_MAX = 128;

// ---------------------------------------------------------------------------------------------------------------
// Steps

export const SESSION_STEPS = [
  'attract',
  'consent',
  'refused',
  'card',
  'guardian',
  'staff-required',
  'capture',
  'liveness',
  'match',
  'intent',
  'retry',
  'result',
  'locked',
  'error',
] as const;
export const sessionStepSchema = z.enum(SESSION_STEPS);
export type SessionStep = z.infer<typeof sessionStepSchema>;

/** Why a session ended; recorded in the audit log and shown to staff. */
export const SESSION_END_REASONS = [
  'result',
  'refused',
  'cancel',
  'idle',
  'timeout',
  'card-removed',
  'locked',
  'staff-required',
  'error',
  'reset',
] as const;
export const sessionEndReasonSchema = z.enum(SESSION_END_REASONS);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const languageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof languageSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Agreement: the consent area owns the block schema and the decision (common/consent.ts); the session shows the
// rendered agreement as is and adds what only the session checks.

export const agreementViewSchema = RenderedAgreementSchema;
export type AgreementView = RenderedAgreement;

// ---------------------------------------------------------------------------------------------------------------
// Pieces of the view

export const readerStatusSchema = z.enum(['unknown', 'missing', 'ready', 'reading', 'error']);
export type ReaderStatus = z.infer<typeof readerStatusSchema>;

/** What the person sees of their card: never the full number, never the photo. */
export const maskedCardSummarySchema = z.strictObject({
  /** Name as printed; the reader's maskedSummary decides how much to show. */
  name: z.string().max(100),
  /** e.g. "1101**********123X". */
  maskedNumber: z.string().max(40),
  age: z.number().int().min(0).max(200),
  cardType: z.enum(['resident', 'foreigner-2017', 'foreigner-2023', 'hmt-residence', 'manual']),
});
export type MaskedCardSummary = z.infer<typeof maskedCardSummarySchema>;

export const cardViewSchema = z.strictObject({
  readerStatus: readerStatusSchema,
  /** Present once a card was read; the person confirms it. */
  summary: maskedCardSummarySchema.nullable(),
  /** Error code of the last failed read (e.g. CARD_READ_FAILED, CARD_EXPIRED, CARD_CHECKSUM); messages in common/messages. */
  errorCode: z.string().max(64).nullable(),
});
export type CardView = z.infer<typeof cardViewSchema>;

export const guardianViewSchema = z.strictObject({
  age: z.number().int().min(0).max(200),
  /** Under the staff-assisted age the kiosk never proceeds alone (step staff-required instead). */
  mandatory: z.boolean(),
});

/** Codes of vision guidance (main/vision/types.ts GuidanceCode) — kept as a string so the renderer needn't import it. */
export const guidanceCodeSchema = z.enum([
  'NO_FACE',
  'MOVE_CLOSER',
  'MOVE_BACK',
  'CENTER_FACE',
  'TOO_DARK',
  'TOO_BRIGHT',
  'HOLD_STILL',
  'ONE_FACE_ONLY',
  'LOOK_STRAIGHT',
  'OPEN_EYES',
  'OK',
]);
export type GuidanceCodeView = z.infer<typeof guidanceCodeSchema>;

export const captureViewSchema = z.strictObject({
  guidance: guidanceCodeSchema,
  /** Seconds left for this step (the visible countdown of capture / liveness). */
  secondsLeft: z.number().int().min(0),
});
export type CaptureView = z.infer<typeof captureViewSchema>;

/** The liveness step's challenge, shown over the same camera screen as capture. */
export const livenessViewSchema = z.strictObject({
  /** What the person must do now: an i18n key of common/messages/liveness.ts livenessPrompts
   *  (e.g. "liveness.challenge.blink"). Null before the first prompt. */
  prompt: z.string().max(64).nullable(),
  /** Values for the prompt's `{index}` / `{total}` placeholders. */
  params: z.record(z.string().max(32), z.union([z.string().max(64), z.number()])).optional(),
  /** 0..1 over the whole plan. */
  progress: z.number().min(0).max(1),
  /** Colour flash: the plan the screen plays after its explanation (common/flash.ts); absent otherwise. */
  flash: flashPlanSchema.optional(),
  /**
   * The active challenge being asked (one at a time): which of how many, and the seconds left of its window
   * (longer in elderly mode, accessibility.elderly.livenessWindowFactor). Absent between challenges.
   */
  challenge: z
    .strictObject({
      index: z.number().int().min(1).max(10),
      total: z.number().int().min(1).max(10),
      secondsLeft: z.number().int().min(0).max(600),
    })
    .optional(),
});
export type LivenessView = z.infer<typeof livenessViewSchema>;

// Intent confirmation (意愿确认): what the renderer records for a read-aloud sentence, and what it may send.
/** Sample rates main accepts for a read-aloud recording (main/intent checks 16 kHz mono s16le only). */
export const INTENT_AUDIO_SAMPLE_RATES = [16_000] as const;
/** Longest recording the contract carries at all (config intent.maxAudioMs is checked in main, ≤ 30 s). */
export const INTENT_AUDIO_MAX_SECONDS = 30;
export const INTENT_AUDIO_MAX_BYTES = INTENT_AUDIO_MAX_SECONDS * INTENT_AUDIO_SAMPLE_RATES[0] * 2;

/** Why the last read-aloud attempt did not confirm; each code has words in common/messages/intent.ts. */
export const INTENT_FAILURE_CODES = [
  'INTENT_NO_SPEECH',
  'INTENT_SPEECH_TOO_SHORT',
  'INTENT_SPEECH_TOO_LONG',
  'INTENT_CONTENT_MISMATCH',
  'INTENT_DIGITS_MISMATCH',
  'INTENT_AUDIO_TOO_SHORT',
  'INTENT_AUDIO_TOO_LONG',
  'INTENT_AUDIO_INVALID',
  'INTENT_CHALLENGE_UNKNOWN',
  'INTENT_MIC_UNAVAILABLE',
  /** Read-aloud: the voice was not bound to the verified face on camera (main/intent/voice-binding.ts). */
  'INTENT_BINDING_NO_SPEECH',
  'INTENT_BINDING_NO_FACE',
  'INTENT_BINDING_FACE_CHANGED',
  'INTENT_BINDING_MOUTH_STILL',
  'INTENT_BINDING_SYLLABLES',
  /** Answer mode: neither a nod nor a head shake (nor a button) within the time allowed. */
  'INTENT_NO_ANSWER',
  'ASR_UNAVAILABLE',
  'ASR_TIMEOUT',
  'ASR_BAD_REPLY',
  'VAD_FAILED',
] as const;
export const intentFailureCodeSchema = z.enum(INTENT_FAILURE_CODES);
export type IntentFailureCode = z.infer<typeof intentFailureCodeSchema>;

/** Why a camera frame does not count toward the answer by head; OK when it does. */
export const intentAnswerGuidanceSchema = z.enum(['OK', 'NO_FACE', 'ONE_FACE_ONLY', 'OTHER_PERSON']);
export type IntentAnswerGuidance = z.infer<typeof intentAnswerGuidanceSchema>;

export const intentViewSchema = z.strictObject({
  promptId: z.string().max(ID_MAX),
  /** 'read-aloud': read `text` into the microphone; 'answer': confirm / decline the question in `text`. */
  mode: z.enum(['read-aloud', 'answer']),
  /** What the person is asked to read aloud or confirm; an i18n key or a sentence from the purpose. */
  text: z.string().max(1_000),
  /** Read-aloud attempts left after this one (each attempt gets a new sentence). */
  attemptsLeft: z.number().int().min(0),
  /** Why the previous attempt failed, null on the first. */
  failure: intentFailureCodeSchema.nullable(),
  /** A recording is being checked in main. */
  checking: z.boolean(),
  /**
   * Answer mode only: what the camera shows main while it waits for a nod (yes) or a head shake (no). `guidance`
   * says why a frame does not count (no face, more than one, not the person verified a moment ago).
   */
  answer: z
    .strictObject({
      guidance: intentAnswerGuidanceSchema,
      /** 0..1, how far the gesture furthest along has got. */
      progress: z.number().min(0).max(1),
      leading: z.enum(['nod', 'shake']).nullable(),
      /** Seconds left to answer by head (the buttons stay until the step ends). */
      secondsLeft: z.number().int().min(0),
    })
    .nullable(),
  /**
   * The spoken prompt to play when the text appears: a path under the renderer (prompts/<language>/<id>.wav,
   * built with espeak-ng by scripts/gen-prompts.mjs); null when the kiosk has none (it then asks silently).
   */
  spoken: z
    .string()
    .regex(/^prompts\/(zh-CN|en)\/[a-z-]{1,40}\.wav$/)
    .nullable(),
  /** Read-aloud only: the recording main expects (16 kHz mono s16le PCM, between minMs and maxMs). */
  audio: z
    .strictObject({
      sampleRate: z.literal(INTENT_AUDIO_SAMPLE_RATES[0]),
      minMs: z.number().int().min(0),
      maxMs: z
        .number()
        .int()
        .min(1)
        .max(INTENT_AUDIO_MAX_SECONDS * 1000),
    })
    .nullable(),
});
export type IntentView = z.infer<typeof intentViewSchema>;

/** Why an attempt or a session failed (or MATCHED): a code the screen turns into words, never a score. */
export const resultReasonSchema = z.enum([
  'MATCHED',
  'NOT_MATCHED',
  'LIVENESS_FAILED',
  'CAPTURE_TIMEOUT',
  'AUTHORITY_MISMATCH',
  /** The policy needs the authority and it could not answer (timeout, outage): never a pass. */
  'AUTHORITY_UNAVAILABLE',
  /** The policy needs the authority and it holds no photo for this person. */
  'AUTHORITY_NO_PHOTO',
  'INTENT_DECLINED',
  'INTENT_NOT_CONFIRMED',
  'DELIVERY_FAILED',
]);
export type ResultReason = z.infer<typeof resultReasonSchema>;

/** The final result (step 'result', the session has ended) in plain terms. */
export const resultViewSchema = z.strictObject({
  outcome: z.enum(['pass', 'fail']),
  reason: resultReasonSchema,
  /** What the person does now: take the card, or take it to the staff counter. */
  next: z.enum(['done', 'staff-counter']),
  /** A message code saying more, when there is one the person can act on (e.g. LIVENESS_MULTIPLE_FACES). */
  detail: z.string().max(64).optional(),
});
export type ResultView = z.infer<typeof resultViewSchema>;

/**
 * The retry offer (step 'retry', the session goes on): the attempt failed and the person may try again. The
 * screen looks like a failed result with a "try again" button; it is not the end of the session.
 */
export const retryViewSchema = z.strictObject({
  reason: resultReasonSchema,
  /** A message code saying more, when there is one the person can act on (e.g. LIVENESS_MULTIPLE_FACES). */
  detail: z.string().max(64).optional(),
  /** Tries left, this one included (an offer is only made while one is left). */
  retriesLeft: z.number().int().min(1),
});
export type RetryView = z.infer<typeof retryViewSchema>;

export const idleViewSchema = z.strictObject({
  secondsLeft: z.number().int().min(0),
  /** True in the last seconds (config session.idleWarningSeconds): the screen shows the countdown prominently. */
  warning: z.boolean(),
});

/**
 * The third party a business app named for this session: the consent screen tells the person their result goes
 * to it (and only to it). Null when the kiosk was started at the screen (nothing is sent anywhere).
 */
export const recipientViewSchema = z.strictObject({
  id: z.string().max(ID_MAX),
  /** Display name in the session's language. */
  name: z.string().max(200),
});
export type RecipientView = z.infer<typeof recipientViewSchema>;

// The view: one variant per step, each carrying only what that step's screen shows (strict objects: a section of
// another step is refused). During a session every variant names the session and its idle countdown; attract and
// the end screens (the session is over) name none.
const running = {
  /** Opaque id of the running session. */
  sessionId: z.string().max(ID_MAX),
  language: languageSchema,
  idle: idleViewSchema,
  /**
   * Elderly mode (长辈模式) is on for the running session: longer step and idle times, one liveness challenge with a
   * longer window (config accessibility.elderly). The screen shows larger text and the call-staff button.
   */
  elderly: z.boolean(),
};
const notRunning = { sessionId: z.null(), language: languageSchema };

export const sessionViewSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('attract'), ...notRunning }),
  z.strictObject({
    step: z.literal('consent'),
    ...running,
    /** Null only while the agreement is being loaded, the moment after the session started. */
    agreement: agreementViewSchema.nullable(),
    /** Who receives the signed result; shown with the agreement, null without a business app's request. */
    recipient: recipientViewSchema.nullable(),
  }),
  z.strictObject({ step: z.literal('card'), ...running, card: cardViewSchema }),
  z.strictObject({ step: z.literal('guardian'), ...running, guardian: guardianViewSchema }),
  z.strictObject({ step: z.literal('capture'), ...running, capture: captureViewSchema }),
  z.strictObject({
    step: z.literal('liveness'),
    ...running,
    capture: captureViewSchema,
    liveness: livenessViewSchema,
  }),
  z.strictObject({ step: z.literal('match'), ...running }),
  z.strictObject({ step: z.literal('intent'), ...running, intent: intentViewSchema }),
  z.strictObject({ step: z.literal('retry'), ...running, retry: retryViewSchema }),
  z.strictObject({ step: z.literal('result'), ...notRunning, result: resultViewSchema }),
  z.strictObject({ step: z.literal('refused'), ...notRunning }),
  z.strictObject({ step: z.literal('staff-required'), ...notRunning }),
  z.strictObject({
    step: z.literal('locked'),
    ...notRunning,
    /** Minutes until the card may try again. */
    lock: z.strictObject({ minutesLeft: z.number().int().min(0) }),
  }),
  z.strictObject({
    step: z.literal('error'),
    ...notRunning,
    /** A code with a person message in common/messages. */
    error: z.strictObject({ code: z.string().max(64) }),
  }),
]);
export type SessionView = z.infer<typeof sessionViewSchema>;
/** The view at one step, e.g. SessionViewAt<'retry'>. */
export type SessionViewAt<S extends SessionStep> = Extract<SessionView, { step: S }>;
/** The views of a running session (they carry its id and idle countdown). */
export type RunningSessionView = Extract<SessionView, { sessionId: string }>;

/** Whether `view` belongs to a running session (not attract, not an end screen). */
export function isRunning(view: SessionView): view is RunningSessionView {
  return view.sessionId !== null;
}

/** What staff mode may see about recent sessions, scores included. Never the card number or any image. */
export const staffSessionRecordSchema = z.strictObject({
  sessionId: z.string(),
  startedAtMs: z.number(),
  endedAtMs: z.number(),
  endReason: sessionEndReasonSchema,
  outcome: z.enum(['pass', 'fail']).nullable(),
  resultReason: resultReasonSchema.nullable(),
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  /**
   * What the local score was compared with; the decision rule is score ≥ the threshold of that reference type
   * (main/verify/match.ts, calibrated in docs/vision.md "Match benchmark").
   */
  referenceType: z.enum(['chip', 'authority', 'full']).nullable().optional(),
  attempts: z.number().int().min(0),
});
export type StaffSessionRecord = z.infer<typeof staffSessionRecordSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Commands (renderer → main). Every field is checked in main; `unknown` until parsed.

export const startCommandSchema = z.strictObject({
  language: languageSchema.optional(),
  /** Purpose of the verification, when a business app started it (main/api); selects intent and delivery. */
  purpose: z.string().min(1).max(ID_MAX).optional(),
  /** The person chose elderly mode (长辈模式) on the attract screen. */
  elderly: z.boolean().optional(),
});
/** The person chose (or left) elderly mode during the session: the offer on the card screen. */
export const elderlyModeCommandSchema = z.strictObject({ enabled: z.boolean() });
export type ElderlyModeCommand = z.infer<typeof elderlyModeCommandSchema>;

/**
 * The person's decision on the agreement shown (common/consent.ts ConsentDecision: id, version, hash, decision, the
 * ids of the separate confirmations ticked — the sensitive-information one among them) plus what the screen knows:
 * "agree" is only enabled after the text was scrolled to the end, and main checks that it was.
 */
export const consentDecisionCommandSchema = ConsentDecisionSchema.extend({ scrolledToEnd: z.boolean() });
export type ConsentDecisionCommand = z.infer<typeof consentDecisionCommandSchema>;

export const guardianConfirmationCommandSchema = z.strictObject({ confirmed: z.boolean() });
export const cardConfirmationCommandSchema = z.strictObject({ confirmed: z.boolean() });

export const frameCommandSchema = z
  .strictObject({
    width: z.number().int().min(16).max(FRAME_MAX_WIDTH),
    height: z.number().int().min(16).max(FRAME_MAX_HEIGHT),
    channels: z.union([z.literal(3), z.literal(4)]),
    data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= FRAME_MAX_BYTES, {
      message: `frame data must be at most ${FRAME_MAX_BYTES} bytes`,
    }),
    timestampMs: z.number().finite().min(0),
    /** Colour flash: when the screen painted each colour of the current plan, on the timestampMs clock. */
    flash: flashReportSchema.optional(),
  })
  .refine((f) => f.data.byteLength === f.width * f.height * f.channels, {
    message: 'frame data length must equal width × height × channels',
    path: ['data'],
  });
export type FrameCommand = z.infer<typeof frameCommandSchema>;

/** Main's answer to a frame: whether it was taken. Dropped frames are normal (rate bound, analysis busy). */
export const frameAckSchema = z.strictObject({
  accepted: z.boolean(),
  reason: z.enum(['analysing', 'busy', 'rate', 'not-capturing', 'stale-timestamp']),
});
export type FrameAck = z.infer<typeof frameAckSchema>;

export const retryCommandSchema = z.strictObject({});
export const cancelCommandSchema = z.strictObject({
  reason: z.enum(['user', 'card-removed', 'camera-unavailable']).optional(),
});
export const intentAnswerCommandSchema = z.strictObject({
  promptId: z.string().min(1).max(ID_MAX),
  answer: z.enum(['confirm', 'decline']),
});
/** A read-aloud recording: raw PCM, signed 16-bit little-endian, mono; bounded before main ever copies it. */
export const intentAudioCommandSchema = z.strictObject({
  promptId: z.string().min(1).max(ID_MAX),
  sampleRate: z.literal([...INTENT_AUDIO_SAMPLE_RATES]),
  /**
   * When the recording's first sample was taken, on the clock of the camera frames' timestampMs (the renderer's
   * performance.now()), so main lines the voice up with the mouth seen in the frames sent while reading.
   */
  startedAtMs: z.number().finite().min(0),
  pcm: z
    .instanceof(Uint8Array)
    .refine((d) => d.byteLength <= INTENT_AUDIO_MAX_BYTES, {
      message: `audio must be at most ${INTENT_AUDIO_MAX_BYTES} bytes`,
    })
    .refine((d) => d.byteLength > 0 && d.byteLength % 2 === 0, {
      message: 'audio must be a non-empty whole number of 16-bit samples',
    }),
});
export type IntentAudioCommand = z.infer<typeof intentAudioCommandSchema>;
/** The renderer could not open the microphone for the read-aloud step. */
export const intentMicrophoneCommandSchema = z.strictObject({
  promptId: z.string().min(1).max(ID_MAX),
  state: z.enum(['missing', 'denied', 'error']),
});
export type IntentMicrophoneCommand = z.infer<typeof intentMicrophoneCommandSchema>;
/**
 * The person did something at the intent step that main would not otherwise see (started reading — the
 * recording reaches main only when it ends —, asked for the question again): it resets the idle countdown.
 */
export const intentActivityCommandSchema = z.strictObject({
  promptId: z.string().min(1).max(ID_MAX),
  activity: z.enum(['start-reading', 'repeat-question']),
});
export type IntentActivityCommand = z.infer<typeof intentActivityCommandSchema>;
export const languageCommandSchema = z.strictObject({ language: languageSchema });

export type StartCommand = z.infer<typeof startCommandSchema>;
export type GuardianConfirmationCommand = z.infer<typeof guardianConfirmationCommandSchema>;
export type CardConfirmationCommand = z.infer<typeof cardConfirmationCommandSchema>;
export type RetryCommand = z.infer<typeof retryCommandSchema>;
export type CancelCommand = z.infer<typeof cancelCommandSchema>;
export type IntentAnswerCommand = z.infer<typeof intentAnswerCommandSchema>;
export type LanguageCommand = z.infer<typeof languageCommandSchema>;
