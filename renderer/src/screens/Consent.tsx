// Consent: the agreement as blocks in a scroll box. "Agree" is enabled only once the text was scrolled to the end,
// the agreement box is ticked and every required separate confirmation (sensitive personal information) is ticked —
// none of them ticked beforehand. Refuse ends the session (main shows the refused screen). When a business app
// started the session, the third party that will receive the result is named above the text.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementView, RecipientView, SessionViewAt } from '../../../common/session';
import { api } from '../api';
import { AgreementText } from '../components/AgreementText';
import { ScreenFrame } from '../components/ScreenFrame';
import { confirmationsToSend, consentGate, isScrolledToEnd } from '../session/consent-gate';
import type { SessionHandle } from '../session/use-session';

function ConsentForm({
  agreement,
  recipient,
  session,
  onCancel,
}: {
  agreement: AgreementView;
  recipient: RecipientView | null;
  session: SessionHandle;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [scrolledToEnd, setScrolledToEnd] = useState(false);
  const [agreeTicked, setAgreeTicked] = useState(false);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());

  const checkEnd = useCallback(() => {
    const el = box.current;
    if (el && isScrolledToEnd(el)) setScrolledToEnd(true);
  }, []);
  // A short agreement that needs no scrolling counts as read to the end once shown.
  useEffect(() => {
    checkEnd();
    window.addEventListener('resize', checkEnd);
    return () => window.removeEventListener('resize', checkEnd);
  }, [checkEnd, agreement]);

  const gate = consentGate({ scrolledToEnd, agreeTicked, confirmations: agreement.confirmations, ticked });
  const canAgree = gate.canAgree && !session.busy;

  const decide = (decision: 'agree' | 'refuse') =>
    session.act(() =>
      api.decideConsent({
        agreementId: agreement.id,
        version: agreement.version,
        language: agreement.language,
        sha256: agreement.sha256,
        decision,
        confirmations: confirmationsToSend(decision, agreement.confirmations, ticked),
        guardian: false,
        scrolledToEnd,
      }),
    );

  const toggle = (id: string) =>
    setTicked((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      {recipient && (
        <p className="consent-recipient" data-testid="consent-recipient" data-third-party={recipient.id}>
          {t('consent.recipient', { name: recipient.name })}
        </p>
      )}
      <div
        className="agreement-box"
        ref={box}
        onScroll={checkEnd}
        data-testid="agreement-text"
        data-scrolled-to-end={scrolledToEnd}
        lang={agreement.language}
        tabIndex={0}
      >
        <AgreementText blocks={agreement.blocks} />
      </div>
      <div className="agreement-scroll-row">
        <span className={scrolledToEnd ? 'read-all' : 'hint'} data-testid="scroll-state">
          {scrolledToEnd ? t('consent.readAll') : t('consent.scrollHint')}
        </span>
        <button
          className="btn btn-secondary"
          data-testid="consent-page-down"
          disabled={scrolledToEnd}
          onClick={() => box.current?.scrollBy({ top: box.current.clientHeight * 0.85 })}
        >
          {t('consent.pageDown')}
        </button>
      </div>
      <label className="check" data-testid="consent-agree-box">
        <input
          type="checkbox"
          checked={agreeTicked}
          onChange={(e) => setAgreeTicked(e.target.checked)}
          data-testid="consent-agree-check"
        />
        <span>{t('consent.agreeBox')}</span>
      </label>
      {agreement.confirmations.map((c) => (
        <label className="check" key={c.id} data-testid={`confirmation-${c.id}`}>
          <input
            type="checkbox"
            checked={ticked.has(c.id)}
            onChange={() => toggle(c.id)}
            data-testid={`confirmation-check-${c.id}`}
          />
          <span>
            {c.text}
            {c.required && <em className="required"> （{t('consent.required')}）</em>}
          </span>
        </label>
      ))}
      <div className="actions">
        <button
          className="btn btn-primary"
          data-testid="consent-agree"
          disabled={!canAgree}
          onClick={() => void decide('agree')}
        >
          {t('consent.agree')}
        </button>
        <button
          className="btn btn-danger"
          data-testid="consent-refuse"
          disabled={session.busy}
          onClick={() => void decide('refuse')}
        >
          {t('consent.refuse')}
        </button>
        <button className="btn btn-secondary" data-testid="cancel" disabled={session.busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </>
  );
}

export function Consent({
  session,
  view,
  onCancel,
}: {
  session: SessionHandle;
  view: SessionViewAt<'consent'>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { agreement } = view;
  return (
    <ScreenFrame
      step="consent"
      className="consent"
      // The agreement's own title once it is shown; its buttons (Cancel among them) sit right under the boxes.
      title={agreement?.title ?? t('consent.title')}
      error={session.error}
      onCancel={agreement ? undefined : onCancel}
      busy={session.busy}
    >
      {agreement ? (
        // Keyed by hash: a different agreement (another language) starts unread and unticked.
        <ConsentForm
          key={agreement.sha256}
          agreement={agreement}
          recipient={view.recipient}
          session={session}
          onCancel={onCancel}
        />
      ) : (
        <p className="hint" data-testid="consent-loading">
          {t('consent.loading')}
        </p>
      )}
    </ScreenFrame>
  );
}
