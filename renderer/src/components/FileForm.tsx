import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileRecord } from '../../../shared/contract.js';
import type { Confidentiality, Retention } from '../../../shared/domain/enums.js';
import { api } from '../api.js';
import { ConfidentialitySelect, Dialog, ErrorLine, Field, RetentionSelect } from './ui.js';

export function FileFormDialog({ clientId, onCreated, onClose }: { clientId: string; onCreated(file: FileRecord): void; onClose(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('normal');
  const [retention, setRetention] = useState<Retention>('30y');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !title.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.call('files.create', { clientId, title, confidentiality, retention }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('ui.fileForm.title')} onClose={onClose}>
      <form data-testid="file-form" onSubmit={submit} noValidate>
        <Field label={t('ui.fields.fileTitle')}>
          <input
            type="text"
            required
            autoFocus
            maxLength={300}
            placeholder={t('ui.fileForm.titlePlaceholder')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="file-title-input"
          />
        </Field>
        <div className="form-row">
          <Field label={t('ui.fields.confidentiality')} className="grow">
            <ConfidentialitySelect value={confidentiality} onChange={setConfidentiality} testId="confidentiality-select" />
          </Field>
          <Field label={t('ui.fields.retention')} className="grow">
            <RetentionSelect value={retention} onChange={setRetention} testId="retention-select" />
          </Field>
        </div>
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !title.trim()} data-testid="file-submit">
            {busy ? t('ui.common.busy') : t('ui.fileForm.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
