import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail, Loan, Reading } from '../../../shared/contract.js';
import { looksLikeArchiveNo, normalizeArchiveNo } from '../../../shared/domain/archiveNo.js';
import { api } from '../api.js';
import { LendForm } from '../components/LendForm.js';
import { ReturnPanel, UNDO_MARK_EVENT } from '../components/ReturnPanel.js';
import type { ReturnOutcome } from '../components/ReturnPanel.js';
import { DeskDashboard } from '../components/DeskDashboard.js';
import { ActionFeedback, ConfidentialityBadge, OverdueBadge, StatusBadge } from '../components/ui.js';
import { formatDateTime, returnedLate } from '../format.js';
import { useAction, useCan } from '../hooks.js';
import type { Notice } from '../hooks.js';
import { useDesk } from '../stores/desk.js';
import { useSettings } from '../stores/settings.js';
import './Circulation.css';

/** Keys closer together than this are one burst (a scanner's, through a busy event loop); the text's shape decides the rest. */
export const BURST_GAP_MS = 100;
/**
 * A pause that ends a burst. A scanner's keys come a few ms apart, but a busy computer can
 * deliver some late (up to 230 ms apart measured here under load): a burst is judged by its
 * average pace (BURST_GAP_MS a key at most), not by its slowest key.
 */
const BURST_PAUSE_MS = 400;
const MIN_SCAN_LENGTH = 4;
/**
 * A key this soon after a digit on a return-check row makes the digit a scan's first key. Scanner
 * keys arrive a few ms apart (up to 230 ms under load here); a person's next key on the same row
 * comes later than that, and moving to another row (an arrow) ends the wait.
 */
const ROW_DIGIT_BURST_MS = 250;

/** Sets an input's value so React's onChange sees it (a controlled input ignores a plain assignment). */
function setInputValue(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function isEditable(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement {
  return (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)) || target instanceof HTMLTextAreaElement;
}

function returnedNotice(returned: Loan): Notice {
  const params = { archiveNo: returned.archiveNo, title: returned.fileTitle, borrower: returned.borrower, dueDate: returned.dueDate };
  return (tt) => (returnedLate(returned) ? tt('ui.circulation.returnedOverdue', params) : tt('ui.circulation.returnedOk', params));
}

/**
 * Koha-style desk: scan → file → Enter lends or returns → back to the scan input. Every scan
 * (a fast burst ending in Enter) starts a fresh lookup wherever focus is, scans queue up in
 * order rather than being dropped, and with "return on scan" a file on loan is returned by the
 * scan itself.
 */
export function CirculationScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const [code, setCode] = useState('');
  const [file, setFile] = useState<FileDetail | null>(null);
  /** The open in-room reading of the file shown (it is out, yet not on loan). */
  const [reading, setReading] = useState<Reading | null>(null);
  const [looking, setLooking] = useState(0);
  const [missing, setMissing] = useState(false);
  const desk = useAction();
  const { setError, setNotice } = desk;
  const recent = useDesk((s) => s.recent);
  const record = useDesk((s) => s.record);
  const recordReading = useDesk((s) => s.recordReading);
  const returnOnScan = useDesk((s) => s.returnOnScan);
  const setReturnOnScan = useDesk((s) => s.setReturnOnScan);
  const settings = useSettings((s) => s.settings);
  const scanRef = useRef<HTMLInputElement>(null);
  const returnRef = useRef<HTMLButtonElement>(null);
  const queue = useRef<string[]>([]);
  const draining = useRef(false);
  const burst = useRef<{ target: EventTarget; before: string; text: string; start: number; last: number } | null>(null);
  const lastKeyAt = useRef(0);
  /** A digit pressed on a row of the return check: the row's mark, unless it was a scan's first key. */
  const rowDigit = useRef<{ row: Element; key: string; at: number } | null>(null);

  const mayCirculate = can('loans.lend');

  // What a queued scan does is decided when it is handled, by the latest mode and rights.
  const latest = useRef({ returnOnScan, mayCirculate });
  useLayoutEffect(() => {
    latest.current = { returnOnScan, mayCirculate };
  });

  useEffect(() => {
    void useSettings.getState().load();
  }, []);

  /** Focus follows the file shown, unless the next scan is already being typed. */
  function idleForFocus(): boolean {
    return !scanRef.current?.value && queue.current.length === 0;
  }

  useEffect(() => {
    if (!file || !mayCirculate || !idleForFocus()) return;
    if (file.status === 'on_loan' && (!returnOnScan || !file.currentLoan)) returnRef.current?.focus();
    if (file.status === 'in_stock') document.querySelector<HTMLInputElement>('[data-testid="borrower-input"]')?.focus();
  }, [file, mayCirculate, returnOnScan]);

  function backToScan() {
    setCode('');
    setFile(null);
    setReading(null);
    scanRef.current?.focus();
  }

  async function giveBack(target: FileDetail): Promise<boolean> {
    try {
      const returned = await api.call('loans.return', { archiveNo: target.archiveNo });
      setNotice(returnedNotice(returned));
      record('returned', returned);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }

  async function handleScan(archiveNo: string) {
    setNotice(null);
    setError(null);
    setLooking((n) => n + 1);
    try {
      const found = await api.call('files.get', { archiveNo });
      // A reading is ended through the return check even in "return on scan" mode.
      if (found.status === 'on_loan' && found.currentLoan && latest.current.returnOnScan && latest.current.mayCirculate) {
        setFile(null);
        await giveBack(found);
        return;
      }
      const open =
        found.status === 'on_loan' && !found.currentLoan ? (await api.call('loans.readings', { open: true, limit: 5000 })).find((r) => r.archiveNo === found.archiveNo) : undefined;
      setReading(open ?? null);
      setFile(found);
    } catch (err) {
      setFile(null);
      setError(err);
    } finally {
      setLooking((n) => n - 1);
    }
  }

  /** Scans are handled one after the other, in the order they arrived. */
  function enqueue(raw: string) {
    const archiveNo = normalizeArchiveNo(raw);
    if (!archiveNo) return;
    setMissing(false);
    queue.current.push(archiveNo);
    if (draining.current) return;
    draining.current = true;
    void (async () => {
      try {
        while (queue.current.length) await handleScan(queue.current.shift()!);
      } finally {
        draining.current = false;
      }
    })();
  }

  function lookup(e: FormEvent) {
    e.preventDefault();
    const typed = scanRef.current?.value ?? code;
    if (!typed.trim()) {
      setMissing(true);
      scanRef.current?.focus();
      return;
    }
    // Cleared at once: the next scan's characters start a new number.
    setCode('');
    enqueue(typed);
  }

  // Scanner input wherever focus is: characters typed outside any field go to the scan box, and a
  // burst shaped like an archive number ending in Enter in another field is a scan, not that field's text.
  useEffect(() => {
    function onKeyDown(e: globalThis.KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.key === 'Process') return;
      const scan = scanRef.current;
      if (!scan || document.querySelector('dialog[open]')) return;
      const now = performance.now();
      const sinceLast = now - lastKeyAt.current;
      lastKeyAt.current = now;
      const target = e.target;
      if (target === scan) {
        burst.current = null;
        return;
      }
      // Space on a row of the return check is that row's (it changes the item's mark); scanners type no spaces.
      if (e.key === ' ' && target instanceof Element && target.closest('[data-own-space]')) return;
      // 1/2/3 on a row of the return check mark the item (the row handles the key). A key following
      // it at a scanner's pace means it was the first character of a scan: the row's mark is put
      // back and both characters go to the scan box, so a scanned number is never lost.
      const pending = rowDigit.current;
      rowDigit.current = null;
      if (pending && e.key.length === 1 && now - pending.at <= ROW_DIGIT_BURST_MS) {
        e.preventDefault();
        pending.row.dispatchEvent(new CustomEvent(UNDO_MARK_EVENT, { bubbles: true }));
        scan.focus();
        setInputValue(scan, pending.key + e.key);
        return;
      }
      const row = target instanceof Element ? target.closest('[data-own-digits]') : null;
      if (row && /^[1-3]$/.test(e.key) && !scan.value) {
        rowDigit.current = { row, key: e.key, at: now };
        return;
      }
      if (!isEditable(target)) {
        if (e.key.length === 1) {
          e.preventDefault();
          scan.focus();
          setInputValue(scan, scan.value + e.key);
        } else if (e.key === 'Enter' && scan.value && sinceLast <= BURST_GAP_MS * 3) {
          // The Enter of a scan whose characters went to the scan box: never the focused button's.
          e.preventDefault();
          scan.form?.requestSubmit();
        }
        return;
      }
      if (e.key.length === 1) {
        const b = burst.current;
        if (!b || b.target !== target || sinceLast > BURST_PAUSE_MS) burst.current = { target, before: target.value, text: e.key, start: now, last: now };
        else {
          b.text += e.key;
          b.last = now;
        }
        return;
      }
      if (e.key === 'Enter') {
        const b = burst.current;
        burst.current = null;
        const scanned = b && b.target === target && now - b.last <= BURST_PAUSE_MS && b.text.length >= MIN_SCAN_LENGTH && (b.last - b.start) / (b.text.length - 1) <= BURST_GAP_MS;
        if (scanned && looksLikeArchiveNo(b.text, settings ? [settings.archiveNoPattern] : [])) {
          e.preventDefault();
          e.stopPropagation();
          setInputValue(target, b.before);
          scan.focus();
          enqueue(b.text);
          return;
        }
        // A card or staff number scanned into another field of the lend form (purpose, signer) is the
        // borrower, never that field's text: if the register knows it, it moves to the borrower field
        // and the form is sent as a scan there would be; if not, the Enter does what it would have.
        const form = target.closest('form');
        const borrower = form?.querySelector<HTMLInputElement>('[data-testid="borrower-input"]');
        if (scanned && form && borrower && borrower !== target && form.matches('[data-testid="lend-form"]')) {
          e.preventDefault();
          e.stopPropagation();
          const { before, text } = b;
          void api.call('people.get', { person: text }).then(
            () => {
              setInputValue(target, before);
              setInputValue(borrower, text);
              borrower.focus();
              // After React has taken the two values in (the form sends what its state holds).
              setTimeout(() => form.requestSubmit(), 0);
            },
            () => form.requestSubmit(),
          );
        }
      }
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  });

  function onScanKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      setError(null);
      setNotice(null);
      setMissing(false);
      backToScan();
    }
  }

  function lent(loan: Loan) {
    setNotice((tt) => tt('ui.circulation.lentOk', { archiveNo: loan.archiveNo, title: loan.fileTitle, borrower: loan.borrower, dueDate: loan.dueDate }));
    record('lent', loan);
    backToScan();
  }

  function readStarted(started: Reading) {
    setNotice((tt) => tt('ui.circulation.readStarted', { archiveNo: started.archiveNo, title: started.fileTitle, reader: started.reader }));
    recordReading('read', started);
    backToScan();
  }

  /** After the return check: what was recorded, where the file goes, and who is waiting for it. */
  function checkedReturn(outcome: ReturnOutcome) {
    const params = { archiveNo: outcome.archiveNo, title: outcome.fileTitle, borrower: outcome.borrower, reader: outcome.borrower, dueDate: outcome.dueDate ?? '' };
    const ended = file && !file.currentLoan;
    setNotice((tt) =>
      [
        ended ? tt('ui.circulation.readEnded', params) : outcome.returnedLate ? tt('ui.circulation.returnedOverdue', params) : tt('ui.circulation.returnedOk', params),
        outcome.incidents.length
          ? tt('ui.circulation.check.incidents', {
              count: outcome.incidents.length,
              items: outcome.incidents
                .map((i) => tt('ui.circulation.check.itemLine', { seq: i.itemSeq ?? '', title: i.itemTitle ?? '', kind: tt(`enums.incidentKind.${i.kind}`) }))
                .join(tt('ui.circulation.check.listSep')),
            })
          : '',
        outcome.locationPath ? tt('ui.circulation.check.shelveAt', { path: outcome.locationPath }) : '',
        outcome.holdReady ? tt('ui.circulation.check.holdReady', { person: outcome.holdReady.person }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    const current = file?.currentLoan;
    if (current) record('returned', { ...current, returnedAt: new Date().toISOString() });
    else if (reading) recordReading('readEnded', { ...reading, endedAt: new Date().toISOString() });
    backToScan();
  }

  const loan = file?.currentLoan ?? null;

  return (
    <section className="screen circulation" aria-labelledby="circulation-title">
      <h1 id="circulation-title" className="screen-title">
        {t('ui.circulation.title')}
      </h1>
      <form className="scan-form" onSubmit={lookup} role="search">
        <label htmlFor="scan-input" className="scan-label">
          {t('ui.circulation.scanLabel')}
        </label>
        <div className="scan-row">
          <input
            id="scan-input"
            ref={scanRef}
            className="scan-input"
            type="text"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder={t('ui.circulation.scanPlaceholder')}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setMissing(false);
            }}
            onKeyDown={onScanKey}
            aria-describedby="scan-hint"
            aria-invalid={missing || undefined}
            data-testid="scan-input"
          />
          <button type="submit" className="btn btn-primary btn-large">
            {looking ? t('ui.circulation.looking') : t('ui.circulation.lookup')}
          </button>
        </div>
        {missing ? (
          <div id="scan-hint" className="field-problem" data-testid="scan-missing">
            {t('ui.circulation.scanMissing')}
          </div>
        ) : (
          <div id="scan-hint" className="field-hint">
            {t('ui.circulation.scanHint')}
          </div>
        )}
        {mayCirculate ? (
          <label className="check return-mode" title={t('ui.circulation.returnModeHint')}>
            <input type="checkbox" checked={returnOnScan} onChange={(e) => setReturnOnScan(e.target.checked)} data-testid="return-on-scan" />
            <span>{t('ui.circulation.returnMode')}</span>
            <span className="muted small">{t('ui.circulation.returnModeHint')}</span>
          </label>
        ) : null}
      </form>

      <div className="desk-feedback" aria-live="polite">
        <ActionFeedback action={desk} />
      </div>

      {file ? (
        <div className={`card file-card file-card-${file.status}`} data-testid="file-card">
          <div className="file-card-head">
            <span className="archive-no" data-testid="file-archive-no">
              {file.archiveNo}
            </span>
            {file.status === 'on_loan' && !loan ? (
              <span className="badges">
                <span className="badge badge-reading" data-testid="status-badge">
                  {t('ui.circulation.readingTitle')}
                </span>
              </span>
            ) : (
              <StatusBadge status={file.status} overdue={loan?.overdue ?? false} />
            )}
            <ConfidentialityBadge level={file.confidentiality} />
          </div>
          <div className="file-card-title" data-testid="file-title">
            {file.title}
          </div>
          <dl className="facts">
            <dt>{t('ui.fields.client')}</dt>
            <dd>{file.clientName}</dd>
            <dt>{t('ui.fields.retention')}</dt>
            <dd>{t(`enums.retention.${file.retention}`)}</dd>
            {loan ? (
              <>
                <dt>{t('ui.fields.borrower')}</dt>
                <dd data-testid="loan-borrower">{loan.borrower}</dd>
                <dt>{t('ui.fields.lentAt')}</dt>
                <dd>{formatDateTime(loan.lentAt)}</dd>
                <dt>{t('ui.fields.dueDate')}</dt>
                <dd data-testid="loan-due-date">
                  {loan.dueDate} {loan.overdue ? <OverdueBadge /> : null}
                </dd>
                {loan.purpose ? (
                  <>
                    <dt>{t('ui.fields.purpose')}</dt>
                    <dd>{loan.purpose}</dd>
                  </>
                ) : null}
              </>
            ) : null}
            {reading ? (
              <>
                <dt>{t('ui.circulation.reader')}</dt>
                <dd data-testid="reading-reader">{reading.reader}</dd>
                <dt>{t('ui.circulation.readingSince')}</dt>
                <dd>{formatDateTime(reading.startedAt)}</dd>
                {reading.purpose ? (
                  <>
                    <dt>{t('ui.fields.purpose')}</dt>
                    <dd>{reading.purpose}</dd>
                  </>
                ) : null}
              </>
            ) : null}
          </dl>
          {!mayCirculate ? (
            <p className="muted">{t('ui.circulation.readOnly')}</p>
          ) : file.status === 'in_stock' ? (
            <div className="desk-action">
              <h2 className="section-title">{t('ui.circulation.lendTitle')}</h2>
              <LendForm
                key={file.id}
                archiveNo={file.archiveNo}
                confidentiality={file.confidentiality}
                submitLabel={t('ui.circulation.lend')}
                onLent={lent}
                onRead={readStarted}
                autoFocus={false}
              />
            </div>
          ) : (
            <div className="desk-action">
              <ReturnPanel key={file.id} file={file} reading={!loan} confirmRef={returnRef} onReturned={checkedReturn} onCancel={backToScan} onError={setError} />
            </div>
          )}
        </div>
      ) : (
        <>
          <div className="desk-idle muted">{t('ui.circulation.idle')}</div>
          <DeskDashboard version={recent.length} />
        </>
      )}

      {recent.length ? (
        <div className="recent">
          <h2 className="section-title">{t('ui.circulation.recent')}</h2>
          <table className="table table-compact" data-testid="recent-table">
            <tbody>
              {recent.map((r) =>
                'loan' in r ? (
                  <tr key={`${r.loan.id}-${r.kind}`} data-testid="recent-row" data-kind={r.kind} data-archive-no={r.loan.archiveNo}>
                    <td className="nowrap">{formatDateTime(r.at)}</td>
                    <td>
                      <span className={`badge ${r.kind === 'lent' ? 'badge-on_loan' : 'badge-in_stock'}`}>
                        {r.kind === 'lent' ? t('ui.circulation.recentLent') : t('ui.circulation.recentReturned')}
                      </span>
                    </td>
                    <td className="mono nowrap">{r.loan.archiveNo}</td>
                    <td>{r.loan.fileTitle}</td>
                    <td>{r.loan.borrower}</td>
                    <td className="nowrap">{r.kind === 'lent' ? r.loan.dueDate : returnedLate(r.loan) ? <OverdueBadge /> : null}</td>
                  </tr>
                ) : (
                  <tr key={`${r.reading.id}-${r.kind}`} data-testid="recent-row" data-kind={r.kind} data-archive-no={r.reading.archiveNo}>
                    <td className="nowrap">{formatDateTime(r.at)}</td>
                    <td>
                      <span className={`badge ${r.kind === 'read' ? 'badge-reading' : 'badge-in_stock'}`}>
                        {r.kind === 'read' ? t('ui.circulation.recentRead') : t('ui.circulation.recentReadEnded')}
                      </span>
                    </td>
                    <td className="mono nowrap">{r.reading.archiveNo}</td>
                    <td>{r.reading.fileTitle}</td>
                    <td>{r.reading.reader}</td>
                    <td className="nowrap" />
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
