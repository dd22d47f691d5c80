import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDetail, OpInput } from '../../../shared/contract.js';
import { CLIENT_CORE_FIELDS } from '../../../shared/ops/clients.js';
import type { Contact } from '../../../shared/ops/clients.js';
import { localDate } from '../../../shared/domain/dates.js';
import { api } from '../api.js';
import { schemeLabel } from '../format.js';
import { useAction } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { useActiveSchemes } from './Classifications.js';
import { Dialog, Field, FormActions } from './ui.js';

export const TEXT_FIELDS = [
  'name',
  'shortName',
  'creditCode',
  'legalRepresentative',
  'enterpriseNature',
  'supervisingUnit',
  'address',
  'creditStatus',
  'accountManager',
  'remarks',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const MAX: Record<TextField, number> = {
  name: 200,
  shortName: 100,
  creditCode: 26,
  legalRepresentative: 100,
  enterpriseNature: 100,
  supervisingUnit: 200,
  address: 300,
  creditStatus: 200,
  accountManager: 100,
  remarks: 1000,
};

type ContactDraft = { name: string; phone: string };
const contactDraft = (c: Contact | undefined): ContactDraft => ({ name: c?.name ?? '', phone: c?.phone ?? '' });

/** The `clients.update` patch for what the clerk changed (only changed fields are sent). */
export function clientPatch(
  client: ClientDetail,
  values: Record<TextField, string>,
  classifications: Record<string, string>,
  daily: ContactDraft,
  emergency: ContactDraft,
): Omit<OpInput<'clients.update'>, 'id'> {
  const patch: Omit<OpInput<'clients.update'>, 'id'> = {};
  for (const field of TEXT_FIELDS) {
    const next = values[field].trim();
    const before = client[field] ?? '';
    if (next === before) continue;
    if (field === 'name') patch.name = next;
    else patch[field] = next === '' ? null : field === 'creditCode' ? next.toUpperCase() : next;
  }
  const classPatch: Record<string, string | null> = {};
  const schemes = new Set([...Object.keys(classifications), ...Object.keys(client.classifications)]);
  for (const scheme of schemes) {
    const next = classifications[scheme] ?? '';
    const before = client.classifications[scheme] ?? '';
    if (next !== before) classPatch[scheme] = next === '' ? null : next;
  }
  if (Object.keys(classPatch).length) patch.classifications = classPatch;
  const contactPatch = (draft: ContactDraft, current: Contact | undefined) => {
    const name = draft.name.trim();
    const phone = draft.phone.trim();
    if (name === (current?.name ?? '') && phone === (current?.phone ?? '')) return undefined;
    if (!name) return current ? null : undefined;
    return { name, ...(phone ? { phone } : {}) };
  };
  const d = contactPatch(
    daily,
    client.contacts.find((c) => c.role === 'daily'),
  );
  if (d !== undefined) patch.dailyContact = d;
  const e = contactPatch(
    emergency,
    client.contacts.find((c) => c.role === 'emergency'),
  );
  if (e !== undefined) patch.emergencyContact = e;
  return patch;
}

export function coreChanged(patch: Omit<OpInput<'clients.update'>, 'id'>): boolean {
  return CLIENT_CORE_FIELDS.some((f) => patch[f] !== undefined);
}

export function ClientEditDialog({ client, onSaved, onClose }: { client: ClientDetail; onSaved(): void; onClose(): void }) {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const [values, setValues] = useState<Record<TextField, string>>(() => Object.fromEntries(TEXT_FIELDS.map((f) => [f, client[f] ?? ''])) as Record<TextField, string>);
  const [classifications, setClassifications] = useState<Record<string, string>>({ ...client.classifications });
  const [daily, setDaily] = useState(contactDraft(client.contacts.find((c) => c.role === 'daily')));
  const [emergency, setEmergency] = useState(contactDraft(client.contacts.find((c) => c.role === 'emergency')));
  const schemes = useActiveSchemes();
  const [reason, setReason] = useState('');
  const save = useAction();

  const patch = clientPatch(client, values, classifications, daily, emergency);
  const core = coreChanged(patch);
  const nothing = Object.keys(patch).length === 0;

  const submit = save.submit(async () => {
    await api.call('clients.update', { id: client.id, ...patch, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    onSaved();
  });

  const text = (field: TextField, className = 'grow') => (
    <Field label={t(`ui.historyFields.${field}`)} className={className}>
      <input
        type="text"
        maxLength={MAX[field]}
        className={field === 'creditCode' ? 'mono' : undefined}
        value={values[field]}
        onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
        data-testid={`edit-${field}`}
      />
    </Field>
  );

  return (
    <Dialog title={t('ui.clientEdit.title')} onClose={onClose} wide>
      <form data-testid="client-edit-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('ui.clientEdit.core')}</legend>
          <div className="form-row">
            {text('name')}
            {text('creditCode')}
            {text('legalRepresentative')}
          </div>
        </fieldset>
        <div className="form-row">
          {text('shortName')}
          {text('enterpriseNature')}
          {text('supervisingUnit')}
        </div>
        <div className="form-row">
          {text('address')}
          {text('creditStatus')}
          {text('accountManager')}
        </div>
        <div className="form-row">{text('remarks')}</div>
        {schemes.length ? (
          <div className="form-row">
            {schemes.map((scheme) => (
              <Field key={scheme.id} label={schemeLabel(scheme, language)} className="grow">
                <select
                  value={classifications[scheme.code] ?? ''}
                  onChange={(e) => setClassifications((c) => ({ ...c, [scheme.code]: e.target.value }))}
                  data-testid={`edit-class-${scheme.code}`}
                >
                  <option value="">{t('ui.common.dash')}</option>
                  {scheme.values
                    .filter((v) => v.active || v.code === client.classifications[scheme.code])
                    .map((v) => (
                      <option key={v.id} value={v.code}>
                        {schemeLabel(v, language)}
                      </option>
                    ))}
                </select>
              </Field>
            ))}
          </div>
        ) : null}
        <div className="form-row">
          <Field label={t('ui.clientEdit.dailyName')} className="grow">
            <input type="text" maxLength={100} value={daily.name} onChange={(e) => setDaily({ ...daily, name: e.target.value })} data-testid="edit-daily-name" />
          </Field>
          <Field label={t('ui.clientEdit.dailyPhone')} className="grow">
            <input type="tel" maxLength={50} value={daily.phone} onChange={(e) => setDaily({ ...daily, phone: e.target.value })} data-testid="edit-daily-phone" />
          </Field>
          <Field label={t('ui.clientEdit.emergencyName')} className="grow">
            <input type="text" maxLength={100} value={emergency.name} onChange={(e) => setEmergency({ ...emergency, name: e.target.value })} />
          </Field>
          <Field label={t('ui.clientEdit.emergencyPhone')} className="grow">
            <input type="tel" maxLength={50} value={emergency.phone} onChange={(e) => setEmergency({ ...emergency, phone: e.target.value })} />
          </Field>
        </div>
        <Field label={t('ui.clientEdit.reason')} hint={core ? t('ui.clientEdit.reasonRequired') : t('ui.clientEdit.reasonHint')}>
          <input
            type="text"
            maxLength={500}
            className={core && !reason.trim() ? 'needs-input' : undefined}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="reason-input"
          />
        </Field>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'client-edit-submit', disabled: nothing }} />
      </form>
    </Dialog>
  );
}

/** Terminate (退租/注销, date, reason) or reactivate a client. */
export function ClientStatusDialog({ client, target, onSaved, onClose }: { client: ClientDetail; target: 'terminated' | 'active'; onSaved(): void; onClose(): void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'withdrawn' | 'deregistered'>('withdrawn');
  const [date, setDate] = useState(localDate(new Date()));
  const [reason, setReason] = useState('');
  const save = useAction();

  const submit = save.submit(async () => {
    await api.call(
      'clients.setStatus',
      target === 'terminated' ? { id: client.id, status: 'terminated', terminationKind: kind, terminatedOn: date, reason } : { id: client.id, status: 'active', reason },
    );
    onSaved();
  });

  return (
    <Dialog title={t(target === 'terminated' ? 'ui.clientPage.terminateTitle' : 'ui.clientPage.reactivateTitle', { name: client.name })} onClose={onClose}>
      <form data-testid="status-form" onSubmit={submit} noValidate>
        {target === 'terminated' ? (
          <>
            <fieldset>
              <legend>{t('ui.clientPage.terminationKind')}</legend>
              <div className="radio-row">
                {(['withdrawn', 'deregistered'] as const).map((k) => (
                  <label key={k} className="check">
                    <input type="radio" name="termination-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`kind-${k}`} />
                    <span>{t(`enums.terminationKind.${k}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <Field label={t('ui.clientPage.terminatedOn')}>
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
          </>
        ) : null}
        <Field label={t('ui.clientEdit.reason')}>
          <input type="text" maxLength={500} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reason-input" />
        </Field>
        <FormActions
          action={save}
          onCancel={onClose}
          submit={{
            label: t(target === 'terminated' ? 'ui.clientPage.terminate' : 'ui.clientPage.reactivate'),
            testId: 'status-submit',
            className: target === 'terminated' ? 'btn-danger' : 'btn-primary',
          }}
        />
      </form>
    </Dialog>
  );
}
