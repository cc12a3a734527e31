// The intent step while a sentence is read aloud: what the camera frames give the voice-to-face binding (numbers
// only — when, how open the mouth is, whether it is the verified person), and the binding's measurements as the
// audit log records them. The dialog (main/intent IntentDialog) keeps the frames and measures the recording.
import type { FrameAnalysis } from '../../vision/types';
import type { SessionCore } from '../core';
import type { AuditValue, IntentDialog, ReadAloudVerdict } from '../ports';
import type { ActiveSession } from '../session-state';

/** One analysed frame while the sentence `promptId` is shown: handed to the dialog as numbers. */
export function recordReadingFrame(
  core: SessionCore,
  s: ActiveSession,
  dialog: IntentDialog,
  promptId: string,
  analysis: FrameAnalysis,
): void {
  const face = analysis.primary === null ? undefined : analysis.faces[analysis.primary];
  // Two faces in view: the voice cannot be bound to one of them.
  const twoFaces = analysis.guidance === 'ONE_FACE_ONLY';
  const sameFace =
    face?.embedding && s.continuity
      ? core.ports.matcher.match(face.embedding, s.continuity, 'chip').passed
      : null;
  // A person in front of the camera is not idle, even while reading.
  if (face) core.touch();
  dialog.recordFrame(promptId, {
    timestampMs: analysis.timestampMs,
    mouthOpen: face && !twoFaces ? face.mouthOpenRatio : null,
    sameFace: twoFaces ? false : sameFace,
  });
}

/** The voice-to-face binding's measurements for the audit log (numbers only; nothing of the face or voice). */
export function bindingAudit(verdict: ReadAloudVerdict): Record<string, AuditValue> {
  const b = verdict.binding;
  if (!b) return { bindingChecked: false };
  return {
    bindingPassed: b.passed,
    bindingFailure: b.failure,
    bindingFrames: b.frames,
    bindingFaceCoverage: b.faceCoverage,
    bindingMouthStd: b.mouthStd,
    bindingStillSpeechMs: b.stillSpeechMs,
    bindingSyllables: b.syllablesHeard,
    bindingSyllablesExpected: b.syllablesExpected,
    bindingSync: b.sync,
  };
}
