// Staff view of device health: reader, camera and models as main reports them, live, and the trusted-environment
// verdict with its reasons in words (records.environment; main/records/environment-monitor.ts).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvironmentHealth, Health } from '../../../common/health';
import { api } from '../api';

const COMPONENTS = ['reader', 'camera', 'models', 'display', 'prompts'] as const;

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
        {COMPONENTS.map((c) => {
          // The kiosk window's row exists only in the Electron host, and only once it had to be reloaded.
          if (c === 'display' && !health?.display) return null;
          // The spoken prompts' row: once main has checked them (kiosks with a built renderer).
          if (c === 'prompts' && !health?.prompts) return null;
          const state = health?.[c]?.state ?? 'starting';
          return (
            <li key={c} data-testid={`health-${c}`} data-state={state}>
              <span className="health-name">{t(`health.${c}`)}</span>
              <span className={`health-state state-${state}`}>{t(`health.state.${state}`)}</span>
              <span className="health-detail">{health?.[c]?.detail}</span>
            </li>
          );
        })}
        {health && <EnvironmentRow env={health.environment} />}
        {health?.assistance && (
          <li data-testid="health-assistance" data-state="attention">
            <span className="health-name">{t('elderly.assistance')}</span>
            <span className="health-detail">
              {t('elderly.assistanceStep', {
                step: health.assistance.step,
                time: new Date(health.assistance.requestedAt).toLocaleTimeString(),
              })}
            </span>
          </li>
        )}
      </ul>
      {onClose && (
        <button className="btn btn-secondary" onClick={onClose}>
          {t('health.close')}
        </button>
      )}
    </section>
  );
}

function EnvironmentRow({ env }: { env: EnvironmentHealth }) {
  const { t } = useTranslation();
  const verdict =
    env.trusted === null
      ? t('environment.notCheckedYet')
      : env.trusted
        ? t('environment.trusted')
        : t('environment.untrusted');
  return (
    <li
      data-testid="health-environment"
      data-state={env.state}
      data-trusted={env.trusted === null ? 'unknown' : String(env.trusted)}
      data-reasons={env.reasons.join(',')}
      data-blocking={String(env.blocking)}
    >
      <span className="health-name">{t('environment.name')}</span>
      <span className={`health-state state-${env.state}`}>{verdict}</span>
      <div className="health-detail">
        <ul className="environment-reasons">
          {env.reasons.map((r) => (
            <li key={r} data-testid={`environment-reason-${r}`}>
              {t(`environment.reason.${r}`)}
            </li>
          ))}
          {env.unchecked.map((u) => (
            <li key={`unchecked-${u}`} data-testid={`environment-unchecked-${u}`}>
              {t(`environment.unchecked.${u}`)}
            </li>
          ))}
          {env.clockSkewSeconds !== null && (
            <li>{t('environment.skew', { seconds: env.clockSkewSeconds })}</li>
          )}
          <li>{env.blocking ? t('environment.blocking') : t(`environment.mode.${env.mode}`)}</li>
        </ul>
        {env.detail}
      </div>
    </li>
  );
}
