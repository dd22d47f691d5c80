import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITY, FILE_STATUS } from '../../../shared/domain/enums.js';
import { CLIENT_STATUS } from '../../../shared/ops/clients.js';
import type { LocationNode } from '../../../shared/ops/locations.js';
import { SEARCH_KINDS } from '../../../shared/ops/search.js';
import type { SearchHit } from '../../../shared/ops/search.js';
import { api } from '../api.js';
import { SelectAllBox, SelectBox, SelectionBar, useSelection } from '../components/Selection.js';
import { ClassificationFilter, useActiveSchemes } from '../components/Classifications.js';
import { hitTarget } from '../components/GlobalSearch.js';
import { ClientStatusBadge, ConfidentialityBadge, ErrorLine, isClientStatus, isFileStatus, StatusBadge } from '../components/ui.js';
import { applicableStatus, emptyForm, hasFilters, hitKey, locationOptions, searchInput, statusChoices, toggle } from '../search.js';
import type { SearchForm, StatusValue } from '../search.js';
import { useNav } from '../stores/nav.js';
import { SortHeader, useSort } from '../sorting.js';
import type { SortValue } from '../sorting.js';
import './Search.css';

const STATUS_ORDER: readonly StatusValue[] = [...CLIENT_STATUS, ...FILE_STATUS];

type HitColumn = 'kind' | 'label' | 'archiveNo' | 'clientName' | 'level' | 'date';
/** Kinds and levels in their own order, names by pinyin; a client has no client column. */
const hitValue = (hit: SearchHit, key: HitColumn): SortValue => {
  if (key === 'kind') return SEARCH_KINDS.indexOf(hit.kind);
  if (key === 'level') return hit.confidentiality ? CONFIDENTIALITY.indexOf(hit.confidentiality) : null;
  if (key === 'clientName') return hit.kind === 'client' ? null : hit.clientName;
  return hit[key];
};

interface Result {
  key: string;
  hits: SearchHit[];
  total: number;
  capped: boolean;
}

function HitStatus({ status }: { status: string | null }) {
  if (isClientStatus(status)) return <ClientStatusBadge status={status} />;
  if (isFileStatus(status)) return <StatusBadge status={status} />;
  return null;
}

/** One status filter group (client or file statuses) as checkboxes. */
function StatusChecks<S extends StatusValue>(props: {
  title: string;
  values: readonly S[];
  label(status: S): string;
  checked: StatusValue[];
  onChange(status: StatusValue[]): void;
}) {
  const { title, values, label, checked, onChange } = props;
  return (
    <div className="filter-subgroup" role="group" aria-label={title}>
      <span className="filter-subhead">{title}</span>
      {values.map((s) => (
        <label key={s} className="check">
          <input
            type="checkbox"
            checked={checked.includes(s)}
            onChange={(e) => onChange(toggle(checked, s, e.target.checked, STATUS_ORDER))}
            data-testid={`search-filter-status-${s}`}
          />
          <span>{label(s)}</span>
        </label>
      ))}
    </div>
  );
}

/** The full-page search: one query box, filters, and every kind of record ranked as the engine returns them. */
export function SearchScreen({ initialQuery }: { initialQuery: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [form, setForm] = useState<SearchForm>(() => emptyForm(initialQuery));
  const schemes = useActiveSchemes();
  const [locations, setLocations] = useState<LocationNode[]>([]);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [active, setActive] = useState(0);
  const request = useRef(0);

  const input = useMemo(() => searchInput(form), [form]);
  const key = input ? JSON.stringify(input) : '';
  // While an IME is composing, the query is not yet what the user means; otherwise every change asks at once.
  const [composing, setComposing] = useState(false);
  const [settledKey, setSettledKey] = useState(key);
  if (!composing && settledKey !== key) setSettledKey(key);
  const debouncedKey = settledKey;

  useEffect(() => {
    api
      .call('locations.tree', {})
      .then((tree) => setLocations(tree.nodes))
      .catch(() => setLocations([]));
  }, []);

  useEffect(() => {
    const id = ++request.current;
    if (!debouncedKey) {
      setResult(null);
      setError(null);
      return;
    }
    api
      .call('search.query', JSON.parse(debouncedKey) as NonNullable<ReturnType<typeof searchInput>>)
      .then((r) => {
        if (id !== request.current) return;
        setResult({ key: debouncedKey, ...r });
        setActive(0);
        setError(null);
      })
      .catch((err: unknown) => {
        if (id !== request.current) return;
        setError(err);
        setResult(null);
      });
  }, [debouncedKey]);

  const update = (patch: Partial<SearchForm>) => setForm((f) => ({ ...f, ...patch }));
  const choices = statusChoices(form.kinds);
  // Ranked as the engine returns them until a column header is chosen.
  const { sorted, sort, toggle: sortBy } = useSort<SearchHit, HitColumn>(result?.hits ?? null, hitValue);
  const hits = sorted ?? [];
  const searching = key !== '' && (result?.key !== key || key !== debouncedKey) && !error;
  const open = (hit: SearchHit) => go(hitTarget(hit, form.q.trim()));
  const columns = 7;
  // Files found can be chosen together (their labels printed); one file found twice counts once.
  // In the order shown (a Shift range runs down the sorted list).
  const fileKeys = useMemo(() => [...new Set((sorted ?? []).filter((h) => h.kind === 'file' && h.archiveNo).map((h) => h.archiveNo!))], [sorted]);
  const selection = useSelection(fileKeys);

  let summary: string | null = null;
  if (result && result.key === key) {
    if (result.hits.length === 0) summary = null;
    else if (result.total > result.hits.length && !result.capped) summary = t('ui.searchPage.shownOf', { total: result.total, shown: result.hits.length });
    else if (!result.capped) summary = t('ui.searchPage.count', { total: result.total, count: result.total });
  }

  return (
    <section className="screen search-page" aria-labelledby="search-title" data-testid="search-page">
      <div className="screen-head">
        <h1 id="search-title" className="screen-title">
          {t('ui.searchPage.title')}
        </h1>
      </div>
      <div className="search-query">
        <label htmlFor="search-page-input" className="visually-hidden">
          {t('ui.searchPage.query')}
        </label>
        <input
          id="search-page-input"
          type="search"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder={t('ui.searchPage.placeholder')}
          value={form.q}
          onChange={(e) => update({ q: e.target.value })}
          onCompositionStart={() => setComposing(true)}
          onCompositionEnd={(e) => {
            setComposing(false);
            update({ q: e.currentTarget.value });
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && hits.length) {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, hits.length - 1));
            } else if (e.key === 'ArrowUp' && hits.length) {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter' && !searching && hits[active]) {
              e.preventDefault();
              open(hits[active]);
            } else if (e.key === 'Escape') {
              update({ q: '' });
            }
          }}
          data-testid="search-input"
        />
      </div>
      <div className="search-layout">
        <aside className="search-filters card" aria-label={t('ui.searchPage.filters')}>
          <fieldset className="filter-group" data-testid="search-filter-kind">
            <legend>{t('ui.searchPage.kinds')}</legend>
            {SEARCH_KINDS.map((kind) => (
              <label key={kind} className="check">
                <input
                  type="checkbox"
                  checked={form.kinds.includes(kind)}
                  onChange={(e) => {
                    const kinds = toggle(form.kinds, kind, e.target.checked, SEARCH_KINDS);
                    update({ kinds, status: applicableStatus(form.status, kinds) });
                  }}
                  data-testid={`search-filter-kind-${kind}`}
                />
                <span className={`kind kind-${kind}`}>{t(`ui.search.kinds.${kind}`)}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="filter-group" data-testid="search-filter-status">
            <legend>{t('ui.searchPage.status')}</legend>
            {choices.client ? (
              <StatusChecks
                title={t('ui.searchPage.clientStatus')}
                values={CLIENT_STATUS}
                label={(s) => t(`enums.clientStatus.${s}`)}
                checked={form.status}
                onChange={(status) => update({ status })}
              />
            ) : null}
            {choices.file ? (
              <StatusChecks
                title={t('ui.searchPage.fileStatus')}
                values={FILE_STATUS}
                label={(s) => t(`enums.fileStatus.${s}`)}
                checked={form.status}
                onChange={(status) => update({ status })}
              />
            ) : null}
          </fieldset>
          <fieldset className="filter-group" data-testid="search-filter-confidentiality">
            <legend>{t('ui.searchPage.confidentiality')}</legend>
            <div className="filter-subgroup">
              {CONFIDENTIALITY.map((level) => (
                <label key={level} className="check">
                  <input
                    type="checkbox"
                    checked={form.confidentiality.includes(level)}
                    onChange={(e) => update({ confidentiality: toggle(form.confidentiality, level, e.target.checked, CONFIDENTIALITY) })}
                    data-testid={`search-filter-confidentiality-${level}`}
                  />
                  <span>{t(`enums.confidentiality.${level}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="filter-group">
            <label htmlFor="search-classification" className="filter-label">
              {t('ui.searchPage.classification')}
            </label>
            <ClassificationFilter
              id="search-classification"
              schemes={schemes}
              value={form.classificationValueId}
              onChange={(classificationValueId) => update({ classificationValueId })}
              anyLabel={t('ui.searchPage.anyClassification')}
              testId="search-filter-classification"
            />
          </div>
          <div className="filter-group">
            <label htmlFor="search-location" className="filter-label">
              {t('ui.searchPage.location')}
            </label>
            <select
              id="search-location"
              className="filter-select"
              value={form.locationId}
              onChange={(e) => update({ locationId: e.target.value })}
              aria-describedby="search-location-hint"
              data-testid="search-filter-location"
            >
              <option value="">{t('ui.searchPage.anyLocation')}</option>
              {locationOptions(locations).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
            <div className="field-hint" id="search-location-hint">
              {t('ui.searchPage.locationHint')}
            </div>
          </div>
          <div className="filter-group">
            <div className="filter-dates">
              <label className="filter-label">
                <span>{t('ui.searchPage.dateFrom')}</span>
                <input type="date" className="filter-select" value={form.dateFrom} onChange={(e) => update({ dateFrom: e.target.value })} data-testid="search-date-from" />
              </label>
              <label className="filter-label">
                <span>{t('ui.searchPage.dateTo')}</span>
                <input type="date" className="filter-select" value={form.dateTo} onChange={(e) => update({ dateTo: e.target.value })} data-testid="search-date-to" />
              </label>
            </div>
            <div className="field-hint">{t('ui.searchPage.dateHint')}</div>
          </div>
          {hasFilters(form) ? (
            <button type="button" className="btn btn-small" onClick={() => setForm((f) => emptyForm(f.q))} data-testid="search-clear-filters">
              {t('ui.searchPage.clearFilters')}
            </button>
          ) : null}
        </aside>
        <div className="search-main">
          <ErrorLine error={error} />
          {result?.capped && result.key === key ? (
            <div className="msg msg-warn" role="status" data-testid="search-capped">
              {t('ui.searchPage.capped', { shown: result.hits.length })}
            </div>
          ) : null}
          <div className="search-summary muted" aria-live="polite" data-testid="search-summary">
            {!key ? t('ui.searchPage.prompt') : searching ? t('ui.searchPage.searching') : summary}
          </div>
          {key && fileKeys.length > 0 ? <SelectionBar selection={selection} /> : null}
          {key ? (
            <table className="table table-fixed search-table" data-testid="search-table" aria-busy={searching}>
              <colgroup>
                <col style={{ width: 36 }} />
                <col style={{ width: 86 }} />
                <col />
                <col style={{ width: 152 }} />
                <col style={{ width: '21%' }} />
                <col style={{ width: 156 }} />
                <col style={{ width: 104 }} />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col" className="select-cell">
                    {fileKeys.length > 0 ? <SelectAllBox selection={selection} /> : null}
                  </th>
                  <SortHeader label={t('ui.searchPage.kind')} column="kind" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.searchPage.label')} column="label" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.fields.archiveNo')} column="archiveNo" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.fields.client')} column="clientName" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.searchPage.badges')} column="level" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.searchPage.date')} column="date" sort={sort} onSort={sortBy} />
                </tr>
              </thead>
              <tbody className={searching ? 'stale' : undefined}>
                {result && result.hits.length === 0 && !searching ? (
                  <tr className="table-state">
                    <td colSpan={columns} data-testid="search-none">
                      {t('ui.searchPage.none')}
                    </td>
                  </tr>
                ) : null}
                {hits.map((hit, i) => (
                  <tr
                    key={hitKey(hit)}
                    className={`clickable${i === active ? ' active-row' : ''}`}
                    onClick={() => open(hit)}
                    onMouseEnter={() => setActive(i)}
                    data-testid="search-result"
                    data-kind={hit.kind}
                    data-confidentiality={hit.confidentiality ?? ''}
                  >
                    <td className="select-cell">{hit.kind === 'file' && hit.archiveNo ? <SelectBox selection={selection} id={hit.archiveNo} label={hit.archiveNo} /> : null}</td>
                    <td className="nowrap">
                      <span className={`kind kind-${hit.kind}`}>{t(`ui.search.kinds.${hit.kind}`)}</span>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link hit-link"
                        title={t('ui.searchPage.open', { label: hit.label })}
                        onClick={(e) => {
                          e.stopPropagation();
                          open(hit);
                        }}
                      >
                        {hit.label}
                      </button>
                    </td>
                    <td className="mono ellipsis">{hit.archiveNo ?? ''}</td>
                    <td className="ellipsis" title={hit.clientName}>
                      {hit.kind === 'client' ? <span className="muted">{t('ui.common.dash')}</span> : hit.clientName}
                    </td>
                    <td className="hit-badges">
                      {hit.confidentiality ? <ConfidentialityBadge level={hit.confidentiality} /> : null}
                      <HitStatus status={hit.status} />
                    </td>
                    <td className="nowrap">{hit.date ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
    </section>
  );
}
