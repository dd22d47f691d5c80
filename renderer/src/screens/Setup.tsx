import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { ErrorLine, Field, LanguageSwitch } from '../components/ui.js';
import { useSession } from '../stores/session.js';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../rules.js';

export function SetupScreen() {
  const { t } = useTranslation();
  const refresh = useSession((s) => s.refresh);
  const [archiveName, setArchiveName] = useState(() => t('ui.setup.defaultArchiveName'));
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [department, setDepartment] = useState(() => t('ui.setup.defaultDepartment'));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [demo, setDemo] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);

  const problems = passwordProblems(password, repeat);
  const ready =
    archiveName.trim() && username.trim() && displayName.trim() && password && repeat && !problems.tooShort && !problems.mismatch;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('archive.create', {
        archiveName,
        admin: { username, displayName, department, password },
        demo,
      });
      await refresh();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <div className="gate">
      <div className="gate-top">
        <span className="brand">{t('ui.appName')}</span>
        <LanguageSwitch />
      </div>
      <form className="card gate-card gate-card-wide" data-testid="setup-form" onSubmit={submit} noValidate>
        <h1>{t('ui.setup.title')}</h1>
        <p className="muted">{t('ui.setup.intro')}</p>
        <Field label={t('ui.setup.archiveName')}>
          <input type="text" required maxLength={100} value={archiveName} onChange={(e) => setArchiveName(e.target.value)} data-testid="setup-archive-name" />
        </Field>
        <fieldset>
          <legend>{t('ui.setup.adminSection')}</legend>
          <div className="form-row">
            <Field label={t('ui.setup.username')} hint={t('ui.setup.usernameHint')} className="grow">
              <input
                type="text"
                required
                autoFocus
                maxLength={64}
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                data-testid="setup-username"
              />
            </Field>
            <Field label={t('ui.setup.displayName')} className="grow">
              <input
                type="text"
                required
                maxLength={100}
                autoComplete="name"
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
                data-testid="setup-display-name"
                aria-invalid={touched && !displayName.trim() ? true : undefined}
              />
            </Field>
            <Field label={t('ui.setup.department')} className="grow">
              <input type="text" maxLength={100} value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="setup-department" />
            </Field>
          </div>
          <div className="form-row">
            <Field
              label={t('ui.setup.password')}
              hint={t('ui.setup.passwordHint', { min: MIN_PASSWORD_LENGTH })}
              problem={problems.tooShort ? t('ui.setup.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) : null}
              className="grow"
            >
              <input type="password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="setup-password" />
            </Field>
            <Field
              label={t('ui.setup.passwordRepeat')}
              problem={problems.mismatch ? t('ui.setup.passwordMismatch') : null}
              className="grow"
            >
              <input type="password" required autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="setup-password-repeat" />
            </Field>
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} data-testid="demo-checkbox" />
          <span>
            {t('ui.setup.demo')}
            <span className="field-hint block">{t('ui.setup.demoHint')}</span>
          </span>
        </label>
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary btn-large" disabled={busy || !ready} data-testid="setup-submit">
            {busy ? t('ui.setup.submitting') : t('ui.setup.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
