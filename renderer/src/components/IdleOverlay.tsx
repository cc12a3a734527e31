// The idle warning: in the last seconds before an unattended session ends, a prominent countdown with one big
// "I am here" button. Any command resets main's idle timer; setLanguage (to the current language) is the one that
// changes nothing else.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isRunning, type SessionView } from '../../../common/session';
import { api } from '../api';
import type { SessionHandle } from '../session/use-session';

export function IdleOverlay({ view, session }: { view: SessionView; session: SessionHandle }) {
  const { t } = useTranslation();
  const stay = useRef<HTMLButtonElement>(null);
  // Only a running session counts down; attract and the end screens have no idle warning.
  if (!isRunning(view) || !view.idle.warning) return null;
  return (
    <div
      className="overlay"
      data-testid="idle-overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
      // A modal with one control: Tab and Shift+Tab keep the focus on it (the screen behind is inert, and without
      // this the focus would leave the page for the browser's own controls).
      onKeyDown={(e) => {
        if (e.key !== 'Tab') return;
        e.preventDefault();
        stay.current?.focus();
      }}
    >
      <div className="overlay-card">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <div className="idle-seconds" data-testid="idle-seconds">
          {view.idle.secondsLeft}
        </div>
        <p className="lead-text" id="idle-body">
          {t('idle.body', { seconds: view.idle.secondsLeft })}
        </p>
        {/* The dialog's one action takes the focus, so a keypad's Enter answers it at once. */}
        <button
          className="btn btn-primary btn-huge"
          data-testid="idle-stay"
          ref={stay}
          autoFocus
          onClick={() => void session.act(() => api.setLanguage({ language: view.language }))}
        >
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
