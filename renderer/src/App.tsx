// The kiosk's top level: which screen is showing, the language switch and the staff health panel.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../common/contract';
import { reportCameraPresence } from './camera-probe';
import { HealthPanel } from './components/HealthPanel';
import { LanguageSwitch } from './components/LanguageSwitch';
import { Attract } from './screens/Attract';

export function App({ info }: { info: AppInfo | null }) {
  const { t } = useTranslation();
  const [showHealth, setShowHealth] = useState(false);

  useEffect(() => {
    void reportCameraPresence();
  }, []);

  return (
    <div className="kiosk" data-host={info?.host ?? 'unknown'}>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <div className="topbar-actions">
          <button
            className="btn btn-secondary"
            data-testid="open-health"
            onClick={() => setShowHealth((v) => !v)}
          >
            {t('health.open')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      {showHealth && <HealthPanel onClose={() => setShowHealth(false)} />}
      <Attract onStart={() => setShowHealth(false)} />
    </div>
  );
}
