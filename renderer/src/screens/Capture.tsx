// Capture and liveness (one screen, so the camera stays open between the two steps): the live preview with a face
// guide, main's guidance in words, the liveness challenge with its progress, the countdown, and the frames streamed
// to main. Camera missing or denied → a clear screen offering the staff counter instead. During colour-flash
// liveness: an explanation with the gentle-mode choice first, then the colours fill the whole screen (the face
// must be lit by them) while frames go to main with the log of when each colour was painted.
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../common/messages';
import type { SessionViewAt } from '../../../common/session';
import { api } from '../api';
import { useCamera } from '../camera/use-camera';
import { useFrameStream } from '../camera/use-frame-stream';
import { ProgressBar } from '../components/ProgressBar';
import { ScreenFrame } from '../components/ScreenFrame';
import { useFlash, type FlashHandle } from '../session/use-flash';
import { livenessPromptText } from '../session/liveness-prompt';
import './flash.css';
import type { SessionHandle } from '../session/use-session';

function CameraUnavailable({
  state,
  onCancel,
}: {
  state: 'missing' | 'denied' | 'error';
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <main className="screen step" data-testid="screen-camera-unavailable" data-camera-state={state}>
      <h1 className="step-title">{t('camera.deniedTitle')}</h1>
      <p className="lead-text">{t(`camera.${state}`)}</p>
      <p className="lead-text alternative" data-testid="alternative">
        {t('common.staffCounter')}
      </p>
      <div className="actions">
        <button className="btn btn-primary" data-testid="cancel" onClick={onCancel}>
          {t('common.home')}
        </button>
      </div>
    </main>
  );
}

/** Before the colours: what will happen, and the choice for people sensitive to flashing light. */
function FlashIntro({ flash }: { flash: FlashHandle }) {
  const { t } = useTranslation();
  return (
    <section className="flash-intro" data-testid="flash-intro">
      <p className="prompt-text">
        {t('flash.introTitle')}{' '}
        <span className="flash-countdown" data-testid="flash-countdown" data-seconds={flash.introSecondsLeft}>
          {t('flash.startsIn', { seconds: flash.introSecondsLeft })}
        </span>
      </p>
      <p className="lead-text">{t('flash.introBody', { seconds: flash.playSeconds })}</p>
      <div className="flash-choice">
        <p className="flash-warning" data-testid="flash-warning">
          {t('flash.warning')}
        </p>
        <button
          className={flash.gentle ? 'btn btn-primary' : 'btn btn-secondary'}
          data-testid="flash-gentle"
          aria-pressed={flash.gentle}
          onClick={flash.toggleGentle}
        >
          {flash.gentle ? t('flash.gentleOn') : t('flash.gentle')}
        </button>
      </div>
    </section>
  );
}

export function Capture({
  session,
  view,
  onCancel,
}: {
  session: SessionHandle;
  view: SessionViewAt<'capture' | 'liveness'>;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { state, videoRef, label } = useCamera();
  const { capture } = view;
  const liveness = view.step === 'liveness' ? view.liveness : null;
  const flash = useFlash(liveness?.flash ?? null);
  // Frames flow for the whole screen (capture and liveness), each with the colour-flash paint log when there is one.
  useFrameStream(state, videoRef, true, flash.report);

  if (state === 'missing' || state === 'denied' || state === 'error') {
    return (
      <CameraUnavailable
        state={state}
        onCancel={() => void session.act(() => api.cancelSession({ reason: 'camera-unavailable' }))}
      />
    );
  }

  const lang: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const prompt = liveness?.prompt ? livenessPromptText(liveness.prompt, lang) : null;
  const { guidance } = capture;
  const { step } = view;

  return (
    <ScreenFrame
      step={step}
      className={flash.phase === 'intro' ? 'capture flash-intro-active' : 'capture'}
      title={step === 'liveness' ? t('capture.livenessTitle') : t('capture.title')}
      error={session.error}
      onCancel={onCancel}
      busy={session.busy}
    >
      <div className="camera-stage" data-camera-state={state} data-camera-label={label}>
        <video ref={videoRef} className="camera-video" muted playsInline data-testid="camera-video" />
        <svg className="face-guide" viewBox="0 0 640 480" aria-hidden="true">
          <ellipse
            cx="320"
            cy="230"
            rx="150"
            ry="195"
            className={guidance === 'OK' ? 'guide-ok' : 'guide-wait'}
          />
        </svg>
        {state === 'starting' && <p className="camera-starting">{t('capture.starting')}</p>}
        <div className="countdown" data-testid="countdown" data-seconds={capture.secondsLeft}>
          {t('common.secondsLeft', { seconds: capture.secondsLeft })}
        </div>
      </div>
      {flash.phase !== null && (
        // The colours fill the whole screen above everything; only the words and the stop button sit on top.
        <div
          className="flash-surface"
          data-testid="flash-surface"
          data-phase={flash.phase}
          ref={flash.surfaceRef}
        >
          {flash.phase === 'playing' && (
            <div className="flash-overlay">
              <p className="flash-keep-looking">{t('flash.keepLooking')}</p>
              <button className="btn btn-secondary flash-stop" data-testid="flash-stop" onClick={onCancel}>
                {t('flash.stop')}
              </button>
            </div>
          )}
        </div>
      )}
      {/* One persistent live region, so a screen reader announces each new guidance and challenge. */}
      <div className="capture-guidance" role="status" aria-live="polite" data-testid="capture-live">
        {flash.phase === 'intro' ? (
          <FlashIntro flash={flash} />
        ) : liveness ? (
          <div className="liveness">
            <p className="prompt-text" data-testid="liveness-prompt" data-prompt={liveness.prompt ?? ''}>
              {prompt ?? t('capture.waitChallenge')}
            </p>
            <ProgressBar
              fraction={liveness.progress}
              label={t('capture.progress')}
              testId="liveness-progress"
            />
          </div>
        ) : (
          <p className="prompt-text" data-testid="guidance" data-guidance={guidance}>
            {t(`capture.guidance.${guidance}`)}
          </p>
        )}
      </div>
      {liveness?.challenge && flash.phase === null && (
        // Outside the live region: the seconds tick, and a screen reader would announce every one.
        <p
          className="challenge-window"
          data-testid="liveness-challenge"
          data-index={liveness.challenge.index}
          data-total={liveness.challenge.total}
          data-seconds={liveness.challenge.secondsLeft}
        >
          {t('capture.challengeWindow', {
            index: liveness.challenge.index,
            total: liveness.challenge.total,
            seconds: liveness.challenge.secondsLeft,
          })}
        </p>
      )}
    </ScreenFrame>
  );
}
