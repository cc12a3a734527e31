// An ID number input for staff: monospaced, as tall as a button, with the reason a typed number is not valid
// (format, check character, birth date — the rule main applies too, common/id-number.ts) named under it.
import { useTranslation } from 'react-i18next';
import { idNumberProblem } from '../../../common/id-number';

export function IdNumberField(props: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  testId: string;
  showProblem: boolean;
}) {
  const { t } = useTranslation();
  const problem = props.value ? idNumberProblem(props.value) : 'format';
  return (
    <label className="dsr-field">
      <span>{props.label}</span>
      <input
        className="dsr-input dsr-id"
        data-testid={props.testId}
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={24}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span className="hint">{t('dsr.form.idHint')}</span>
      {props.showProblem && problem && (
        <span
          className="error-banner"
          role="alert"
          data-testid={`${props.testId}-error`}
          data-problem={problem}
        >
          {t(`dsr.idError.${problem}`)}
        </span>
      )}
    </label>
  );
}
