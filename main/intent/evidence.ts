// What the intent step keeps after the session, following the agreement and the deployment's policy
// (config intent.evidence.keep): by default only the decision and the measurements that justify it; the transcript
// and the sentence only if asked; the audio only if asked. The record goes to the encrypted record store (records
// area), which purges it on the retention schedule. Nothing raw is written anywhere else.
import type { IntentConfig } from './config';
import { encodeWav, type PcmAudio } from './pcm';
import type { ReadAloudResult } from './read-aloud';
import type { ReadAloudSentence } from './sentence';
import type { AnswerState } from './answer';

export type EvidencePolicy = IntentConfig['evidence']['keep'];

/** The slice of the record store the intent step needs (main/records/store.ts RecordStore satisfies it). */
export interface EvidenceSink {
  append(record: { type: 'result'; sessionId?: string; data: Record<string, unknown> }): Promise<unknown>;
}

export function readAloudEvidence(
  result: ReadAloudResult,
  sentence: ReadAloudSentence,
  policy: EvidencePolicy,
  audio: PcmAudio,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    kind: 'intent',
    mode: 'read-aloud',
    purpose: result.purpose,
    language: sentence.language,
    decision: result.passed ? 'confirmed' : 'not-confirmed',
    failure: result.failure,
    audioMs: Math.round(result.audioMs),
    speechMs: Math.round(result.voice.speechMs),
    ...(result.binding
      ? {
          bindingPassed: result.binding.passed,
          bindingFaceCoverage: Number(result.binding.faceCoverage.toFixed(3)),
          bindingMouthStd:
            result.binding.mouthStd === null ? null : Number(result.binding.mouthStd.toFixed(4)),
          bindingStillSpeechMs: result.binding.stillSpeechMs,
          bindingSyllables: result.binding.syllables.heard,
          bindingSync: result.binding.sync === null ? null : Number(result.binding.sync.toFixed(3)),
        }
      : { bindingChecked: false }),
    contentChecked: result.content.checked,
    ...(result.content.checked
      ? {
          engine: result.content.engine,
          cer: Number(result.content.cer.toFixed(3)),
          digitsMatch: result.content.digitsMatch,
        }
      : { contentNotChecked: result.content.reason }),
    evidencePolicy: policy,
  };
  if (policy === 'transcript' || policy === 'audio') {
    data.sentence = sentence.text;
    if (result.content.checked) data.transcript = result.content.transcript;
  }
  if (policy === 'audio') data.audioWavBase64 = Buffer.from(encodeWav(audio)).toString('base64');
  return data;
}

export function answerEvidence(purpose: string, state: AnswerState): Record<string, unknown> {
  return {
    kind: 'intent',
    mode: 'answer',
    purpose,
    decision: state.status === 'yes' ? 'confirmed' : state.status === 'no' ? 'declined' : 'no-answer',
    elapsedMs: Math.round(state.elapsedMs),
  };
}
