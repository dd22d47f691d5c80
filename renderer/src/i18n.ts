/** i18next set up from the shared catalogs; the language choice lives in the language store. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogs, DEFAULT_LANGUAGE, formatError, LANGUAGES } from '../../shared/i18n/index.js';
import type { Catalog, Language } from '../../shared/i18n/index.js';
import { DossierError } from '../../shared/errors.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalog };
  }
}

export const LANGUAGE_STORAGE_KEY = 'dossier.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: catalogs['zh-CN'] }, en: { translation: catalogs.en } },
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  return i18next;
}

/** Any thrown thing as the user's-language sentence (`errors.<code>` with its params). */
export function errorText(error: unknown, language: Language): string {
  const e = error instanceof DossierError ? error : new DossierError('internal');
  const json = e.toJSON();
  // A field named by its code (history.reasonRequired: `legalRepresentative`) reads as the clerk's word.
  const field = json.params?.field;
  if (typeof field === 'string') {
    const labels: Record<string, string> = catalogs[language].ui.historyFields;
    if (labels[field]) json.params = { ...json.params, field: labels[field] };
  }
  return formatError(json, language);
}
