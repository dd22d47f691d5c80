import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../../shared/contract.js';
import { CompletenessBadge } from '../../components/ui.js';
import { localName } from '../../format.js';
import { useLanguage } from '../../stores/language.js';

/** The file type's checklist (present ✓ / missing ✗) beside the scans area. */
export function Checklist({ file, scans }: { file: Pick<FileDetail, 'checklist' | 'complete'>; scans: ReactNode }) {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  return (
    <div className="two-col">
      <div>
        <div className="screen-head section-head">
          <h2 className="section-title">{t('ui.filePage.checklist')}</h2>
          <CompletenessBadge complete={file.complete} testId="checklist-badge" />
        </div>
        {file.checklist.length === 0 ? (
          <p className="muted">{t('ui.filePage.noChecklist')}</p>
        ) : (
          <ul className="checklist" data-testid="checklist">
            {file.checklist.map((c) => (
              <li key={c.kind} className={c.present ? 'present' : 'missing'} data-testid="checklist-item" data-present={c.present}>
                <span className="check-mark" aria-hidden="true">
                  {c.present ? '✓' : '✗'}
                </span>
                <span>{localName(c.label, c.labelEn, language)}</span>
                <span className="muted check-state">{c.present ? t('ui.filePage.present') : t('ui.filePage.missing')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>{scans}</div>
    </div>
  );
}
