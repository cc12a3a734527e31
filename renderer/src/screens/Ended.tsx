// The screens that end a session without a result: refused, staff-required, locked card, error. Each says what
// happened in plain words and what the person can do instead; "back to start" returns to attract at once (main
// would also return there after its terminal timeout).
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../common/session';
import { ScreenFrame } from '../components/ScreenFrame';
import { errorText } from '../i18n';

type EndedStep = 'refused' | 'staff-required' | 'locked' | 'error';

export function Ended({ step, view, onHome }: { step: EndedStep; view: SessionView; onHome: () => void }) {
  const { t } = useTranslation();
  const content: Record<EndedStep, { title: string; body: string }> = {
    refused: { title: t('refused.title'), body: t('refused.body') },
    'staff-required': { title: t('staffRequired.title'), body: t('staffRequired.body') },
    locked: { title: t('locked.title'), body: t('locked.body', { minutes: view.lock?.minutesLeft ?? 0 }) },
    error: { title: t('error.title'), body: errorText(t, view.error?.code ?? 'INTERNAL') },
  };
  const { title, body } = content[step];
  return (
    <ScreenFrame
      step={step}
      title={title}
      actions={
        <button className="btn btn-primary" data-testid="home" onClick={onHome}>
          {t('common.home')}
        </button>
      }
    >
      <p className="lead-text" data-testid="ended-body" data-code={view.error?.code}>
        {body}
      </p>
      <p className="lead-text alternative" data-testid="alternative">
        {step === 'refused' ? t('refused.alternative') : t('common.staffCounter')}
      </p>
    </ScreenFrame>
  );
}
