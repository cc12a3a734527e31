// The intent-confirmation step (意愿确认) as the kiosk runs it: which mode a purpose asks for, the voice-activity
// worker and the recogniser every session shares, and open() → IntentDialog, one per session, which owns that
// session's prompts (main/intent/dialog.ts). The service keeps nothing per session.
import type { IntentConfig, IntentMode } from './config';
import { modeFor } from './config';
import { IntentDialog, type IntentDialogOptions } from './dialog';
import type { EvidenceSink } from './evidence';
import type { VadAnalyser } from './read-aloud';
import type { Recogniser } from './recogniser';
import { createRecogniser } from './recogniser-factory';
import { VadClient } from './vad-client';

export type { AnswerPrompt, IntentDialogOptions, IntentDialogState, ReadAloudPrompt } from './dialog';
export { IntentDialog } from './dialog';

export interface IntentServiceDeps {
  vad?: VadAnalyser & { close?: () => Promise<void>; warm?: () => Promise<void> };
  /** Overrides the recogniser built from config (null = none). */
  recogniser?: Recogniser | null;
  evidence?: EvidenceSink;
  now?: () => number;
}

export class IntentService {
  private readonly vad: VadAnalyser & { close?: () => Promise<void>; warm?: () => Promise<void> };
  private readonly recogniser: Recogniser | null;
  private readonly now: () => number;

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

  /** The intent step of one session; close() it when the session ends. */
  open(options: IntentDialogOptions): IntentDialog {
    return new IntentDialog(
      {
        config: this.config,
        vad: this.vad,
        recogniser: this.recogniser,
        ...(this.deps.evidence ? { evidence: this.deps.evidence } : {}),
        now: this.now,
      },
      options,
    );
  }

  async close(): Promise<void> {
    await this.recogniser?.close();
    await this.vad.close?.();
  }
}
