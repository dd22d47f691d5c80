import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail, Hold, Incident } from '../../../shared/contract.js';
import { api } from '../api.js';
import './ReturnPanel.css';

type Mark = 'present' | 'missing' | 'damaged';
const MARKS: Mark[] = ['present', 'missing', 'damaged'];
/** Sent by the desk to a row whose digit turned out to be a scan's first key: the mark it set is taken back. */
export const UNDO_MARK_EVENT = 'dossier:undo-mark';

export interface ReturnOutcome {
  archiveNo: string;
  fileTitle: string;
  borrower: string;
  dueDate: string | null;
  returnedLate: boolean;
  incidents: Incident[];
  holdReady: Hold | null;
  locationPath: string | null;
}

/**
 * The completeness check at return (归还清点): the contents list with each item present, missing
 * or damaged, a note, and one key to confirm. Enter on the confirm button (focused first)
 * returns a complete file; Space on a row cycles its mark, 1/2/3 set it, arrows move between rows
 * (a scan typed on a row is still a scan: the desk takes a digit back when a burst follows it). A file being read in the room is ended the same way.
 */
export function ReturnPanel({
  file,
  reading,
  onReturned,
  onCancel,
  onError,
  confirmRef,
}: {
  file: FileDetail;
  /** The open entry is an in-room reading (no loan is shown for it). */
  reading: boolean;
  onReturned: (outcome: ReturnOutcome) => void;
  onCancel: () => void;
  onError: (err: unknown) => void;
  confirmRef?: React.Ref<HTMLButtonElement>;
}) {
  const { t } = useTranslation();
  const [marks, setMarks] = useState<Record<number, Mark>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const form = useRef<HTMLFormElement>(null);
  const lastDigit = useRef<{ seq: number; before: Mark } | null>(null);
  useEffect(() => {
    const el = form.current;
    const undo = () => {
      const last = lastDigit.current;
      lastDigit.current = null;
      if (last) setMarks((m) => ({ ...m, [last.seq]: last.before }));
    };
    el?.addEventListener(UNDO_MARK_EVENT, undo);
    return () => el?.removeEventListener(UNDO_MARK_EVENT, undo);
  }, []);
  const items = file.items;
  const marked = items.filter((i) => (marks[i.seq] ?? 'present') !== 'present');

  function setMark(seq: number, mark: Mark) {
    setMarks((m) => ({ ...m, [seq]: mark }));
  }

  function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, index: number, seq: number) {
    const current = marks[seq] ?? 'present';
    lastDigit.current = null;
    if (e.key === ' ') setMark(seq, MARKS[(MARKS.indexOf(current) + 1) % MARKS.length]!);
    else if (e.key === '1' || e.key === '2' || e.key === '3') {
      lastDigit.current = { seq, before: current };
      setMark(seq, MARKS[Number(e.key) - 1]!);
    } else if (e.key === 'ArrowDown') rows.current[index + 1]?.focus();
    else if (e.key === 'ArrowUp') rows.current[index - 1]?.focus();
    else if (e.key === 'Escape') onCancel();
    else return;
    e.preventDefault();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const check = {
      archiveNo: file.archiveNo,
      missing: items.filter((i) => marks[i.seq] === 'missing').map((i) => i.seq),
      damaged: items.filter((i) => marks[i.seq] === 'damaged').map((i) => i.seq),
      note,
    };
    try {
      if (reading) {
        const r = await api.call('loans.endReading', check);
        onReturned({
          archiveNo: r.archiveNo,
          fileTitle: r.fileTitle,
          borrower: r.reader,
          dueDate: null,
          returnedLate: false,
          incidents: r.incidents,
          holdReady: r.holdReady,
          locationPath: r.locationPath,
        });
      } else {
        const r = await api.call('loans.return', check);
        const late = r.returnedAt !== null && r.dueDate < r.returnedAt.slice(0, 10);
        onReturned({
          archiveNo: r.archiveNo,
          fileTitle: r.fileTitle,
          borrower: r.borrower,
          dueDate: r.dueDate,
          returnedLate: late,
          incidents: r.incidents,
          holdReady: r.holdReady,
          locationPath: r.locationPath,
        });
      }
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="return-panel" onSubmit={submit} data-testid="return-panel" aria-label={t('ui.circulation.check.title')}>
      <h2 className="section-title">{reading ? t('ui.circulation.check.titleReading') : t('ui.circulation.check.title')}</h2>
      <div className="return-actions">
        <button
          ref={confirmRef}
          type="submit"
          className="btn btn-primary btn-large"
          disabled={busy}
          data-testid="return-button"
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        >
          {busy ? t('ui.common.busy') : marked.length === 0 ? t('ui.circulation.check.confirmComplete') : t('ui.circulation.check.confirmMarked', { count: marked.length })}
        </button>
        <span className="muted small">{t('ui.circulation.check.keys')}</span>
      </div>
      {items.length === 0 ? (
        <p className="muted" data-testid="return-no-items">
          {t('ui.circulation.check.noItems')}
        </p>
      ) : (
        <div className="return-items">
          <table className="table table-compact" data-testid="return-items">
            <thead>
              <tr>
                <th>{t('ui.circulation.check.seq')}</th>
                <th>{t('ui.circulation.check.itemTitle')}</th>
                <th>{t('ui.circulation.check.pages')}</th>
                <th>{t('ui.circulation.check.state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => {
                const mark = marks[item.seq] ?? 'present';
                return (
                  <tr
                    key={item.id}
                    ref={(el) => {
                      rows.current[index] = el;
                    }}
                    tabIndex={0}
                    className={`return-row return-${mark}`}
                    onKeyDown={(e) => onRowKey(e, index, item.seq)}
                    data-testid="return-item"
                    data-seq={item.seq}
                    data-mark={mark}
                    data-own-space
                    data-own-digits
                    aria-label={`${item.seq} ${item.title}: ${t(`ui.circulation.check.mark.${mark}`)}`}
                  >
                    <td className="mono">{item.seq}</td>
                    <td>{item.title}</td>
                    <td className="nowrap">{item.pages}</td>
                    <td>
                      <select
                        value={mark}
                        onChange={(e) => setMark(item.seq, e.target.value as Mark)}
                        tabIndex={-1}
                        aria-label={t('ui.circulation.check.state')}
                        data-testid="return-item-mark"
                      >
                        {MARKS.map((m) => (
                          <option key={m} value={m}>
                            {t(`ui.circulation.check.mark.${m}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <label className="field return-note">
        <span>{t('ui.circulation.check.note')}</span>
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="return-note" onKeyDown={(e) => e.key === 'Escape' && onCancel()} />
      </label>
    </form>
  );
}
