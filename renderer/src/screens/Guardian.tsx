// Guardian: a card holder under 18 goes on only when a guardian present confirms.
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { AnswerButtons } from '../components/AnswerButtons';
import { ScreenFrame } from '../components/ScreenFrame';
import type { SessionViewAt } from '../../../common/session';
import type { SessionHandle } from '../session/use-session';

export function Guardian({
  session,
  view,
  onCancel,
}: {
  session: SessionHandle;
  view: SessionViewAt<'guardian'>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { age } = view.guardian;
  const answer = (confirmed: boolean) => void session.act(() => api.confirmGuardian({ confirmed }));
  return (
    <ScreenFrame
      step="guardian"
      title={t('guardian.title')}
      error={session.error}
      onCancel={onCancel}
      busy={session.busy}
      actions={
        <AnswerButtons
          yes={{ label: t('guardian.confirm'), testId: 'guardian-confirm' }}
          no={{ label: t('guardian.decline'), testId: 'guardian-decline' }}
          disabled={session.busy}
          onAnswer={answer}
        />
      }
    >
      <p className="lead-text">{t('guardian.body', { age })}</p>
    </ScreenFrame>
  );
}
