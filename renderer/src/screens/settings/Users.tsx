import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput, SessionUser } from '../../../../shared/contract.js';
import { ROLES } from '../../../../shared/domain/enums.js';
import type { Confidentiality, Role } from '../../../../shared/domain/enums.js';
import { api } from '../../api.js';
import { useLoad } from '../../hooks.js';
import { ConfidentialityBadge, ConfidentialitySelect, Dialog, ErrorLine, Field, NoticeLine, TableState } from '../../components/ui.js';
import type { Notice } from '../../components/ui.js';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../../rules.js';
import { USERNAME_RE } from '../../settingsRules.js';
import { useSession } from '../../stores/session.js';

type UserRow = OpOutput<'users.list'>[number];

export function UsersSettings() {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const { data: users, error, setError, reload: load } = useLoad<UserRow[]>(() => api.call('users.list'));
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);


  return (
    <div>
      <div className="screen-head">
        <h2 className="section-title">{t('ui.settings.users.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-user-button">
          {t('ui.settings.users.add')}
        </button>
      </div>
      <p className="muted small intro">{t('ui.settings.users.intro')}</p>
      <NoticeLine notice={notice} />
      <ErrorLine error={error} />
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
      {creating ? (
        <UserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice(() => (tt: typeof t) => tt('ui.settings.users.created', { name: u.displayName, username: u.username }));
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${active ? 'badge-complete' : 'badge-former'}`} data-testid="active-badge" data-active={active}>
      {active ? t('ui.settings.active') : t('ui.settings.inactive')}
    </span>
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const problems = passwordProblems(password, repeat);
  const badUsername = username.trim() !== '' && !USERNAME_RE.test(username.trim());
  const ready = username.trim() && !badUsername && displayName.trim() && password && repeat && !problems.mismatch;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.call('users.create', { username: username.trim(), displayName, password, role, department, clearance }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('ui.settings.users.formTitle')} onClose={onClose} wide>
      <form data-testid="user-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.settings.users.username')} hint={t('ui.settings.users.usernameHint')} problem={badUsername ? t('ui.settings.users.usernameBad') : null} className="grow">
            <input type="text" required autoFocus maxLength={64} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="user-username-input" />
          </Field>
          <Field label={t('ui.settings.users.displayName')} className="grow">
            <input type="text" required maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-display-name-input" />
          </Field>
        </div>
        <div className="form-row">
          <Field
            label={t('ui.settings.users.password')}
            hint={t('ui.settings.users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
            problem={problems.tooShort ? t('ui.settings.users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) : null}
            className="grow"
          >
            <input type="password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="user-password-input" />
          </Field>
          <Field label={t('ui.settings.users.passwordRepeat')} problem={problems.mismatch ? t('ui.settings.users.passwordMismatch') : null} className="grow">
            <input type="password" required autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="user-password-repeat-input" />
          </Field>
        </div>
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
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !ready} data-testid="user-submit">
            {busy ? t('ui.common.busy') : t('ui.settings.users.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
