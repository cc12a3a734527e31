// Intent: the purpose asks the person to confirm what they are doing; the text is an i18n key or a sentence.
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ScreenFrame } from '../components/ScreenFrame';
import type { SessionHandle } from '../session/use-session';

export function Intent({ session, onCancel }: { session: SessionHandle; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const intent = session.view?.intent;
  if (!intent) return null;
  // Only look the text up when it is a key we have; a sentence from the purpose is shown as is.
  const text = i18n.exists(intent.text) ? t(intent.text) : intent.text;
  const answer = (a: 'confirm' | 'decline') =>
    void session.act(() => api.answerIntent({ promptId: intent.promptId, answer: a }));
  return (
    <ScreenFrame
      step="intent"
      title={t('intent.title')}
      error={session.error}
      onCancel={onCancel}
      busy={session.busy}
      actions={
        <>
          <button
            className="btn btn-primary"
            data-testid="intent-confirm"
            disabled={session.busy}
            onClick={() => answer('confirm')}
          >
            {t('intent.confirm')}
          </button>
          <button
            className="btn btn-secondary"
            data-testid="intent-decline"
            disabled={session.busy}
            onClick={() => answer('decline')}
          >
            {t('intent.decline')}
          </button>
        </>
      }
    >
      <blockquote className="intent-text" data-testid="intent-text">
        {text}
      </blockquote>
    </ScreenFrame>
  );
}
