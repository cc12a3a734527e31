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
      onClick={() => {
        void i18n.changeLanguage(next);
        document.documentElement.lang = next;
        // Best effort: the screen has already switched; main follows when it can.
        void api.setLanguage({ language: next });
      }}
    >
      {/* "English" on the Chinese screen, "中文" on the English one: marked in the language it is in, and the
          button's name is what it shows (WCAG 2.5.3), with "Language / 语言" for context. */}
      <span className="visually-hidden">{t('language.label')}: </span>
      <span lang={next}>{t('language.switchTo')}</span>
    </button>
  );
}
