import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loan } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ExportButton } from '../components/Export.js';
import { HoldsTable } from '../components/LedgerTables.js';
import { LoanPrintButtons } from '../components/PrintForms.js';
import { ActionFeedback, ConfidentialityBadge, ErrorLine, OverdueBadge, TableState, useConfirm } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useAction, useCan, useLoad } from '../hooks.js';
import { SortHeader, useSort } from '../sorting.js';
import type { SortValue } from '../sorting.js';

type LoanColumn = 'archiveNo' | 'fileTitle' | 'clientName' | 'borrower' | 'lentAt' | 'dueDate' | 'purpose';
const loanValue = (loan: Loan, key: LoanColumn): SortValue => loan[key];

// Set by the desk's "holds ready" tile: the next opening of this screen starts at the ready holds.
let readyHoldsFirst = false;
export function showReadyHoldsNext(): void {
  readyHoldsFirst = true;
}

/** The files on loan (renew, return) and the holds ready to collect (where the desk's tile leads). */
export function LoansScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const load = useLoad<Loan[]>(() => api.call('loans.list', { open: true }));
  const { data: loans, error } = load;
  const action = useAction(load);
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [holds] = useState(() => readyHoldsFirst);
  useEffect(() => {
    readyHoldsFirst = false;
  }, []);
  const [returning, setReturning] = useState<string | null>(null);
  const { dialog, ask } = useConfirm();

  async function giveBack(loan: Loan) {
    if (action.busy) return;
    const ok = await ask({
      title: t('ui.loans.returnConfirm', { archiveNo: loan.archiveNo, title: loan.fileTitle }),
      body: t('ui.loans.returnConfirmBody', { borrower: loan.borrower }),
      confirmLabel: t('ui.circulation.returnFile'),
    });
    if (!ok) return;
    setReturning(loan.id);
    await action.run(() => api.call('loans.return', { archiveNo: loan.archiveNo }), {
      notice: (tt, returned) => tt('ui.loans.returnedOk', { archiveNo: returned.archiveNo, borrower: returned.borrower }),
    });
    setReturning(null);
  }
  async function renew(loan: Loan) {
    if (action.busy) return;
    setReturning(loan.id);
    // Refusals (renewal limit, held for someone) come back translated on the screen's error line.
    const renewed = await action.run(() => api.call('loans.renew', { archiveNo: loan.archiveNo }), {
      notice: (tt, r) => tt('ui.loans.renewedOk', { archiveNo: r.archiveNo, dueDate: r.dueDate, count: r.renewals }),
    });
    setReturning(null);
    // The answer sits above the list: bring it into view (focus stays on the row's button).
    requestAnimationFrame(() => document.querySelector(renewed ? '.screen > [data-testid="message"]' : '.screen > [data-testid="error"]')?.scrollIntoView({ block: 'nearest' }));
  }
  const busy = action.busy ? returning : null;

  const mayCirculate = can('loans.return');
  const overdueCount = loans?.filter((l) => l.overdue).length ?? 0;
  const filtered = useMemo(() => (loans ? (onlyOverdue ? loans.filter((l) => l.overdue) : loans) : null), [loans, onlyOverdue]);
  const { sorted: shown, sort, toggle } = useSort<Loan, LoanColumn>(filtered, loanValue);
  const columns = mayCirculate ? 8 : 7;

  return (
    <section className="screen" aria-labelledby="loans-title">
      {dialog}
      <div className="screen-head">
        <h1 id="loans-title" className="screen-title">
          {t('ui.loans.title')}
        </h1>
        <span className="head-actions">
          <ExportButton kind="loans" filter={{ overdueOnly: onlyOverdue }} />
          <LoanPrintButtons />
        </span>
      </div>
      <div className="toolbar">
        <span className="muted" data-testid="loan-summary">
          {loans ? t('ui.loans.summary', { count: loans.length, overdue: overdueCount }) : null}
        </span>
        <label className="check">
          <input type="checkbox" checked={onlyOverdue} onChange={(e) => setOnlyOverdue(e.target.checked)} data-testid="only-overdue" />
          <span>{t('ui.loans.onlyOverdue')}</span>
        </label>
      </div>
      <ActionFeedback action={action} />
      <ReadyHolds focus={holds} />
      <div className="table-scroll">
        <table className="table" data-testid="loan-table">
          <thead>
            <tr>
              <SortHeader label={t('ui.fields.archiveNo')} column="archiveNo" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.fields.fileTitle')} column="fileTitle" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.fields.client')} column="clientName" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.fields.borrower')} column="borrower" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.fields.lentAt')} column="lentAt" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.fields.dueDate')} column="dueDate" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.fields.purpose')} column="purpose" sort={sort} onSort={toggle} />
              {mayCirculate ? (
                <th scope="col" className="actions">
                  {t('ui.common.actions')}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            <TableState loading={!shown && !error} empty={!!shown && shown.length === 0} columns={columns} />
            {shown?.map((loan) => (
              <tr key={loan.id} className={loan.overdue ? 'overdue' : undefined} data-testid="loan-row" data-archive-no={loan.archiveNo}>
                <td className="mono nowrap">
                  {loan.archiveNo} {loan.confidentiality === 'confidential' || loan.confidentiality === 'top_secret' ? <ConfidentialityBadge level={loan.confidentiality} /> : null}
                </td>
                <td>{loan.fileTitle}</td>
                <td>{loan.clientName}</td>
                <td>{loan.borrower}</td>
                <td className="nowrap">{formatDateTime(loan.lentAt)}</td>
                <td className="nowrap">
                  {loan.dueDate} {loan.overdue ? <OverdueBadge /> : null}
                </td>
                <td>{loan.purpose}</td>
                {mayCirculate ? (
                  <td className="actions">
                    <button type="button" className="btn btn-small" disabled={busy === loan.id} onClick={() => void renew(loan)} data-testid="renew-button">
                      {t('ui.loans.renew')}
                    </button>{' '}
                    <button type="button" className="btn btn-small" disabled={busy === loan.id} onClick={() => void giveBack(loan)} data-testid="return-button">
                      {busy === loan.id ? t('ui.common.busy') : t('ui.circulation.returnFile')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Holds ready to collect (the file is back and kept for the person): cancel one to pass the file on. */
function ReadyHolds({ focus }: { focus: boolean }) {
  const { t } = useTranslation();
  const load = useLoad(() => api.call('holds.list', { status: 'ready' }));
  const action = useAction(load);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus && load.data) heading.current?.focus();
  }, [focus, load.data]);
  if (!load.data || (!focus && load.data.length === 0)) return <ErrorLine error={load.error} />;
  return (
    <section className="ready-holds" aria-labelledby="ready-holds-title" data-testid="ready-holds">
      <h2 id="ready-holds-title" ref={heading} tabIndex={-1} className="section-title">
        {t('ui.loans.holdsReady', { count: load.data.length })}
      </h2>
      <ActionFeedback action={action} />
      <HoldsTable holds={load.data.map((h) => ({ ...h, personName: h.person }))} testId="ready-holds-table" onCancelled={action.confirm} />
    </section>
  );
}
