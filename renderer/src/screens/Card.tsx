// Card: an animated "place your card" prompt with the reader's status, read errors in plain words, and once a card
// was read its masked summary (never the full number, never the photo) for the person to confirm.
import { useTranslation } from 'react-i18next';
import type { CardView, SessionViewAt } from '../../../common/session';
import { api } from '../api';
import { setElderlyMode, useElderlyMode } from '../accessibility/elderly-mode';
import { AnswerButtons } from '../components/AnswerButtons';
import { ScreenFrame } from '../components/ScreenFrame';
import type { SessionHandle } from '../session/use-session';
import { ErrorBanner } from '../components/ErrorBanner';

function PlaceCard({ card }: { card: CardView }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="card-animation" aria-hidden="true">
        <div className="card-reader" />
        <div className="id-card" />
      </div>
      <p className="hint">{t('card.hint')}</p>
      <p
        className={`reader-status status-${card.readerStatus}`}
        data-testid="reader-status"
        data-status={card.readerStatus}
        role="status"
        aria-live="polite"
      >
        {t(`card.reader.${card.readerStatus}`)}
      </p>
      {(card.readerStatus === 'missing' || card.readerStatus === 'error') && (
        <p className="hint" data-testid="reader-help">
          {t('card.readerMissingHelp')}
        </p>
      )}
      <ErrorBanner code={card.errorCode} testId="card-error" />
    </>
  );
}

export function Card({
  session,
  view,
  onCancel,
  offerElderlyAtAge = null,
}: {
  session: SessionHandle;
  view: SessionViewAt<'card'>;
  onCancel: () => void;
  /** A card this old or older offers elderly mode (长辈模式); null: never offered. */
  offerElderlyAtAge?: number | null;
}) {
  const { t } = useTranslation();
  const elderly = useElderlyMode();
  const { card } = view;
  const summary = card.summary;
  const confirm = (confirmed: boolean) => void session.act(() => api.confirmCard({ confirmed }));
  return (
    <ScreenFrame
      step="card"
      title={summary ? t('card.summaryTitle') : t('card.title')}
      error={session.error}
      onCancel={onCancel}
      busy={session.busy}
      actions={
        summary && (
          <AnswerButtons
            yes={{ label: t('card.confirm'), testId: 'card-confirm' }}
            no={{ label: t('card.notMine'), testId: 'card-not-mine' }}
            disabled={session.busy}
            onAnswer={confirm}
          />
        )
      }
    >
      {summary && offerElderlyAtAge !== null && summary.age >= offerElderlyAtAge && !elderly && (
        <div className="elderly-offer" data-testid="elderly-offer" role="status">
          <p>{t('elderly.offer')}</p>
          <button
            className="btn btn-primary"
            data-testid="elderly-accept"
            disabled={session.busy}
            onClick={() => {
              // The screen changes at once; main slows the session (longer times, one liveness challenge).
              setElderlyMode(true);
              void session.act(() => api.setElderlyMode({ enabled: true }));
            }}
          >
            {t('elderly.accept')}
          </button>
        </div>
      )}
      {summary ? (
        <dl className="card-summary" data-testid="card-summary">
          <dt>{t('card.name')}</dt>
          <dd data-testid="card-name">{summary.name}</dd>
          <dt>{t('card.number')}</dt>
          <dd data-testid="card-number">{summary.maskedNumber}</dd>
          <dt>{t('card.age')}</dt>
          <dd data-testid="card-age">{t('card.ageValue', { age: summary.age })}</dd>
          <dt>{t('card.type')}</dt>
          <dd>{t(`card.types.${summary.cardType}`)}</dd>
        </dl>
      ) : (
        card && <PlaceCard card={card} />
      )}
    </ScreenFrame>
  );
}
