import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileRecord } from '../../../shared/contract.js';
import type { Confidentiality, Retention } from '../../../shared/domain/enums.js';
import { api } from '../api.js';
import { useAction } from '../hooks.js';
import { ConfidentialitySelect, Dialog, Field, FormActions, RetentionSelect } from './ui.js';

export function FileFormDialog({ clientId, onCreated, onClose }: { clientId: string; onCreated(file: FileRecord): void; onClose(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('normal');
  const [retention, setRetention] = useState<Retention>('30y');
  const save = useAction();
  const ready = title.trim() !== '';
  const submit = save.submit(async () => onCreated(await api.call('files.create', { clientId, title, confidentiality, retention })), { enabled: ready });

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
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.fileForm.submit'), testId: 'file-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
