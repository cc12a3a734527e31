// Which prompts a screen speaks, from the session view alone (pure, unit-tested): the step's prompts, played when
// the step appears (a new key interrupts whatever plays), and the guidance code the debounce gate may speak.
import type { SessionView } from '../../../common/session';
import { guidancePromptId, livenessPromptId, type StepPromptId } from '../../../common/voice';

export interface StepPrompts {
  /** Changes when the screen asks for something new; the same key is not spoken twice in a session. */
  key: string;
  ids: string[];
}

/** The intent step's prompt id from the file main names (prompts/<language>/<id>.wav). */
export function intentPromptId(spoken: string | null): string | null {
  return spoken ? (/^prompts\/(?:zh-CN|en)\/([a-z0-9-]+)\.wav$/.exec(spoken)?.[1] ?? null) : null;
}

/** Liveness prompts that are instructions (a challenge, "again", "look at the screen"): spoken at once. */
const isLivenessGuide = (prompt: string) => prompt.startsWith('liveness.guide.');

/**
 * `attempt` names the attempt within the session (use-voice-guidance: the retry offer last seen): it is part of the
 * key, so after a failed attempt the steps are asked again, and spoken again.
 */
export function stepPrompts(view: SessionView, attempt: string | number = 0): StepPrompts | null {
  const session = `${view.sessionId ?? 'none'}:${attempt}`;
  const step = (ids: StepPromptId[], suffix = '') => ({ key: `${session}:${view.step}${suffix}`, ids });
  switch (view.step) {
    case 'attract':
      return { key: 'attract', ids: [] };
    case 'consent':
      return step(['welcome', 'consent-summary']);
    case 'card':
      return view.card.summary ? step(['card-check'], ':summary') : step(['card-place']);
    case 'guardian':
      return step(['guardian']);
    case 'capture':
      return step(['capture-start']);
    case 'liveness': {
      const live = view.liveness;
      const prompt = live.prompt;
      if (!prompt || isLivenessGuide(prompt)) return null;
      // Each challenge is new even when it repeats one before (blink, then blink): its progress tells them apart.
      const n = live.challenge?.index ?? live.params?.index ?? '';
      return { key: `${session}:liveness:${prompt}:${n}`, ids: [livenessPromptId(prompt)] };
    }
    case 'match':
      return step(['match']);
    case 'intent': {
      const it = view.intent;
      // Read-aloud: the instruction (main names a file only for the question); each new sentence says it again.
      const id = it.mode === 'read-aloud' ? 'read-aloud-instruction' : intentPromptId(it.spoken);
      return id ? { key: `${session}:intent:${it.promptId}`, ids: [id] } : null;
    }
    case 'retry':
      return step(['result-retry']);
    case 'result': {
      const r = view.result;
      const id: StepPromptId =
        r.outcome === 'pass'
          ? 'result-pass'
          : r.next === 'staff-counter'
            ? 'result-counter'
            : 'staff-counter';
      return step([id]);
    }
    case 'refused':
      return step(['refused']);
    case 'staff-required':
    case 'locked':
    case 'error':
      return step(['staff-counter']);
  }
}

/** The guidance code on screen as a prompt id (capture, and the liveness step's positioning hints); else null. */
export function guidancePrompt(view: SessionView): string | null {
  if (view.step === 'capture') return guidancePromptId(view.capture.guidance);
  const prompt = view.step === 'liveness' ? view.liveness.prompt : null;
  return prompt && isLivenessGuide(prompt) ? livenessPromptId(prompt) : null;
}
