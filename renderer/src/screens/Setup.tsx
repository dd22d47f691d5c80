import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { NewPasswordFields } from '../components/NewPassword.js';
import { RecoveryKeySheet } from '../components/RecoveryKey.js';
import { Field, FormActions } from '../components/ui.js';
import { Gate } from './Gate.js';
import { useAction } from '../hooks.js';
import { passwordProblems } from '../rules.js';
import { useSession } from '../stores/session.js';

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
  const create = useAction();
  const [touched, setTouched] = useState(false);
  // Shown once before the archive opens; the page keeps it only in this state.
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);

  const problems = passwordProblems(password, repeat);
  const ready = archiveName.trim() && username.trim() && displayName.trim() && password && repeat && !problems.tooShort && !problems.mismatch;

  const createArchive = create.submit(
    async () => {
      const created = await api.call('archive.create', { archiveName, admin: { username, displayName, department, password }, demo });
      setRecoveryKey(created.recoveryKey);
    },
    { enabled: ready },
  );
  function submit(e: FormEvent) {
    setTouched(true);
    createArchive(e);
  }

  if (recoveryKey) {
    return (
      <Gate>
        <RecoveryKeySheet
          recoveryKey={recoveryKey}
          archiveName={archiveName}
          onDone={() => {
            setRecoveryKey(null);
            void refresh();
          }}
        />
      </Gate>
    );
  }

  return (
    <Gate>
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
          <NewPasswordFields
            texts="ui.setup"
            password={password}
            repeat={repeat}
            onPassword={setPassword}
            onRepeat={setRepeat}
            testIds={{ password: 'setup-password', repeat: 'setup-password-repeat' }}
          />
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} data-testid="demo-checkbox" />
          <span>
            {t('ui.setup.demo')}
            <span className="field-hint block">{t('ui.setup.demoHint')}</span>
          </span>
        </label>
        <FormActions
          action={create}
          submit={{ label: t('ui.setup.submit'), busyLabel: t('ui.setup.submitting'), testId: 'setup-submit', disabled: !ready, className: 'btn-primary btn-large' }}
        />
      </form>
    </Gate>
  );
}
