// The kiosk's top level: shows the screen for the session's current step (a pure function of the SessionView main
// pushes), the idle warning over it, the language switch, and the staff-mode corner button.
import { useEffect } from 'react';
import { CallStaff } from './accessibility/CallStaff';
import { applyElderlyMode, setElderlyMode, useElderlyMode } from './accessibility/elderly-mode';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../common/contract';
import { isRunning, type SessionView } from '../../common/session';
import { api } from './api';
import { reportCameraPresence } from './camera/probe';
import { useHealth } from './components/HealthPanel';
import { IdleOverlay } from './components/IdleOverlay';
import { LanguageSwitch } from './components/LanguageSwitch';
import { StaffMode } from './components/StaffMode';
import { Attention } from './screens/Attention';
import { Attract } from './screens/Attract';
import { Capture } from './screens/Capture';
import { Card } from './screens/Card';
import { Consent } from './screens/Consent';
import { Ended } from './screens/Ended';
import { Guardian } from './screens/Guardian';
import { Intent } from './screens/Intent';
import { Match } from './screens/Match';
import { Result } from './screens/Result';
import { useSession, type SessionHandle } from './session/use-session';
import { useVoiceGuidance } from './voice/use-voice-guidance';
import { VoiceControl } from './voice/VoiceControl';

function StepScreen({
  session,
  view,
  offerElderlyAtAge,
}: {
  session: SessionHandle;
  view: SessionView;
  offerElderlyAtAge: number | null;
}) {
  const cancel = () => void session.act(() => api.cancelSession({ reason: 'user' }));
  // On an ended session's screen there is nothing left to cancel: cancelSession just returns to attract.
  const home = () => void session.act(() => api.cancelSession({}));
  switch (view.step) {
    case 'attract':
      return null;
    case 'consent':
      return <Consent session={session} view={view} onCancel={cancel} />;
    case 'card':
      return <Card session={session} view={view} onCancel={cancel} offerElderlyAtAge={offerElderlyAtAge} />;
    case 'guardian':
      return <Guardian session={session} view={view} onCancel={cancel} />;
    case 'capture':
    case 'liveness':
      // Same element for both steps, so the camera stays open from positioning into the challenges.
      return <Capture key="capture" session={session} view={view} onCancel={cancel} />;
    case 'match':
      return <Match />;
    case 'intent':
      return <Intent session={session} view={view} onCancel={cancel} />;
    case 'retry':
      // The same screen as a failed result; leaving it ends the running session.
      return <Result key="result" session={session} view={view} onHome={cancel} />;
    case 'result':
      return <Result key="result" session={session} view={view} onHome={home} />;
    case 'refused':
    case 'staff-required':
    case 'locked':
    case 'error':
      return <Ended view={view} onHome={home} />;
  }
}

export function App({ info }: { info: AppInfo | null }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const view = session.view;

  useEffect(() => {
    void reportCameraPresence();
  }, []);

  // Main decides the session's language (it resets to the default on attract): follow it whenever it changes (the
  // effect runs only then; in between, the language switch may change the screen on its own).
  const viewLanguage = view?.language ?? null;
  useEffect(() => {
    if (viewLanguage === null) return;
    if (i18n.language !== viewLanguage) {
      void i18n.changeLanguage(viewLanguage);
      document.documentElement.lang = viewLanguage;
    }
  }, [viewLanguage, i18n]);

  const start = (elderlyMode = false) => {
    const language = i18n.language === 'en' ? 'en' : 'zh-CN';
    void session.act(() => api.startSession({ language, ...(elderlyMode ? { elderly: true } : {}) }));
  };
  const atAttract = !view || view.step === 'attract';
  const elderly = useElderlyMode();
  const elderlyConfig = info?.elderly?.enabled ? info.elderly : null;
  // Elderly mode is for one person: it ends with the session.
  useEffect(() => {
    if (atAttract) setElderlyMode(false);
  }, [atAttract]);
  // Main's session says when the mode is on (after a reload of the screen too).
  const sessionElderly = view !== null && isRunning(view) && view.elderly;
  useEffect(() => {
    if (sessionElderly) setElderlyMode(true);
  }, [sessionElderly]);
  useEffect(() => {
    applyElderlyMode(elderly, elderlyConfig?.textScale ?? 1);
  }, [elderly, elderlyConfig?.textScale]);
  const startElderly = () => {
    setElderlyMode(true);
    start(true);
  };
  // Spoken guidance at every step (renderer/src/voice): the screen's language, the slow voice in elderly mode.
  useVoiceGuidance(view, info, i18n.language === 'en' ? 'en' : 'zh-CN', elderly);
  // Block mode with an untrusted environment: main refuses sessions, so the start screen says so instead.
  const blocked = useHealth()?.environment.blocking === true;
  const idleWarning = view !== null && isRunning(view) && view.idle.warning;

  return (
    <div
      className={elderly ? 'kiosk elderly' : 'kiosk'}
      data-host={info?.host ?? 'unknown'}
      data-step={view?.step ?? 'none'}
      data-elderly={elderly}
    >
      {/* While the idle warning shows, everything behind it is inert: Tab and a screen reader stay in the dialog
          (its one button answers it), as a modal must. `display: contents` keeps the layout as it was. */}
      <div className="kiosk-content" style={{ display: 'contents' }} inert={idleWarning}>
        {info?.readerMode === 'simulator' && (
          <div className="demo-banner" role="status" data-testid="demo-banner">
            {/* Both languages at once: each marked, so a screen reader reads each in its own voice. */}
            <span lang="zh-CN">演示模式</span> / <span lang="en">DEMO</span> — {t('app.demo')}
          </div>
        )}
        <header className="topbar">
          <span className="brand">{t('app.name')}</span>
          <div className="topbar-actions">
            {elderly && <CallStaff step={view?.step ?? 'attract'} />}
            <VoiceControl />
            <LanguageSwitch />
          </div>
        </header>
        {atAttract && blocked ? (
          <Attention />
        ) : atAttract ? (
          <Attract
            onStart={() => start()}
            onStartElderly={elderlyConfig ? startElderly : null}
            busy={session.busy}
            error={session.error}
          />
        ) : (
          <StepScreen session={session} view={view} offerElderlyAtAge={elderlyConfig?.offerAtAge ?? null} />
        )}
      </div>
      {view && <IdleOverlay view={view} session={session} />}
      <StaffMode />
    </div>
  );
}
