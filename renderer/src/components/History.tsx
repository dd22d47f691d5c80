import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../shared/contract.js';
import type { ClassificationScheme } from '../../../shared/ops/classifications.js';
import type { Catalog } from '../../../shared/i18n/index.js';
import { api } from '../api.js';
import { formatDateTime, schemeLabel } from '../format.js';
import { useCatalog } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { TableState } from './ui.js';
import './History.css';

export type HistoryEntry = FileDetail['history'][number];

type SchemeLabels = Pick<ClassificationScheme, 'code' | 'label' | 'labelEn' | 'values'>[];

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

/**
 * A recorded field name as the clerk's words: `legalRepresentative` → 法定代表人,
 * `contact.daily` → 日常联系人, `classification.grade` → the scheme's name (等级 / Grade).
 */
export function historyFieldLabel(catalog: Catalog, field: string, schemes: SchemeLabels = [], language = 'zh-CN'): string {
  const labels: Record<string, string> = catalog.ui.historyFields;
  if (labels[field]) return labels[field];
  const dot = field.indexOf('.');
  if (dot > 0) {
    const [head, tail] = [field.slice(0, dot), field.slice(dot + 1)];
    const roles: Record<string, string> = catalog.enums.contactRole;
    if (head === 'contact' && roles[tail]) return roles[tail];
    if (head === 'classification') {
      const scheme = schemes.find((s) => s.code === tail);
      return scheme ? schemeLabel(scheme, language) : (labels.classification ?? head);
    }
    if (labels[head]) return labels[head];
  }
  return field;
}

/** A recorded value as the clerk reads it: enumerations by their labels, instants in local time. */
export function historyValue(catalog: Catalog, field: string, value: string | null, schemes: SchemeLabels = [], language = 'zh-CN'): string | null {
  if (value === null || value === '') return null;
  const e = catalog.enums;
  const pick = (labels: Record<string, string>) => labels[value] ?? value;
  if (field === 'status') return pick(e.clientStatus);
  if (field === 'confidentiality') return pick(e.confidentiality);
  if (field === 'retention') return pick(e.retention);
  if (field === 'terminationKind') return pick(e.terminationKind);
  if (field.startsWith('classification.')) {
    const scheme = schemes.find((s) => s.code === field.slice('classification.'.length));
    const entry = scheme?.values.find((v) => v.label === value || v.code === value);
    return entry ? schemeLabel(entry, language) : value;
  }
  if (ISO_INSTANT.test(value)) return formatDateTime(value);
  return value;
}

/** Newest first, whatever order the records came in (equal times keep their order). */
export function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.at < b.entry.at ? 1 : a.entry.at > b.entry.at ? -1 : a.i - b.i))
    .map((x) => x.entry);
}

/** The classification schemes, only when a row names one (their names label those rows). */
function useSchemesFor(entries: readonly HistoryEntry[]): SchemeLabels {
  const needed = entries.some((e) => e.field.startsWith('classification.'));
  const [schemes, setSchemes] = useState<SchemeLabels>([]);
  useEffect(() => {
    if (!needed) return;
    let live = true;
    api
      .call('classifications.list', { includeInactive: true })
      .then((list) => live && setSchemes(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [needed]);
  return schemes;
}

/** Change history table (信息变更记录): when (local time, newest first), who, field, old → new, reason. */
export function HistoryTable({ entries, testId = 'history-table' }: { entries: HistoryEntry[]; testId?: string }) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const language = useLanguage((s) => s.language);
  const schemes = useSchemesFor(entries);
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
        {newestFirst(entries).map((entry, i) => (
          <tr key={`${entry.at}-${entry.field}-${i}`} data-testid="history-row" data-field={entry.field}>
            <td className="nowrap">{formatDateTime(entry.at)}</td>
            <td className="nowrap">{entry.username}</td>
            <td className="nowrap">{historyFieldLabel(catalog, entry.field, schemes, language)}</td>
            <td>
              <span className="old-value">{historyValue(catalog, entry.field, entry.oldValue, schemes, language) ?? t('ui.common.dash')}</span>
              <span className="arrow" aria-hidden="true">
                {' → '}
              </span>
              <span className="new-value">{historyValue(catalog, entry.field, entry.newValue, schemes, language) ?? t('ui.common.dash')}</span>
            </td>
            <td>{entry.reason || <span className="muted">{t('ui.common.dash')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
