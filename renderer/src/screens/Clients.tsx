import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientSummary } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ClientFormDialog } from '../components/ClientForm.js';
import { ErrorLine, NoticeLine, TableState } from '../components/ui.js';
import type { Notice } from '../components/ui.js';
import { useCan, useDebounced } from '../hooks.js';
import { useNav } from '../stores/nav.js';

export const SEARCH_DEBOUNCE_MS = 150;

export function ClientsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [rows, setRows] = useState<ClientSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);
  const requestRef = useRef(0);

  useEffect(() => {
    const request = ++requestRef.current;
    setLoading(true);
    api
      .call('clients.list', debounced ? { search: debounced, limit: 200 } : { limit: 200 })
      .then((result) => {
        if (request !== requestRef.current) return;
        setRows(result.rows);
        setTotal(result.total);
        setError(null);
      })
      .catch((err: unknown) => {
        if (request === requestRef.current) setError(err);
      })
      .finally(() => {
        if (request === requestRef.current) setLoading(false);
      });
  }, [debounced, reload]);

  const open = (row: ClientSummary) => go({ name: 'client', id: row.id });

  return (
    <section className="screen" aria-labelledby="clients-title">
      <div className="screen-head">
        <h1 id="clients-title" className="screen-title">
          {t('ui.clients.title')}
        </h1>
        {can('clients.create') ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-client-button">
            {t('ui.clients.newClient')}
          </button>
        ) : null}
      </div>
      <div className="toolbar">
        <div className="search-box">
          <label htmlFor="client-search">{t('ui.clients.search')}</label>
          <input
            id="client-search"
            type="search"
            autoFocus
            autoComplete="off"
            placeholder={t('ui.clients.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && rows?.length === 1 && rows[0]) open(rows[0]);
            }}
            data-testid="client-search"
          />
        </div>
        <span className="muted" data-testid="client-total">
          {rows ? t('ui.clients.total', { total }) : null}
        </span>
      </div>
      <NoticeLine notice={notice} />
      <ErrorLine error={error} />
      <table className="table" data-testid="client-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.fields.clientName')}</th>
            <th scope="col">{t('ui.fields.creditCode')}</th>
            <th scope="col">{t('ui.fields.category')}</th>
            <th scope="col">{t('ui.fields.contact')}</th>
            <th scope="col" className="num">
              {t('ui.fields.fileCount')}
            </th>
            <th scope="col" className="num">
              {t('ui.fields.onLoanCount')}
            </th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={loading && !rows} empty={!!rows && rows.length === 0} columns={6} />
          {rows?.map((row) => (
            <tr key={row.id} className="clickable" onClick={() => open(row)} data-testid="client-row">
              <td>
                <button
                  type="button"
                  className="link"
                  title={t("ui.clients.open", { name: row.name })}
                  onClick={(e) => {
                    e.stopPropagation();
                    open(row);
                  }}
                >
                  {row.name}
                </button>
              </td>
              <td className="mono nowrap">{row.creditCode ?? ''}</td>
              <td>{row.category ?? ''}</td>
              <td>
                {row.contactPerson ?? ''}
                {row.contactPhone ? <span className="muted"> {row.contactPhone}</span> : null}
              </td>
              <td className="num">{row.fileCount}</td>
              <td className="num">{row.onLoanCount > 0 ? <span className="badge badge-on_loan">{row.onLoanCount}</span> : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating ? (
        <ClientFormDialog
          onClose={() => setCreating(false)}
          onCreated={(client) => {
            setCreating(false);
            setNotice(() => (tt: typeof t) => tt('ui.clients.created', { name: client.name }));
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </section>
  );
}
