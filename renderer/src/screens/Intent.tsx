// Intent (意愿确认): the purpose asks the person to confirm what they are doing. Read-aloud: the sentence large, a
// "start reading" button, then a listening state with a level meter and a countdown; the recording (16 kHz mono
// s16le, see ../intent/mic-recorder.ts) goes to main, which checks it and answers with the next view (a pass, a new
// sentence with the reason the last one failed, or the final result). No microphone → main is told and the result
// screen sends the person to the staff counter. Answer mode: the question with confirm / decline buttons.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntentView } from '../../../common/session';
import { api } from '../api';
import { ScreenFrame } from '../components/ScreenFrame';
import { errorText } from '../i18n';
import { MicRecorder, MicUnavailable } from '../intent/mic-recorder';
import type { SessionHandle } from '../session/use-session';

type Phase = 'ready' | 'opening' | 'listening' | 'sending';

function ReadAloud({
  intent,
  session,
  onCancel,
}: {
  intent: IntentView;
  session: SessionHandle;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('ready');
  const [level, setLevel] = useState(0);
  const [elapsedMs, setElapsedMs] = useState(0);
  const recorder = useRef<MicRecorder | null>(null);
  const audio = intent.audio;

  // Leaving the screen (cancel, idle, card pulled) ends a recording in progress; nothing is sent then.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      recorder.current?.stop();
    };
  }, []);

  const start = async () => {
    if (!audio || phase !== 'ready') return;
    const rec = new MicRecorder();
    recorder.current = rec;
    setPhase('opening');
    setLevel(0);
    setElapsedMs(0);
    let pcm: Uint8Array<ArrayBuffer>;
    try {
      const r = await rec.record({
        minMs: audio.minMs,
        maxMs: audio.maxMs,
        onProgress: (l, ms) => {
          if (!mounted.current) return;
          setPhase('listening');
          setLevel(l);
          setElapsedMs(ms);
        },
      });
      pcm = r.pcm;
    } catch (e) {
      if (!mounted.current) return;
      const state = e instanceof MicUnavailable ? e.state : 'error';
      await session.act(() => api.reportIntentMicrophone({ promptId: intent.promptId, state }));
      return;
    } finally {
      recorder.current = null;
    }
    if (!mounted.current || pcm.byteLength === 0) {
      pcm.fill(0);
      if (mounted.current) setPhase('ready');
      return;
    }
    setPhase('sending');
    const ok = await session.act(() =>
      api.submitIntentAudio({ promptId: intent.promptId, sampleRate: 16_000, pcm }),
    );
    pcm.fill(0);
    // On a refused call (e.g. a network hiccup) the same sentence can be read again.
    if (!ok && mounted.current) setPhase('ready');
  };

  const busy = phase !== 'ready' || session.busy || intent.checking;
  const secondsLeft = audio ? Math.max(0, Math.ceil((audio.maxMs - elapsedMs) / 1000)) : 0;
  const canStop = phase === 'listening' && audio !== null && elapsedMs >= audio.minMs;
  const state = intent.checking ? 'sending' : phase;

  return (
    <ScreenFrame
      step="intent"
      className="intent"
      title={t('intent.readTitle')}
      error={session.error}
      onCancel={onCancel}
      busy={phase === 'sending' || session.busy}
      actions={
        phase === 'listening' || phase === 'opening' ? (
          <button
            className="btn btn-primary"
            data-testid="intent-stop"
            disabled={!canStop}
            onClick={() => recorder.current?.stop()}
          >
            {t('intent.stop')}
          </button>
        ) : (
          <button
            className="btn btn-primary"
            data-testid="intent-start"
            disabled={busy}
            onClick={() => void start()}
          >
            {intent.failure ? t('intent.startAgain') : t('intent.start')}
          </button>
        )
      }
    >
      <p className="lead-text">{t('intent.readHint')}</p>
      <blockquote className="intent-text intent-sentence" data-testid="intent-text">
        {intent.text}
      </blockquote>
      {intent.failure && (
        <p className="error-banner" role="alert" data-testid="intent-failure" data-code={intent.failure}>
          {t('intent.failed')} {errorText(t, intent.failure)}{' '}
          <span data-testid="intent-attempts" data-n={intent.attemptsLeft}>
            {t('intent.attemptsLeft', { n: intent.attemptsLeft + 1 })}
          </span>
        </p>
      )}
      <div className="intent-status" data-testid="intent-state" data-state={state} aria-live="polite">
        {state === 'opening' && <p className="prompt-text">{t('intent.opening')}</p>}
        {state === 'listening' && (
          <>
            <p className="prompt-text">{t('intent.listening')}</p>
            <div
              className="level-meter"
              role="meter"
              aria-label={t('intent.level')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(level * 100)}
              data-testid="intent-level"
            >
              <div className="level-fill" style={{ width: `${Math.round(level * 100)}%` }} />
            </div>
            <div className="countdown" data-testid="intent-countdown" data-seconds={secondsLeft}>
              {t('common.secondsLeft', { seconds: secondsLeft })}
            </div>
          </>
        )}
        {state === 'sending' && <p className="prompt-text">{t('intent.checking')}</p>}
      </div>
    </ScreenFrame>
  );
}

function Answer({
  intent,
  session,
  onCancel,
}: {
  intent: IntentView;
  session: SessionHandle;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  // Only look the text up when it is a key we have; a sentence from the purpose is shown as is.
  const text = i18n.exists(intent.text) ? t(intent.text) : intent.text;
  const answer = (a: 'confirm' | 'decline') =>
    void session.act(() => api.answerIntent({ promptId: intent.promptId, answer: a }));
  return (
    <ScreenFrame
      step="intent"
      title={t('intent.answerTitle')}
      error={session.error}
      onCancel={onCancel}
      busy={session.busy}
      actions={
        <>
          <button
            className="btn btn-primary"
            data-testid="intent-confirm"
            disabled={session.busy}
            onClick={() => answer('confirm')}
          >
            {t('intent.confirm')}
          </button>
          <button
            className="btn btn-secondary"
            data-testid="intent-decline"
            disabled={session.busy}
            onClick={() => answer('decline')}
          >
            {t('intent.decline')}
          </button>
        </>
      }
    >
      <blockquote className="intent-text" data-testid="intent-text">
        {text}
      </blockquote>
    </ScreenFrame>
  );
}

export function Intent({ session, onCancel }: { session: SessionHandle; onCancel: () => void }) {
  const intent = session.view?.intent;
  if (!intent) return null;
  // A new sentence (a retry) or the question after it starts with a fresh screen state.
  return intent.mode === 'read-aloud' ? (
    <ReadAloud key={intent.promptId} intent={intent} session={session} onCancel={onCancel} />
  ) : (
    <Answer key={intent.promptId} intent={intent} session={session} onCancel={onCancel} />
  );
}
