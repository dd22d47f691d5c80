import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/ops/search.js';
import { api } from '../api.js';
import { useNav } from '../stores/nav.js';
import type { View } from '../stores/nav.js';
import './GlobalSearch.css';

/** Where a hit leads: a client hit to the client, a file or item hit to its file. */
export function hitTarget(hit: SearchHit, q?: string): View {
  if (hit.kind === 'scan' && hit.archiveNo) return { name: 'file', archiveNo: hit.archiveNo, scanId: hit.id, ...(q ? { q } : {}) };
  if (hit.kind !== 'client' && hit.archiveNo) return { name: 'file', archiveNo: hit.archiveNo };
  return { name: 'client', id: hit.clientId };
}

/** The second line of a hit: archive number, client, date (whichever apply). */
export function hitDetails(hit: SearchHit): string {
  return [hit.kind === 'client' ? null : hit.archiveNo, hit.kind === 'client' ? null : hit.clientName, hit.date].filter(Boolean).join(' · ');
}

/** The one search box in the header (Ctrl+K): clients, files and contents-list items. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [q, setQ] = useState('');
  // While an IME is composing, the text is not yet what the user means: no search, no results.
  const [composing, setComposing] = useState(false);
  // Every change asks at once; an answer to an older query is dropped when it arrives late.
  const debounced = composing ? '' : q.trim();
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [total, setTotal] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const request = useRef(0);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const id = ++request.current;
    if (!debounced) {
      setHits(null);
      return;
    }
    api
      .call('search.query', { q: debounced, limit: 30 })
      .then((result) => {
        if (id !== request.current) return;
        setHits(result.hits);
        setTotal(result.total);
        setActive(0);
      })
      .catch(() => {
        if (id === request.current) setHits([]);
      });
  }, [debounced]);

  /** The search page with this query (Enter with no hit selected, Shift+Enter, or the last row). */
  function openSearchPage() {
    go({ name: 'search', q: q.trim() });
    setOpen(false);
    setQ('');
    setHits(null);
    inputRef.current?.blur();
  }

  function choose(hit: SearchHit) {
    go(hitTarget(hit, q));
    setOpen(false);
    setQ('');
    setHits(null);
    inputRef.current?.blur();
  }

  const shown = open && !composing && q.trim() !== '' && hits !== null;
  return (
    <div className="global-search" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}>
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-expanded={shown}
        aria-controls="global-search-results"
        aria-label={t('ui.search.label')}
        placeholder={t('ui.search.placeholder')}
        autoComplete="off"
        spellCheck={false}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onCompositionStart={() => setComposing(true)}
        onCompositionEnd={(e) => {
          setComposing(false);
          setQ(e.currentTarget.value);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setQ('');
            setOpen(false);
          } else if (e.key === 'ArrowDown' && hits?.length) {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp' && hits?.length) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && !e.shiftKey && open && debounced === q.trim() && hits?.[active]) {
            e.preventDefault();
            choose(hits[active]);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            openSearchPage();
          }
        }}
        data-testid="global-search"
      />
      <kbd className="global-search-kbd" aria-hidden="true">
        Ctrl+K
      </kbd>
      {shown ? (
        <ul className="search-results" id="global-search-results" role="listbox" data-testid="search-results">
          {hits.length === 0 ? <li className="search-empty muted">{t('ui.search.none')}</li> : null}
          {hits.map((hit, i) => (
            <li
              key={`${hit.kind}-${hit.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(hit)}
              data-testid="search-hit"
              data-kind={hit.kind}
            >
              <span className={`kind kind-${hit.kind}`}>{t(`ui.search.kinds.${hit.kind}`)}</span>
              <span className="hit-main">
                <span className="hit-label">{hit.label}</span>
                <span className="hit-sub muted">{hitDetails(hit)}</span>
              </span>
            </li>
          ))}
          {hits.length > 0 && total > hits.length ? <li className="search-more muted">{t('ui.search.more', { shown: hits.length, total })}</li> : null}
          <li className="search-all" onMouseDown={(e) => e.preventDefault()} onClick={openSearchPage} data-testid="search-all">
            {t('ui.search.allResults')} <kbd>Shift+Enter</kbd>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
