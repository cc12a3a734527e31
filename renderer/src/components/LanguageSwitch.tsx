// One large button that flips between Chinese and English, on screen at once and in main's session view (so
// main's texts, e.g. the agreement of the next session, follow).
import { useTranslation } from 'react-i18next';
import { api } from '../api';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      className="btn btn-secondary language-switch"
      data-testid="language-switch"
      aria-label={t('language.label')}
      onClick={() => {
        void i18n.changeLanguage(next);
        document.documentElement.lang = next;
        // Best effort: the screen has already switched; main follows when it can.
        void api.setLanguage({ language: next });
      }}
    >
      {t('language.switchTo')}
    </button>
  );
}
