// The frame every customer step shares: a title, the body, an error banner in plain words, and the action row
// (with Cancel on every step that belongs to a running session).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner';

export interface ScreenFrameProps {
  step: string;
  title: string;
  children?: ReactNode;
  /** Buttons of this step (Cancel is added after them when onCancel is given). */
  actions?: ReactNode;
  error?: string | null;
  onCancel?: () => void;
  busy?: boolean;
  className?: string;
}

export function ScreenFrame(props: ScreenFrameProps) {
  const { t } = useTranslation();
  return (
    <main className={`screen step ${props.className ?? ''}`} data-testid={`screen-${props.step}`}>
      <h1 className="step-title">{props.title}</h1>
      {/* The body scrolls when it outgrows the window (elderly mode, short screens): it takes keyboard focus then. */}
      <div className="step-body" tabIndex={0}>
        {props.children}
      </div>
      <ErrorBanner code={props.error} testId="error-banner" />
      <div className="actions">
        {props.actions}
        {props.onCancel && (
          <button
            className="btn btn-secondary"
            data-testid="cancel"
            disabled={props.busy}
            onClick={props.onCancel}
          >
            {t('common.cancel')}
          </button>
        )}
      </div>
    </main>
  );
}
