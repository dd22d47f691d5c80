import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDetail, FileRecord } from '../../../shared/contract.js';
import { api } from '../api.js';
import { ClientEditDialog, ClientStatusDialog } from '../components/ClientEdit.js';
import { FileFormDialog } from '../components/FileForm.js';
import { HistoryTable } from '../components/History.js';
import { LendForm } from '../components/LendForm.js';
import { ActionFeedback, ClientStatusBadge, ConfidentialityBadge, Dialog, StatusBadge, TableState } from '../components/ui.js';
import { formatDateTime, schemeLabel } from '../format.js';
import { useAction, useCan, useLoad } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { useSession } from '../stores/session.js';
import { useNav } from '../stores/nav.js';
import { LabelPrintButton } from '../components/LabelPrint.js';
import { SelectAllBox, SelectBox, SelectionBar, useSelection } from '../components/Selection.js';
import './ClientDetail.css';

/** The client's category in the user's language: its classification value's English label where one exists. */
function categoryLabel(client: ClientDetail, language: string): string | null {
  const entry = client.classificationDetails.find((c) => c.schemeCode === 'category');
  return entry ? schemeLabel(entry, language) : client.category;
}

export function ClientDetailScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const load = useLoad<ClientDetail>(() => api.call('clients.get', { id }), id);
  const { data: client, error } = load;
  const action = useAction(load);
  const { busy } = action;
  const [creating, setCreating] = useState(false);
  const [lending, setLending] = useState<FileRecord | null>(null);
  const [returning, setReturning] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [statusTarget, setStatusTarget] = useState<'terminated' | 'active' | null>(null);
  const language = useLanguage((s) => s.language);
  const role = useSession((s) => s.user?.role);
  const busyFile = busy ? returning : null;
  const fileKeys = useMemo(() => client?.files.map((f) => f.archiveNo) ?? [], [client]);
  const selection = useSelection(fileKeys);

  async function giveBack(file: FileRecord) {
    if (busy) return;
    setReturning(file.id);
    await action.run(() => api.call('loans.return', { archiveNo: file.archiveNo }), {
      notice: (tt, loan) => tt('ui.circulation.returnedOk', { archiveNo: loan.archiveNo, title: loan.fileTitle, borrower: loan.borrower }),
    });
    setReturning(null);
  }

  const mayCirculate = can('loans.lend');
  const mayEdit = can('clients.update');
  const dash = t('ui.common.dash');
  const fact = (label: string, value: string | null | undefined, className?: string) => (
    <>
      <dt>{label}</dt>
      <dd className={className}>{value || dash}</dd>
    </>
  );

  return (
    <section className="screen" aria-labelledby="client-title">
      <button type="button" className="link back-link" onClick={() => go({ name: 'clients' })} data-testid="back-to-clients">
        {t('ui.clientDetail.back')}
      </button>
      {!client && !error ? <p className="muted">{t('ui.common.loading')}</p> : null}
      <ActionFeedback action={action} />
      {client ? (
        <>
          <div className="screen-head">
            <h1 id="client-title" className="screen-title" data-testid="client-name">
              {client.name}
            </h1>
            <ClientStatusBadge status={client.status} />
            {mayEdit ? (
              <div className="head-actions">
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={() => void action.run(() => api.call('clients.verify', { id: client.id }), { notice: (tt) => tt('ui.clientPage.verifiedOk', { name: client.name }) })}
                  data-testid="verify-button"
                >
                  {t('ui.clientPage.verify')}
                </button>
                {client.status === 'prospect' ? (
                  <button
                    type="button"
                    className="btn"
                    disabled={busy}
                    onClick={() =>
                      void action.run(() => api.call('clients.setStatus', { id: client.id, status: 'active' }), {
                        notice: (tt) => tt('ui.clientPage.activatedOk', { name: client.name }),
                      })
                    }
                    data-testid="activate-button"
                  >
                    {t('ui.clientPage.activate')}
                  </button>
                ) : null}
                {client.status !== 'terminated' ? (
                  <button type="button" className="btn" onClick={() => setStatusTarget('terminated')} data-testid="terminate-button">
                    {t('ui.clientPage.terminate')}
                  </button>
                ) : role === 'admin' ? (
                  <button type="button" className="btn" onClick={() => setStatusTarget('active')} data-testid="reactivate-button">
                    {t('ui.clientPage.reactivate')}
                  </button>
                ) : null}
                <button type="button" className="btn btn-primary" onClick={() => setEditing(true)} data-testid="client-edit-button">
                  {t('ui.clientPage.edit')}
                </button>
              </div>
            ) : null}
          </div>
          {client.status === 'terminated' ? (
            <div className="msg msg-warn" data-testid="terminated-note">
              {t('ui.clientPage.terminatedNote', {
                kind: client.terminationKind ? t(`enums.terminationKind.${client.terminationKind}`) : dash,
                date: client.terminatedOn ?? dash,
                reason: client.terminationReason || dash,
              })}
            </div>
          ) : null}
          <div className="card">
            <dl className="facts facts-grid" data-testid="client-facts">
              {fact(t('ui.historyFields.shortName'), client.shortName)}
              {fact(t('ui.fields.creditCode'), client.creditCode, 'mono')}
              {fact(t('ui.historyFields.legalRepresentative'), client.legalRepresentative)}
              {fact(t('ui.historyFields.enterpriseNature'), client.enterpriseNature)}
              {fact(t('ui.historyFields.supervisingUnit'), client.supervisingUnit)}
              {fact(t('ui.historyFields.address'), client.address)}
              {fact(t('ui.historyFields.creditStatus'), client.creditStatus)}
              {fact(t('ui.fields.accountManager'), client.accountManager)}
              {fact(t('ui.fields.category'), categoryLabel(client, language))}
              {fact(t('ui.historyFields.registeredOn'), client.registeredOn)}
              {fact(t('ui.historyFields.verifiedOn'), client.verifiedOn)}
              {fact(t('ui.historyFields.remarks'), client.remarks)}
              {fact(
                t('ui.clientPage.gradeReviewDue'),
                client.gradeReviewDue ? `${client.gradeReviewDue}${client.gradeProvisional ? ` (${t('ui.clientPage.provisional')})` : ''}` : null,
              )}
              {fact(t('ui.fields.createdAt'), formatDateTime(client.createdAt))}
              {fact(t('ui.fields.updatedAt'), formatDateTime(client.updatedAt))}
            </dl>
            {client.classificationDetails.length ? (
              <div className="chips" data-testid="client-classifications">
                {client.classificationDetails.map((c) => (
                  <span key={c.schemeId} className="chip">
                    <span className="chip-key">{schemeLabel({ label: c.schemeLabel, labelEn: c.schemeLabelEn }, language)}</span>
                    <span className="chip-value">{schemeLabel(c, language)}</span>
                  </span>
                ))}
              </div>
            ) : null}
          </div>
          <h2 className="section-title">{t('ui.clientPage.contacts')}</h2>
          <table className="table table-compact" data-testid="contact-table">
            <thead>
              <tr>
                <th scope="col">{t('ui.clientPage.contactRole')}</th>
                <th scope="col">{t('ui.clientPage.contactName')}</th>
                <th scope="col">{t('ui.fields.contactPhone')}</th>
                <th scope="col">{t('ui.clientPage.position')}</th>
                <th scope="col">{t('ui.clientPage.validity')}</th>
              </tr>
            </thead>
            <tbody>
              <TableState loading={false} empty={client.contacts.length + client.formerContacts.length === 0} columns={5} />
              {[...client.contacts, ...client.formerContacts].map((c) => (
                <tr key={c.id} data-testid="contact-row" data-current={c.validTo === null} className={c.validTo ? 'former' : undefined}>
                  <td className="nowrap">
                    {t(`enums.contactRole.${c.role}`)}
                    {c.validTo ? <span className="badge badge-former">{t('ui.clientPage.former')}</span> : null}
                  </td>
                  <td>{c.name}</td>
                  <td className="nowrap">{c.phone ?? ''}</td>
                  <td>{c.position ?? ''}</td>
                  <td className="nowrap muted">
                    {c.validFrom} – {c.validTo ?? t('ui.clientPage.now')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="screen-head">
            <h2 className="section-title">{t('ui.clientDetail.files')}</h2>
            {client.files.length > 0 ? (
              <LabelPrintButton selection={{ archiveNos: client.files.map((f) => f.archiveNo) }} count={client.files.length} testId="client-labels-button" />
            ) : null}
            {can('files.create') ? (
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-file-button">
                {t('ui.clientDetail.newFile')}
              </button>
            ) : null}
          </div>
          {client.files.length > 0 ? <SelectionBar selection={selection} /> : null}
          <table className="table" data-testid="file-table">
            <thead>
              <tr>
                <th scope="col" className="select-cell">
                  <SelectAllBox selection={selection} />
                </th>
                <th scope="col">{t('ui.fields.archiveNo')}</th>
                <th scope="col">{t('ui.fields.fileTitle')}</th>
                <th scope="col">{t('ui.fields.confidentiality')}</th>
                <th scope="col">{t('ui.fields.retention')}</th>
                <th scope="col">{t('ui.fields.status')}</th>
                <th scope="col">{t('ui.fields.location')}</th>
                {mayCirculate ? (
                  <th scope="col" className="actions">
                    {t('ui.common.actions')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              <TableState loading={false} empty={client.files.length === 0} columns={mayCirculate ? 8 : 7} />
              {client.files.map((file) => (
                <tr key={file.id} data-testid="file-row" className={file.id === highlight ? 'highlight' : undefined} data-archive-no={file.archiveNo}>
                  <td className="select-cell">
                    <SelectBox selection={selection} id={file.archiveNo} label={file.archiveNo} />
                  </td>
                  <td className="mono nowrap">
                    <button type="button" className="link" onClick={() => go({ name: 'file', archiveNo: file.archiveNo })} data-testid="open-file">
                      {file.archiveNo}
                    </button>
                  </td>
                  <td>{file.title}</td>
                  <td>
                    <ConfidentialityBadge level={file.confidentiality} />
                  </td>
                  <td>{t(`enums.retention.${file.retention}`)}</td>
                  <td>
                    <StatusBadge status={file.status} />
                  </td>
                  <td className="muted">{file.locationPath ?? ''}</td>
                  {mayCirculate ? (
                    <td className="actions">
                      {file.status === 'in_stock' ? (
                        <button type="button" className="btn btn-small" onClick={() => setLending(file)} data-testid="lend-button">
                          {t('ui.circulation.lend')}
                        </button>
                      ) : (
                        <button type="button" className="btn btn-small" disabled={busyFile === file.id} onClick={() => void giveBack(file)} data-testid="return-button">
                          {busyFile === file.id ? t('ui.common.busy') : t('ui.circulation.returnFile')}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="section-title">{t('ui.clientPage.history')}</h2>
          <HistoryTable entries={client.history} />
        </>
      ) : null}
      {editing && client ? (
        <ClientEditDialog
          client={client}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            action.confirm((tt) => tt('ui.clientPage.savedOk'));
          }}
        />
      ) : null}
      {statusTarget && client ? (
        <ClientStatusDialog
          client={client}
          target={statusTarget}
          onClose={() => setStatusTarget(null)}
          onSaved={() => {
            setStatusTarget(null);
            action.confirm((tt) => tt('ui.clientPage.savedOk'));
          }}
        />
      ) : null}
      {creating && client ? (
        <FileFormDialog
          clientId={client.id}
          onClose={() => setCreating(false)}
          onCreated={(file) => {
            setCreating(false);
            setHighlight(file.id);
            action.confirm((tt) => tt('ui.fileForm.created', { archiveNo: file.archiveNo }));
          }}
        />
      ) : null}
      {lending ? (
        <Dialog title={t('ui.lendDialog.title', { archiveNo: lending.archiveNo })} onClose={() => setLending(null)}>
          <p className="dialog-subtitle">{lending.title}</p>
          <LendForm
            archiveNo={lending.archiveNo}
            confidentiality={lending.confidentiality}
            submitLabel={t('ui.lendDialog.submit')}
            onCancel={() => setLending(null)}
            onLent={(loan) => {
              setLending(null);
              action.confirm((tt) => tt('ui.circulation.lentOk', { archiveNo: loan.archiveNo, title: loan.fileTitle, borrower: loan.borrower, dueDate: loan.dueDate }));
            }}
          />
        </Dialog>
      ) : null}
    </section>
  );
}
