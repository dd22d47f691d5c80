import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Field, FormActions } from '../components/ui.js';
import { Gate } from './Gate.js';
import { RecoverForm } from './Recover.js';
import { useAction } from '../hooks.js';
import { rememberedUsername, rememberUsername } from '../rememberedUser.js';
import { useSession } from '../stores/session.js';

export function UnlockScreen() {
  const { t } = useTranslation();
  const refresh = useSession((s) => s.refresh);
  const noteSignIn = useSession((s) => s.noteSignIn);
  const [remembered] = useState(() => rememberedUsername());
  const [username, setUsername] = useState(remembered);
  const [remember, setRemember] = useState(remembered !== '');
  const [password, setPassword] = useState('');
  const unlock = useAction();
  const passwordRef = useRef<HTMLInputElement>(null);
  // "Forgot password": the recovery form in place of this one; afterwards what it did, above the sign-in.
  const [recovering, setRecovering] = useState(false);
  const [recovered, setRecovered] = useState<{ username: string; rebuilt: boolean } | null>(null);
  // Back from a recovery: the new password goes in next (after the form is mounted again, which
  // also runs the user name field's autofocus).
  useEffect(() => {
    if (recovered && !recovering) passwordRef.current?.focus();
  }, [recovered, recovering]);

  // Built when submitted: its error handler reaches for the password field.
  const submit = (e: FormEvent) =>
    unlock.submit(
      async () => {
        noteSignIn(await api.call('session.unlock', { username, password }));
        rememberUsername(username, remember);
        await refresh();
      },
      {
        enabled: username.trim() && password,
        onError: () => {
          setPassword('');
          requestAnimationFrame(() => passwordRef.current?.focus());
        },
      },
    )(e);

  if (recovering) {
    return (
      <Gate>
        <RecoverForm
          initialUsername={username}
          onBack={() => setRecovering(false)}
          onDone={(name, rebuilt) => {
            setRecovered({ username: name, rebuilt });
            setUsername(name);
            setPassword('');
            setRecovering(false);
          }}
        />
      </Gate>
    );
  }

  return (
    <Gate>
      <form className="card gate-card" data-testid="unlock-form" onSubmit={submit} noValidate>
        <h1>{t('ui.unlock.title')}</h1>
        <p className="muted">{t('ui.unlock.subtitle')}</p>
        {recovered ? (
          <div className="msg msg-ok" role="status" data-testid="recover-done">
            {t('ui.recoverForm.done', { username: recovered.username })}
            {recovered.rebuilt ? <div>{t('ui.recoverForm.rebuilt')}</div> : null}
          </div>
        ) : null}
        <Field label={t('ui.unlock.username')}>
          <input
            type="text"
            required
            autoFocus={remembered === ''}
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="username-input"
          />
        </Field>
        <Field label={t('ui.unlock.password')}>
          <input
            ref={passwordRef}
            type="password"
            required
            autoFocus={remembered !== ''}
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              unlock.setError(null);
            }}
            data-testid="password-input"
          />
        </Field>
        <label className="check" title={t('ui.unlock.rememberHint')}>
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="remember-username" />
          {t('ui.unlock.remember')}
        </label>
        <FormActions
          action={unlock}
          submit={{ label: t('ui.unlock.submit'), busyLabel: t('ui.unlock.submitting'), testId: 'unlock-submit', className: 'btn-primary btn-large btn-block' }}
        />
        <p className="center">
          <button type="button" className="link" onClick={() => setRecovering(true)} data-testid="forgot-password">
            {t('ui.recoverForm.link')}
          </button>
        </p>
      </form>
    </Gate>
  );
}
