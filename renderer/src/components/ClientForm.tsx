import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/contract.js';
import { api } from '../api.js';
import { useAction } from '../hooks.js';
import { Dialog, Field, FormActions } from './ui.js';

export function ClientFormDialog({ onCreated, onClose }: { onCreated(client: Client): void; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const [category, setCategory] = useState('');
  const [contactPerson, setContactPerson] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const save = useAction();
  const ready = name.trim() !== '';
  const submit = save.submit(
    async () => onCreated(await api.call('clients.create', { name, creditCode: creditCode.trim().toUpperCase(), category, contactPerson, contactPhone })),
    { enabled: ready },
  );

  return (
    <Dialog title={t('ui.clientForm.title')} onClose={onClose}>
      <form data-testid="client-form" onSubmit={submit} noValidate>
        <Field label={t('ui.fields.clientName')}>
          <input type="text" required autoFocus maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="client-name-input" />
        </Field>
        <Field label={t('ui.fields.creditCode')} hint={t('ui.clientForm.creditCodeHint')}>
          <input
            type="text"
            className="mono"
            maxLength={26}
            autoComplete="off"
            spellCheck={false}
            value={creditCode}
            onChange={(e) => setCreditCode(e.target.value)}
            data-testid="credit-code-input"
          />
        </Field>
        <Field label={t('ui.fields.category')}>
          <input type="text" maxLength={100} placeholder={t('ui.clientForm.categoryPlaceholder')} value={category} onChange={(e) => setCategory(e.target.value)} />
        </Field>
        <div className="form-row">
          <Field label={t('ui.fields.contactPerson')} className="grow">
            <input type="text" maxLength={100} value={contactPerson} onChange={(e) => setContactPerson(e.target.value)} />
          </Field>
          <Field label={t('ui.fields.contactPhone')} className="grow">
            <input type="tel" maxLength={50} value={contactPhone} onChange={(e) => setContactPhone(e.target.value)} />
          </Field>
        </div>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.clientForm.submit'), testId: 'client-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
