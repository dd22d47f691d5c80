import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ActionFeedback, ClientStatusBadge, TableState } from '../components/ui.js';
import { useAction, useCan, useLoad } from '../hooks.js';
import { useNav } from '../stores/nav.js';

/** A client due for re-verification (`lastVerifiedOn` falls back to the registration date). */
export type DueClient = Client & { lastVerifiedOn: string; daysSince: number };
type Due = { days: number; total: number; rows: DueClient[] };

/** 复核提醒: prospects and active clients whose information was not re-verified within the interval. */
export function VerificationScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const load = useLoad<Due>(async () => (await api.call('clients.dueForVerification', { limit: 1000 })) as Due);
  const { data: due, error } = load;
  const action = useAction(load);
  const [verifying, setVerifying] = useState<string | null>(null);

  async function verify(id: string) {
    if (action.busy) return;
    setVerifying(id);
    await action.run(() => api.call('clients.verify', { id }), {
      notice: (tt, client) => tt('ui.verification.verified', { name: client.name, date: client.verifiedOn ?? '' }),
    });
    setVerifying(null);
  }
  const busy = action.busy ? verifying : null;

  const mayVerify = can('clients.verify');
  const rows = due?.rows ?? null;
  const columns = mayVerify ? 6 : 5;

  return (
    <section className="screen" aria-labelledby="verification-title" data-testid="verification-list">
      <button type="button" className="link back-link" onClick={() => go({ name: 'clients' })} data-testid="verification-back">
        {t('ui.verification.back')}
      </button>
      <div className="screen-head">
        <h1 id="verification-title" className="screen-title">
          {t('ui.verification.title')}
        </h1>
        <span className="muted" data-testid="verification-summary">
          {due ? t('ui.verification.summary', { total: due.total }) : null}
        </span>
      </div>
      {due ? (
        <p className="muted intro" data-testid="verification-interval" data-days={due.days}>
          {t('ui.verification.intro', { days: due.days, count: due.days })}
        </p>
      ) : null}
      {!mayVerify ? <div className="msg msg-warn">{t('ui.verification.readOnly')}</div> : null}
      <ActionFeedback action={action} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('ui.fields.clientName')}</th>
            <th scope="col">{t('ui.fields.clientStatus')}</th>
            <th scope="col">{t('ui.fields.accountManager')}</th>
            <th scope="col">{t('ui.verification.lastVerified')}</th>
            <th scope="col" className="num">
              {t('ui.verification.daysSince')}
            </th>
            {mayVerify ? (
              <th scope="col" className="actions">
                {t('ui.common.actions')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          <TableState loading={!rows && !error} empty={false} columns={columns} />
          {rows && rows.length === 0 ? (
            <tr className="table-state">
              <td colSpan={columns} data-testid="empty">
                {t('ui.verification.noneDue')}
              </td>
            </tr>
          ) : null}
          {rows?.map((row) => (
            <tr key={row.id} data-testid="verification-row" data-client-id={row.id}>
              <td>
                <button type="button" className="link" onClick={() => go({ name: 'client', id: row.id })} data-testid="verification-client-link">
                  {row.name}
                </button>
              </td>
              <td>
                <ClientStatusBadge status={row.status} />
              </td>
              <td>{row.accountManager ?? ''}</td>
              <td className="nowrap">
                {row.verifiedOn ? (
                  row.verifiedOn
                ) : (
                  <>
                    <span className="badge badge-incomplete">{t('ui.verification.never')}</span>{' '}
                    <span className="muted small">{t('ui.verification.registeredOn', { date: row.lastVerifiedOn })}</span>
                  </>
                )}
              </td>
              <td className="num nowrap">{t('ui.verification.days', { days: row.daysSince, count: row.daysSince })}</td>
              {mayVerify ? (
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    title={t('ui.verification.verifyTitle', { name: row.name })}
                    disabled={busy !== null}
                    onClick={() => void verify(row.id)}
                    data-testid="verification-verify-button"
                  >
                    {busy === row.id ? t('ui.common.busy') : t('ui.verification.verify')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
