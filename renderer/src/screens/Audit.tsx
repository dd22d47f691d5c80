import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ErrorLine, TableState } from '../components/ui.js';
import { auditActionLabel, auditDetailsSummary, formatDateTime } from '../format.js';
import { useCatalog } from '../hooks.js';

const PAGE = 200;

type Verification = { ok: boolean; entries: number; brokenAtSeq: number | null };

export function AuditScreen() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);

  useEffect(() => {
    api
      .call('audit.list', { limit: PAGE })
      .then((rows) => {
        setEntries(rows);
        setMore(rows.length === PAGE);
      })
      .catch(setError);
  }, []);

  async function loadMore() {
    const last = entries?.[entries.length - 1];
    if (!last) return;
    setLoadingMore(true);
    try {
      const rows = await api.call('audit.list', { limit: PAGE, beforeSeq: last.seq });
      setEntries((e) => [...(e ?? []), ...rows]);
      setMore(rows.length === PAGE);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  async function verify() {
    setVerifying(true);
    setVerification(null);
    setError(null);
    try {
      setVerification(await api.call('audit.verify'));
    } catch (err) {
      setError(err);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section className="screen" aria-labelledby="audit-title">
      <div className="screen-head">
        <h1 id="audit-title" className="screen-title">
          {t('ui.audit.title')}
        </h1>
        <button type="button" className="btn" onClick={() => void verify()} disabled={verifying} data-testid="verify-button">
          {verifying ? t('ui.audit.verifying') : t('ui.audit.verify')}
        </button>
      </div>
      <p className="muted">{t('ui.audit.intro')}</p>
      {verification ? (
        <div
          className={`msg ${verification.ok ? 'msg-ok' : 'msg-error'}`}
          role={verification.ok ? 'status' : 'alert'}
          data-testid="verify-result"
          data-ok={verification.ok ? 'true' : 'false'}
        >
          {verification.ok
            ? t('ui.audit.verifyOk', { entries: verification.entries })
            : t('ui.audit.verifyBroken', { seq: verification.brokenAtSeq ?? '?' })}
        </div>
      ) : null}
      <ErrorLine error={error} />
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('ui.audit.seq')}
            </th>
            <th scope="col">{t('ui.audit.time')}</th>
            <th scope="col">{t('ui.audit.user')}</th>
            <th scope="col">{t('ui.audit.action')}</th>
            <th scope="col">{t('ui.audit.target')}</th>
            <th scope="col">{t('ui.audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={!entries && !error} empty={!!entries && entries.length === 0} columns={6} />
          {entries?.map((entry) => (
            <tr key={entry.seq} data-testid="audit-row" data-action={entry.action}>
              <td className="num muted">{entry.seq}</td>
              <td className="nowrap">{formatDateTime(entry.at)}</td>
              <td>{entry.username}</td>
              <td className="nowrap">
                <span className={`action action-${entry.action.split('.')[0]}`}>{auditActionLabel(catalog, entry.action)}</span>
              </td>
              <td className="mono-ish">{entry.targetLabel ?? ''}</td>
              <td className="details">{auditDetailsSummary(catalog, entry.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? (
        <div className="form-actions center">
          <button type="button" className="btn" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? t('ui.common.loading') : t('ui.common.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
