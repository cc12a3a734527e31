// Result: pass or fail in plain words with the next step (retry, or the staff counter). Never a score. The retry
// offer (step 'retry': the session goes on) and the final result (step 'result': it has ended) are different steps
// but one screen: the offer looks like a failed result with a "try again" button.
import { useTranslation } from 'react-i18next';
import type { SessionViewAt } from '../../../common/session';
import { api } from '../api';
import { ScreenFrame } from '../components/ScreenFrame';
import { errorText } from '../i18n';
import type { SessionHandle } from '../session/use-session';

export function Result({
  session,
  view,
  onHome,
}: {
  session: SessionHandle;
  view: SessionViewAt<'result' | 'retry'>;
  onHome: () => void;
}) {
  const { t } = useTranslation();
  const result =
    view.step === 'retry'
      ? { outcome: 'fail' as const, next: 'retry' as const, ...view.retry }
      : { ...view.result, retriesLeft: 0 };
  const pass = result.outcome === 'pass';
  return (
    <ScreenFrame
      step="result"
      className={pass ? 'result-pass' : 'result-fail'}
      title={pass ? t('result.passTitle') : t('result.failTitle')}
      error={session.error}
      busy={session.busy}
      actions={
        <>
          {result.next === 'retry' && (
            <button
              className="btn btn-primary"
              data-testid="result-retry"
              disabled={session.busy}
              onClick={() => void session.act(() => api.retrySession({}))}
            >
              {t('result.retry')}
            </button>
          )}
          <button
            className={result.next === 'retry' ? 'btn btn-secondary' : 'btn btn-primary'}
            data-testid="result-done"
            disabled={session.busy}
            onClick={onHome}
          >
            {result.next === 'retry' ? t('common.cancel') : t('result.done')}
          </button>
        </>
      }
    >
      <div
        className={`result-mark ${pass ? 'pass' : 'fail'}`}
        data-testid="result-outcome"
        data-outcome={result.outcome}
        data-reason={result.reason}
        aria-hidden="true"
      >
        {pass ? '✓' : '✕'}
      </div>
      <p className="lead-text" data-testid="result-reason">
        {t(`result.reason.${result.reason}`)}
      </p>
      {result.detail && (
        <p className="lead-text" data-testid="result-detail" data-code={result.detail}>
          {errorText(t, result.detail)}
        </p>
      )}
      <p className="lead-text" data-testid="result-next">
        {t(`result.next.${result.next}`, { n: result.retriesLeft })}
      </p>
      {result.next === 'retry' && <p className="hint">{t('common.staffCounter')}</p>}
    </ScreenFrame>
  );
}
