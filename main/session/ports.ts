// The orchestrator's ports: the small interfaces through which it reaches every other part (reader, vision,
// liveness, matcher, records, consent, integrations, time, randomness). The composition root plugs the real parts
// in through thin adapters; tests plug in the real parts where they exist. Nothing here imports those parts, so
// the session builds and tests before they land.
import type { AgreementView, Language, MaskedCardSummary, ReaderStatus } from '../../common/session';
import type { FlashPlan, FlashReport } from '../../common/flash';
import type { ElderlyLivenessPace } from '../liveness/config';
import type { Frame, FrameAnalysis } from '../vision/types';
import type { IntentCheck } from './intent-port';

// The intent step's port lives in intent-port.ts (its dialog is a port of its own); exported here with the rest.
export type {
  AnswerProgress,
  IntentCheck,
  IntentDialog,
  IntentPromptState,
  ReadAloudVerdict,
  SpeakingFrame,
} from './intent-port';

// ---------------------------------------------------------------------------------------------------------------
// Time and randomness

export type TimerHandle = { readonly __timer: true } | ReturnType<typeof setTimeout>;

export interface Clock {
  /** Wall-clock milliseconds since the epoch (lock-out windows, receipts, audit times, age on a date). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface Random {
  /** A fresh unguessable session id. */
  uuid(): string;
  /** 32 random bytes for the lock-out key (the card number is never kept in the clear). */
  secret(): Uint8Array;
}

// ---------------------------------------------------------------------------------------------------------------
// The card

/**
 * A card as the session holds it while the session lasts. Everything here is personal: the orchestrator zeroes
 * `photo` and drops the object when the session ends for any reason.
 */
export interface SessionCard {
  /** Full ID number; used for the (keyed-hash) lock-out key and handed to authority and delivery, never shown. */
  idNumber: string;
  /** Holder's name as on the card; handed to an authority check, never logged. */
  name: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** Last valid day, YYYY-MM-DD, or null for long-term (长期). */
  validUntil: string | null;
  /** What the person sees (masked by the reader's maskedSummary); age is filled in by the session. */
  summary: Omit<MaskedCardSummary, 'age'>;
  /** The decoded chip photo (the reader's photo decoder output); null for a card typed in by staff. */
  photo: CardPhoto | null;
  /**
   * 'manual': staff typed the identity from the physical card because the reader could not read it. There is no
   * chip photo, so the session compares the face with the authority's photo only (SessionOrchestrator).
   */
  source?: 'chip' | 'manual';
}

/** A card read from the chip: it always has the chip photo. */
export type ChipCard = SessionCard & { photo: CardPhoto; source?: 'chip' };

/** A decoded photo: RGB or RGBA pixels, row-major, no padding. */
export interface CardPhoto {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

export type CardSourceEvent =
  | { type: 'status'; status: ReaderStatus }
  | { type: 'card'; card: SessionCard }
  | { type: 'card-removed' }
  /** A read that failed in words the person can act on: CARD_READ_FAILED, CARD_CHECKSUM, READER_NOT_FOUND… */
  | { type: 'read-error'; code: string };

export interface CardSource {
  /** Status and card-removed events always flow; `card` events only after requestCard(). Returns unsubscribe. */
  subscribe(listener: (event: CardSourceEvent) => void): () => void;
  /** Read the card on the reader now, or the next one placed, and emit one `card` event. */
  requestCard(): void;
  /** The session no longer wants a card (ended, or already has one). */
  cancelRequest(): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Faces

export interface FaceAnalyzer {
  /**
   * main/vision VisionService.analyze. `stream` names the camera stream the frame belongs to (the session): the
   * vision core tracks the face between detections and scores anti-spoofing on some frames only.
   */
  analyze(
    frame: Frame,
    options: { embed: boolean | 'when-detected'; antiSpoof: boolean; stream?: string },
  ): Promise<FrameAnalysis>;
  /** Embedding of the card photo; throws a HexinError when it holds no usable face. */
  embedReference(photo: CardPhoto): Promise<Float32Array>;
}

export type LivenessUpdate =
  | {
      state: 'running';
      prompt: string | null;
      params?: Record<string, string | number>;
      progress: number;
      /** Colour flash: the plan the screen plays (main/liveness; common/flash.ts). */
      flash?: FlashPlan;
      /** The challenge asked now: which of how many, and the seconds left of its window. */
      challenge?: { index: number; total: number; secondsLeft: number };
    }
  | { state: 'passed' }
  | { state: 'failed'; reason: string };

/** One session's liveness check (main/liveness): challenge plan, per-frame evaluation, replay guards. */
export interface LivenessEvaluator {
  /** `frame` is the analysed frame's pixels (frozen-feed and colour checks); valid only during the call.
   *  `flash` is the screen's paint log of the colour-flash plan, sent with the frame. */
  onFrame(analysis: FrameAnalysis, frame: Frame, flash?: FlashReport): LivenessUpdate;
  /** Drops whatever it kept about the face. */
  dispose(): void;
}

export interface LivenessEvaluatorFactory {
  /** `pace`: elderly mode's fewer challenges and longer windows (main/liveness/config.ts atElderlyPace). */
  create(options: { sessionId: string; pace?: ElderlyLivenessPace }): LivenessEvaluator;
}

export type ReferenceType = 'chip' | 'authority';

export interface MatchOutcome {
  score: number;
  threshold: number;
  passed: boolean;
}

/** main/verify: cosine similarity with the threshold policy of the reference type. */
export interface Matcher {
  match(probe: Float32Array, reference: Float32Array, referenceType: ReferenceType): MatchOutcome;
}

// ---------------------------------------------------------------------------------------------------------------
// Records, consent, integrations

export type AuditValue = string | number | boolean | null;

/** What happened, never who: no card text, no images, no embeddings. */
export interface SessionAuditEvent {
  type: string;
  sessionId: string;
  kioskId: string;
  atMs: number;
  data: Readonly<Record<string, AuditValue>>;
}

export interface AuditSink {
  append(event: SessionAuditEvent): void | Promise<void>;
}

/** Per-session values for the agreement's placeholders, over the deployment's. */
export interface AgreementOptions {
  /** Display name of the third party the person is asked to authorise (fills `{{thirdParty}}`). */
  thirdParty?: string;
}

export interface AgreementSource {
  /** The agreement to show now, rendered with the deployment's placeholders (main/consent catalogue). */
  current(language: Language, options?: AgreementOptions): Promise<AgreementView>;
}

/**
 * The third party a business app named when it started the session (main/api): the person sees its name at
 * consent, the receipt records it, and the signed result goes to it and nowhere else.
 */
export interface SessionThirdParty {
  /** Configured id (delivery.thirdParties[].id): the token's audience. */
  id: string;
  /** Display name shown to the person. */
  name: string;
  /** Display name per language, where the deployment gives one; `name` otherwise. */
  names?: Partial<Record<Language, string>>;
}

export interface ConsentReceiptInput {
  sessionId: string;
  kioskId: string;
  atMs: number;
  agreementId: string;
  version: string;
  language: Language;
  sha256: string;
  decision: 'agree' | 'refuse';
  confirmations: readonly string[];
  /** A guardian confirmed for a person under the guardian age. */
  guardian: boolean;
  /** The third party named on the consent screen (its name as shown), when a business app started the session. */
  thirdParty?: { id: string; name: string };
}

export interface ConsentRecorder {
  record(receipt: ConsentReceiptInput): void | Promise<void>;
}

export interface AuthorityResult {
  /**
   * `no_photo`: the authority holds no photo to compare with; `unavailable`: it could not answer (timeout, outage,
   * circuit open, refused or malformed reply). Neither ever passes a policy that needs the authority.
   */
  status: 'match' | 'mismatch' | 'no_photo' | 'unavailable';
  /** The provider's similarity (0–100) when it gave one; goes into the token only where scores are enabled. */
  score?: number;
}

/**
 * main/verify/authority: the issuing authority's photo comparison, where the deployment has one. It takes the best
 * live frame (the adapter crops and encodes it); the session keeps that frame only for this and zeroes it after.
 */
export interface AuthorityCheck {
  /** `signal` aborts when the session's match step is left (its timeout, a cancel): the answer is not wanted. */
  check(
    input: { idNumber: string; name: string; face: Frame },
    signal?: AbortSignal,
  ): Promise<AuthorityResult>;
}

export interface DeliveryInput {
  sessionId: string;
  /** The third party the person authorised at consent (SessionThirdParty.id): the only recipient. */
  thirdPartyId: string;
  purpose: string;
  decision: 'pass' | 'fail';
  /** Why (common/session.ts result reason), so the business app can tell a mismatch from an outage. */
  reason: string;
  /** The match policy the session enforced (config authority.policy). */
  matchPolicy: 'local' | 'authority' | 'both';
  idNumber: string;
  /** Local 1:1 score, when a match ran. */
  score: number | null;
  threshold: number | null;
  /** The authority's score, when it gave one. */
  authorityScore?: number;
}

/** main/verify/delivery: the signed result token to the authorised third party, for a pass and for a fail. */
export interface ResultDelivery {
  /**
   * Signs and queues the result; resolves with the token the party receives (the business app gets it too). Once
   * `signal` aborts (the session was reset or cancelled meanwhile) nothing is issued: it rejects with the abort.
   */
  deliver(input: DeliveryInput, signal?: AbortSignal): Promise<{ token: string }>;
}

/** Whether a session may start now (the trusted environment); throws the reason when it may not. */
export interface SessionAdmission {
  admit(): Promise<unknown>;
}

/** The camera the frames come from (main/devices/camera/camera-guard.ts): what to record, and a refusal. */
export interface CameraCheck {
  checkFrame(
    sessionId: string,
    frame: Frame,
  ): { used: Readonly<Record<string, AuditValue>> | null; refusal: { code: string; detail: string } | null };
}

export interface SessionPorts {
  cards: CardSource;
  faces: FaceAnalyzer;
  liveness: LivenessEvaluatorFactory;
  matcher: Matcher;
  audit: AuditSink;
  agreements: AgreementSource;
  consent: ConsentRecorder;
  clock: Clock;
  random: Random;
  authority?: AuthorityCheck;
  delivery?: ResultDelivery;
  intent?: IntentCheck;
  /** Checked before every start, whoever asks (the screen, the business-app API). */
  admission?: SessionAdmission;
  camera?: CameraCheck;
}
