/**
 * The sign-in screen's "forgot password": the recovery key from the safe gives an
 * administrator a new password (archive.recover). Wrong keys are throttled and audited by the
 * engine like wrong passwords.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { NewPasswordFields } from '../components/NewPassword.js';
import { Field, FormActions } from '../components/ui.js';
import { useAction } from '../hooks.js';
import { passwordProblems } from '../rules.js';

export function RecoverForm({ initialUsername, onBack, onDone }: { initialUsername: string; onBack(): void; onDone(username: string, rebuilt: boolean): void }) {
  const { t } = useTranslation();
  const [recoveryKey, setRecoveryKey] = useState('');
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const action = useAction();
  const problems = passwordProblems(password, repeat);
  const ready = recoveryKey.trim() && username.trim() && password && password === repeat && !problems.tooShort;

  const submit = action.submit(
    async () => {
      const result = await api.call('archive.recover', { recoveryKey, username, newPassword: password });
      onDone(result.username, result.rebuiltAuthority);
    },
    { enabled: ready },
  );

  return (
    <form className="card gate-card" data-testid="recover-form" onSubmit={submit} noValidate>
      <h1>{t('ui.recoverForm.title')}</h1>
      <p className="muted">{t('ui.recoverForm.intro')}</p>
      <Field label={t('ui.recoverForm.key')} hint={t('ui.recoverForm.keyHint')}>
        <input
          type="text"
          required
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={recoveryKey}
          onChange={(e) => {
            setRecoveryKey(e.target.value);
            action.setError(null);
          }}
          data-testid="recover-key"
        />
      </Field>
      <Field label={t('ui.recoverForm.username')}>
        <input type="text" required autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="recover-username" />
      </Field>
      <NewPasswordFields
        texts="ui.recoverForm"
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        testIds={{ password: 'recover-password', repeat: 'recover-repeat' }}
      />
      <FormActions
        action={action}
        submit={{ label: t('ui.recoverForm.submit'), busyLabel: t('ui.recoverForm.submitting'), testId: 'recover-submit', className: 'btn-primary', disabled: !ready }}
      >
        <button type="button" className="btn" onClick={onBack} data-testid="recover-back">
          {t('ui.recoverForm.back')}
        </button>
      </FormActions>
    </form>
  );
}
