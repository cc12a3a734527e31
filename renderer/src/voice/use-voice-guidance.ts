// Drives the prompt queue from the session view: the step's prompts when a step appears, the idle warning when it
// comes up, the guidance code for the debounce gate; the slow voice in elderly mode; a fresh start (sound on,
// configured volume, every step speaks again) for each new session.
import { useEffect, useRef } from 'react';
import type { AppInfo } from '../../../common/contract';
import type { Language } from '../../../common/messages';
import { isRunning, type SessionView } from '../../../common/session';
import { promptQueue } from './prompt-queue';
import { guidancePrompt, stepPrompts } from './step-prompts';

const DEFAULTS = { settleMs: 800, gapMs: 1_500, repeatMs: 8_000 };

export function useVoiceGuidance(
  view: SessionView | null,
  info: AppInfo | null,
  language: Language,
  elderly: boolean,
): void {
  const voice = info?.voice;
  useEffect(() => {
    if (info) void promptQueue.load('', info.voice?.unavailable ?? []);
  }, [info]);

  const factor = elderly ? (voice?.elderlyPaceFactor ?? 1) : 1;
  useEffect(() => {
    promptQueue.configure({
      enabled: voice?.enabled ?? true,
      language,
      slow: elderly,
      times: {
        settleMs: (voice?.guidanceSettleMs ?? DEFAULTS.settleMs) * factor,
        gapMs: (voice?.guidanceGapMs ?? DEFAULTS.gapMs) * factor,
        repeatMs: (voice?.guidanceRepeatMs ?? DEFAULTS.repeatMs) * factor,
      },
    });
  }, [voice, language, elderly, factor]);

  const sessionId = view?.sessionId ?? null;
  const volume = voice?.volume ?? 0.9;
  useEffect(() => {
    promptQueue.newSession();
    promptQueue.setVolume(volume);
  }, [sessionId, volume]);

  // The attempt within the session: the retry offer last seen (each offer has fewer tries left), so the steps after
  // a retry speak again. Reset with each new session.
  const attempt = useRef<{ sessionId: string | null; offer: number | null }>({
    sessionId: null,
    offer: null,
  });
  if (attempt.current.sessionId !== sessionId) attempt.current = { sessionId, offer: null };
  if (view?.step === 'retry') attempt.current.offer = view.retry.retriesLeft;
  const prompts = view ? stepPrompts(view, attempt.current.offer ?? 'first') : null;
  const key = prompts?.key ?? null;
  const ids = prompts?.ids.join(' ') ?? '';
  useEffect(() => {
    if (key !== null) promptQueue.step(key, ids ? ids.split(' ') : []);
  }, [key, ids]);

  // The idle warning interrupts when it comes up (each time) and stops when the person answers it; the step is not
  // spoken again then.
  const warning = view !== null && isRunning(view) && view.idle.warning;
  const wasWarning = useRef(false);
  useEffect(() => {
    if (warning && !wasWarning.current) promptQueue.interrupt(['idle-warning']);
    if (!warning && wasWarning.current) promptQueue.cancel('idle-warning');
    wasWarning.current = warning;
  }, [warning]);

  const guidance = view && !warning ? guidancePrompt(view) : null;
  useEffect(() => {
    promptQueue.guidance(guidance);
  }, [guidance]);
}
