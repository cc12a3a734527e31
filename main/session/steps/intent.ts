// The intent step (意愿确认): where the purpose asks for it, after a passed match the person reads a sentence aloud
// and/or answers a yes/no question by nodding or shaking their head (or the buttons). The intent port's dialog
// (main/intent IntentDialog) is the one owner of the prompts, attempts and answer progress; this step asks it for
// the next prompt, hands it recordings, frames and taps, and moves the flow on what it decides. Every prompt
// re-enters the intent state (restarting its timeout and giving it a new scope): a check, a frame or a tap answered
// for a prompt no longer shown finds its signal aborted and changes nothing. Its slice — the dialog and the probe
// kept to check it is the same person nodding — is wiped with the session.
import { HexinError } from '../../../common/errors';
import {
  intentFailureCodeSchema,
  type IntentActivityCommand,
  type IntentAnswerCommand,
  type IntentAnswerGuidance,
  type IntentAudioCommand,
  type IntentFailureCode,
  type IntentMicrophoneCommand,
  type SessionView,
} from '../../../common/session';
import type { FrameAnalysis } from '../../vision/types';
import type { SessionCore } from '../core';
import type { AuditValue, IntentDialog } from '../ports';
import type { ActiveSession } from '../session-state';
import { endAtCounter, failSession, pass } from './ended';
import { promptShown } from './intent-guard';
import { bindingAudit, recordReadingFrame } from './intent-reading';

/** A failure code from main/intent as the view carries it (unknown codes become "no speech", never a crash). */
function intentFailure(code: string | null): IntentFailureCode {
  return intentFailureCodeSchema.safeParse(code).data ?? 'INTENT_NO_SPEECH';
}

/** Drops the intent step's dialog (aborting a check in flight) and the kept probe with the session. */
export function wipeIntent(s: ActiveSession): void {
  s.intent?.close();
  s.intent = null;
  s.continuity?.fill(0);
  s.continuity = null;
}

/** Starts the voice-activity worker when the session's purpose will ask for a recording (≈ 1.4 s cold). */
export function warmIntent(core: SessionCore, s: ActiveSession): void {
  const intent = core.ports.intent;
  if (!s.purpose || !intent?.warm) return;
  const mode = intent.mode(s.purpose);
  if (mode !== 'read-aloud' && mode !== 'both') return;
  intent.warm().catch((e: unknown) => {
    // Not fatal here: the first check reports the problem (VAD_MODEL_MISSING, VAD_FAILED) in its own words.
    core.log.warn(`intent warm-up failed: ${e instanceof Error ? e.message : String(e)}`);
  });
}

/** After a passed match: the intent step the purpose asks for, its first prompt shown (true), or none (false). */
export function beginIntent(core: SessionCore, s: ActiveSession, probe: Float32Array): boolean {
  const intent = core.ports.intent;
  const mode = s.purpose && intent ? intent.mode(s.purpose) : 'off';
  if (mode === 'off' || !intent || !s.purpose) return false;
  // Who must be seen nodding, or seen reading aloud: the probe that just passed the match.
  s.continuity = Float32Array.from(probe);
  s.intent = intent.open({ sessionId: s.id, purpose: s.purpose });
  nextIntent(core, s);
  return true;
}

/** The intent state's timeout in answer mode: no frames decided it (camera gone?) and no button was pressed. */
export function intentTimedOut(core: SessionCore, s: ActiveSession): boolean {
  if (s.intent?.state?.mode !== 'answer') return false;
  noAnswer(core, s, s.intent, true);
  return true;
}

export async function answerIntent(core: SessionCore, cmd: IntentAnswerCommand): Promise<SessionView> {
  const s = core.require('intent');
  core.touch();
  const { dialog } = promptShown(s, cmd.promptId, 'answer');
  const signal = core.flow.signal();
  let verdict: 'confirmed' | 'declined';
  try {
    // The dialog marks the question decided at once: no frame or second tap counts for it meanwhile.
    verdict = await dialog.answer(cmd.promptId, cmd.answer);
  } catch (e) {
    if (!signal.aborted) failSession(core, s, e);
    return core.view();
  }
  if (!signal.aborted) answered(core, s, verdict, 'touch');
  return core.view();
}

/**
 * Activity at the intent step that main would not see otherwise — the person started reading (the recording
 * arrives only when it ends) or asked to hear the question again: the idle countdown starts again.
 */
export function noteIntentActivity(core: SessionCore, cmd: IntentActivityCommand): SessionView {
  promptShown(core.require('intent'), cmd.promptId, 'activity');
  core.touch();
  core.emit();
  return core.view();
}

/**
 * A read-aloud recording for the sentence shown. Answers once it was checked (voice activity, the voice measured
 * against the face in the frames sent meanwhile — `startedAtMs` lines them up —, then the recogniser if
 * configured). The bytes are zeroed whatever happens; only the verdict and measurements are audited, never audio.
 */
export async function submitIntentAudio(core: SessionCore, cmd: IntentAudioCommand): Promise<SessionView> {
  try {
    const s = core.require('intent');
    const { dialog } = promptShown(s, cmd.promptId, 'recording');
    core.touch();
    const signal = core.flow.signal();
    let failure: IntentFailureCode | null;
    let bindingFacts: Record<string, AuditValue> = {};
    try {
      // The dialog marks the sentence as being checked at once; the screen shows it while the check runs.
      const checked = dialog.checkReadAloud(cmd.promptId, cmd.pcm, cmd.startedAtMs);
      core.emit();
      const verdict = await checked;
      if (signal.aborted) return core.view();
      if (verdict.passed) {
        core.audit(s, 'intent.confirmed', {
          mode: 'read-aloud',
          contentChecked: verdict.contentChecked,
          speechMs: verdict.speechMs,
          ...bindingAudit(verdict),
        });
        nextIntent(core, s);
        return core.view();
      }
      failure = intentFailure(verdict.failure);
      bindingFacts = bindingAudit(verdict);
    } catch (e) {
      if (signal.aborted) return core.view();
      // Bad audio, an expired sentence or a recogniser / VAD hiccup costs an attempt; anything else ends the session.
      failure = e instanceof HexinError ? (intentFailureCodeSchema.safeParse(e.code).data ?? null) : null;
      if (!failure) {
        failSession(core, s, e);
        return core.view();
      }
      core.log.warn(`session ${s.id}: read-aloud check: ${(e as HexinError).code}`);
    }
    core.audit(s, 'intent.failed', {
      mode: 'read-aloud',
      reason: failure ?? 'INTENT_NO_SPEECH',
      attemptsLeft: dialog.state?.attemptsLeft ?? 0,
      ...bindingFacts,
    });
    // A retry always gets a new sentence: the old one was used up by the check.
    askAgainOrCounter(core, s, dialog, failure ?? 'INTENT_NO_SPEECH', true);
    return core.view();
  } finally {
    cmd.pcm.fill(0);
  }
}

/** The renderer could not open the microphone: the read-aloud step cannot run here; the counter can help. */
export function reportIntentMicrophone(core: SessionCore, cmd: IntentMicrophoneCommand): SessionView {
  const s = core.require('intent');
  const { it } = promptShown(s, cmd.promptId, 'report');
  core.audit(s, 'intent.failed', {
    mode: 'read-aloud',
    reason: 'INTENT_MIC_UNAVAILABLE',
    microphone: cmd.state,
    attemptsLeft: it.attemptsLeft,
  });
  endAtCounter(core, s, 'INTENT_NOT_CONFIRMED', 'INTENT_MIC_UNAVAILABLE');
  return core.view();
}

/**
 * Whether camera frames go to the intent step now: the question waiting for a nod / shake, or the sentence shown
 * (the mouth seen while the person reads is measured against the voice); not once its recording is being checked.
 */
export function intentWantsFrames(core: SessionCore, s: ActiveSession): boolean {
  const it = s.intent?.state;
  return core.step === 'intent' && !!it && !it.checking && !core.flow.finishing();
}

/** One analysed frame at the intent step: to the sentence being read, or to the question (onAnswerFrame). */
export async function onIntentFrame(
  core: SessionCore,
  s: ActiveSession,
  analysis: FrameAnalysis,
  signal: AbortSignal,
): Promise<void> {
  const dialog = s.intent;
  const it = dialog?.state;
  if (!dialog || !it || !intentWantsFrames(core, s)) return;
  if (it.mode === 'answer') {
    await onAnswerFrame(core, s, dialog, it.promptId, analysis, signal);
    return;
  }
  recordReadingFrame(core, s, dialog, it.promptId, analysis);
}

/**
 * One analysed frame while the question waits (in the scope `signal` of the prompt it arrived at): it counts only
 * with one face in view that is the person who just passed the match (embedding against the kept probe, when the
 * frame has one); any other frame still moves the question's clock on, so nobody else's nod and no empty camera
 * ever turns into an answer.
 */
async function onAnswerFrame(
  core: SessionCore,
  s: ActiveSession,
  dialog: IntentDialog,
  promptId: string,
  analysis: FrameAnalysis,
  signal: AbortSignal,
): Promise<void> {
  if (!dialog.state?.answer) return;
  const face = analysis.primary === null ? undefined : analysis.faces[analysis.primary];
  let guidance: IntentAnswerGuidance = 'OK';
  if (!face) guidance = 'NO_FACE';
  else if (analysis.guidance === 'ONE_FACE_ONLY') guidance = 'ONE_FACE_ONLY';
  else if (
    s.continuity &&
    face.embedding &&
    !core.ports.matcher.match(face.embedding, s.continuity, 'chip').passed
  )
    guidance = 'OTHER_PERSON';
  // The person in front of the camera is not idle, even while only listening to the question.
  if (guidance === 'OK') core.touch();
  const counted = guidance === 'OK' ? analysis : { ...analysis, primary: null };
  let state;
  try {
    state = await dialog.answerFrame(promptId, counted, guidance);
  } catch (e) {
    if (!signal.aborted) failSession(core, s, e);
    return;
  }
  // The session may have ended, or another prompt come, while the frame was evaluated.
  if (signal.aborted) return;
  if (state.status === 'waiting') {
    core.emit();
    return;
  }
  if (state.status === 'timeout') {
    noAnswer(core, s, dialog, false);
    return;
  }
  core.touch(); // a recognised gesture is the person acting
  answered(core, s, state.status === 'yes' ? 'confirmed' : 'declined', 'gesture');
}

/** The next part of the intent step (read-aloud, then the question for 'both'), or the pass when all are done. */
function nextIntent(core: SessionCore, s: ActiveSession): void {
  const dialog = s.intent;
  if (!dialog) {
    pass(core, s);
    return;
  }
  try {
    if (dialog.next(core.language) === 'done') {
      pass(core, s);
      return;
    }
  } catch (e) {
    failSession(core, s, e);
    return;
  }
  // Entering the step (again) restarts its timeout and its scope for the new prompt.
  core.go({ type: 'prompt' });
}

/** The question was answered (by head or button): yes goes on, no ends the flow with the declined screen. */
function answered(
  core: SessionCore,
  s: ActiveSession,
  verdict: 'confirmed' | 'declined',
  by: 'gesture' | 'touch',
): void {
  core.audit(s, verdict === 'confirmed' ? 'intent.confirmed' : 'intent.declined', { mode: 'answer', by });
  if (verdict === 'confirmed') nextIntent(core, s);
  else endAtCounter(core, s, 'INTENT_DECLINED');
}

/**
 * Neither a nod nor a shake in time: asked once more (the dialog's ANSWER_REPEATS), then the staff counter. Never
 * a yes. `final`: the step itself timed out (no frames at all), which is not asked again.
 */
function noAnswer(core: SessionCore, s: ActiveSession, dialog: IntentDialog, final: boolean): void {
  core.audit(s, 'intent.failed', {
    mode: 'answer',
    reason: 'INTENT_NO_ANSWER',
    attemptsLeft: final ? 0 : (dialog.state?.attemptsLeft ?? 0),
  });
  askAgainOrCounter(core, s, dialog, 'INTENT_NO_ANSWER', !final);
}

/**
 * An intent prompt failed with `failure`: the dialog asks a new one while attempts are left (and `mayRepeat`),
 * otherwise the session ends at the staff counter with the failure as the detail.
 */
function askAgainOrCounter(
  core: SessionCore,
  s: ActiveSession,
  dialog: IntentDialog,
  failure: IntentFailureCode,
  mayRepeat: boolean,
): void {
  let outcome: 'asked' | 'exhausted';
  try {
    outcome = dialog.again(failure, core.language, mayRepeat);
  } catch (e) {
    failSession(core, s, e);
    return;
  }
  if (outcome === 'asked') {
    // Re-entering restarts the step's timeout and its scope for the new prompt.
    core.go({ type: 'prompt' });
    return;
  }
  endAtCounter(core, s, 'INTENT_NOT_CONFIRMED', failure);
}
