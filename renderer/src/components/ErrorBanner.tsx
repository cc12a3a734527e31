// An error the person or staff must see: the code's words in the current language, announced (role="alert"), the
// code itself in data-code for tests and support. Nothing when there is no error.
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';

export function ErrorBanner({ code, testId }: { code: string | null | undefined; testId: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="error-banner" role="alert" data-testid={testId} data-code={code}>
      {errorText(t, code)}
    </p>
  );
}
