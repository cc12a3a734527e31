// The call-staff button elderly mode shows on every screen: main records the request in health, so staff health
// and the staff overview say someone is waiting and on which step; the button then says staff are on their way.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

export function CallStaff({ step }: { step: string }) {
  const { t } = useTranslation();
  const [called, setCalled] = useState(false);
  return (
    <div className="call-staff">
      <button
        className="btn btn-primary call-staff-button"
        data-testid="call-staff"
        onClick={() => void api.callStaff({ step }).then((r) => setCalled(r.ok))}
      >
        {t('elderly.callStaff')}
      </button>
      <span role="status" aria-live="polite" data-testid="call-staff-status">
        {called ? t('elderly.staffCalled') : ''}
      </span>
    </div>
  );
}
