// The screen the kiosk shows while nobody uses it: what it is, and one big Start button.
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';

export function Attract({
  onStart,
  busy = false,
  error = null,
  onStartElderly = null,
}: {
  onStart: () => void;
  /** Starts in elderly mode (长辈模式); null when the mode is off in config. */
  onStartElderly?: (() => void) | null;
  busy?: boolean;
  error?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <main className="screen attract" data-testid="screen-attract">
      <h1 className="product-name">{t('app.fullName')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <button className="btn btn-primary btn-huge" data-testid="start" disabled={busy} onClick={onStart}>
        {busy ? t('attract.starting') : t('attract.start')}
      </button>
      {onStartElderly && (
        <button
          className="btn btn-secondary btn-huge elderly-start"
          data-testid="elderly-start"
          disabled={busy}
          onClick={onStartElderly}
        >
          {t('elderly.start')}
        </button>
      )}
      {error && (
        <p className="error-banner" role="alert" data-testid="error-banner" data-code={error}>
          {t('attract.startFailed')}: {errorText(t, error)}
        </p>
      )}
      <p className="hint">{t('attract.hint')}</p>
    </main>
  );
}
