// A touch keypad for the staff PIN: digits only, shown as dots, never echoed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const MAX_DIGITS = 12;

export function PinPad({
  onSubmit,
  onCancel,
  busy,
}: {
  onSubmit: (pin: string) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const press = (d: string) => setPin((p) => (p.length < MAX_DIGITS ? p + d : p));
  return (
    <div className="pin-pad" data-testid="pin-pad">
      <div className="pin-dots" data-testid="pin-dots" role="status" aria-label={t('staff.pinTitle')}>
        {'●'.repeat(pin.length) || '\u00a0'}
      </div>
      <div className="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button
            key={d}
            className="btn btn-secondary pin-key"
            data-testid={`pin-${d}`}
            onClick={() => press(d)}
          >
            {d}
          </button>
        ))}
        <button className="btn btn-secondary pin-key" data-testid="pin-clear" onClick={() => setPin('')}>
          {t('staff.pinClear')}
        </button>
        <button className="btn btn-secondary pin-key" data-testid="pin-0" onClick={() => press('0')}>
          0
        </button>
        <button
          className="btn btn-secondary pin-key"
          data-testid="pin-delete"
          onClick={() => setPin((p) => p.slice(0, -1))}
        >
          {t('staff.pinDelete')}
        </button>
      </div>
      <div className="actions">
        <button
          className="btn btn-primary"
          data-testid="pin-submit"
          disabled={pin.length === 0 || busy}
          onClick={() => {
            onSubmit(pin);
            setPin('');
          }}
        >
          {t('staff.unlock')}
        </button>
        <button className="btn btn-secondary" data-testid="pin-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
