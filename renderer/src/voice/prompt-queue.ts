// The one audio queue every spoken prompt goes through, on one <audio> element (VoiceControl renders it):
// - no overlap: one prompt at a time; a step's prompts play one after another;
// - a new step interrupts: whatever plays stops and what waited is dropped;
// - guidance is debounced (guidance-gate.ts states the rule);
// - never while the microphone records: hold() stops the audio and refuses every prompt until it is released;
// - mute stops at once and keeps silent; volume applies to the element.
// The files are those the build's manifest lists (prompts/manifest.json), minus those main found missing or altered
// at start (AppInfo.voice.unavailable); a prompt without a file is silently skipped (the screen shows its words).
import type { Language } from '../../../common/messages';
import { promptFile, promptManifestSchema, type PromptSpeed } from '../../../common/voice';
import { GuidanceGate, type GuidanceTimes } from './guidance-gate';

export interface QueueState {
  /** The prompt playing now, if any. */
  playing: string | null;
  muted: boolean;
  volume: number;
  /** Why the queue is silenced (the microphone records), or null. */
  held: string | null;
}

const TICK_MS = 200;

export class PromptQueue {
  private audio: HTMLAudioElement | null = null;
  private available: ReadonlySet<string> = new Set();
  private pending: string[] = [];
  private readonly spokenKeys = new Set<string>();
  private readonly holds = new Set<string>();
  private readonly gate: GuidanceGate;
  private language: Language = 'zh-CN';
  private speed: PromptSpeed = 'normal';
  private enabled = true;
  private state: QueueState = { playing: null, muted: false, volume: 0.9, held: null };
  private readonly listeners = new Set<() => void>();
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(
    times: GuidanceTimes,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.gate = new GuidanceGate(times);
  }

  /** Reads the build's manifest (same origin); prompts are played only from it. */
  async load(baseUrl: string, unavailable: readonly string[]): Promise<void> {
    try {
      const r = await fetch(`${baseUrl}prompts/manifest.json`, { cache: 'no-store' });
      if (!r.ok) return;
      const manifest = promptManifestSchema.parse(await r.json());
      const skip = new Set(unavailable);
      this.available = new Set(manifest.prompts.map((p) => p.file).filter((f) => !skip.has(f)));
    } catch {
      this.available = new Set(); // no manifest (built without espeak-ng) or not valid: silent, screens still guide
    }
  }

  attach(audio: HTMLAudioElement | null): void {
    if (this.audio === audio) return;
    this.audio?.removeEventListener('ended', this.onEnded);
    this.audio?.removeEventListener('error', this.onEnded);
    this.audio = audio;
    this.stopTicker();
    if (!audio) return;
    audio.volume = this.state.volume;
    audio.addEventListener('ended', this.onEnded);
    audio.addEventListener('error', this.onEnded);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  configure(options: { enabled: boolean; language: Language; slow: boolean; times: GuidanceTimes }): void {
    this.enabled = options.enabled;
    this.language = options.language;
    this.speed = options.slow ? 'slow' : 'normal';
    this.gate.setTimes(options.times);
    if (!this.enabled) this.stop();
  }

  /**
   * A screen asks for its prompts. A key already spoken in this session is not spoken again (the idle warning
   * going away does not repeat the step); a new one interrupts whatever plays.
   */
  step(key: string, ids: readonly string[]): void {
    if (this.spokenKeys.has(key)) return;
    this.spokenKeys.add(key);
    this.gate.observe(null, this.now());
    this.stop();
    if (this.silenced()) return;
    this.pending = [...ids];
    this.next();
  }

  /** Interrupts with `ids` now (the idle warning, "hear it again"). */
  interrupt(ids: readonly string[]): void {
    this.stop();
    if (this.silenced()) return;
    this.pending = [...ids];
    this.next();
  }

  /** Stops `id` if it is the prompt playing (the idle warning, once the person answered it). */
  cancel(id: string): void {
    if (this.state.playing === id) this.stop();
  }

  /** The guidance code on screen now (null: none); the gate decides when it is spoken. */
  guidance(id: string | null): void {
    this.gate.observe(id, this.now());
  }

  /** A new person: every step may speak again, nothing remembered. */
  newSession(): void {
    this.stop();
    this.spokenKeys.clear();
    this.gate.reset();
    this.setState({ muted: false });
  }

  /** Silences the queue until the returned function is called (e.g. while the microphone records). */
  hold(reason: string): () => void {
    this.holds.add(reason);
    this.stop();
    this.setState({ held: reason });
    return () => {
      this.holds.delete(reason);
      this.setState({ held: [...this.holds][0] ?? null });
      this.gate.ended(this.now());
    };
  }

  setMuted(muted: boolean): void {
    if (muted) this.stop();
    this.setState({ muted });
  }

  setVolume(volume: number): void {
    const v = Math.min(1, Math.max(0, volume));
    if (this.audio) this.audio.volume = v;
    this.setState({ volume: v });
  }

  /** Whether `id` has a file to play (in the screen's language). */
  canPlay(id: string): boolean {
    return this.fileFor(id) !== null;
  }

  getState(): QueueState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private silenced(): boolean {
    return !this.enabled || this.state.muted || this.holds.size > 0 || !this.audio;
  }

  /** Stops the audio and drops what waited. */
  private stop(): void {
    this.pending = [];
    const a = this.audio;
    if (a && this.state.playing !== null) {
      a.pause();
      this.gate.ended(this.now());
    }
    if (this.state.playing !== null) this.setState({ playing: null });
  }

  private next(): void {
    const a = this.audio;
    while (a && this.pending.length > 0 && !this.silenced()) {
      const id = this.pending.shift()!;
      const file = this.fileFor(id);
      if (!file) continue;
      a.src = `prompts/${file}`;
      a.dataset.prompt = id;
      this.setState({ playing: id });
      // Refused playback (no autoplay permission, a broken file): skip to the next, the screen still shows it.
      a.play().catch(() => {
        if (this.state.playing === id) this.onEnded();
      });
      return;
    }
  }

  private fileFor(id: string): string | null {
    const wanted = promptFile(this.language, id, this.speed);
    if (this.available.has(wanted)) return wanted;
    const normal = promptFile(this.language, id, 'normal');
    return this.available.has(normal) ? normal : null;
  }

  private readonly onEnded = (): void => {
    if (this.state.playing === null) return;
    this.gate.ended(this.now());
    this.setState({ playing: null });
    this.next();
  };

  private tick(): void {
    if (this.silenced()) return;
    const id = this.gate.due(this.now(), this.state.playing !== null || this.pending.length > 0);
    if (id) {
      this.pending = [id];
      this.next();
    }
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private setState(patch: Partial<QueueState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

/** The kiosk's one queue (the defaults until AppInfo.voice arrives). */
export const promptQueue = new PromptQueue({ settleMs: 800, gapMs: 1_500, repeatMs: 8_000 });
