// Staff view of device health: reader, camera and models as main reports them, live.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Health } from '../../../common/health';
import { api } from '../api';

const COMPONENTS = ['reader', 'camera', 'models'] as const;

export function useHealth(): Health | null {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    const off = api.onHealthChanged(setHealth);
    void api.getHealth({}).then((r) => r.ok && setHealth(r.value));
    return off;
  }, []);
  return health;
}

export function HealthPanel({ onClose }: { onClose?: () => void }) {
  const { t } = useTranslation();
  const health = useHealth();
  return (
    <section className="panel health-panel" data-testid="health-panel" aria-label={t('health.title')}>
      <h2>{t('health.title')}</h2>
      <ul>
        {COMPONENTS.map((c) => (
          <li key={c} data-testid={`health-${c}`} data-state={health?.[c].state ?? 'starting'}>
            <span className="health-name">{t(`health.${c}`)}</span>
            <span className={`health-state state-${health?.[c].state ?? 'starting'}`}>
              {t(`health.state.${health?.[c].state ?? 'starting'}`)}
            </span>
            <span className="health-detail">{health?.[c].detail}</span>
          </li>
        ))}
      </ul>
      {onClose && (
        <button className="btn btn-secondary" onClick={onClose}>
          {t('health.close')}
        </button>
      )}
    </section>
  );
}
