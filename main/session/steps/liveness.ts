// The liveness step: once the face settled, a liveness check (main/liveness through the LivenessEvaluator port)
// takes every analysed frame — with the screen's paint log of the colour-flash plan — until it passes (on to the
// match) or fails (a failed attempt). Its slice — the evaluator and the prompt shown — is dropped when the check
// ends, and with the attempt.
import type { FlashPlan } from '../../../common/flash';
import type { FrameAnalysis } from '../../vision/types';
import type { SessionCore } from '../core';
import type { LivenessEvaluator } from '../ports';
import type { ActiveSession, SessionFrame } from '../session-state';
import { livenessPace } from './elderly';
import { runMatch } from './match';
import { failAttempt } from './retry';

export interface LivenessSlice {
  liveness: LivenessEvaluator | null;
  livenessView: {
    prompt: string | null;
    params?: Record<string, string | number>;
    progress: number;
    /** Colour flash: the plan the screen plays while liveness is in its reflect phase. */
    flash?: FlashPlan;
    /** The challenge asked now and the seconds left of its window. */
    challenge?: { index: number; total: number; secondsLeft: number };
  } | null;
}

export function emptyLiveness(): LivenessSlice {
  return { liveness: null, livenessView: null };
}

export function dropLiveness(s: LivenessSlice): void {
  s.liveness?.dispose();
  s.liveness = null;
  s.livenessView = null;
}

/** A new liveness check for this attempt (the face has settled at capture). */
export function startLiveness(core: SessionCore, s: ActiveSession): void {
  s.liveness = core.ports.liveness.create({ sessionId: s.id, ...livenessPace(s) });
  s.livenessView = { prompt: null, progress: 0 };
}

export function onLivenessFrame(
  core: SessionCore,
  s: ActiveSession,
  analysis: FrameAnalysis,
  frame: SessionFrame,
): void {
  // The frame carries the screen's paint log of the colour-flash plan (validated by the liveness check).
  const update = s.liveness?.onFrame(analysis, frame, frame.flash);
  if (!update || update.state === 'running') {
    if (update) {
      s.livenessView = {
        prompt: update.prompt,
        ...(update.params ? { params: update.params } : {}),
        progress: Math.min(1, Math.max(0, update.progress)),
        ...(update.flash ? { flash: update.flash } : {}),
        ...(update.challenge ? { challenge: update.challenge } : {}),
      };
    }
    core.emit();
    return;
  }
  dropLiveness(s);
  if (update.state === 'failed') {
    core.audit(s, 'liveness.failed', { reason: update.reason });
    failAttempt(core, s, 'LIVENESS_FAILED', update.reason);
    return;
  }
  core.audit(s, 'liveness.passed', {});
  core.go({ type: 'livenessPassed' });
  core.track(runMatch(core, s));
}
