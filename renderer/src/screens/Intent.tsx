// Intent (意愿确认): the purpose asks the person to confirm what they are doing. Read-aloud: the sentence large, a
// "start reading" button, then a listening state with a level meter and a countdown; the recording (16 kHz mono
// s16le, see ../intent/mic-recorder.ts, with its start on the frames' clock) goes to main — the camera preview
// meanwhile streams frames, so main sees the mouth that reads —, which checks it and answers with the next view (a pass, a new
// sentence with the reason the last one failed, or the final result). No microphone → main is told and the result
// screen sends the person to the staff counter. Answer mode: the question, spoken when it appears (with "hear it
// again"), the camera preview while frames go to main for a nod (yes) or a head shake (no), guidance and progress,
// and the confirm / decline buttons as the accessible alternative.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntentView, SessionViewAt } from '../../../common/session';
import { api } from '../api';
import { useCamera } from '../camera/use-camera';
import { useFrameStream } from '../camera/use-frame-stream';
import { ProgressBar } from '../components/ProgressBar';
import { AnswerButtons } from '../components/AnswerButtons';
import { ScreenFrame } from '../components/ScreenFrame';
import { errorText } from '../i18n';
import { MicRecorder, MicUnavailable } from '../intent/mic-recorder';
import type { SessionHandle } from '../session/use-session';
import { promptQueue } from '../voice/prompt-queue';
import { intentPromptId } from '../voice/step-prompts';

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
  // Frames go to main while the sentence is shown: the mouth seen while the voice reads binds the voice to the face.
  const { state: camera, videoRef } = useCamera();
  useFrameStream(camera, videoRef, !intent.checking);

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
    // The recording reaches main only when it ends: tell main now that the person is busy (idle countdown).
    void api.noteIntentActivity({ promptId: intent.promptId, activity: 'start-reading' });
    setLevel(0);
    setElapsedMs(0);
    let pcm: Uint8Array<ArrayBuffer>;
    // No prompt plays while the microphone is open: the recording must hold the person's voice only.
    const release = promptQueue.hold('microphone');
    let startedAtMs: number;
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
      startedAtMs = r.startedAtMs;
    } catch (e) {
      if (!mounted.current) return;
      const state = e instanceof MicUnavailable ? e.state : 'error';
      await session.act(() => api.reportIntentMicrophone({ promptId: intent.promptId, state }));
      return;
    } finally {
      recorder.current = null;
      release();
    }
    if (!mounted.current || pcm.byteLength === 0) {
      pcm.fill(0);
      if (mounted.current) setPhase('ready');
      return;
    }
    setPhase('sending');
    const ok = await session.act(() =>
      api.submitIntentAudio({ promptId: intent.promptId, sampleRate: 16_000, startedAtMs, pcm }),
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
      <blockquote
        className="intent-text intent-sentence"
        data-testid="intent-text"
        lang={textLang(intent.text)}
      >
        {intent.text}
      </blockquote>
      <div className="intent-camera intent-camera-reading" data-camera-state={camera}>
        <video
          ref={videoRef}
          className="camera-video"
          muted
          playsInline
          aria-label={t('intent.cameraPreview')}
          data-testid="camera-video"
        />
      </div>
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

/**
 * The language a sentence is written in: made in the session's language, it stays as it was when the person
 * switches the screen's language, so it is marked by what it contains (any Han character: Chinese).
 */
function textLang(text: string): 'zh-CN' | 'en' {
  return /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en';
}

/**
 * "Hear it again" for the question: the spoken question plays through the kiosk's prompt queue when it appears
 * (renderer/src/voice); this replays it, interrupting whatever else plays. A prompt that cannot be played (not
 * built, autoplay refused) leaves the question on screen — it never blocks the answer.
 */
function HearAgain({ spoken, promptId }: { spoken: string; promptId: string }) {
  const { t } = useTranslation();
  const id = intentPromptId(spoken);
  if (!id || !promptQueue.canPlay(id)) return null;
  const repeat = () => {
    promptQueue.interrupt([id]);
    // Listening again is the person doing something: main restarts the idle countdown.
    void api.noteIntentActivity({ promptId, activity: 'repeat-question' });
  };
  return (
    <button className="btn btn-secondary intent-repeat" data-testid="intent-repeat" onClick={repeat}>
      {t('intent.repeat')}
    </button>
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
  // Frames go to main while the question waits for a nod / shake; the camera closes when the screen leaves.
  const { state: camera, videoRef } = useCamera();
  useFrameStream(camera, videoRef, !intent.checking);
  // Only look the text up when it is a key we have; a sentence from the purpose is shown as is.
  const text = i18n.exists(intent.text) ? t(intent.text) : intent.text;
  const answer = (a: 'confirm' | 'decline') =>
    void session.act(() => api.answerIntent({ promptId: intent.promptId, answer: a }));
  const head = intent.answer;
  const cameraOff = camera === 'missing' || camera === 'denied' || camera === 'error';
  const busy = session.busy || intent.checking;
  return (
    <ScreenFrame
      step="intent"
      className="intent intent-answer"
      title={t('intent.answerTitle')}
      error={session.error}
      onCancel={onCancel}
      busy={session.busy}
      actions={
        <>
          <AnswerButtons
            yes={{ label: t('intent.confirm'), testId: 'intent-confirm' }}
            no={{ label: t('intent.decline'), testId: 'intent-decline' }}
            disabled={busy}
            onAnswer={(yes) => answer(yes ? 'confirm' : 'decline')}
          />
          {intent.spoken && <HearAgain spoken={intent.spoken} promptId={intent.promptId} />}
        </>
      }
    >
      {intent.failure && (
        <p className="error-banner" role="alert" data-testid="intent-failure" data-code={intent.failure}>
          {errorText(t, intent.failure)} {t('intent.answerAgain')}
        </p>
      )}
      <blockquote className="intent-text" data-testid="intent-text" lang={textLang(text)}>
        {text}
      </blockquote>
      <div className="intent-answer-row">
        <div className="intent-camera" data-camera-state={camera}>
          <video
            ref={videoRef}
            className="camera-video"
            muted
            playsInline
            aria-label={t('intent.cameraPreview')}
            data-testid="camera-video"
          />
          {head && !cameraOff && (
            <div className="countdown" data-testid="intent-answer-countdown" data-seconds={head.secondsLeft}>
              {t('common.secondsLeft', { seconds: head.secondsLeft })}
            </div>
          )}
        </div>
        <div className="intent-status" aria-live="polite">
          {cameraOff ? (
            <p className="prompt-text" data-testid="intent-camera-off">
              {t('intent.cameraOff')}
            </p>
          ) : (
            <>
              <p className="lead-text">{t('intent.answerHowTo')}</p>
              {head && (
                <>
                  <p
                    className="prompt-text"
                    data-testid="intent-answer-guidance"
                    data-guidance={head.guidance}
                  >
                    {head.leading && head.guidance === 'OK'
                      ? t(`intent.answerLeading.${head.leading}`)
                      : t(`intent.answerGuidance.${head.guidance}`)}
                  </p>
                  <ProgressBar
                    fraction={head.progress}
                    label={t('intent.answerProgress')}
                    testId="intent-answer-progress"
                  />
                </>
              )}
            </>
          )}
        </div>
      </div>
    </ScreenFrame>
  );
}

export function Intent({
  session,
  view,
  onCancel,
}: {
  session: SessionHandle;
  view: SessionViewAt<'intent'>;
  onCancel: () => void;
}) {
  const { intent } = view;
  // A new sentence (a retry) or the question after it starts with a fresh screen state.
  return intent.mode === 'read-aloud' ? (
    <ReadAloud key={intent.promptId} intent={intent} session={session} onCancel={onCancel} />
  ) : (
    <Answer key={intent.promptId} intent={intent} session={session} onCancel={onCancel} />
  );
}
