/** 安全: how long an unattended interface stays open before it locks itself. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ActionFeedback, Field, FormActions } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { useSettings } from '../../stores/settings.js';

export function SecuritySettings() {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState('');
  const action = useAction();

  useEffect(() => {
    api.call('settings.get').then((s) => setMinutes(String(s.idleLockMinutes)), action.setError);
  }, [action.setError]);

  const value = Number(minutes);
  const valid = Number.isInteger(value) && value >= 1 && value <= 480;
  const submit = action.submit(
    async () => {
      const saved = await api.call('settings.update', { idleLockMinutes: value });
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
        problem={minutes && !valid ? t('ui.settings.security.idleLockRange') : null}
      >
        <input type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="idle-lock-input" />
      </Field>
      <FormActions action={{ busy: action.busy, error: null }} submit={{ label: t('ui.common.save'), testId: 'security-submit', disabled: !valid }} />
    </form>
  );
}
