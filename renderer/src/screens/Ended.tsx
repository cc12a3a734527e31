// The screens that end a session without a result: refused, staff-required, locked card, error. Each says what
// happened in plain words and what the person can do instead; "back to start" returns to attract at once (main
// would also return there after its terminal timeout).
import { useTranslation } from 'react-i18next';
import type { SessionViewAt } from '../../../common/session';
import { ScreenFrame } from '../components/ScreenFrame';
import { errorText } from '../i18n';

type EndedStep = 'refused' | 'staff-required' | 'locked' | 'error';

export function Ended({ view, onHome }: { view: SessionViewAt<EndedStep>; onHome: () => void }) {
  const { t } = useTranslation();
  const { step } = view;
  const errorCode = view.step === 'error' ? view.error.code : undefined;
  const { title, body } =
    view.step === 'refused'
      ? { title: t('refused.title'), body: t('refused.body') }
      : view.step === 'staff-required'
        ? { title: t('staffRequired.title'), body: t('staffRequired.body') }
        : view.step === 'locked'
          ? { title: t('locked.title'), body: t('locked.body', { minutes: view.lock.minutesLeft }) }
          : { title: t('error.title'), body: errorText(t, view.error.code) };
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
      <p className="lead-text" data-testid="ended-body" data-code={errorCode}>
        {body}
      </p>
      <p className="lead-text alternative" data-testid="alternative">
        {step === 'refused' ? t('refused.alternative') : t('common.staffCounter')}
      </p>
    </ScreenFrame>
  );
}
