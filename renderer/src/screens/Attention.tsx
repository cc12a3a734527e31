// Shown instead of the start screen while the kiosk refuses sessions because its environment is not the registered
// one (records.environment.onUntrusted: 'block'). The person learns only that the terminal needs attention and where
// to go; the reasons are for staff (the health panel in staff mode).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function Attention() {
  const { t } = useTranslation();
  return (
    <ScreenFrame step="attention" title={t('environment.attention.title')}>
      <p className="lead-text" data-testid="attention-body">
        {t('environment.attention.body')}
      </p>
      <p className="lead-text alternative" data-testid="alternative">
        {t('environment.attention.counter')}
      </p>
    </ScreenFrame>
  );
}
