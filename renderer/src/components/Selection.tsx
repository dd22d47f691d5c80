/**
 * Choosing several files in a list (the client's files, search results, a location's files)
 * to act on them together, first of all to print their labels: a checkbox per row (Space
 * toggles it, Shift+click or Shift+Space takes the range from the last one toggled), one in
 * the header for all shown, and a bar naming how many are chosen with the actions.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LabelPrintButton } from './LabelPrint.js';
import './Selection.css';

export interface Selection {
  /** The chosen keys in the list's order. */
  keys: string[];
  count: number;
  has(key: string): boolean;
  /** Toggles `key`; with `range`, sets every key from the last one toggled to this one as this one becomes. */
  toggle(key: string, range: boolean): void;
  setAll(on: boolean): void;
  clear(): void;
  /** How many of the list's rows can be chosen. */
  total: number;
}

/** `keys`: the rows that can be chosen, in display order. A key that leaves the list leaves the selection. */
export function useSelection(keys: readonly string[]): Selection {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const listed = useMemo(() => new Set(keys), [keys]);

  // A new search or another location: what is no longer shown is no longer chosen.
  useEffect(() => {
    setChosen((prev) => {
      const kept = [...prev].filter((k) => listed.has(k));
      return kept.length === prev.size ? prev : new Set(kept);
    });
  }, [listed]);

  const toggle = useCallback(
    (key: string, range: boolean) => {
      // Read the anchor now: the state updater below may run after it has moved on.
      const from = range && anchor.current !== null ? keys.indexOf(anchor.current) : -1;
      const to = keys.indexOf(key);
      anchor.current = key;
      setChosen((prev) => {
        const next = new Set(prev);
        const on = !prev.has(key);
        if (from >= 0 && to >= 0) {
          for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
            if (on) next.add(keys[i]!);
            else next.delete(keys[i]!);
          }
        } else if (on) next.add(key);
        else next.delete(key);
        return next;
      });
    },
    [keys],
  );

  return useMemo(() => {
    const ordered = keys.filter((k) => chosen.has(k));
    return {
      keys: ordered,
      count: ordered.length,
      total: keys.length,
      has: (key: string) => chosen.has(key),
      toggle,
      setAll: (on: boolean) => {
        anchor.current = null;
        setChosen(on ? new Set(keys) : new Set());
      },
      clear: () => {
        anchor.current = null;
        setChosen(new Set());
      },
    };
  }, [keys, chosen, toggle]);
}

/** The header cell's checkbox: all shown rows, or none; mixed while some are chosen. */
export function SelectAllBox({ selection, testId = 'select-all' }: { selection: Selection; testId?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const all = selection.total > 0 && selection.count === selection.total;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = selection.count > 0 && !all;
  }, [selection.count, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="select-box"
      checked={all}
      disabled={selection.total === 0}
      onChange={() => selection.setAll(!all)}
      aria-label={t('ui.selection.all')}
      data-testid={testId}
    />
  );
}

/** A row's checkbox. Its clicks (and Space, which clicks it) never reach the row (rows open the file on click). */
export function SelectBox({ selection, id, label }: { selection: Selection; id: string; label: string }) {
  const { t } = useTranslation();
  return (
    <input
      type="checkbox"
      className="select-box"
      checked={selection.has(id)}
      // The click carries Shift (a range); React wants a change handler for a controlled box.
      onChange={() => undefined}
      onClick={(e) => {
        e.stopPropagation();
        selection.toggle(id, e.shiftKey);
      }}
      onKeyDown={(e) => {
        // Space clicks a checkbox by itself; Enter would otherwise open the row.
        if (e.key === 'Enter') e.stopPropagation();
      }}
      aria-label={t('ui.selection.one', { label })}
      data-testid="select-row"
      data-key={id}
    />
  );
}

/** How many are chosen, and what can be done with them: print their labels, or let go of them. */
export function SelectionBar({ selection, children, testId = 'selection-bar' }: { selection: Selection; children?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="selection-bar" data-testid={testId} data-count={selection.count}>
      <span className="selection-count" role="status">
        {selection.count > 0 ? t('ui.selection.count', { count: selection.count }) : t('ui.selection.hint')}
      </span>
      {selection.count > 0 ? (
        <>
          <LabelPrintButton
            selection={{ archiveNos: selection.keys }}
            count={selection.count}
            label={t('ui.selection.printLabels', { count: selection.count })}
            className="btn btn-small btn-primary"
            testId="selection-labels-button"
          />
          {children}
          <button type="button" className="btn btn-small" onClick={selection.clear} data-testid="selection-clear">
            {t('ui.selection.clear')}
          </button>
        </>
      ) : null}
    </div>
  );
}
