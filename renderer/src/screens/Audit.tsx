import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ErrorLine, FormActions, TableState } from '../components/ui.js';
import { auditActionLabel, auditDetailsSummary, formatDateTime } from '../format.js';
import { useAction, useCatalog, useLoad } from '../hooks.js';
import { ChainCheck } from './audit/ChainCheck.js';

const PAGE = 200;

export function AuditScreen() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const first = useLoad(() => api.call('audit.list', { limit: PAGE }));
  const { error, setError } = first;
  const [older, setOlder] = useState<AuditEntry[][]>([]);
  // Shares the page's error line; does not reload the first page.
  const paging = useAction({ error, setError });
  const entries = first.data ? [...first.data, ...older.flat()] : null;
  const more = (older[older.length - 1] ?? first.data ?? []).length === PAGE;

  function loadMore() {
    const last = entries?.[entries.length - 1];
    if (!last) return;
    void paging.run(async () => {
      const rows = await api.call('audit.list', { limit: PAGE, beforeSeq: last.seq });
      setOlder((pages) => [...pages, rows]);
    });
  }

  return (
    <section className="screen" aria-labelledby="audit-title">
      <div className="screen-head">
        <h1 id="audit-title" className="screen-title">
          {t('ui.audit.title')}
        </h1>
      </div>
      <p className="muted">{t('ui.audit.intro')}</p>
      <ChainCheck />
      <ErrorLine error={error} />
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('ui.audit.seq')}
            </th>
            <th scope="col">{t('ui.audit.time')}</th>
            <th scope="col">{t('ui.audit.user')}</th>
            <th scope="col">{t('ui.audit.action')}</th>
            <th scope="col">{t('ui.audit.target')}</th>
            <th scope="col">{t('ui.audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={!entries && !error} empty={!!entries && entries.length === 0} columns={6} />
          {entries?.map((entry) => (
            <tr key={entry.seq} data-testid="audit-row" data-action={entry.action}>
              <td className="num muted">{entry.seq}</td>
              <td className="nowrap">{formatDateTime(entry.at)}</td>
              <td>{entry.username}</td>
              <td className="nowrap">
                <span className={`action action-${entry.action.split('.')[0]}`}>{auditActionLabel(catalog, entry.action)}</span>
              </td>
              <td className="mono-ish">{entry.targetLabel ?? ''}</td>
              <td className="details">{auditDetailsSummary(catalog, entry.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? (
        <FormActions center>
          <button type="button" className="btn" onClick={loadMore} disabled={paging.busy}>
            {paging.busy ? t('ui.common.loading') : t('ui.common.loadMore')}
          </button>
        </FormActions>
      ) : null}
    </section>
  );
}
