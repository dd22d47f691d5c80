/**
 * 查阅授权: an administrator lets one user see one file above their clearance until a date.
 * The engine decides what a grant opens (reads only) and ends it on its own after the date.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../shared/contract.js';
import { clearanceAllows } from '../../../../shared/domain/permissions.js';
import { api } from '../../api.js';
import { ListEditorHead, useListEditor } from '../../components/ListEditor.js';
import { ConfidentialityBadge, Dialog, Field, FormActions, TableState, useConfirm } from '../../components/ui.js';
import { formatDateTime } from '../../format.js';
import { useAction, useLoad } from '../../hooks.js';

type GrantRow = OpOutput<'grants.list'>[number];

export function GrantsSettings() {
  const { t } = useTranslation();
  const [includeExpired, setIncludeExpired] = useState(false);
  const list = useListEditor<GrantRow[], 'new'>(() => api.call('grants.list', { includeExpired }), includeExpired ? 1 : 0);
  const { data: grants, error, action } = list;
  const confirm = useConfirm();

  const revoke = async (g: GrantRow) => {
    const ok = await confirm.ask({
      title: t('ui.settings.grants.revokeTitle', { username: g.username, archiveNo: g.archiveNo }),
      body: t('ui.settings.grants.revokeBody'),
      confirmLabel: t('ui.settings.grants.revoke'),
      danger: true,
    });
    if (ok) await action.run(() => api.call('grants.revoke', { id: g.id }), { notice: (tt) => tt('ui.settings.grants.revoked', { username: g.username, archiveNo: g.archiveNo }) });
  };

  return (
    <div>
      <ListEditorHead
        title={t('ui.settings.grants.title')}
        intro={t('ui.settings.grants.intro')}
        add={{ label: t('ui.settings.grants.add'), testId: 'new-grant-button', onClick: () => list.edit('new') }}
        editor={list}
      />
      <label className="check">
        <input type="checkbox" checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)} data-testid="grants-include-expired" />
        {t('ui.settings.grants.includeExpired')}
      </label>
      <table className="table table-compact users-table" data-testid="grants-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.grants.user')}</th>
            <th scope="col">{t('ui.settings.grants.file')}</th>
            <th scope="col">{t('ui.settings.grants.confidentiality')}</th>
            <th scope="col">{t('ui.settings.grants.until')}</th>
            <th scope="col">{t('ui.settings.grants.reason')}</th>
            <th scope="col">{t('ui.settings.grants.grantedBy')}</th>
            <th scope="col" className="actions">
              {t('ui.common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={grants === null && !error} empty={grants?.length === 0} columns={7} />
          {grants?.map((g) => (
            <tr key={g.id} data-testid="grant-row" data-username={g.username} data-archive-no={g.archiveNo} className={g.active ? undefined : 'former'}>
              <td className="nowrap">
                {g.displayName} <span className="mono muted">{g.username}</span>
              </td>
              <td>
                <span className="mono">{g.archiveNo}</span>
                <div className="muted small">{g.fileTitle}</div>
              </td>
              <td>
                <ConfidentialityBadge level={g.confidentiality} />
              </td>
              <td className="nowrap" data-testid="grant-until">
                {g.until}
                {g.active ? null : <span className="badge badge-former">{t('ui.settings.grants.expired')}</span>}
              </td>
              <td>{g.reason || t('ui.common.dash')}</td>
              <td className="nowrap">
                {g.grantedBy}
                <div className="muted small">{formatDateTime(g.grantedAt)}</div>
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="btn btn-small btn-quiet-danger"
                  disabled={action.busy}
                  onClick={() => void revoke(g)}
                  aria-label={t('ui.settings.grants.revokeOf', { username: g.username, archiveNo: g.archiveNo })}
                  data-testid="revoke-grant-button"
                >
                  {t('ui.settings.grants.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirm.dialog}
      {list.editing ? (
        <NewGrantDialog
          onClose={list.close}
          onCreated={(g) => list.saved((tt) => tt('ui.settings.grants.created', { name: g.displayName, archiveNo: g.archiveNo, until: g.until }))}
        />
      ) : null}
    </div>
  );
}

/** A new grant; `archiveNo` given (from the file page): for that file, the field fixed. */
export function NewGrantDialog({ archiveNo: fixedNo, onCreated, onClose }: { archiveNo?: string; onCreated(grant: GrantRow): void; onClose(): void }) {
  const { t } = useTranslation();
  const users = useLoad(() => api.call('users.list'));
  const [username, setUsername] = useState('');
  const [archiveNo, setArchiveNo] = useState(fixedNo ?? '');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const save = useAction();
  // Only users whose clearance stops below 绝密 can need a grant; disabled users cannot sign in.
  const candidates = (users.data ?? []).filter((u) => u.active && !clearanceAllows(u.clearance, 'top_secret'));
  const ready = username && archiveNo.trim() && until;
  const submit = save.submit(async () => onCreated(await api.call('grants.create', { username, archiveNo: archiveNo.trim(), until, reason })), { enabled: ready });

  return (
    <Dialog title={t('ui.settings.grants.formTitle')} onClose={onClose} wide testId="grant-dialog">
      <form data-testid="grant-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.settings.grants.user')} className="grow">
            <select autoFocus value={username} onChange={(e) => setUsername(e.target.value)} data-testid="grant-user-select">
              <option value="">{t('ui.settings.grants.chooseUser')}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.username}>
                  {t('ui.settings.grants.userOption', { name: u.displayName, username: u.username, clearance: t(`enums.confidentiality.${u.clearance}`) })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ui.settings.grants.file')} hint={t('ui.settings.grants.fileHint')} className="grow">
            <input
              type="text"
              required
              maxLength={64}
              readOnly={fixedNo !== undefined}
              value={archiveNo}
              onChange={(e) => setArchiveNo(e.target.value)}
              data-testid="grant-archive-no-input"
            />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('ui.settings.grants.until')} hint={t('ui.settings.grants.untilHint')} className="grow">
            <input type="date" required value={until} onChange={(e) => setUntil(e.target.value)} data-testid="grant-until-input" />
          </Field>
          <Field label={t('ui.settings.grants.reason')} className="grow">
            <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="grant-reason-input" />
          </Field>
        </div>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.settings.grants.submit'), testId: 'grant-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
