// Staff mode: a discreet corner button → PIN pad → unlockStaff. Unlocked, it shows device health, locked cards,
// recent sessions with their scores (staff may see them), buttons to end the session, drive the simulated
// reader and lock again, manual card entry when the reader cannot read a card (ManualCardEntry), and the
// data-subject requests console (DsrConsole). Main locks staff mode by itself after a while; the panel follows
// its status.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOverview, StaffStatus } from '../../../common/contract';
import type { SimulatorCommand } from '../../../common/contract';
import { api } from '../api';
import { DsrConsole } from './DsrConsole';
import { ManualCardEntry } from './ManualCardEntry';
import { HealthPanel } from './HealthPanel';
import { PinPad } from './PinPad';
import { ErrorBanner } from './ErrorBanner';

const REFRESH_MS = 2000;

/** The per-reference decision rule as it was applied: "0.612 ≥ 0.510 (chip photo)". */
function formatScore(score: number | null, threshold: number | null, reference: string | null): string {
  if (score === null) return '—';
  if (threshold === null) return score.toFixed(3);
  const op = score >= threshold ? '≥' : '<';
  return `${score.toFixed(3)} ${op} ${threshold.toFixed(3)}${reference ? ` (${reference})` : ''}`;
}

function StaffPanel({ status, onLock }: { status: StaffStatus; onLock: () => void }) {
  const { t, i18n } = useTranslation();
  const [overview, setOverview] = useState<StaffOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const r = await api.getStaffOverview({});
    if (r.ok) setOverview(r.value);
    else setError(r.error.code);
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const simulate = async (cmd: SimulatorCommand, id: string) => {
    const r = await api.controlSimulator(cmd);
    if (r.ok) {
      setError(null);
      setDone(id);
    } else setError(r.error.code);
    void refresh();
  };
  const reset = async () => {
    const r = await api.resetSession({});
    if (r.ok) setDone('reset');
    else setError(r.error.code);
  };

  return (
    <section className="panel staff-panel" data-testid="staff-panel">
      <header className="staff-header">
        <h2>{t('staff.title')}</h2>
        <span className="hint" data-testid="staff-locks-in">
          {t('staff.locksIn', { seconds: status.secondsLeft })}
        </span>
        <button className="btn btn-secondary" data-testid="staff-lock" onClick={onLock}>
          {t('staff.lock')}
        </button>
      </header>
      <ErrorBanner code={error} testId="staff-error" />
      {done && (
        <p className="hint" data-testid="staff-done" data-action={done}>
          {t('staff.done')}
        </p>
      )}
      <HealthPanel />
      <div className="staff-row">
        <span>
          {t('staff.lockedCards')}: <b data-testid="staff-locked-cards">{overview?.lockedCards ?? '—'}</b>
        </span>
        <span>
          {t('staff.auditFailures')}: <b>{overview?.auditFailures ?? '—'}</b>
        </span>
        <button className="btn btn-danger" data-testid="staff-reset" onClick={() => void reset()}>
          {t('staff.reset')}
        </button>
      </div>
      {overview?.simulator && (
        <div className="staff-simulator" data-testid="staff-simulator">
          <h3>{t('staff.simulator')}</h3>
          <div className="button-grid">
            {overview.simulator.demoCards.map((card) => (
              <button
                key={card}
                className="btn btn-secondary"
                data-testid={`sim-insert-${card}`}
                onClick={() => void simulate({ action: 'insert', card }, `insert-${card}`)}
              >
                {t('staff.insert')} {card}
              </button>
            ))}
            {(['remove', 'unplug', 'plug'] as const).map((action) => (
              <button
                key={action}
                className="btn btn-secondary"
                data-testid={`sim-${action}`}
                onClick={() => void simulate({ action }, action)}
              >
                {t(`staff.${action}`)}
              </button>
            ))}
            {overview.simulator.faults.map((fault) => (
              <button
                key={fault}
                className="btn btn-secondary"
                data-testid={`sim-fault-${fault}`}
                onClick={() => void simulate({ action: 'fault', fault }, `fault-${fault}`)}
              >
                {t('staff.fault')} {fault}
              </button>
            ))}
          </div>
        </div>
      )}
      <h3>{t('staff.recent')}</h3>
      {overview && overview.recent.length > 0 ? (
        <table className="staff-recent" data-testid="staff-recent">
          <thead>
            <tr>
              <th>{t('staff.col.time')}</th>
              <th>{t('staff.col.end')}</th>
              <th>{t('staff.col.outcome')}</th>
              <th>{t('staff.col.score')}</th>
              <th>{t('staff.col.attempts')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.recent.map((r) => (
              <tr key={r.sessionId} data-testid="staff-recent-row">
                <td>{new Date(r.endedAtMs).toLocaleTimeString(i18n.language)}</td>
                <td>{r.endReason}</td>
                <td>{r.outcome ? `${r.outcome} (${r.resultReason ?? ''})` : '—'}</td>
                <td data-testid="staff-score">
                  {formatScore(
                    r.score,
                    r.threshold,
                    r.referenceType ? t(`staff.reference.${r.referenceType}`) : null,
                  )}
                </td>
                <td>{r.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">{t('staff.none')}</p>
      )}
      {overview && <ManualCardEntry availability={overview.manualEntry} />}
      <DsrConsole />
    </section>
  );
}

export function StaffMode() {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<'closed' | 'pin' | 'open'>('closed');
  const [status, setStatus] = useState<StaffStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // While open, follow main's status: when main locks staff mode by itself, the panel closes.
  useEffect(() => {
    if (phase !== 'open') return;
    const timer = setInterval(() => {
      void api.getStaffStatus({}).then((r) => {
        if (!r.ok) return;
        setStatus(r.value);
        if (!r.value.unlocked) setPhase('closed');
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [phase]);

  const openPad = async () => {
    setError(null);
    const r = await api.getStaffStatus({});
    if (r.ok) {
      setStatus(r.value);
      if (r.value.unlocked) {
        setPhase('open');
        return;
      }
    }
    setPhase('pin');
  };

  const unlock = async (pin: string) => {
    setBusy(true);
    const r = await api.unlockStaff({ pin });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    setStatus(r.value);
    if (r.value.unlocked) {
      setError(null);
      setPhase('open');
    } else setError('STAFF_PIN_INVALID');
  };

  const lock = async () => {
    await api.lockStaff({});
    setPhase('closed');
  };

  return (
    <>
      <button
        className="staff-corner"
        data-testid="staff-open"
        aria-label={t('staff.open')}
        onClick={() => void openPad()}
      >
        ⚙
      </button>
      {phase !== 'closed' && (
        <div className="overlay staff-overlay" data-testid="staff-overlay">
          {phase === 'pin' && (
            <div className="overlay-card">
              <h2>{t('staff.pinTitle')}</h2>
              {status && !status.pinConfigured && (
                <p className="hint" data-testid="staff-no-pin">
                  {t('staff.noPin')}
                </p>
              )}
              <ErrorBanner code={error} testId="staff-error" />
              <PinPad onSubmit={(pin) => void unlock(pin)} onCancel={() => setPhase('closed')} busy={busy} />
            </div>
          )}
          {phase === 'open' && status && <StaffPanel status={status} onLock={() => void lock()} />}
        </div>
      )}
    </>
  );
}
