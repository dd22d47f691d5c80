import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loan } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ExportButton } from '../components/Export.js';
import { LoanPrintButtons } from '../components/PrintForms.js';
import { ActionFeedback, ConfidentialityBadge, OverdueBadge, TableState, useConfirm } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useAction, useCan, useLoad } from '../hooks.js';
import { SortHeader, useSort } from '../sorting.js';
import type { SortValue } from '../sorting.js';

type LoanColumn = 'archiveNo' | 'fileTitle' | 'clientName' | 'borrower' | 'lentAt' | 'dueDate' | 'purpose';
const loanValue = (loan: Loan, key: LoanColumn): SortValue => loan[key];

export function LoansScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const load = useLoad<Loan[]>(() => api.call('loans.list', { open: true }));
  const { data: loans, error } = load;
  const action = useAction(load);
  const [onlyOverdue, setOnlyOverdue] = useState(false);
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
