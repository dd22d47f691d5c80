import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../shared/contract.js';
import type { Person } from '../../../shared/ops/people.js';
import { borrowerLabel as personLabel } from '../../../shared/domain/borrowing.js';
import { api } from '../api.js';
import { useAction } from '../hooks.js';
import { Dialog, Field, FormActions, OverdueBadge } from './ui.js';
import './Reassign.css';

type Preview = OpOutput<'clients.reassignPreview'>;

/** An account manager leaves: their open loans first (they must come back), then their clients go to someone else. */
export function ReassignDialog({ onDone, onClose }: { onDone(count: number, from: string, to: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const [managers, setManagers] = useState<OpOutput<'clients.accountManagers'>>([]);
  const [staff, setStaff] = useState<Person[]>([]);
  // Person ids: a leaver and a successor are people of the register, never a name fragment.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const reassign = useAction();
  const { setError } = reassign;

  useEffect(() => {
    api.call('clients.accountManagers').then(setManagers, setError);
    api.call('people.list', { kind: 'staff', limit: 5000 }).then((r) => setStaff(r.rows), setError);
  }, [setError]);

  useEffect(() => {
    setPreview(null);
    if (!from) return;
    api.call('clients.reassignPreview', { fromPerson: from }).then(setPreview, setError);
  }, [from, setError]);

  const blocked = (preview?.openLoanCount ?? 0) > 0;
  const submit = reassign.submit(
    async () => {
      const result = await api.call('clients.reassign', { fromPerson: from, toPerson: to, reason: reason.trim() });
      const successor = staff.find((p) => p.id === to);
      onDone(result.reassigned, preview?.fromManager ?? '', successor ? personLabel(successor) : '');
    },
    { enabled: preview },
  );
  return (
    <Dialog title={t('ui.reassign.title')} onClose={onClose} wide>
      <form data-testid="reassign-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.reassign.from')} className="grow">
            <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="reassign-from">
              <option value="">{t('ui.reassign.choose')}</option>
              {managers.map((m) => (
                <option key={m.name} value={m.personId ?? ''} disabled={!m.personId}>
                  {m.personId ? t('ui.reassign.managerOption', { name: m.name, clients: m.clients }) : t('ui.reassign.notRegistered', { name: m.name })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ui.reassign.to')} className="grow">
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="reassign-to">
              <option value="">{t('ui.reassign.chooseStaff')}</option>
              {staff
                .filter((p) => p.id !== from && p.active)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {personLabel(p)}
                    {p.staffNo ? ` · ${p.staffNo}` : ''}
                  </option>
                ))}
            </select>
          </Field>
        </div>
        {preview ? (
          <div className="reassign-preview" data-testid="reassign-preview">
            {blocked ? (
              <>
                <div className="msg msg-warn">{t('ui.reassign.loansFirst', { name: preview.fromManager, count: preview.openLoanCount })}</div>
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('ui.fields.archiveNo')}</th>
                      <th scope="col">{t('ui.fields.fileTitle')}</th>
                      <th scope="col">{t('ui.fields.borrower')}</th>
                      <th scope="col">{t('ui.fields.dueDate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.openLoans.map((loan) => (
                      <tr key={loan.id} data-testid="reassign-loan-row">
                        <td className="mono nowrap">{loan.archiveNo}</td>
                        <td>{loan.fileTitle}</td>
                        <td>{loan.borrower}</td>
                        <td className="nowrap">
                          {loan.dueDate} {loan.overdue ? <OverdueBadge /> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
            <p className="muted">
              {t('ui.reassign.clients', { count: preview.clients })} {preview.clientNames.slice(0, 8).join('、')}
              {preview.clientNames.length > 8 ? '…' : ''}
            </p>
          </div>
        ) : null}
        <Field label={t('ui.clientEdit.reason')}>
          <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reason-input" />
        </Field>
        <FormActions
          action={reassign}
          onCancel={onClose}
          submit={{ label: t('ui.reassign.submit'), testId: 'reassign-submit', disabled: !preview || blocked || !to || !reason.trim() }}
        />
      </form>
    </Dialog>
  );
}
