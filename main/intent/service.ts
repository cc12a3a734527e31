// The intent-confirmation step as the session orchestrator sees it: which mode a purpose asks for, a sentence to
// read aloud (single use, expires), the check of the recording, a yes/no question answered by nod / shake, and
// forgetting everything of a session when it ends. Holds nothing but in-memory state per session.
import { HexinError } from '../../common/errors';
import type { Language } from '../../common/messages';
import type { FrameAnalysis } from '../vision/types';
import { AnswerTracker, type AnswerState } from './answer';
import { modeFor, type IntentConfig, type IntentMode } from './config';
import { answerEvidence, readAloudEvidence, type EvidenceSink } from './evidence';
import { pcmFromBytes, SAMPLE_RATE, wipe, type PcmAudio } from './pcm';
import { answerQuestionText, promptAudioPath } from './prompts';
import { checkReadAloud, type VadAnalyser, type ReadAloudResult } from './read-aloud';
import type { Recogniser } from './recogniser';
import { createRecogniser } from './recogniser-factory';
import { buildSentence, composeSentence, type ReadAloudSentence } from './sentence';
import { VadClient } from './vad-client';

const MAX_SESSIONS = 4;

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

export interface IntentServiceDeps {
  vad?: VadAnalyser & { close?: () => Promise<void>; warm?: () => Promise<void> };
  /** Overrides the recogniser built from config (null = none). */
  recogniser?: Recogniser | null;
  evidence?: EvidenceSink;
  now?: () => number;
}

interface SessionState {
  purpose: string;
  sentence?: { value: ReadAloudSentence; expiresAtMs: number };
  answer?: { promptId: string; tracker: AnswerTracker; final?: AnswerState };
  /** Aborted by endSession(), so a recogniser request does not outlive its session. */
  abort: AbortController;
}

export class IntentService {
  private readonly vad: VadAnalyser & { close?: () => Promise<void>; warm?: () => Promise<void> };
  private readonly recogniser: Recogniser | null;
  private readonly now: () => number;
  private readonly sessions = new Map<string, SessionState>();

  constructor(
    private readonly config: IntentConfig,
    private readonly deps: IntentServiceDeps = {},
  ) {
    this.vad = deps.vad ?? new VadClient();
    this.recogniser = deps.recogniser !== undefined ? deps.recogniser : createRecogniser(config.recogniser);
    this.now = deps.now ?? Date.now;
  }

  /** Which intent step a purpose asks for ('off' unless the deployment switched it on for that purpose). */
  modeFor(purpose: string | undefined): IntentMode {
    return purpose ? modeFor(this.config, purpose) : 'off';
  }

  /** Loads the VAD worker and model now, so the first recording is not kept waiting (call when a session starts). */
  async warm(): Promise<void> {
    await this.vad.warm?.();
  }

  /** A fresh sentence for this session; any earlier one is void. */
  startReadAloud(sessionId: string, purpose: string, language: Language): ReadAloudPrompt {
    const label = this.labelFor(purpose, 'read-aloud', language);
    const sentence = this.config.fixedDigits
      ? buildSentence(label, this.config.fixedDigits, language, purpose)
      : composeSentence(label, language, purpose, this.config.digits);
    const expiresAtMs = this.now() + this.config.challengeTtlMs;
    this.state(sessionId, purpose).sentence = { value: sentence, expiresAtMs };
    return {
      promptId: sentence.id,
      text: sentence.text,
      language,
      audio: {
        sampleRate: SAMPLE_RATE,
        channels: 1,
        format: 's16le',
        minMs: this.config.minAudioMs,
        maxMs: this.config.maxAudioMs,
      },
      promptAudio: promptAudioPath(language, 'read-aloud-instruction'),
      expiresAtMs,
    };
  }

  /**
   * Checks the recording for the sentence `promptId`. The sentence is used up whatever the outcome (a retry gets
   * new digits). `pcm` is overwritten with zeros once copied, the copy once checked; audio is kept only if the
   * evidence policy says so. endSession() during the check aborts it with INTENT_CANCELLED.
   */
  async submitReadAloud(
    sessionId: string,
    promptId: string,
    pcm: Uint8Array,
    signal?: AbortSignal,
  ): Promise<ReadAloudResult> {
    const s = this.sessions.get(sessionId);
    const pending = s?.sentence;
    if (!s || !pending || pending.value.id !== promptId) {
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'no such read-aloud sentence for this session');
    }
    s.sentence = undefined;
    if (this.now() > pending.expiresAtMs)
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'the sentence has expired');
    let audio: PcmAudio;
    try {
      audio = pcmFromBytes(pcm, this.config);
    } finally {
      pcm.fill(0); // the caller's copy (e.g. the IPC buffer) holds the voice too
    }
    const combined = signal ? AbortSignal.any([signal, s.abort.signal]) : s.abort.signal;
    try {
      const result = await checkReadAloud(
        pending.value,
        audio,
        { config: this.config, vad: this.vad, recogniser: this.recogniser },
        combined,
      );
      // The session may have ended while the recording was being checked: keep nothing, report the cancellation.
      if (combined.aborted) throw new HexinError('INTENT_CANCELLED', 'the session ended during the check');
      await this.deps.evidence?.append({
        type: 'result',
        sessionId,
        data: readAloudEvidence(result, pending.value, this.config.evidence.keep, audio),
      });
      return result;
    } finally {
      wipe(audio);
    }
  }

  /**
   * The yes/no question for this session, with a fresh tracker (an earlier question is void); frames then go to
   * answerFrame(). `retry`: asked again after no answer was seen, with the spoken "we could not see your answer".
   */
  startAnswer(
    sessionId: string,
    purpose: string,
    language: Language,
    promptId: string,
    retry = false,
  ): AnswerPrompt {
    const label = this.labelFor(purpose, 'answer', language);
    this.state(sessionId, purpose).answer = {
      promptId,
      tracker: new AnswerTracker(this.config.answerTimeoutMs),
    };
    return {
      promptId,
      text: answerQuestionText(label, language),
      language,
      promptAudio: promptAudioPath(language, retry ? 'answer-retry' : 'answer-question'),
      timeoutMs: this.config.answerTimeoutMs,
    };
  }

  /**
   * Feeds one analysed camera frame to the pending question (to the one named `promptId` when given). yes / no /
   * timeout are final and recorded once.
   */
  async answerFrame(sessionId: string, frame: FrameAnalysis, promptId?: string): Promise<AnswerState> {
    const s = this.sessions.get(sessionId);
    const a = s?.answer;
    if (!s || !a || (promptId !== undefined && a.promptId !== promptId))
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'no question is pending for this session');
    if (a.final) return a.final;
    const state = a.tracker.update(frame);
    if (state.status !== 'waiting') {
      a.final = state;
      await this.deps.evidence?.append({
        type: 'result',
        sessionId,
        data: { ...answerEvidence(s.purpose, state), by: 'gesture' },
      });
    }
    return state;
  }

  /**
   * The same question answered on the touch screen (是 / 否 buttons), for people who cannot nod or shake, and for
   * deployments that prefer it. The first answer, by head or by touch, is final.
   */
  async answerByTouch(
    sessionId: string,
    promptId: string,
    answer: 'confirm' | 'decline',
  ): Promise<AnswerState> {
    const s = this.sessions.get(sessionId);
    const a = s?.answer;
    if (!s || !a || a.promptId !== promptId) {
      throw new HexinError('INTENT_CHALLENGE_UNKNOWN', 'no such question is pending for this session');
    }
    if (a.final) return a.final;
    a.final = { status: answer === 'confirm' ? 'yes' : 'no', progress: 1, leading: null, elapsedMs: 0 };
    await this.deps.evidence?.append({
      type: 'result',
      sessionId,
      data: { ...answerEvidence(s.purpose, a.final), by: 'touch' },
    });
    return a.final;
  }

  /** Drops everything held for the session (sentence, question, trackers). Call on every session end. */
  endSession(sessionId: string): void {
    this.sessions.get(sessionId)?.abort.abort();
    this.sessions.delete(sessionId);
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) s.abort.abort();
    this.sessions.clear();
    await this.recogniser?.close();
    await this.vad.close?.();
  }

  private state(sessionId: string, purpose: string): SessionState {
    let s = this.sessions.get(sessionId);
    if (!s || s.purpose !== purpose) {
      s?.abort.abort();
      s = { purpose, abort: new AbortController() };
      this.sessions.delete(sessionId);
      this.sessions.set(sessionId, s);
      // A kiosk runs one session at a time; if ends were ever missed, forget the oldest rather than grow.
      while (this.sessions.size > MAX_SESSIONS) {
        const [oldest, state] = this.sessions.entries().next().value!;
        state.abort.abort();
        this.sessions.delete(oldest);
      }
    }
    return s;
  }

  private labelFor(purpose: string, want: 'read-aloud' | 'answer', language: Language): string {
    const mode = modeFor(this.config, purpose);
    if (mode !== want && mode !== 'both') {
      throw new HexinError(
        'INTENT_NOT_ENABLED',
        `purpose '${purpose}' does not ask for ${want} (mode ${mode})`,
      );
    }
    // modeFor() returned a mode other than 'off', so the purpose is configured.
    return this.config.purposes[purpose]!.label[language];
  }
}
