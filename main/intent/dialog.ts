// One session's intent step (意愿确认), opened by IntentService.open() once the match passed, like a liveness session
// per capture: the one owner of the step's prompt state — which parts are left (read aloud, then the question for
// mode 'both'), the sentence or question shown, attempts left, the last failure, whether a recording or answer is
// being decided, the answer-by-head progress. The session holds only this object and drops it with close().
import { randomUUID } from 'node:crypto';
import { HexinError } from '../../common/errors';
import type { Language } from '../../common/messages';
import type { IntentAnswerGuidance, IntentFailureCode } from '../../common/session';
import type { IntentPromptState } from '../session/intent-port';
import type { FrameAnalysis } from '../vision/types';
import { AnswerTracker, type AnswerState } from './answer';
import { modeFor, type IntentConfig } from './config';
import { answerEvidence, readAloudEvidence, type EvidenceSink } from './evidence';
import { pcmFromBytes, SAMPLE_RATE, wipe, type PcmAudio } from './pcm';
import { answerQuestionText, promptAudioPath } from './prompts';
import { checkReadAloud, type ReadAloudResult, type VadAnalyser } from './read-aloud';
import type { Recogniser } from './recogniser';
import { buildSentence, composeSentence, type ReadAloudSentence } from './sentence';
import type { MouthSample } from './voice-binding';

export type IntentPart = 'read-aloud' | 'answer';

/** How often the question is asked again when no answer was seen (a "no" is final). */
export const ANSWER_REPEATS = 1;

/** Camera frames kept per sentence at most (numbers only): 30 fps over the longest recording, and some before. */
const MAX_SPEAKING_FRAMES = 30 * 40;

/** One camera frame while a sentence is shown: its time on the frames' clock, the mouth, whether it is the person. */
export interface SpeakingFrame {
  timestampMs: number;
  /** FaceAnalysis.mouthOpenRatio of the primary face; null = no face in this frame. */
  mouthOpen: number | null;
  /** Whether the face is the person who passed the match; null = not checked (no embedding). */
  sameFace: boolean | null;
}

/** What the renderer needs to run the read-aloud step. */
export interface ReadAloudPrompt {
  promptId: string;
  text: string;
  language: Language;
  /** The recording the renderer must send back: raw PCM, signed 16-bit little-endian, mono, 16 kHz. */
  audio: { sampleRate: typeof SAMPLE_RATE; channels: 1; format: 's16le'; minMs: number; maxMs: number };
  /** Spoken instruction to play (built by scripts/gen-prompts.mjs). */
  promptAudio: string;
  expiresAtMs: number;
}

export interface AnswerPrompt {
  promptId: string;
  text: string;
  language: Language;
  promptAudio: string;
  timeoutMs: number;
}

/** The prompt shown now: the shape the session's intent port declares and its view reads. */
export type IntentDialogState = IntentPromptState;

export interface IntentDialogOptions {
  sessionId: string;
  purpose: string;
  /** Read-aloud attempts, each with a new sentence (config intent.attempts unless given). */
  attempts?: number;
  /** Whether the spoken prompts were built (scripts/gen-prompts.mjs); without them the kiosk asks silently. */
  spokenPrompts?: boolean;
}

/** What a dialog uses of its service (the same for every session). */
export interface IntentDialogDeps {
  config: IntentConfig;
  vad: VadAnalyser;
  recogniser: Recogniser | null;
  evidence?: EvidenceSink;
  now: () => number;
}

export class IntentDialog {
  readonly sessionId: string;
  readonly purpose: string;
  private readonly attempts: number;
  private readonly spokenPrompts: boolean;
  private readonly queue: IntentPart[];
  private current: IntentDialogState | null = null;
  private sentence?: { value: ReadAloudSentence; expiresAtMs: number };
  private question?: { promptId: string; tracker: AnswerTracker; final?: AnswerState };
  /** The camera frames seen while the current sentence is shown (no images: time, mouth opening, same face). */
  private speaking: SpeakingFrame[] = [];
  /** Aborted by close(), so a recogniser request does not outlive its session. */
  private readonly abort = new AbortController();

  constructor(
    private readonly deps: IntentDialogDeps,
    options: IntentDialogOptions,
  ) {
    this.sessionId = options.sessionId;
    this.purpose = options.purpose;
    this.attempts = options.attempts ?? deps.config.attempts;
    this.spokenPrompts = options.spokenPrompts ?? false;
    const mode = modeFor(deps.config, options.purpose);
    this.queue = mode === 'both' ? ['read-aloud', 'answer'] : mode === 'off' ? [] : [mode];
  }

  /** The prompt shown now; null before the first one. */
  get state(): Readonly<IntentDialogState> | null {
    return this.current;
  }

  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Asks the next part (read aloud, then the question for 'both'); 'done' when every part was confirmed. */
  next(language: Language): 'asked' | 'done' {
    const part = this.queue.shift();
    if (!part) return 'done';
    if (part === 'read-aloud') this.readAloud(language);
    else this.ask(language);
    this.current!.attemptsLeft = part === 'read-aloud' ? Math.max(0, this.attempts - 1) : ANSWER_REPEATS;
    return 'asked';
  }

  /**
   * The prompt shown failed with `failure`: a new one (a new sentence, or the question again) while attempts are
   * left and `mayRepeat`, else 'exhausted' and nothing more counts for it.
   */
  again(failure: IntentFailureCode, language: Language, mayRepeat = true): 'asked' | 'exhausted' {
    const st = this.current;
    if (!st) throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'nothing was asked yet');
    if (!mayRepeat || st.attemptsLeft <= 0) {
      st.checking = true;
      return 'exhausted';
    }
    const left = st.attemptsLeft - 1;
    if (st.mode === 'read-aloud') this.readAloud(language);
    else this.ask(language, randomUUID(), true);
    this.current!.attemptsLeft = left;
    this.current!.failure = failure;
    return 'asked';
  }

  /** A fresh single-use sentence (new digits, expires); any earlier one is void. */
  readAloud(language: Language): ReadAloudPrompt {
    const config = this.deps.config;
    const label = this.labelFor('read-aloud', language);
    const sentence = config.fixedDigits
      ? buildSentence(label, config.fixedDigits, language, this.purpose)
      : composeSentence(label, language, this.purpose, config.digits);
    const expiresAtMs = this.deps.now() + config.challengeTtlMs;
    this.sentence = { value: sentence, expiresAtMs };
    this.question = undefined;
    this.speaking = [];
    const audio = { minMs: config.minAudioMs, maxMs: config.maxAudioMs };
    this.current = {
      mode: 'read-aloud',
      promptId: sentence.id,
      text: sentence.text,
      audio,
      attemptsLeft: this.current?.attemptsLeft ?? 0,
      failure: null,
      checking: false,
      spoken: null,
      answer: null,
    };
    return {
      promptId: sentence.id,
      text: sentence.text,
      language,
      audio: { sampleRate: SAMPLE_RATE, channels: 1, format: 's16le', ...audio },
      promptAudio: promptAudioPath(language, 'read-aloud-instruction'),
      expiresAtMs,
    };
  }

  /**
   * One camera frame while the sentence `promptId` is shown and not yet being checked; kept (numbers only) until
   * the recording is checked, so the voice can be bound to the face. Frames out of order are ignored.
   */
  recordFrame(promptId: string, frame: SpeakingFrame): void {
    if (this.closed || this.sentence?.value.id !== promptId || this.current?.checking) return;
    const last = this.speaking.at(-1);
    if (last && !(frame.timestampMs > last.timestampMs)) return;
    this.speaking.push({ ...frame });
    if (this.speaking.length > MAX_SPEAKING_FRAMES) this.speaking.shift();
  }

  /**
   * Checks the recording for the sentence `promptId`. The sentence is used up whatever the outcome (a retry gets
   * new digits). `pcm` is overwritten with zeros once copied, the copy once checked; audio is kept only if the
   * evidence policy says so. close() during the check aborts it with INTENT_CANCELLED.
   * `camera.startedAtMs`: when the recording started on the frames' clock; given, the voice must be bound to the
   * face in the frames recordFrame() kept (voice-binding.ts) — the session always gives it.
   */
  async submitReadAloud(
    promptId: string,
    pcm: Uint8Array,
    signal?: AbortSignal,
    camera?: { startedAtMs: number },
  ): Promise<ReadAloudResult> {
    const pending = this.sentence;
    const shown = this.current;
    if (this.closed || !pending || pending.value.id !== promptId) {
      pcm.fill(0);
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'no such read-aloud sentence for this session');
    }
    this.sentence = undefined;
    const mouth: MouthSample[] | undefined = camera
      ? this.speaking.map((f) => ({ ...f, timestampMs: f.timestampMs - camera.startedAtMs }))
      : undefined;
    this.speaking = [];
    if (shown?.promptId === promptId) shown.checking = true;
    try {
      if (this.deps.now() > pending.expiresAtMs)
        throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'the sentence has expired');
      let audio: PcmAudio;
      try {
        audio = pcmFromBytes(pcm, this.deps.config);
      } finally {
        pcm.fill(0); // the caller's copy (e.g. the IPC buffer) holds the voice too
      }
      return await this.check(pending.value, audio, signal, mouth);
    } finally {
      if (shown && this.current === shown) shown.checking = false;
    }
  }

  /**
   * The yes/no question (a new one voids the last); frames then go to answerFrame(). `retry`: asked again after no
   * answer was seen, with the spoken "we could not see your answer".
   */
  ask(language: Language, promptId: string = randomUUID(), retry = false): AnswerPrompt {
    const label = this.labelFor('answer', language);
    const timeoutMs = this.deps.config.answerTimeoutMs;
    const promptAudio = promptAudioPath(language, retry ? 'answer-retry' : 'answer-question');
    const text = answerQuestionText(label, language);
    this.sentence = undefined;
    this.speaking = [];
    this.question = { promptId, tracker: new AnswerTracker(timeoutMs) };
    this.current = {
      mode: 'answer',
      promptId,
      text,
      audio: null,
      attemptsLeft: this.current?.attemptsLeft ?? 0,
      failure: null,
      checking: false,
      spoken: this.spokenPrompts ? promptAudio : null,
      answer: { guidance: 'NO_FACE', progress: 0, leading: null, timeoutMs, elapsedMs: 0 },
    };
    return { promptId, text, language, promptAudio, timeoutMs };
  }

  /**
   * One analysed camera frame for the pending question (the one named `promptId` when given). `guidance` says
   * whether the frame's face counts (frames whose face must not count arrive with `primary: null`). yes / no /
   * timeout are final and recorded once; yes / no decide the question.
   */
  async answerFrame(
    frame: FrameAnalysis,
    promptId?: string,
    guidance: IntentAnswerGuidance = 'OK',
  ): Promise<AnswerState> {
    const q = this.question;
    if (this.closed || !q || (promptId !== undefined && q.promptId !== promptId))
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'no question is pending for this session');
    if (q.final) return q.final;
    const state = q.tracker.update(frame);
    const shown = this.current;
    if (shown?.answer && shown.promptId === q.promptId) {
      shown.answer.guidance = guidance;
      shown.answer.progress = state.progress;
      shown.answer.leading = state.leading;
      shown.answer.elapsedMs = state.elapsedMs;
    }
    if (state.status !== 'waiting') {
      q.final = state;
      if (shown && state.status !== 'timeout') shown.checking = true;
      await this.deps.evidence?.append({
        type: 'result',
        sessionId: this.sessionId,
        data: { ...answerEvidence(this.purpose, state), by: 'gesture' },
      });
    }
    return state;
  }

  /**
   * The same question answered on the touch screen (是 / 否 buttons), for people who cannot nod or shake, and for
   * deployments that prefer it. The first answer, by head or by touch, is final.
   */
  async answerByTouch(promptId: string, answer: 'confirm' | 'decline'): Promise<AnswerState> {
    const q = this.question;
    if (this.closed || !q || q.promptId !== promptId) {
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'no such question is pending for this session');
    }
    if (q.final) return q.final;
    q.final = { status: answer === 'confirm' ? 'yes' : 'no', progress: 1, leading: null, elapsedMs: 0 };
    if (this.current?.promptId === promptId) this.current.checking = true;
    await this.deps.evidence?.append({
      type: 'result',
      sessionId: this.sessionId,
      data: { ...answerEvidence(this.purpose, q.final), by: 'touch' },
    });
    return q.final;
  }

  /** Drops everything held (sentence, question, tracker) and aborts a check in flight. Call on every session end. */
  close(): void {
    this.abort.abort();
    this.sentence = undefined;
    this.question = undefined;
    this.speaking = [];
  }

  private async check(
    sentence: ReadAloudSentence,
    audio: PcmAudio,
    signal?: AbortSignal,
    mouth?: readonly MouthSample[],
  ): Promise<ReadAloudResult> {
    const combined = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
    try {
      const { config, vad, recogniser } = this.deps;
      const result = await checkReadAloud(sentence, audio, { config, vad, recogniser }, combined, mouth);
      // The session may have ended while the recording was being checked: keep nothing, report the cancellation.
      if (combined.aborted) throw new HexinError('INTENT_CANCELLED', 'the session ended during the check');
      await this.deps.evidence?.append({
        type: 'result',
        sessionId: this.sessionId,
        data: readAloudEvidence(result, sentence, config.evidence.keep, audio),
      });
      return result;
    } finally {
      wipe(audio);
    }
  }

  private labelFor(want: IntentPart, language: Language): string {
    const config = this.deps.config;
    const mode = modeFor(config, this.purpose);
    if (mode !== want && mode !== 'both') {
      throw new HexinError(
        'INTENT_NOT_ENABLED',
        `purpose '${this.purpose}' does not ask for ${want} (mode ${mode})`,
      );
    }
    // modeFor() returned a mode other than 'off', so the purpose is configured.
    return config.purposes[this.purpose]!.label[language];
  }
}
