import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../shared/contract.js';
import type { Catalog } from '../../../shared/i18n/index.js';
import { formatDateTime } from '../format.js';
import { useCatalog } from '../hooks.js';
import { TableState } from './ui.js';
import './History.css';

export type HistoryEntry = FileDetail['history'][number];

/** A recorded field name as the clerk's words: `legalRepresentative` → 法定代表人, `classification.grade` → 分类：grade. */
export function historyFieldLabel(catalog: Catalog, field: string): string {
  const labels: Record<string, string> = catalog.ui.historyFields;
  if (labels[field]) return labels[field];
  const dot = field.indexOf('.');
  if (dot > 0) {
    const head = labels[field.slice(0, dot)];
    if (head) return `${head} · ${field.slice(dot + 1)}`;
  }
  return field;
}

/** Change history table (信息变更记录): field, old → new, who, when, reason. */
export function HistoryTable({ entries, testId = 'history-table' }: { entries: HistoryEntry[]; testId?: string }) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  return (
    <table className="table table-compact" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('ui.history.at')}</th>
          <th scope="col">{t('ui.history.user')}</th>
          <th scope="col">{t('ui.history.field')}</th>
          <th scope="col">{t('ui.history.change')}</th>
          <th scope="col">{t('ui.history.reason')}</th>
        </tr>
      </thead>
      <tbody>
        <TableState loading={false} empty={entries.length === 0} columns={5} />
        {entries.map((entry, i) => (
          <tr key={`${entry.at}-${entry.field}-${i}`} data-testid="history-row">
            <td className="nowrap">{formatDateTime(entry.at)}</td>
            <td className="nowrap">{entry.username}</td>
            <td className="nowrap">{historyFieldLabel(catalog, entry.field)}</td>
            <td>
              <span className="old-value">{entry.oldValue ?? t('ui.common.dash')}</span>
              <span className="arrow" aria-hidden="true">
                {' → '}
              </span>
              <span className="new-value">{entry.newValue ?? t('ui.common.dash')}</span>
            </td>
            <td>{entry.reason || <span className="muted">{t('ui.common.dash')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
