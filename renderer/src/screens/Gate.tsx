import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/ui.js';
import './gate.css';

/** The page around first run, unlock and start-up: the app's name and the language switch above one card. */
export function Gate({ children, bare = false }: { children: ReactNode; bare?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="gate">
      {bare ? null : (
        <div className="gate-top">
          <span className="brand">{t('ui.appName')}</span>
          <LanguageSwitch />
        </div>
      )}
      {children}
    </div>
  );
}
