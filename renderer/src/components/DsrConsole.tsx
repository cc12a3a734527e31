// The staff console's "Requests" section (查阅、复制、更改、删除、撤回同意): record a request (kind, the
// requester's ID number — checked here with the same rule main uses, so a typo is named before anything is sent —
// and a note), list open requests with their due date in working days (overdue ones stand out), and handle one:
// look up what is held, export a copy, correct a field, delete, withdraw consent (both confirmed first), close.
// ID numbers typed here live only in this component's state while staff mode is open; main keeps a keyed hash.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DSR_KINDS, type DsrHoldings, type DsrKindName, type DsrRequestView } from '../../../common/dsr';
import { idNumberProblem, normalizeTypedIdNumber } from '../../../common/id-number';
import { api } from '../api';
import { IdNumberField } from './IdNumberField';
import { Holdings, OutcomePanel, RECORD_KINDS, TextField, type Outcome } from './DsrParts';
import { ErrorBanner } from './ErrorBanner';

type Action = 'locate' | 'export' | 'correct' | 'erase' | 'withdraw';

/**
 * What each kind of request is answered with (locate always, to see what is held first). Access and copy are one
 * right in PIPL art. 45 (查阅、复制), so an access request may be answered with a copy too.
 */
const ACTIONS: Record<DsrKindName, readonly Action[]> = {
  access: ['locate', 'export'],
  copy: ['locate', 'export'],
  correct: ['locate', 'correct'],
  delete: ['locate', 'erase'],
  withdraw: ['locate', 'withdraw'],
};

function RequestDetail(props: {
  request: DsrRequestView;
  initialIdNumber: string;
  onChanged: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const { request } = props;
  const [idNumber, setIdNumber] = useState(props.initialIdNumber);
  const [tried, setTried] = useState(false);
  const [held, setHeld] = useState<DsrHoldings | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'erase' | 'withdraw' | null>(null);
  const [busy, setBusy] = useState(false);
  const [correctOpen, setCorrectOpen] = useState(false);
  const [recordId, setRecordId] = useState('');
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [answer, setAnswer] = useState('');

  const subject = () => ({ requestId: request.requestId, idNumber: normalizeTypedIdNumber(idNumber) });
  const idOk = () => {
    setTried(true);
    return idNumberProblem(idNumber) === null;
  };

  /** Runs one call; errors are shown in the console's language, never as raw codes. */
  async function run<T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>,
    done: (v: T) => void,
  ) {
    setBusy(true);
    setError(null);
    const r = await call();
    setBusy(false);
    if (r.ok) done(r.value);
    else setError(r.error.code);
  }

  const locate = () =>
    idOk() &&
    void run(
      () => api.locateDsrRecords(subject()),
      (v) => setHeld(v),
    );
  const relocate = () =>
    void run(
      () => api.locateDsrRecords(subject()),
      (v) => setHeld(v),
    );

  const perform = (action: Action) => {
    if (!idOk()) return;
    setOutcome(null);
    switch (action) {
      case 'locate':
        return locate();
      case 'export':
        return void run(
          () => api.exportDsrCopy(subject()),
          (v) => setOutcome({ type: 'exported', ...v }),
        );
      case 'correct':
        setCorrectOpen(true);
        if (!held) relocate();
        return;
      case 'erase':
      case 'withdraw':
        setConfirm(action);
        return;
    }
  };

  const confirmed = () => {
    const action = confirm;
    setConfirm(null);
    if (action === 'erase') {
      void run(
        () => api.eraseDsrRecords(subject()),
        (v) => {
          setOutcome({ type: 'erased', deleted: v.deleted });
          relocate();
        },
      );
    } else if (action === 'withdraw') {
      void run(
        () => api.withdrawDsrConsent(subject()),
        (v) => {
          setOutcome({ type: 'withdrawn', ...v });
          relocate();
        },
      );
    }
  };

  const saveCorrection = () =>
    idOk() &&
    void run(
      () => api.correctDsrRecord({ ...subject(), recordId, field: field.trim(), value }),
      () => {
        setOutcome({ type: 'corrected' });
        setCorrectOpen(false);
        relocate();
      },
    );

  const close = (status: 'done' | 'rejected') =>
    void run(
      () => api.closeDsrRequest({ requestId: request.requestId, status, outcome: answer }),
      () => {
        props.onChanged();
        props.onBack();
      },
    );

  const correctable = held?.records.filter((r) => r.correctable) ?? [];

  return (
    <div
      className="dsr-detail"
      data-testid="dsr-detail"
      data-request-id={request.requestId}
      data-kind={request.kind}
    >
      <h4>{t('dsr.detail.title', { kind: t(`dsr.kind.${request.kind}`) })}</h4>
      <IdNumberField
        value={idNumber}
        onChange={setIdNumber}
        label={t('dsr.detail.idNumber')}
        testId="dsr-detail-id"
        showProblem={tried}
      />
      <ErrorBanner code={error} testId="dsr-error" />
      <div className="button-grid">
        {ACTIONS[request.kind].map((action) => (
          <button
            key={action}
            className={action === 'erase' || action === 'withdraw' ? 'btn btn-danger' : 'btn btn-secondary'}
            data-testid={`dsr-${action}`}
            disabled={busy}
            onClick={() => perform(action)}
          >
            {t(`dsr.detail.${action}`)}
          </button>
        ))}
      </div>
      {confirm && (
        <div className="dsr-confirm" role="alertdialog" data-testid="dsr-confirm" data-action={confirm}>
          <p>{t(`dsr.confirm.${confirm}`)}</p>
          <div className="button-grid">
            <button className="btn btn-danger" data-testid="dsr-confirm-yes" onClick={confirmed}>
              {t('dsr.confirm.yes')}
            </button>
            <button
              className="btn btn-secondary"
              data-testid="dsr-confirm-no"
              onClick={() => setConfirm(null)}
            >
              {t('dsr.confirm.no')}
            </button>
          </div>
        </div>
      )}
      {outcome && <OutcomePanel outcome={outcome} />}
      {correctOpen && held && (
        <div className="dsr-form" data-testid="dsr-correct-form">
          <label className="dsr-field">
            <span>{t('dsr.correct.record')}</span>
            <select
              className="dsr-input"
              data-testid="dsr-correct-record"
              value={recordId}
              onChange={(e) => setRecordId(e.target.value)}
            >
              <option value="" />
              {correctable.map((r) => (
                <option key={r.recordId} value={r.recordId}>
                  {t(`dsr.held.recordKind.${r.kind && RECORD_KINDS.has(r.kind) ? r.kind : 'other'}`)} ·{' '}
                  {new Date(r.time).toLocaleString()}
                </option>
              ))}
            </select>
          </label>
          <TextField
            label={t('dsr.correct.field')}
            testId="dsr-correct-field"
            maxLength={32}
            value={field}
            onChange={setField}
          />
          <TextField
            label={t('dsr.correct.value')}
            testId="dsr-correct-value"
            maxLength={200}
            value={value}
            onChange={setValue}
          />
          <button
            className="btn btn-primary"
            data-testid="dsr-correct-submit"
            disabled={busy || !recordId || !field.trim()}
            onClick={() => void saveCorrection()}
          >
            {t('dsr.correct.submit')}
          </button>
        </div>
      )}
      {held && <Holdings held={held} />}
      <TextField
        label={t('dsr.detail.outcome')}
        testId="dsr-outcome"
        maxLength={500}
        value={answer}
        onChange={setAnswer}
      />
      <div className="button-grid">
        <button
          className="btn btn-primary"
          data-testid="dsr-close-done"
          disabled={busy || !answer.trim()}
          onClick={() => close('done')}
        >
          {t('dsr.detail.closeDone')}
        </button>
        <button
          className="btn btn-secondary"
          data-testid="dsr-close-rejected"
          disabled={busy || !answer.trim()}
          onClick={() => close('rejected')}
        >
          {t('dsr.detail.closeRejected')}
        </button>
        <button className="btn btn-secondary" data-testid="dsr-back" onClick={props.onBack}>
          {t('dsr.detail.back')}
        </button>
      </div>
    </div>
  );
}

export function DsrConsole() {
  const { t, i18n } = useTranslation();
  const [requests, setRequests] = useState<DsrRequestView[] | null>(null);
  const [kind, setKind] = useState<DsrKindName>('access');
  const [idNumber, setIdNumber] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  // Numbers typed when a request was recorded in this visit, so handling it right away needs no retyping.
  const [typed, setTyped] = useState<Record<string, string>>({});

  const refresh = useCallback(async () => {
    const r = await api.listDsrRequests({});
    if (r.ok) setRequests(r.value);
    else setError(r.error.code);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const open = async () => {
    setTried(true);
    if (idNumberProblem(idNumber) !== null) return;
    setBusy(true);
    const trimmed = note.trim();
    const r = await api.openDsrRequest({
      kind,
      idNumber: normalizeTypedIdNumber(idNumber),
      ...(trimmed ? { note: trimmed } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    setError(null);
    setTyped((m) => ({ ...m, [r.value.requestId]: normalizeTypedIdNumber(idNumber) }));
    setIdNumber('');
    setNote('');
    setTried(false);
    await refresh();
    setSelected(r.value.requestId);
  };

  const current = requests?.find((r) => r.requestId === selected) ?? null;
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);

  return (
    <section className="dsr-console" data-testid="dsr-section">
      <h3>{t('dsr.title')}</h3>
      <p className="hint">{t('dsr.intro')}</p>
      <ErrorBanner code={error} testId="dsr-list-error" />
      {current ? (
        <RequestDetail
          key={current.requestId}
          request={current}
          initialIdNumber={typed[current.requestId] ?? ''}
          onChanged={() => void refresh()}
          onBack={() => setSelected(null)}
        />
      ) : (
        <>
          <div className="dsr-form" data-testid="dsr-form">
            <h4>{t('dsr.form.title')}</h4>
            <span>{t('dsr.form.kind')}</span>
            <div className="button-grid" role="radiogroup">
              {DSR_KINDS.map((k) => (
                <button
                  key={k}
                  role="radio"
                  aria-checked={kind === k}
                  className={kind === k ? 'btn btn-primary' : 'btn btn-secondary'}
                  data-testid={`dsr-kind-${k}`}
                  onClick={() => setKind(k)}
                >
                  {t(`dsr.kind.${k}`)}
                </button>
              ))}
            </div>
            <IdNumberField
              value={idNumber}
              onChange={setIdNumber}
              label={t('dsr.form.idNumber')}
              testId="dsr-id-number"
              showProblem={tried || normalizeTypedIdNumber(idNumber).length >= 18}
            />
            <TextField
              label={t('dsr.form.note')}
              testId="dsr-note"
              maxLength={500}
              value={note}
              onChange={setNote}
            />
            <button
              className="btn btn-primary"
              data-testid="dsr-open"
              disabled={busy}
              onClick={() => void open()}
            >
              {t('dsr.form.open')}
            </button>
          </div>
          <h4>{t('dsr.list.title')}</h4>
          {requests && requests.length > 0 ? (
            <ul className="dsr-list" data-testid="dsr-list">
              {requests.map((r) => (
                <li
                  key={r.requestId}
                  className={r.overdue ? 'dsr-row overdue' : 'dsr-row'}
                  data-testid="dsr-row"
                  data-request-id={r.requestId}
                  data-kind={r.kind}
                  data-overdue={r.overdue}
                >
                  <b>{t(`dsr.kind.${r.kind}`)}</b>
                  <span>
                    {t('dsr.list.received')} {date(r.receivedAt)}
                  </span>
                  <span data-testid="dsr-due">
                    {t('dsr.list.due')} {r.dueBy}
                  </span>
                  <span className={r.overdue ? 'dsr-overdue' : 'hint'}>
                    {r.overdue
                      ? t('dsr.list.overdue', { n: -r.workingDaysLeft })
                      : t('dsr.list.left', { n: r.workingDaysLeft })}
                  </span>
                  {r.note && <span className="hint">{r.note}</span>}
                  <button
                    className="btn btn-secondary"
                    data-testid="dsr-handle"
                    onClick={() => setSelected(r.requestId)}
                  >
                    {t('dsr.list.handle')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint" data-testid="dsr-none">
              {t('dsr.list.none')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
