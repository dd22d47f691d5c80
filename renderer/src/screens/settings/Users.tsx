import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput, SessionUser } from '../../../../shared/contract.js';
import { isCode, USERNAME_MAX, USERNAME_RE } from '../../../../shared/domain/codes.js';
import { ROLES } from '../../../../shared/domain/enums.js';
import type { Confidentiality, Role } from '../../../../shared/domain/enums.js';
import { api } from '../../api.js';
import { ListEditorHead, useListEditor } from '../../components/ListEditor.js';
import { NewPasswordFields } from '../../components/NewPassword.js';
import { ActiveBadge, ConfidentialityBadge, ConfidentialitySelect, Dialog, Field, FormActions, TableState } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { passwordProblems } from '../../rules.js';
import { useSession } from '../../stores/session.js';

type UserRow = OpOutput<'users.list'>[number];

/** What the dialog works on: a new user, or one user's details, password, disabling or removal. */
type Editing = { kind: 'new' } | { kind: 'edit' | 'reset' | 'disable' | 'remove'; user: UserRow };

export function UsersSettings() {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const list = useListEditor<UserRow[], Editing>(() => api.call('users.list'));
  const { data: users, error, action } = list;

  const enable = (u: UserRow) =>
    void action.run(() => api.call('users.enable', { username: u.username }), { notice: (tt) => tt('ui.settings.users.enabled', { username: u.username }) });

  return (
    <div>
      <ListEditorHead
        title={t('ui.settings.users.title')}
        intro={t('ui.settings.users.intro')}
        add={{ label: t('ui.settings.users.add'), testId: 'new-user-button', onClick: () => list.edit({ kind: 'new' }) }}
        editor={list}
      />
      <table className="table table-compact users-table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.users.username')}</th>
            <th scope="col">{t('ui.settings.users.displayName')}</th>
            <th scope="col">{t('ui.settings.users.role')}</th>
            <th scope="col">{t('ui.settings.users.department')}</th>
            <th scope="col">{t('ui.settings.users.clearance')}</th>
            <th scope="col">{t('ui.settings.users.status')}</th>
            <th scope="col" className="actions">
              {t('ui.common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={users === null && !error} empty={users?.length === 0} columns={7} />
          {users?.map((u) => {
            const self = me?.id === u.id;
            return (
              <tr key={u.id} data-testid="user-row" data-username={u.username} className={u.active ? undefined : 'former'}>
                <td className="nowrap">
                  <span className="mono">{u.username}</span>
                  {self ? <span className="badge badge-former">{t('ui.settings.users.you')}</span> : null}
                </td>
                <td data-testid="user-display-name">{u.displayName}</td>
                <td data-testid="user-role" data-role={u.role}>
                  {t(`enums.role.${u.role}`)}
                  <div className="muted small">{t(`ui.settings.users.roleHints.${u.role}`)}</div>
                </td>
                <td>{u.department || t('ui.common.dash')}</td>
                <td data-testid="user-clearance" data-clearance={u.clearance}>
                  <ConfidentialityBadge level={u.clearance} />
                </td>
                <td data-testid="user-status" data-active={u.active ? 'true' : 'false'}>
                  <ActiveBadge active={u.active} />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => list.edit({ kind: 'edit', user: u })}
                    aria-label={t('ui.settings.users.editOf', { username: u.username })}
                    data-testid="edit-user-button"
                  >
                    {t('ui.settings.edit')}
                  </button>
                  {/* One's own account: the password is changed under 修改密码, never disabled or removed here. */}
                  {self ? null : (
                    <>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => list.edit({ kind: 'reset', user: u })}
                        aria-label={t('ui.settings.users.resetOf', { username: u.username })}
                        data-testid="reset-password-button"
                      >
                        {t('ui.settings.users.reset')}
                      </button>
                      {u.active ? (
                        <button
                          type="button"
                          className="btn btn-small btn-quiet-danger"
                          onClick={() => list.edit({ kind: 'disable', user: u })}
                          aria-label={t('ui.settings.users.disableOf', { username: u.username })}
                          data-testid="disable-user-button"
                        >
                          {t('ui.settings.deactivate')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={action.busy}
                          onClick={() => enable(u)}
                          aria-label={t('ui.settings.users.enableOf', { username: u.username })}
                          data-testid="enable-user-button"
                        >
                          {t('ui.settings.activate')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-small btn-quiet-danger"
                        onClick={() => list.edit({ kind: 'remove', user: u })}
                        aria-label={t('ui.settings.users.removeOf', { username: u.username })}
                        data-testid="remove-user-button"
                      >
                        {t('ui.settings.users.remove')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.editing?.kind === 'new' ? (
        <NewUserDialog onClose={list.close} onCreated={(u) => list.saved((tt) => tt('ui.settings.users.created', { name: u.displayName, username: u.username }))} />
      ) : null}
      {list.editing?.kind === 'edit' ? (
        <EditUserDialog
          user={list.editing.user}
          self={list.editing.user.id === me?.id}
          onClose={list.close}
          onSaved={(u) => list.saved((tt) => tt('ui.settings.users.updated', { username: u.username }))}
        />
      ) : null}
      {list.editing?.kind === 'reset' ? (
        <ResetPasswordDialog user={list.editing.user} onClose={list.close} onDone={(u) => list.saved((tt) => tt('ui.settings.users.passwordReset', { username: u.username }))} />
      ) : null}
      {list.editing?.kind === 'disable' || list.editing?.kind === 'remove' ? (
        <ReasonDialog
          kind={list.editing.kind}
          user={list.editing.user}
          onClose={list.close}
          onDone={(kind, u) => list.saved((tt) => tt(kind === 'disable' ? 'ui.settings.users.disabled' : 'ui.settings.users.removed', { username: u.username }))}
        />
      ) : null}
    </div>
  );
}

function RoleSelect({ value, onChange, disabled }: { value: Role; onChange(role: Role): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)} data-testid="user-role-select">
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`enums.role.${r}`)}
        </option>
      ))}
    </select>
  );
}

function NewUserDialog({ onCreated, onClose }: { onCreated(user: SessionUser): void; onClose(): void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [department, setDepartment] = useState('');
  const [clearance, setClearance] = useState<Confidentiality>('normal');
  const save = useAction();

  const problems = passwordProblems(password, repeat);
  const badUsername = username.trim() !== '' && !isCode(username.trim(), USERNAME_RE, USERNAME_MAX);
  const ready = username.trim() && !badUsername && displayName.trim() && password && repeat && !problems.mismatch;
  const submit = save.submit(async () => onCreated(await api.call('users.create', { username: username.trim(), displayName, password, role, department, clearance })), {
    enabled: ready,
  });

  return (
    <Dialog title={t('ui.settings.users.formTitle')} onClose={onClose} wide>
      <form data-testid="user-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field
            label={t('ui.settings.users.username')}
            hint={t('ui.settings.users.usernameHint')}
            problem={badUsername ? t('ui.settings.users.usernameBad') : null}
            className="grow"
          >
            <input
              type="text"
              required
              autoFocus
              maxLength={USERNAME_MAX}
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="user-username-input"
            />
          </Field>
          <Field label={t('ui.settings.users.displayName')} className="grow">
            <input type="text" required maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-display-name-input" />
          </Field>
        </div>
        <NewPasswordFields
          texts="ui.settings.users"
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          testIds={{ password: 'user-password-input', repeat: 'user-password-repeat-input' }}
        />
        <div className="form-row">
          <Field label={t('ui.settings.users.role')} hint={t(`ui.settings.users.roleHints.${role}`)} className="grow">
            <RoleSelect value={role} onChange={setRole} />
          </Field>
          <Field label={t('ui.settings.users.department')} className="grow">
            <input type="text" maxLength={100} value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="user-department-input" />
          </Field>
          <Field label={t('ui.settings.users.clearance')} hint={t('ui.settings.users.clearanceHint')} className="grow">
            <ConfidentialitySelect value={clearance} onChange={setClearance} testId="user-clearance-select" />
          </Field>
        </div>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.settings.users.submit'), testId: 'user-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}

/** Display name, department, role and clearance; one's own role stays (another administrator changes it). */
function EditUserDialog({ user, self, onSaved, onClose }: { user: UserRow; self: boolean; onSaved(user: UserRow): void; onClose(): void }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [department, setDepartment] = useState(user.department);
  const [role, setRole] = useState<Role>(user.role);
  const [clearance, setClearance] = useState<Confidentiality>(user.clearance);
  const save = useAction();
  const changes = {
    ...(displayName.trim() !== user.displayName ? { displayName } : {}),
    ...(department.trim() !== user.department ? { department } : {}),
    ...(role !== user.role ? { role } : {}),
    ...(clearance !== user.clearance ? { clearance } : {}),
  };
  const ready = displayName.trim() !== '' && Object.keys(changes).length > 0;
  const submit = save.submit(async () => onSaved(await api.call('users.update', { username: user.username, ...changes })), { enabled: ready });

  return (
    <Dialog title={t('ui.settings.users.editTitle', { username: user.username })} onClose={onClose} wide testId="edit-user-dialog">
      <form data-testid="edit-user-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.settings.users.displayName')} className="grow">
            <input type="text" required autoFocus maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-display-name-input" />
          </Field>
          <Field label={t('ui.settings.users.department')} className="grow">
            <input type="text" maxLength={100} value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="user-department-input" />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('ui.settings.users.role')} hint={self ? t('ui.settings.users.ownRoleHint') : t(`ui.settings.users.roleHints.${role}`)} className="grow">
            <RoleSelect value={role} onChange={setRole} disabled={self} />
          </Field>
          <Field label={t('ui.settings.users.clearance')} hint={t('ui.settings.users.clearanceHint')} className="grow">
            <ConfidentialitySelect value={clearance} onChange={setClearance} testId="user-clearance-select" />
          </Field>
        </div>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.settings.users.save'), testId: 'edit-user-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onDone, onClose }: { user: UserRow; onDone(user: UserRow): void; onClose(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const save = useAction();
  const problems = passwordProblems(password, repeat);
  const ready = password && repeat && !problems.mismatch;
  const submit = save.submit(
    async () => {
      await api.call('users.resetPassword', { username: user.username, password });
      onDone(user);
    },
    { enabled: ready },
  );
  return (
    <Dialog title={t('ui.settings.users.resetTitle', { username: user.username, name: user.displayName })} onClose={onClose} wide testId="reset-password-dialog">
      <form data-testid="reset-password-form" onSubmit={submit} noValidate>
        <p className="muted small">{t('ui.settings.users.resetIntro')}</p>
        <NewPasswordFields
          texts="ui.settings.users.resetFields"
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          testIds={{ password: 'reset-password-input', repeat: 'reset-password-repeat-input' }}
          autoFocus
        />
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.settings.users.resetSubmit'), testId: 'reset-password-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}

/** Disabling and removing say what follows and take an optional reason, which the audit log keeps. */
function ReasonDialog({ kind, user, onDone, onClose }: { kind: 'disable' | 'remove'; user: UserRow; onDone(kind: 'disable' | 'remove', user: UserRow): void; onClose(): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const save = useAction();
  const submit = save.submit(async () => {
    if (kind === 'disable') await api.call('users.disable', { username: user.username, reason });
    else await api.call('users.remove', { username: user.username, reason });
    onDone(kind, user);
  });
  const texts = kind === 'disable' ? 'disable' : 'remove';
  return (
    <Dialog title={t(`ui.settings.users.${texts}Title`, { username: user.username, name: user.displayName })} onClose={onClose} testId={`${kind}-user-dialog`}>
      <form onSubmit={submit} noValidate data-testid={`${kind}-user-form`}>
        <p className="confirm-body">{t(`ui.settings.users.${texts}Body`)}</p>
        <Field label={t('ui.settings.users.reason')} hint={t('ui.settings.users.reasonHint')}>
          <input type="text" autoFocus maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="user-reason-input" />
        </Field>
        <FormActions action={save} onCancel={onClose} submit={{ label: t(`ui.settings.users.${texts}Submit`), testId: `${kind}-user-submit`, className: 'btn-danger' }} />
      </form>
    </Dialog>
  );
}
