// The base stylesheet first: each screen's own CSS, imported with it, comes after and may refine it.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setTransport } from './api.js';
import { initI18n } from './i18n.js';
import { initialLanguage, useLanguage } from './stores/language.js';
import { pickTransport } from './transport.js';
import type { TransportHost } from './transport.js';
import { App } from './App.js';
import './print.css';

const language = initialLanguage(window.localStorage);
initI18n(language);
useLanguage.setState({ language });
document.documentElement.lang = language;

const host: TransportHost = {
  location: window.location,
  sessionStorage: window.sessionStorage,
  history: window.history,
  dossier: (window as Window & { dossier?: TransportHost['dossier'] }).dossier,
};
const { kind, transport, connection } = pickTransport(host);
setTransport(transport, connection);
document.documentElement.dataset.transport = kind;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
