// i18n for every screen text (zh-CN default, English). Error messages come from common/messages, the one table
// main and the CLI use too. A key with no text is recorded on <body data-missing-i18n> so the e2e tests fail on it.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, personMessages, type Language } from '../../../common/messages';
import { en } from './en';
import { zhCN } from './zh-CN';

function errorTexts(lang: Language): Record<string, string> {
  return Object.fromEntries(Object.entries(personMessages).map(([code, m]) => [code, m[lang]]));
}

const missing = new Set<string>();

export function missingKeys(): string[] {
  return [...missing];
}

export async function initI18n(lang: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    resources: {
      'zh-CN': { translation: { ...zhCN, errors: errorTexts('zh-CN') } },
      en: { translation: { ...en, errors: errorTexts('en') } },
    },
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    parseMissingKeyHandler: (key: string) => {
      missing.add(key);
      document.body.dataset.missingI18n = [...missing].join(',');
      return `⟦${key}⟧`;
    },
  });
  return i18next;
}

export function errorText(t: (key: string) => string, code: string): string {
  return Object.hasOwn(personMessages, code) ? t(`errors.${code}`) : t('errors.INTERNAL');
}
