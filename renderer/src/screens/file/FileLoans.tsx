import { useTranslation } from 'react-i18next';
import type { Loan } from '../../../../shared/contract.js';
import { OverdueBadge, TableState } from '../../components/ui.js';
import { formatDateTime } from '../../format.js';

/** Every loan of the file, open and returned. */
export function FileLoans({ loans }: { loans: Loan[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 className="section-title">{t('ui.filePage.loans')}</h2>
      <div className="table-scroll">
        <table className="table table-compact" data-testid="file-loans">
          <thead>
            <tr>
              <th scope="col">{t('ui.fields.borrower')}</th>
              <th scope="col">{t('ui.fields.purpose')}</th>
              <th scope="col">{t('ui.fields.lentAt')}</th>
              <th scope="col">{t('ui.fields.dueDate')}</th>
              <th scope="col">{t('ui.fields.returnedAt')}</th>
            </tr>
          </thead>
          <tbody>
            <TableState loading={false} empty={loans.length === 0} columns={5} />
            {loans.map((loan) => (
              <tr key={loan.id} className={loan.overdue ? 'overdue' : undefined}>
                <td>{loan.borrower}</td>
                <td>{loan.purpose}</td>
                <td className="nowrap">{formatDateTime(loan.lentAt)}</td>
                <td className="nowrap">
                  {loan.dueDate} {loan.overdue ? <OverdueBadge /> : null}
                </td>
                <td className="nowrap">{loan.returnedAt ? formatDateTime(loan.returnedAt) : <span className="muted">{t('ui.filePage.notReturned')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
