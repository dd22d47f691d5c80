import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDetail, FileRecord } from '../../../shared/contract.js';
import { api } from '../api.js';
import { FileFormDialog } from '../components/FileForm.js';
import { LendForm } from '../components/LendForm.js';
import { ConfidentialityBadge, Dialog, ErrorLine, NoticeLine, StatusBadge, TableState } from '../components/ui.js';
import type { Notice } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useCan } from '../hooks.js';
import { useNav } from '../stores/nav.js';

export function ClientDetailScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const [client, setClient] = useState<ClientDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creating, setCreating] = useState(false);
  const [lending, setLending] = useState<FileRecord | null>(null);
  const [busyFile, setBusyFile] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setClient(await api.call('clients.get', { id }));
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  async function giveBack(file: FileRecord) {
    setBusyFile(file.id);
    setError(null);
    try {
      const loan = await api.call('loans.return', { archiveNo: file.archiveNo });
      setNotice(() => (tt: typeof t) =>
        tt('ui.circulation.returnedOk', { archiveNo: loan.archiveNo, title: loan.fileTitle, borrower: loan.borrower }),
      );
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusyFile(null);
    }
  }

  const mayCirculate = can('loans.lend');

  return (
    <section className="screen" aria-labelledby="client-title">
      <button type="button" className="link back-link" onClick={() => go({ name: 'clients' })} data-testid="back-to-clients">
        {t('ui.clientDetail.back')}
      </button>
      {loading && !client ? <p className="muted">{t('ui.common.loading')}</p> : null}
      <NoticeLine notice={notice} />
      <ErrorLine error={error} />
      {client ? (
        <>
          <div className="screen-head">
            <h1 id="client-title" className="screen-title" data-testid="client-name">
              {client.name}
            </h1>
            <span className={`badge badge-client-${client.status}`}>{t(`enums.clientStatus.${client.status}`)}</span>
          </div>
          <div className="card">
            <dl className="facts facts-grid" data-testid="client-facts">
              <dt>{t('ui.fields.creditCode')}</dt>
              <dd className="mono">{client.creditCode ?? t('ui.common.dash')}</dd>
              <dt>{t('ui.fields.category')}</dt>
              <dd>{client.category ?? t('ui.common.dash')}</dd>
              <dt>{t('ui.fields.contactPerson')}</dt>
              <dd>{client.contactPerson ?? t('ui.common.dash')}</dd>
              <dt>{t('ui.fields.contactPhone')}</dt>
              <dd>{client.contactPhone ?? t('ui.common.dash')}</dd>
              <dt>{t('ui.fields.createdAt')}</dt>
              <dd>{formatDateTime(client.createdAt)}</dd>
              <dt>{t('ui.fields.updatedAt')}</dt>
              <dd>{formatDateTime(client.updatedAt)}</dd>
            </dl>
          </div>
          <div className="screen-head">
            <h2 className="section-title">{t('ui.clientDetail.files')}</h2>
            {can('files.create') ? (
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-file-button">
                {t('ui.clientDetail.newFile')}
              </button>
            ) : null}
          </div>
          <table className="table" data-testid="file-table">
            <thead>
              <tr>
                <th scope="col">{t('ui.fields.archiveNo')}</th>
                <th scope="col">{t('ui.fields.fileTitle')}</th>
                <th scope="col">{t('ui.fields.confidentiality')}</th>
                <th scope="col">{t('ui.fields.retention')}</th>
                <th scope="col">{t('ui.fields.status')}</th>
                {mayCirculate ? <th scope="col" className="actions">{t('ui.common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              <TableState loading={false} empty={client.files.length === 0} columns={mayCirculate ? 6 : 5} />
              {client.files.map((file) => (
                <tr key={file.id} data-testid="file-row" className={file.id === highlight ? 'highlight' : undefined} data-archive-no={file.archiveNo}>
                  <td className="mono nowrap">{file.archiveNo}</td>
                  <td>{file.title}</td>
                  <td>
                    <ConfidentialityBadge level={file.confidentiality} />
                  </td>
                  <td>{t(`enums.retention.${file.retention}`)}</td>
                  <td>
                    <StatusBadge status={file.status} />
                  </td>
                  {mayCirculate ? (
                    <td className="actions">
                      {file.status === 'in_stock' ? (
                        <button type="button" className="btn btn-small" onClick={() => setLending(file)} data-testid="lend-button">
                          {t('ui.circulation.lend')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={busyFile === file.id}
                          onClick={() => void giveBack(file)}
                          data-testid="return-button"
                        >
                          {busyFile === file.id ? t('ui.common.busy') : t('ui.circulation.returnFile')}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {creating && client ? (
        <FileFormDialog
          clientId={client.id}
          onClose={() => setCreating(false)}
          onCreated={(file) => {
            setCreating(false);
            setHighlight(file.id);
            setNotice(() => (tt: typeof t) => tt('ui.fileForm.created', { archiveNo: file.archiveNo }));
            void load();
          }}
        />
      ) : null}
      {lending ? (
        <Dialog title={t('ui.lendDialog.title', { archiveNo: lending.archiveNo })} onClose={() => setLending(null)}>
          <p className="dialog-subtitle">{lending.title}</p>
          <LendForm
            archiveNo={lending.archiveNo}
            submitLabel={t('ui.lendDialog.submit')}
            onCancel={() => setLending(null)}
            onLent={(loan) => {
              setLending(null);
              setNotice(() => (tt: typeof t) =>
                tt('ui.circulation.lentOk', { archiveNo: loan.archiveNo, title: loan.fileTitle, borrower: loan.borrower, dueDate: loan.dueDate }),
              );
              void load();
            }}
          />
        </Dialog>
      ) : null}
    </section>
  );
}
