// Match: main compares the best live face with the card photo; a short wait with a spinner.
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function Match() {
  const { t } = useTranslation();
  return (
    <ScreenFrame step="match" title={t('match.title')}>
      <div className="spinner" aria-hidden="true" />
      {/* The wait is announced (the title alone changes silently for a screen reader). */}
      <p className="visually-hidden" role="status">
        {t('match.title')}
      </p>
    </ScreenFrame>
  );
}
