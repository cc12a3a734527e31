// The capture step: camera frames are analysed one at a time (a frame arriving meanwhile is dropped, never
// queued), the person is guided until enough good frames in a row have settled, and the probe embeddings (and, when
// the authority will be asked, the most frontal frame) are collected for the match. Frames also reach liveness
// (steps/liveness.ts) and the intent step (steps/intent.ts: the question answered by head, the mouth reading aloud). Its slice — one attempt's probes,
// kept frame, guidance and frame bookkeeping — is wiped when the attempt ends (retry, failure) and with the session.
import type { FrameAck } from '../../../common/session';
import type { Frame, FrameAnalysis, GuidanceCode } from '../../vision/types';
import type { SessionCore } from '../core';
import { SECOND_MS } from '../core';
import { ProbeCollector } from '../probe';
import type { ActiveSession, SessionFrame } from '../session-state';
import { endSession, failSession } from './ended';
import { dropLiveness, emptyLiveness, onLivenessFrame, startLiveness, type LivenessSlice } from './liveness';
import { intentWantsFrames, onIntentFrame } from './intent';
import { asksAuthority } from './match';

export interface CaptureSlice extends LivenessSlice {
  probes: ProbeCollector;
  /** Copy of the most frontal good frame, kept only when an authority check will need it. */
  bestFrame: { frame: SessionFrame; offFrontal: number } | null;
  guidance: GuidanceCode;
  goodFrames: number;
  /** A frame is being analysed: the next one is dropped ('busy'), so no backlog of frames builds up. */
  analysing: boolean;
  lastAcceptedAtMs: number | null;
  lastTimestampMs: number | null;
}

export function emptyAttempt(probeEmbeddings: number): CaptureSlice {
  return {
    probes: new ProbeCollector(probeEmbeddings),
    bestFrame: null,
    guidance: 'NO_FACE',
    goodFrames: 0,
    analysing: false,
    lastAcceptedAtMs: null,
    lastTimestampMs: null,
    ...emptyLiveness(),
  };
}

/** Drops what one capture attempt gathered (probes, the kept frame, liveness): on retry, failure and wipe. */
export function wipeAttempt(s: CaptureSlice): void {
  s.probes.wipe();
  dropBestFrame(s);
  dropLiveness(s);
}

export function dropBestFrame(s: CaptureSlice): void {
  s.bestFrame?.frame.data.fill(0);
  s.bestFrame = null;
}

export function enterCapture(
  core: SessionCore,
  s: ActiveSession,
  why: 'cardConfirmed' | 'guardianConfirmed' | 'retry',
): void {
  wipeAttempt(s);
  s.guidance = 'NO_FACE';
  s.goodFrames = 0;
  core.go({ type: why });
}

/** A camera frame. Answers at once; the analysis result arrives as a new view (guidance, prompts, next step). */
export function submitFrame(core: SessionCore, frame: SessionFrame): FrameAck {
  const s = core.session;
  const step = core.step;
  if (
    !s ||
    core.flow.finishing() ||
    !(step === 'capture' || step === 'liveness' || intentWantsFrames(core, s))
  )
    return { accepted: false, reason: 'not-capturing' };
  // One analysis at a time: a frame arriving while the last is analysed is dropped, never queued, so a slow
  // model cannot build a backlog of frames (and of personal data) in memory.
  if (s.analysing) return { accepted: false, reason: 'busy' };
  if (s.lastTimestampMs !== null && frame.timestampMs <= s.lastTimestampMs) {
    return { accepted: false, reason: 'stale-timestamp' };
  }
  const now = core.ports.clock.now();
  if (
    s.lastAcceptedAtMs !== null &&
    now - s.lastAcceptedAtMs < SECOND_MS / core.config.session.maxFramesPerSecond
  ) {
    return { accepted: false, reason: 'rate' };
  }
  if (cameraRefuses(core, s, frame)) return { accepted: false, reason: 'not-capturing' };
  s.analysing = true;
  s.lastAcceptedAtMs = now;
  s.lastTimestampMs = frame.timestampMs;
  core.track(analyse(core, s, frame));
  return { accepted: true, reason: 'analysing' };
}

/** Camera injection (ports.camera): records the camera a session uses and ends the session on a refusal. */
function cameraRefuses(core: SessionCore, s: ActiveSession, frame: Frame): boolean {
  const verdict = core.ports.camera?.checkFrame(s.id, frame);
  if (verdict?.used) core.audit(s, 'camera.used', verdict.used);
  if (!verdict?.refusal) return false;
  core.audit(s, 'camera.refused', { code: verdict.refusal.code, detail: verdict.refusal.detail });
  endSession(core, s, 'error', { step: 'error', code: verdict.refusal.code });
  return true;
}

/** Analyses one frame in the scope of the step it arrived at: a reply after that step was left changes nothing. */
async function analyse(core: SessionCore, s: ActiveSession, frame: SessionFrame): Promise<void> {
  const signal = core.flow.signal();
  // The question only needs the pose (and the embedding, for who is nodding); liveness was proven already.
  const answering = core.step === 'intent';
  // The session's frames are one camera stream: vision tracks the face between detections (main/vision/tracker.ts).
  const stream = s.id;
  let analysis: FrameAnalysis;
  try {
    analysis = await core.ports.faces.analyze(
      frame,
      answering
        ? { embed: s.continuity !== null, antiSpoof: false, stream }
        : // The probes and liveness's same-face check take an embedding on the frames the detector ran on (every
          // other frame, and every frame the tracker cannot vouch for: main/vision/engine.ts AnalyzeOptions.embed).
          { embed: 'when-detected', antiSpoof: true, stream },
    );
  } catch (e) {
    s.analysing = false;
    frame.data.fill(0);
    if (!signal.aborted) failSession(core, s, e);
    return;
  }
  s.analysing = false;
  try {
    if (signal.aborted) return;
    if (answering) await onIntentFrame(core, s, analysis, signal);
    else onFaceFrame(core, s, analysis, frame);
  } finally {
    // The frame and the embeddings are ours once parsed; nothing keeps them after this frame (the probe
    // collector and the best-frame keeper hold their own copies, wiped with the session).
    frame.data.fill(0);
    for (const face of analysis.faces) face.embedding?.fill(0);
  }
}

/** An analysed frame at capture or liveness: guidance, a probe, the kept frame, then the step's own use of it. */
function onFaceFrame(
  core: SessionCore,
  s: ActiveSession,
  analysis: FrameAnalysis,
  frame: SessionFrame,
): void {
  const face = analysis.primary === null ? undefined : analysis.faces[analysis.primary];
  s.guidance = analysis.guidance;
  // A person in front of the camera is not idle, even without touching the screen.
  if (face) core.touch();
  const good = analysis.guidance === 'OK' && face !== undefined;
  if (good) {
    s.probes.offer(face);
    if (asksAuthority(core, s)) keepBestFrame(s, frame, Math.abs(face.pose.yaw) + Math.abs(face.pose.pitch));
  }
  if (core.step === 'liveness') {
    onLivenessFrame(core, s, analysis, frame);
    return;
  }
  s.goodFrames = good ? s.goodFrames + 1 : 0;
  if (s.goodFrames >= core.config.session.settleFrames) {
    startLiveness(core, s);
    core.audit(s, 'capture.ready', {});
    core.go({ type: 'faceSettled' });
    return;
  }
  core.emit();
}

function keepBestFrame(s: CaptureSlice, frame: SessionFrame, offFrontal: number): void {
  if (s.bestFrame && s.bestFrame.offFrontal <= offFrontal) return;
  s.bestFrame?.frame.data.fill(0);
  s.bestFrame = { frame: { ...frame, data: Uint8Array.from(frame.data) }, offFrontal };
}
