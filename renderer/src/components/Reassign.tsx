import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../shared/contract.js';
import { api } from '../api.js';
import { Dialog, ErrorLine, Field, OverdueBadge } from './ui.js';

type Preview = OpOutput<'clients.reassignPreview'>;

/** An account manager leaves: their open loans first (they must come back), then their clients go to someone else. */
export function ReassignDialog({ onDone, onClose }: { onDone(count: number, from: string, to: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const [managers, setManagers] = useState<OpOutput<'clients.accountManagers'>>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.call('clients.accountManagers').then(setManagers, setError);
  }, []);

  useEffect(() => {
    setPreview(null);
    if (!from) return;
    api.call('clients.reassignPreview', { fromManager: from }).then(setPreview, setError);
  }, [from]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !preview) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('clients.reassign', { fromManager: from, toManager: to.trim(), reason: reason.trim() });
      onDone(result.reassigned, from, to.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const blocked = (preview?.openLoanCount ?? 0) > 0;
  return (
    <Dialog title={t('ui.reassign.title')} onClose={onClose} wide>
      <form data-testid="reassign-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.reassign.from')} className="grow">
            <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="reassign-from">
              <option value="">{t('ui.reassign.choose')}</option>
              {managers.map((m) => (
                <option key={m.name} value={m.name}>
                  {t('ui.reassign.managerOption', { name: m.name, clients: m.clients })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ui.reassign.to')} className="grow">
            <input type="text" list="reassign-managers" maxLength={100} value={to} onChange={(e) => setTo(e.target.value)} data-testid="reassign-to" />
          </Field>
          <datalist id="reassign-managers">
            {managers
              .filter((m) => m.name !== from)
              .map((m) => (
                <option key={m.name} value={m.name} />
              ))}
          </datalist>
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
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !preview || blocked || !to.trim() || !reason.trim()}
            data-testid="reassign-submit"
          >
            {busy ? t('ui.common.busy') : t('ui.reassign.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
