// Renderer entry: language first, then the app. No Node access here; main is reached only through `api`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { api } from './api';
import { initI18n } from './i18n';
import './styles.css';

const info = await api.getAppInfo({});
const lang = info.ok ? info.value.defaultLanguage : 'zh-CN';
const i18n = await initI18n(lang);
document.documentElement.lang = lang;

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App info={info.ok ? info.value : null} />
    </I18nextProvider>
  </StrictMode>,
);
