import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loan } from '../../../shared/contract.js';
import { localDate } from '../../../shared/domain/dates.js';
import { api } from '../api.js';
import { useAction } from '../hooks.js';
import { useSettings } from '../stores/settings.js';
import { Field, FormActions } from './ui.js';

interface LendFormProps {
  archiveNo: string;
  submitLabel: string;
  onLent(loan: Loan): void;
  onCancel?: () => void;
}

/** Borrower (focused), purpose, due date; Enter in any field lends. */
export function LendForm({ archiveNo, submitLabel, onLent, onCancel }: LendFormProps) {
  const { t } = useTranslation();
  const settings = useSettings((s) => s.settings);
  const loadSettings = useSettings((s) => s.load);
  const [borrower, setBorrower] = useState('');
  const [purpose, setPurpose] = useState('');
  const [dueDate, setDueDate] = useState('');
  const lend = useAction();

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  const submit = lend.submit(async () => onLent(await api.call('loans.lend', { archiveNo, borrower, purpose, ...(dueDate ? { dueDate } : {}) })));

  const hint = settings ? t('ui.circulation.dueDateHint', { days: settings.loanDays }) : t('ui.circulation.dueDateHintGeneric');
  return (
    <form className="lend-form" data-testid="lend-form" onSubmit={submit} noValidate>
      <div className="form-row">
        <Field label={t('ui.fields.borrower')} className="grow">
          <input
            type="text"
            name="borrower"
            required
            autoFocus
            autoComplete="off"
            maxLength={100}
            placeholder={t('ui.circulation.borrowerPlaceholder')}
            value={borrower}
            onChange={(e) => setBorrower(e.target.value)}
            data-testid="borrower-input"
          />
        </Field>
        <Field label={t('ui.fields.purpose')} className="grow">
          <input
            type="text"
            name="purpose"
            autoComplete="off"
            maxLength={300}
            placeholder={t('ui.circulation.purposePlaceholder')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            data-testid="purpose-input"
          />
        </Field>
        <Field label={t('ui.fields.dueDate')} hint={hint}>
          <input type="date" name="dueDate" min={localDate(new Date())} value={dueDate} onChange={(e) => setDueDate(e.target.value)} data-testid="due-date-input" />
        </Field>
      </div>
      <FormActions action={lend} onCancel={onCancel} submit={{ label: submitLabel, testId: 'lend-submit', disabled: !borrower.trim() }} />
    </form>
  );
}
