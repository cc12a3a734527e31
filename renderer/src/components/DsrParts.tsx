// The staff console's request pieces that only show things: the holdings found for a person, the outcome of
// an export / withdrawal / erasure / correction, and the labelled text box the forms use.
import { useTranslation } from 'react-i18next';
import type { DsrHoldings } from '../../../common/dsr';

export const RECORD_KINDS = new Set(['receipt', 'verification', 'subject-link', 'summary', 'environment']);

/** A labelled one-line text box of the console (correction field and value, outcome, note). */
export function TextField(props: {
  label: string;
  testId: string;
  maxLength: number;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="dsr-field">
      <span>{props.label}</span>
      <input
        className="dsr-input"
        data-testid={props.testId}
        maxLength={props.maxLength}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

export function Holdings({ held }: { held: DsrHoldings }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const total = held.counts.consent + held.counts.result + held.counts.session;
  return (
    <div className="dsr-holdings" data-testid="dsr-holdings">
      <h4>{t('dsr.held.title')}</h4>
      {total === 0 ? (
        <p data-testid="dsr-held-none">{t('dsr.held.none')}</p>
      ) : (
        <>
          <ul className="dsr-counts">
            {(['consent', 'result', 'session'] as const).map((type) => (
              <li key={type}>
                {t(`dsr.held.${type}`)}: <b data-testid={`dsr-count-${type}`}>{held.counts[type]}</b>
              </li>
            ))}
          </ul>
          {held.firstAt && held.lastAt && (
            <p className="hint">
              {t('dsr.held.range', { first: date(held.firstAt), last: date(held.lastAt) })}
            </p>
          )}
          {held.receipts.length > 0 && (
            <table className="staff-recent" data-testid="dsr-receipts">
              <tbody>
                {held.receipts.map((r) => (
                  <tr key={r.receiptId} data-testid="dsr-receipt" data-decision={r.decision}>
                    <td>{t(`dsr.held.decision.${r.decision}`)}</td>
                    <td>{date(r.time)}</td>
                    <td>
                      {r.agreementId} v{r.version}
                    </td>
                    <td>
                      {r.deletedRecords !== undefined ? t('dsr.held.deleted', { n: r.deletedRecords }) : ''}
                    </td>
                    <td className="dsr-mono">{r.receiptId.slice(0, 8)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <p className="hint">{t('dsr.held.noBiometrics')}</p>
    </div>
  );
}

export type Outcome =
  | { type: 'exported'; path: string; sha256: string; records: number }
  | { type: 'withdrawn'; deleted: number; receiptId: string; receiptSha256: string }
  | { type: 'erased'; deleted: number }
  | { type: 'corrected' };

/** What the last action did, with the receipt or path staff hand over. */
export function OutcomePanel({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  return (
    <>
      {outcome.type === 'exported' && (
        <div className="dsr-outcome" data-testid="dsr-export-result" data-records={outcome.records}>
          <h4>{t('dsr.exported.title')}</h4>
          <p>{t('dsr.exported.records', { n: outcome.records })}</p>
          <p>
            {t('dsr.exported.path')}: <code data-testid="dsr-export-path">{outcome.path}</code>
          </p>
          <p>
            {t('dsr.exported.sha256')}: <code className="dsr-mono">{outcome.sha256}</code>
          </p>
          <p className="hint">{t('dsr.exported.handover')}</p>
        </div>
      )}
      {outcome.type === 'withdrawn' && (
        <div className="dsr-outcome" data-testid="dsr-withdraw-result" data-deleted={outcome.deleted}>
          <h4>{t('dsr.withdrawn.title')}</h4>
          <p>{t('dsr.withdrawn.body', { n: outcome.deleted })}</p>
          <p>
            {t('dsr.withdrawn.receipt')}: <code data-testid="dsr-withdraw-receipt">{outcome.receiptId}</code>
          </p>
          <p>
            SHA-256: <code className="dsr-mono">{outcome.receiptSha256}</code>
          </p>
        </div>
      )}
      {outcome.type === 'erased' && (
        <p className="dsr-outcome" data-testid="dsr-erase-result" data-deleted={outcome.deleted}>
          {t('dsr.erased', { n: outcome.deleted })}
        </p>
      )}
      {outcome.type === 'corrected' && (
        <p className="dsr-outcome" data-testid="dsr-correct-result">
          {t('dsr.corrected')}
        </p>
      )}
    </>
  );
}
