import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail, Loan } from '../../../shared/contract.js';
import { api } from '../api.js';
import { LendForm } from '../components/LendForm.js';
import { ActionFeedback, ConfidentialityBadge, OverdueBadge, StatusBadge } from '../components/ui.js';
import { formatDateTime, returnedLate } from '../format.js';
import { useAction, useCan } from '../hooks.js';
import './Circulation.css';

interface RecentEntry {
  kind: 'lent' | 'returned';
  loan: Loan;
  at: string;
}

/** Koha-style desk: scan → file → Enter lends or returns → back to the scan input. */
export function CirculationScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const [code, setCode] = useState('');
  const [file, setFile] = useState<FileDetail | null>(null);
  const desk = useAction();
  const { busy, setError, setNotice } = desk;
  const [recent, setRecent] = useState<RecentEntry[]>([]);
  const scanRef = useRef<HTMLInputElement>(null);
  const returnRef = useRef<HTMLButtonElement>(null);

  const mayCirculate = can('loans.lend');

  useEffect(() => {
    if (file?.status === 'on_loan' && mayCirculate) returnRef.current?.focus();
  }, [file, mayCirculate]);

  function backToScan() {
    setCode('');
    setFile(null);
    scanRef.current?.focus();
  }

  // Built when submitted: its error handler reaches for the scan input.
  const lookup = (e: FormEvent) =>
    desk.submit(
      async () => {
        setNotice(null);
        setFile(null);
        const found = await api.call('files.get', { archiveNo: code.trim() });
        setFile(found);
        setCode(found.archiveNo);
      },
      { enabled: code.trim(), onError: () => requestAnimationFrame(() => scanRef.current?.select()) },
    )(e);

  function onScanKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      setError(null);
      setNotice(null);
      backToScan();
    }
  }

  function lent(loan: Loan) {
    setNotice((tt) => tt('ui.circulation.lentOk', { archiveNo: loan.archiveNo, title: loan.fileTitle, borrower: loan.borrower, dueDate: loan.dueDate }));
    setRecent((r) => [{ kind: 'lent' as const, loan, at: new Date().toISOString() }, ...r].slice(0, 20));
    backToScan();
  }

  async function giveBack() {
    if (!file) return;
    const loan = await desk.run(() => api.call('loans.return', { archiveNo: file.archiveNo }), {
      notice: (tt, returned) => {
        const params = { archiveNo: returned.archiveNo, title: returned.fileTitle, borrower: returned.borrower, dueDate: returned.dueDate };
        return returnedLate(returned) ? tt('ui.circulation.returnedOverdue', params) : tt('ui.circulation.returnedOk', params);
      },
    });
    if (!loan) return;
    setRecent((r) => [{ kind: 'returned' as const, loan, at: new Date().toISOString() }, ...r].slice(0, 20));
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
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={onScanKey}
            aria-describedby="scan-hint"
            data-testid="scan-input"
          />
          <button type="submit" className="btn btn-primary btn-large" disabled={busy || !code.trim()}>
            {busy && !file ? t('ui.circulation.looking') : t('ui.circulation.lookup')}
          </button>
        </div>
        <div id="scan-hint" className="field-hint">
          {t('ui.circulation.scanHint')}
        </div>
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
            <StatusBadge status={file.status} overdue={loan?.overdue ?? false} />
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
          </dl>
          {!mayCirculate ? (
            <p className="muted">{t('ui.circulation.readOnly')}</p>
          ) : file.status === 'in_stock' ? (
            <div className="desk-action">
              <h2 className="section-title">{t('ui.circulation.lendTitle')}</h2>
              <LendForm key={file.id} archiveNo={file.archiveNo} submitLabel={t('ui.circulation.lend')} onLent={lent} />
            </div>
          ) : (
            <div className="desk-action">
              <p className="muted">{t('ui.circulation.returnHint')}</p>
              <button
                ref={returnRef}
                type="button"
                className="btn btn-primary btn-large"
                onClick={() => void giveBack()}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') backToScan();
                }}
                disabled={busy}
                data-testid="return-button"
              >
                {busy ? t('ui.common.busy') : t('ui.circulation.returnFile')}
              </button>
            </div>
          )}
        </div>
      ) : (
        <div className="desk-idle muted">{t('ui.circulation.idle')}</div>
      )}

      {recent.length ? (
        <div className="recent">
          <h2 className="section-title">{t('ui.circulation.recent')}</h2>
          <table className="table table-compact" data-testid="recent-table">
            <tbody>
              {recent.map((r) => (
                <tr key={`${r.loan.id}-${r.kind}`}>
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
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
