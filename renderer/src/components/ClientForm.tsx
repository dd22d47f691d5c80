import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/contract.js';
import { api } from '../api.js';
import { Dialog, ErrorLine, Field } from './ui.js';

export function ClientFormDialog({ onCreated, onClose }: { onCreated(client: Client): void; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const [category, setCategory] = useState('');
  const [contactPerson, setContactPerson] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const client = await api.call('clients.create', {
        name,
        creditCode: creditCode.trim().toUpperCase(),
        category,
        contactPerson,
        contactPhone,
      });
      onCreated(client);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

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
          <input
            type="text"
            maxLength={100}
            placeholder={t('ui.clientForm.categoryPlaceholder')}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          />
        </Field>
        <div className="form-row">
          <Field label={t('ui.fields.contactPerson')} className="grow">
            <input type="text" maxLength={100} value={contactPerson} onChange={(e) => setContactPerson(e.target.value)} />
          </Field>
          <Field label={t('ui.fields.contactPhone')} className="grow">
            <input type="tel" maxLength={50} value={contactPhone} onChange={(e) => setContactPhone(e.target.value)} />
          </Field>
        </div>
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="client-submit">
            {busy ? t('ui.common.busy') : t('ui.clientForm.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
