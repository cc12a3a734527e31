// Staff mode: manual card entry, the bank-counter way. When the reader cannot read a card, staff type the name and
// ID number from the physical card (checked as typed); main marks the card 'manual' and compares the face with the
// authority's photo only. Without an authority source there is nothing to compare with, so the form is replaced
// by the reason.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idNumberProblem, normalizeTypedIdNumber } from '../../../common/id-number';
import { api } from '../api';
import { errorText } from '../i18n';
import { IdNumberField } from './IdNumberField';
import { ErrorBanner } from './ErrorBanner';

export function ManualCardEntry({ availability }: { availability: 'available' | 'needs-authority' }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setTried(true);
    setDone(false);
    if (idNumberProblem(idNumber) !== null || !name.trim()) return;
    setBusy(true);
    const r = await api.enterCardManually({ name: name.trim(), idNumber: normalizeTypedIdNumber(idNumber) });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    // Nothing typed stays on screen once it is in the session.
    setError(null);
    setName('');
    setIdNumber('');
    setTried(false);
    setDone(true);
  };

  return (
    <section className="dsr-console" data-testid="manual-entry" data-availability={availability}>
      <h3>{t('manualEntry.title')}</h3>
      {availability === 'needs-authority' ? (
        <p className="error-banner" data-testid="manual-entry-unavailable">
          {errorText(t, 'MANUAL_ENTRY_NEEDS_AUTHORITY')}
        </p>
      ) : (
        <div className="dsr-form">
          <p className="hint">{t('manualEntry.intro')}</p>
          <p className="hint">{t('manualEntry.when')}</p>
          <label className="dsr-field">
            <span>{t('manualEntry.name')}</span>
            <input
              className="dsr-input"
              data-testid="manual-entry-name"
              autoComplete="off"
              maxLength={60}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <IdNumberField
            value={idNumber}
            onChange={setIdNumber}
            label={t('manualEntry.idNumber')}
            testId="manual-entry-id"
            showProblem={tried || normalizeTypedIdNumber(idNumber).length >= 18}
          />
          <ErrorBanner code={error} testId="manual-entry-error" />
          {done && (
            <p className="dsr-outcome" data-testid="manual-entry-done">
              {t('manualEntry.done')}
            </p>
          )}
          <button
            className="btn btn-primary"
            data-testid="manual-entry-submit"
            disabled={busy || !name.trim()}
            onClick={() => void submit()}
          >
            {t('manualEntry.submit')}
          </button>
        </div>
      )}
    </section>
  );
}
