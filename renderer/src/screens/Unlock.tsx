import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { ErrorLine, Field, LanguageSwitch } from '../components/ui.js';
import { useSession } from '../stores/session.js';

export function UnlockScreen() {
  const { t } = useTranslation();
  const refresh = useSession((s) => s.refresh);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !username.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('session.unlock', { username, password });
      await refresh();
    } catch (err) {
      setError(err);
      setPassword('');
      setBusy(false);
      requestAnimationFrame(() => passwordRef.current?.focus());
    }
  }

  return (
    <div className="gate">
      <div className="gate-top">
        <span className="brand">{t('ui.appName')}</span>
        <LanguageSwitch />
      </div>
      <form className="card gate-card" data-testid="unlock-form" onSubmit={submit} noValidate>
        <h1>{t('ui.unlock.title')}</h1>
        <p className="muted">{t('ui.unlock.subtitle')}</p>
        <Field label={t('ui.unlock.username')}>
          <input
            type="text"
            required
            autoFocus
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
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setError(null);
            }}
            data-testid="password-input"
          />
        </Field>
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary btn-large btn-block" disabled={busy} data-testid="unlock-submit">
            {busy ? t('ui.unlock.submitting') : t('ui.unlock.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
