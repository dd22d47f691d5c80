import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { AUDIT_TARGET_TYPES, auditActionGroups } from '../../../shared/auditActions.js';
import type { AuditEntry, AuditFilter } from '../../../shared/ops/auditList.js';
import { api } from '../api.js';
import { ExportButton } from '../components/Export.js';
import { PrintButton } from '../components/PrintPreview.js';
import { ErrorLine, FormActions, TableState } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useAction, useCatalog, useDebounced, useLoad } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { ChainCheck } from './audit/ChainCheck.js';
import './Audit.css';

const PAGE = 200;

/** The filter bar's choices, kept while the auditor visits other sections. */
interface AuditChoices {
  userId: string;
  /** `group:<name>` for a whole group, or one action. */
  action: string;
  targetType: string;
  target: string;
  from: string;
  to: string;
}
const NO_CHOICES: AuditChoices = { userId: '', action: '', targetType: '', target: '', from: '', to: '' };
export const useAuditChoices = create<AuditChoices & { set(p: Partial<AuditChoices>): void; clear(): void }>()((set) => ({
  ...NO_CHOICES,
  set: (p) => set(p),
  clear: () => set(NO_CHOICES),
}));

/** The choices as the engine's filter (a group becomes its actions). */
export function auditFilterOf(c: Omit<AuditChoices, 'target'>, target: string): AuditFilter {
  const actions = c.action.startsWith('group:') ? (auditActionGroups().find((g) => g.group === c.action.slice(6))?.actions ?? []) : c.action ? [c.action] : [];
  return {
    ...(c.userId ? { userId: c.userId } : {}),
    ...(actions.length ? { actions } : {}),
    ...(c.targetType ? { targetType: c.targetType } : {}),
    ...(target.trim() ? { target: target.trim() } : {}),
    ...(c.from ? { from: c.from } : {}),
    ...(c.to ? { to: c.to } : {}),
  };
}

export function AuditScreen() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const language = useLanguage((s) => s.language);
  const choices = useAuditChoices();
  const target = useDebounced(choices.target, 200);
  const filter = auditFilterOf(choices, target);
  const key = JSON.stringify([filter, language]);
  const first = useLoad(async () => {
    const [entries, overview] = await Promise.all([api.call('audit.list', { ...filter, limit: PAGE, language }), api.call('audit.overview', filter)]);
    return { key, entries, overview };
  }, key);
  const { error, setError } = first;
  const [older, setOlder] = useState<{ key: string; pages: AuditEntry[][] }>({ key: '', pages: [] });
  // Shares the page's error line; does not reload the first page.
  const paging = useAction({ error, setError });
  const pages = older.key === first.data?.key ? older.pages : [];
  const entries = first.data ? [...first.data.entries, ...pages.flat()] : null;
  const more = (pages[pages.length - 1] ?? first.data?.entries ?? []).length === PAGE;
  const users = first.data?.overview.users ?? [];
  const a = catalog.ui.audit;
  const actionLabels = a.actions as Record<string, string>;
  const targetLabels = a.targetTypes as Record<string, string>;
  const filtered = Object.keys(filter).length > 0;

  function loadMore() {
    const last = entries?.[entries.length - 1];
    const shownKey = first.data?.key;
    if (!last || !shownKey) return;
    void paging.run(async () => {
      const rows = await api.call('audit.list', { ...filter, limit: PAGE, beforeSeq: last.seq, language });
      setOlder((o) => ({ key: shownKey, pages: [...(o.key === shownKey ? o.pages : []), rows] }));
    });
  }

  return (
    <section className="screen" aria-labelledby="audit-title">
      <div className="screen-head">
        <h1 id="audit-title" className="screen-title">
          {t('ui.audit.title')}
        </h1>
        <div className="head-actions">
          <ExportButton kind="audit" filter={{ auditFilter: filter }} />
          <PrintButton operation="print.audit" input={filter} form="audit" testId="print-audit-button" />
        </div>
      </div>
      <p className="muted">{t('ui.audit.intro')}</p>
      <ChainCheck />
      <div className="toolbar audit-filters" role="search" aria-label={t('ui.audit.filters.label')}>
        <div className="toolbar-left">
          <label className="inline-field">
            <span>{t('ui.audit.filters.user')}</span>
            <select value={choices.userId} onChange={(e) => choices.set({ userId: e.target.value })} data-testid="audit-user">
              <option value="">{t('ui.audit.filters.allUsers')}</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName === u.username ? u.username : `${u.displayName}（${u.username}）`}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('ui.audit.filters.action')}</span>
            <select value={choices.action} onChange={(e) => choices.set({ action: e.target.value })} data-testid="audit-action">
              <option value="">{t('ui.audit.filters.allActions')}</option>
              {auditActionGroups().map((g) => {
                const group = (a.groups as Record<string, string>)[g.group] ?? g.group;
                return (
                  <optgroup key={g.group} label={group}>
                    <option value={`group:${g.group}`}>{t('ui.audit.filters.groupAll', { group })}</option>
                    {g.actions.map((action) => (
                      <option key={action} value={action}>
                        {actionLabels[action] ?? action}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('ui.audit.filters.targetType')}</span>
            <select value={choices.targetType} onChange={(e) => choices.set({ targetType: e.target.value })} data-testid="audit-target-type">
              <option value="">{t('ui.audit.filters.allTargets')}</option>
              {AUDIT_TARGET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {targetLabels[type] ?? type}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('ui.audit.filters.target')}</span>
            <input
              type="search"
              value={choices.target}
              placeholder={t('ui.audit.filters.targetPlaceholder')}
              onChange={(e) => choices.set({ target: e.target.value })}
              data-testid="audit-target"
            />
          </label>
          <label className="inline-field">
            <span>{t('ui.audit.filters.from')}</span>
            <input type="date" value={choices.from} onChange={(e) => choices.set({ from: e.target.value })} data-testid="audit-from" />
          </label>
          <label className="inline-field">
            <span>{t('ui.audit.filters.to')}</span>
            <input type="date" value={choices.to} onChange={(e) => choices.set({ to: e.target.value })} data-testid="audit-to" />
          </label>
          {filtered || choices.target ? (
            <button type="button" className="btn btn-small" onClick={() => choices.clear()} data-testid="audit-clear">
              {t('ui.audit.filters.clear')}
            </button>
          ) : null}
        </div>
        <span className="muted nowrap" data-testid="audit-total">
          {first.data ? t('ui.audit.filters.matching', { count: first.data.overview.total }) : null}
        </span>
      </div>
      <ErrorLine error={error} />
      <div className="table-scroll">
        <table className="table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('ui.audit.seq')}
              </th>
              <th scope="col">{t('ui.audit.time')}</th>
              <th scope="col">{t('ui.audit.user')}</th>
              <th scope="col">{t('ui.audit.action')}</th>
              <th scope="col">{t('ui.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            <TableState loading={!entries && !error} empty={!!entries && entries.length === 0} columns={5} />
            {entries?.map((entry) => (
              <tr key={entry.seq} data-testid="audit-row" data-action={entry.action}>
                <td className="num muted">{entry.seq}</td>
                <td className="nowrap">{formatDateTime(entry.at)}</td>
                <td className="nowrap" title={entry.username}>
                  {entry.userDisplayName}
                </td>
                <td className="nowrap">
                  <span className={`action action-${entry.action.split('.')[0]}`}>{entry.actionLabel}</span>
                </td>
                <td className="details" data-testid="audit-summary">
                  {entry.summary}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more ? (
        <FormActions center>
          <button type="button" className="btn" onClick={loadMore} disabled={paging.busy} data-testid="audit-more">
            {paging.busy ? t('ui.common.loading') : t('ui.common.loadMore')}
          </button>
        </FormActions>
      ) : null}
    </section>
  );
}
