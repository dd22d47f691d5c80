/** 安全: how long an unattended interface stays open before it locks itself, and the password policy's length. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ActionFeedback, Field, FormActions } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/domain/passwords.js';
import { useSettings } from '../../stores/settings.js';

export function SecuritySettings() {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState('');
  const [minLength, setMinLength] = useState('');
  const action = useAction();

  useEffect(() => {
    api.call('settings.get').then((s) => {
      setMinutes(String(s.idleLockMinutes));
      setMinLength(String(s.passwordMinLength));
    }, action.setError);
  }, [action.setError]);

  const value = Number(minutes);
  const length = Number(minLength);
  const validMinutes = Number.isInteger(value) && value >= 1 && value <= 480;
  const validLength = Number.isInteger(length) && length >= MIN_PASSWORD_LENGTH && length <= 128;
  const valid = validMinutes && validLength;
  const submit = action.submit(
    async () => {
      const saved = await api.call('settings.update', { idleLockMinutes: value, passwordMinLength: length });
      useSettings.setState({ settings: saved });
      return saved;
    },
    { enabled: valid, notice: (tt, saved) => tt('ui.settings.security.saved', { minutes: saved.idleLockMinutes }) },
  );

  return (
    <form onSubmit={submit} noValidate data-testid="security-form">
      <p className="muted">{t('ui.settings.security.intro')}</p>
      <ActionFeedback action={action} />
      <Field
        label={t('ui.settings.security.idleLockMinutes')}
        hint={t('ui.settings.security.idleLockHint')}
        problem={minutes && !validMinutes ? t('ui.settings.security.idleLockRange') : null}
      >
        <input type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="idle-lock-input" />
      </Field>
      <Field
        label={t('ui.settings.security.passwordMinLength')}
        hint={t('ui.settings.security.passwordMinHint')}
        problem={minLength && !validLength ? t('ui.settings.security.passwordMinRange') : null}
      >
        <input type="number" min={MIN_PASSWORD_LENGTH} max={128} value={minLength} onChange={(e) => setMinLength(e.target.value)} data-testid="password-min-input" />
      </Field>
      <FormActions action={{ busy: action.busy, error: null }} submit={{ label: t('ui.common.save'), testId: 'security-submit', disabled: !valid }} />
    </form>
  );
}
