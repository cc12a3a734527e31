// The intent step's port (main/intent through main/session/adapters/intent-check.ts): per session a dialog that
// owns the prompts, attempts and answer progress (steps/intent.ts drives it). Re-exported by ports.ts.
import type { IntentAnswerGuidance, IntentFailureCode, Language } from '../../common/session';
import type { FrameAnalysis } from '../vision/types';

/** The verdict on one recording: `failure` is a code with words in common/messages/intent.ts, null on a pass. */
export interface ReadAloudVerdict {
  passed: boolean;
  failure: string | null;
  /** Whether a recogniser checked what was said (false: only that a voice read something of the right length). */
  contentChecked: boolean;
  speechMs: number;
  /** The voice bound to the face on camera, as the audit records it (null when not measured: the voice failed). */
  binding: {
    passed: boolean;
    frames: number;
    faceCoverage: number;
    mouthStd: number | null;
    /** The longest stretch of speech with the mouth still (ms). */
    stillSpeechMs: number;
    /** The binding's INTENT_BINDING_* code, null when it passed. */
    failure: string | null;
    syllablesHeard: number;
    syllablesExpected: number;
    sync: number | null;
  } | null;
}

/** One camera frame while a sentence is shown, reduced to what binds the voice to the face. */
export interface SpeakingFrame {
  timestampMs: number;
  /** The primary face's mouth opening (FaceAnalysis.mouthOpenRatio); null = no face. */
  mouthOpen: number | null;
  /** Whether the face is the person who passed the match; null = not checked. */
  sameFace: boolean | null;
}

/** Where the answer by head stands after a frame: yes / no / timeout are final. */
export interface AnswerProgress {
  status: 'waiting' | 'yes' | 'no' | 'timeout';
  progress: number;
  leading: 'nod' | 'shake' | null;
  elapsedMs: number;
}

/** The intent prompt shown now, as toSessionView (view.ts) reads it. */
export interface IntentPromptState {
  mode: 'read-aloud' | 'answer';
  promptId: string;
  text: string;
  /** Recording bounds main enforces (config intent.minAudioMs / maxAudioMs); null for the question. */
  audio: { minMs: number; maxMs: number } | null;
  attemptsLeft: number;
  failure: IntentFailureCode | null;
  /** A recording is being checked, or the prompt was decided: a second one for the same prompt is refused. */
  checking: boolean;
  /** The spoken prompt for the text shown (answer mode), null when the kiosk has none. */
  spoken: string | null;
  /** Answer mode: the answer by head as the camera frames show it. */
  answer: {
    guidance: IntentAnswerGuidance;
    progress: number;
    leading: 'nod' | 'shake' | null;
    timeoutMs: number;
    elapsedMs: number;
  } | null;
}

/**
 * One session's intent step (main/intent IntentDialog), opened once the match passed and closed with the session:
 * the one owner of its prompts, attempts and answer progress. The session asks it for the next prompt, hands it
 * recordings, frames and buttons, and acts on what it decides.
 */
export interface IntentDialog {
  /** The prompt shown now; null before next() first asks. */
  readonly state: Readonly<IntentPromptState> | null;
  /** Asks the next part (read aloud, then the question for 'both'); 'done' when every part was confirmed. */
  next(language: Language): 'asked' | 'done';
  /**
   * The prompt shown failed: a new one (a new sentence, or the question again) while attempts are left and
   * `mayRepeat`; otherwise 'exhausted', and nothing more counts for it.
   */
  again(failure: IntentFailureCode, language: Language, mayRepeat?: boolean): 'asked' | 'exhausted';
  /** A camera frame while the sentence `promptId` is shown (kept until its recording is checked). */
  recordFrame(promptId: string, frame: SpeakingFrame): void;
  /**
   * Checks a recording (16 kHz mono s16le) against the sentence and measures its voice against the face in the
   * frames recorded (`startedAtMs`: the recording's start on the frames' clock); throws a HexinError for bad audio
   * or outages.
   */
  checkReadAloud(promptId: string, pcm: Uint8Array, startedAtMs: number): Promise<ReadAloudVerdict>;
  /**
   * One analysed camera frame for the question `promptId` (main/intent AnswerTracker: the liveness gesture
   * detectors on the primary face's pose). Frames whose face must not count arrive with `primary: null` and the
   * guidance saying why.
   */
  answerFrame(
    promptId: string,
    frame: FrameAnalysis,
    guidance: IntentAnswerGuidance,
  ): Promise<AnswerProgress>;
  /** The question answered on the touch screen; the first answer, by head or by touch, is final. */
  answer(promptId: string, answer: 'confirm' | 'decline'): Promise<'confirmed' | 'declined'>;
  /** Drops everything held and aborts a check in flight. */
  close(): void;
}

/**
 * main/intent (IntentService), reduced to what the session needs: a dialog per session. Audio goes in, a verdict
 * comes out; the part behind it keeps nothing of the recording (it zeroes `pcm`).
 */
export interface IntentCheck {
  /** Which intent step a purpose asks for ('off' = none). */
  mode(purpose: string): 'off' | 'read-aloud' | 'answer' | 'both';
  /** Starts the voice-activity worker ahead of the first recording. */
  warm?(): Promise<void>;
  /** The intent step of one session (its purpose asks for one). */
  open(options: { sessionId: string; purpose: string }): IntentDialog;
}
