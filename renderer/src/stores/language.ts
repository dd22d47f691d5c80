import { create } from 'zustand';
import i18next from 'i18next';
import { DEFAULT_LANGUAGE, pickLanguage } from '../../../shared/i18n/index.js';
import type { Language } from '../../../shared/i18n/index.js';
import { isLanguage, LANGUAGE_STORAGE_KEY } from '../i18n.js';

/** The remembered choice, else Simplified Chinese (the product's default, whatever the browser says). */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  try {
    const saved = storage?.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(saved)) return saved;
    if (saved) return pickLanguage(saved);
  } catch {
    // Storage unavailable.
  }
  return DEFAULT_LANGUAGE;
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

export const useLanguage = create<LanguageState>()((set) => ({
  language: DEFAULT_LANGUAGE,
  setLanguage(language) {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Not remembered, but still switched.
    }
    document.documentElement.lang = language;
    void i18next.changeLanguage(language);
    set({ language });
  },
}));
