// One large button that flips between Chinese and English.
import { useTranslation } from 'react-i18next';

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
      }}
    >
      {t('language.switchTo')}
    </button>
  );
}
