import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ClientSummary, OpInput } from '../../../shared/contract.js';
import { CLIENT_STATUS } from '../../../shared/ops/clients.js';
import { api } from '../api.js';
import { ClassificationFilter, useActiveSchemes } from '../components/Classifications.js';
import { ClientFormDialog } from '../components/ClientForm.js';
import { ExportButton } from '../components/Export.js';
import { RosterPrintButton } from '../components/PrintForms.js';
import { ReassignDialog } from '../components/Reassign.js';
import { ActionFeedback, ClientStatusBadge } from '../components/ui.js';
import { schemeLabel } from '../format.js';
import { useAction, useCan, useDebounced } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { useNav } from '../stores/nav.js';
import { SortHeader } from '../sorting.js';
import type { Sort } from '../sorting.js';
import './Clients.css';

export const SEARCH_DEBOUNCE_MS = 150;
/** Rows fetched per `clients.list` call while scrolling. */
export const PAGE_SIZE = 100;
const ROW_HEIGHT = 37;
const SCROLL_SETTLE_MS = 90;
const MAX_IN_FLIGHT = 2;

type ListInput = NonNullable<OpInput<'clients.list'>>;
type ClientSort = NonNullable<ListInput['sort']>;

export type StatusFilter = 'current' | (typeof CLIENT_STATUS)[number] | 'all';
const STATUS_FILTERS: readonly StatusFilter[] = ['current', ...CLIENT_STATUS, 'all'];

/** The `clients.list` filter for the status choice (current: the engine's default, prospects and active). */
export function statusInput(filter: StatusFilter): ListInput['status'] {
  if (filter === 'current') return undefined;
  if (filter === 'all') return [...CLIENT_STATUS];
  return filter;
}

/** Pages [first, last] covering rows [from, to]. */
export function pagesFor(from: number, to: number, pageSize = PAGE_SIZE): number[] {
  if (to < from) return [];
  const pages: number[] = [];
  for (let p = Math.floor(from / pageSize); p <= Math.floor(to / pageSize); p++) pages.push(p);
  return pages;
}

export function ClientsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const language = useLanguage((s) => s.language);
  const go = useNav((s) => s.go);
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [status, setStatus] = useState<StatusFilter>('current');
  const [valueId, setValueId] = useState('');
  // Sorted in the engine (names by pinyin), so every page of the list follows the same order.
  const [sort, setSort] = useState<Sort<ClientSort>>({ key: 'name', dir: 'asc' });
  const toggleSort = (key: ClientSort) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  const schemes = useActiveSchemes();
  // A category in the user's language: the scheme value's English label where one exists.
  const categoryText = (row: { category: string | null; classifications?: Record<string, string> }) => {
    const code = row.classifications?.category;
    const value = code ? schemes.find((s) => s.code === 'category')?.values.find((v) => v.code === code) : undefined;
    return value ? schemeLabel(value, language) : (row.category ?? '');
  };
  const [total, setTotal] = useState<number | null>(null);
  // Notice and error of the page loads and the dialogs.
  const feedback = useAction();
  const { error, setError } = feedback;
  const [creating, setCreating] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const [dueCount, setDueCount] = useState<number | null>(null);
  const [reload, setReload] = useState(0);
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, ClientSummary[]>());
  const inFlight = useRef(new Set<number>());
  /** Pages whose request failed: not retried until the query changes (no request loop). */
  const failed = useRef(new Set<number>());
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const filters = useMemo(() => {
    const input: ListInput = {};
    if (debounced) input.search = debounced;
    const s = statusInput(status);
    if (s) input.status = s;
    if (valueId) input.classificationValueIds = [valueId];
    if (sort.key !== 'name' || sort.dir !== 'asc') Object.assign(input, { sort: sort.key, dir: sort.dir });
    return input;
  }, [debounced, status, valueId, sort]);

  useEffect(() => {
    api
      .call('clients.dueForVerification', { limit: 1 })
      .then((due) => setDueCount(due.total))
      .catch(() => setDueCount(null));
  }, [reload]);

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inFlight.current.has(page) || failed.current.has(page)) return;
      const gen = generation.current;
      inFlight.current.add(page);
      api
        .call('clients.list', { ...filters, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
        .then((result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.rows);
          setTotal(result.total);
          setError(null);
          setVersion((v) => v + 1);
        })
        .catch((err: unknown) => {
          if (gen !== generation.current) return;
          failed.current.add(page);
          setError(err);
        })
        .finally(() => {
          if (gen === generation.current) {
            inFlight.current.delete(page);
            setVersion((v) => v + 1);
          }
        });
    },
    [filters, setError],
  );

  // A new query starts over: forget the pages, fetch the first one, back to the top.
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inFlight.current = new Set();
    failed.current = new Set();
    scrollRef.current?.scrollTo({ top: 0 });
    fetchPage(0);
  }, [fetchPage, reload]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Pages of the rows on screen, once scrolling pauses: a fast scroll past thousands of rows
  // must not queue a request for every page it passed (each one is a query in the engine).
  useEffect(() => {
    const timer = setTimeout(
      () => {
        for (const page of pagesFor(first, last)) {
          if (inFlight.current.size >= MAX_IN_FLIGHT) break;
          fetchPage(page);
        }
      },
      pages.current.size ? SCROLL_SETTLE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [first, last, fetchPage, version]);

  const rowAt = (index: number): ClientSummary | undefined => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const open = (row: ClientSummary) => go({ name: 'client', id: row.id });
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const columns = 8;

  return (
    <section className="screen" aria-labelledby="clients-title">
      <div className="screen-head">
        <h1 id="clients-title" className="screen-title">
          {t('ui.clients.title')}
        </h1>
        <div className="head-actions">
          {dueCount !== null ? (
            <button
              type="button"
              className={`btn${dueCount > 0 ? ' btn-attention' : ''}`}
              title={t('ui.verification.openTitle')}
              onClick={() => go({ name: 'verification' })}
              data-testid="verification-open"
            >
              {t('ui.verification.open', { count: dueCount })}
            </button>
          ) : null}
          <ExportButton kind="clients" filter={{ clientFilter: filters }} />
          <RosterPrintButton filter={filters} count={total} />
          {can('clients.reassign') ? (
            <button type="button" className="btn" onClick={() => setReassigning(true)} data-testid="reassign-button">
              {t('ui.reassign.open')}
            </button>
          ) : null}
          {can('clients.create') ? (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-client-button">
              {t('ui.clients.newClient')}
            </button>
          ) : null}
        </div>
      </div>
      <div className="toolbar">
        <div className="toolbar-left">
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
                const only = rowAt(0);
                if (e.key === 'Enter' && total === 1 && only) open(only);
              }}
              data-testid="client-search"
            />
          </div>
          <select
            className="filter-select"
            aria-label={t('ui.clients.statusFilter')}
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusFilter)}
            data-testid="status-filter"
          >
            {STATUS_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`ui.clients.statusFilters.${f}`)}
              </option>
            ))}
          </select>
          {schemes.length ? (
            <ClassificationFilter
              schemes={schemes}
              value={valueId}
              onChange={setValueId}
              anyLabel={t('ui.clients.anyClassification')}
              aria-label={t('ui.clients.classificationFilter')}
              testId="classification-filter"
            />
          ) : null}
        </div>
        <span className="muted nowrap" data-testid="client-total">
          {total !== null ? t('ui.clients.total', { total: total.toLocaleString(language), count: total }) : null}
        </span>
      </div>
      <ActionFeedback action={feedback} />
      <div className="vscroll" ref={scrollRef} data-testid="client-scroll">
        <table className="table table-fixed" data-testid="client-table">
          <colgroup>
            <col style={{ width: '26%' }} />
            <col style={{ width: '17%' }} />
            <col style={{ width: '8%' }} />
            <col style={{ width: '11%' }} />
            <col style={{ width: '11%' }} />
            <col style={{ width: '15%' }} />
            <col style={{ width: '6%' }} />
            <col style={{ width: '6%' }} />
          </colgroup>
          <thead>
            <tr>
              <SortHeader label={t('ui.fields.clientName')} column="name" sort={sort} onSort={toggleSort} />
              <SortHeader label={t('ui.fields.creditCode')} column="creditCode" sort={sort} onSort={toggleSort} />
              <SortHeader label={t('ui.fields.clientStatus')} column="status" sort={sort} onSort={toggleSort} />
              <th scope="col">{t('ui.fields.category')}</th>
              <th scope="col">{t('ui.fields.accountManager')}</th>
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
            {total === null && !error ? (
              <tr className="table-state">
                <td colSpan={columns} data-testid="loading">
                  {t('ui.common.loading')}
                </td>
              </tr>
            ) : null}
            {total === 0 ? (
              <tr className="table-state">
                <td colSpan={columns} data-testid="empty">
                  {t('ui.common.empty')}
                </td>
              </tr>
            ) : null}
            {padTop > 0 ? (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={columns} style={{ height: padTop }} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = rowAt(item.index);
              if (!row)
                return (
                  <tr key={`pending-${item.index}`} className="pending" style={{ height: ROW_HEIGHT }}>
                    <td colSpan={columns}>
                      <span className="skeleton" />
                    </td>
                  </tr>
                );
              return (
                <tr
                  key={row.id}
                  className={`clickable${item.index % 2 ? ' odd' : ''}`}
                  style={{ height: ROW_HEIGHT }}
                  onClick={() => open(row)}
                  data-testid="client-row"
                  data-index={item.index}
                >
                  <td className="ellipsis">
                    <button
                      type="button"
                      className="link"
                      title={t('ui.clients.open', { name: row.name })}
                      onClick={(e) => {
                        e.stopPropagation();
                        open(row);
                      }}
                    >
                      {row.name}
                    </button>
                  </td>
                  <td className="mono ellipsis">{row.creditCode ?? ''}</td>
                  <td>
                    <ClientStatusBadge status={row.status} testId={null} />
                  </td>
                  <td className="ellipsis">{categoryText(row)}</td>
                  <td className="ellipsis">{row.accountManager ?? ''}</td>
                  <td className="ellipsis">
                    {row.contactPerson ?? ''}
                    {row.contactPhone ? <span className="muted"> {row.contactPhone}</span> : null}
                  </td>
                  <td className="num">{row.fileCount}</td>
                  <td className="num">{row.onLoanCount > 0 ? <span className="badge badge-on_loan">{row.onLoanCount}</span> : 0}</td>
                </tr>
              );
            })}
            {padBottom > 0 ? (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={columns} style={{ height: padBottom }} />
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {reassigning ? (
        <ReassignDialog
          onClose={() => setReassigning(false)}
          onDone={(count, from, to) => {
            setReassigning(false);
            feedback.setNotice((tt) => tt('ui.reassign.done', { count, from, to }));
            setReload((n) => n + 1);
          }}
        />
      ) : null}
      {creating ? (
        <ClientFormDialog
          onClose={() => setCreating(false)}
          onCreated={(client) => {
            setCreating(false);
            feedback.setNotice((tt) => tt('ui.clients.created', { name: client.name }));
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </section>
  );
}
