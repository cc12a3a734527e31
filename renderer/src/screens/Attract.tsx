// The screen the kiosk shows while nobody uses it: what it is, and one big Start button.
import { useTranslation } from 'react-i18next';

export function Attract({ onStart }: { onStart: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="screen attract" data-testid="screen-attract">
      <h1 className="product-name">{t('app.fullName')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <button className="btn btn-primary btn-huge" data-testid="start" onClick={onStart}>
        {t('attract.start')}
      </button>
      <p className="hint">{t('attract.hint')}</p>
    </main>
  );
}
