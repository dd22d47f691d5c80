import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from '../../../shared/domain/passwords.js';
import { passwordProblems } from '../rules.js';
import { Field } from './ui.js';

interface NewPasswordProps {
  /** Where the labels are: first run or the new-user dialog (same keys under each). */
  texts: 'ui.setup' | 'ui.settings.users' | 'ui.settings.users.resetFields' | 'ui.recoverForm';
  password: string;
  repeat: string;
  onPassword(value: string): void;
  onRepeat(value: string): void;
  testIds: { password: string; repeat: string };
  /** Focus the password when the dialog opens (when it is the dialog's first field). */
  autoFocus?: boolean;
}

/** A new password and its repetition, with the length rule as a hint and problems once typed. */
export function NewPasswordFields({ texts, password, repeat, onPassword, onRepeat, testIds, autoFocus }: NewPasswordProps) {
  const { t } = useTranslation();
  const problems = passwordProblems(password, repeat);
  return (
    <div className="form-row">
      <Field
        label={t(`${texts}.password`)}
        hint={t(`${texts}.passwordHint`, { min: MIN_PASSWORD_LENGTH })}
        problem={problems.tooShort ? t(`${texts}.passwordTooShort`, { min: MIN_PASSWORD_LENGTH }) : null}
        className="grow"
      >
        <input
          type="password"
          required
          autoFocus={autoFocus}
          autoComplete="new-password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          data-testid={testIds.password}
        />
      </Field>
      <Field label={t(`${texts}.passwordRepeat`)} problem={problems.mismatch ? t(`${texts}.passwordMismatch`) : null} className="grow">
        <input type="password" required autoComplete="new-password" value={repeat} onChange={(e) => onRepeat(e.target.value)} data-testid={testIds.repeat} />
      </Field>
    </div>
  );
}
