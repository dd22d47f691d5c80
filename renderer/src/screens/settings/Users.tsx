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

export function UsersSettings() {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const list = useListEditor<UserRow[], 'new'>(() => api.call('users.list'));
  const { data: users, error } = list;

  return (
    <div>
      <ListEditorHead
        title={t('ui.settings.users.title')}
        intro={t('ui.settings.users.intro')}
        add={{ label: t('ui.settings.users.add'), testId: 'new-user-button', onClick: () => list.edit('new') }}
        editor={list}
      />
      <table className="table table-compact" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.users.username')}</th>
            <th scope="col">{t('ui.settings.users.displayName')}</th>
            <th scope="col">{t('ui.settings.users.role')}</th>
            <th scope="col">{t('ui.settings.users.department')}</th>
            <th scope="col">{t('ui.settings.users.clearance')}</th>
            <th scope="col">{t('ui.settings.users.status')}</th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={users === null && !error} empty={users?.length === 0} columns={6} />
          {users?.map((u) => (
            <tr key={u.id} data-testid="user-row" data-username={u.username} className={u.active ? undefined : 'former'}>
              <td className="nowrap">
                <span className="mono">{u.username}</span>
                {me?.id === u.id ? <span className="badge badge-former">{t('ui.settings.users.you')}</span> : null}
              </td>
              <td>{u.displayName}</td>
              <td>
                {t(`enums.role.${u.role}`)}
                <div className="muted small">{t(`ui.settings.users.roleHints.${u.role}`)}</div>
              </td>
              <td>{u.department || t('ui.common.dash')}</td>
              <td data-testid="user-clearance" data-clearance={u.clearance}>
                <ConfidentialityBadge level={u.clearance} />
              </td>
              <td>
                <ActiveBadge active={u.active} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.editing ? (
        <UserDialog onClose={list.close} onCreated={(u) => list.saved((tt) => tt('ui.settings.users.created', { name: u.displayName, username: u.username }))} />
      ) : null}
    </div>
  );
}

function UserDialog({ onCreated, onClose }: { onCreated(user: SessionUser): void; onClose(): void }) {
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
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role-select">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`enums.role.${r}`)}
                </option>
              ))}
            </select>
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
