import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistStatus, Item, ItemFields } from '../../../shared/ops/items.js';
import { api } from '../api.js';
import { localName } from '../format.js';
import { useAction } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { Dialog, Field, FormActions } from './ui.js';

export type ItemFormMode = { kind: 'add' } | { kind: 'edit'; item: Item } | { kind: 'correct'; item: Item };

interface Draft {
  docNo: string;
  responsibleParty: string;
  title: string;
  date: string;
  pageCount: string;
  docKind: string;
  remarks: string;
}

const draftOf = (item?: Item): Draft => ({
  docNo: item?.docNo ?? '',
  responsibleParty: item?.responsibleParty ?? '',
  title: item?.title ?? '',
  date: item?.date ?? '',
  pageCount: String(item?.pageCount ?? 1),
  docKind: item?.docKind ?? '',
  remarks: item?.remarks ?? '',
});

/** The changed fields of an item (all of them for a new item). */
export function itemChanges(draft: Draft, item?: Item): ItemFields {
  const before = draftOf(item);
  const out: ItemFields = {};
  const pages = Math.max(0, Math.floor(Number(draft.pageCount) || 0));
  if (!item || draft.docNo.trim() !== before.docNo) out.docNo = draft.docNo.trim();
  if (!item || draft.responsibleParty.trim() !== before.responsibleParty) out.responsibleParty = draft.responsibleParty.trim();
  if (!item || draft.title.trim() !== before.title) out.title = draft.title.trim();
  if (!item || draft.date !== before.date) out.date = draft.date;
  // A new item's untouched page count is left out: the engine's default 1, which its scans fill.
  if (item ? String(pages) !== before.pageCount : draft.pageCount.trim() !== before.pageCount) out.pageCount = pages;
  if (!item || draft.docKind !== before.docKind) out.docKind = draft.docKind;
  if (!item || draft.remarks.trim() !== before.remarks) out.remarks = draft.remarks.trim();
  return out;
}

export function ItemFormDialog({
  archiveNo,
  mode,
  checklist,
  onDone,
  onClose,
}: {
  archiveNo: string;
  mode: ItemFormMode;
  checklist: ChecklistStatus[];
  onDone(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const item = mode.kind === 'add' ? undefined : mode.item;
  const [draft, setDraft] = useState<Draft>(draftOf(item));
  const [reason, setReason] = useState('');
  const save = useAction();
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const ready = draft.title.trim() !== '';

  const submit = save.submit(
    async () => {
      const changes = itemChanges(draft, item);
      if (mode.kind === 'add') {
        await api.call('items.add', { archiveNo, ...changes, title: draft.title.trim() });
      } else if (mode.kind === 'edit') {
        await api.call('items.update', { itemId: mode.item.id, changes });
      } else {
        await api.call('items.correct', { itemId: mode.item.id, changes, reason: reason.trim() });
      }
      onDone();
    },
    { enabled: ready },
  );

  const title =
    mode.kind === 'add'
      ? t('ui.filePage.addItemTitle')
      : mode.kind === 'edit'
        ? t('ui.filePage.editItemTitle', { seq: mode.item.seq })
        : t('ui.filePage.correctItemTitle', { seq: mode.item.seq });
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form data-testid="item-form" onSubmit={submit} noValidate>
        {mode.kind === 'correct' ? <p className="muted dialog-subtitle">{t('ui.filePage.correctHint')}</p> : null}
        <Field label={t('ui.items.title')}>
          <input type="text" required autoFocus maxLength={500} value={draft.title} onChange={set('title')} data-testid="item-title-input" />
        </Field>
        <div className="form-row">
          <Field label={t('ui.items.docNo')} className="grow">
            <input type="text" maxLength={100} value={draft.docNo} onChange={set('docNo')} data-testid="item-docno-input" />
          </Field>
          <Field label={t('ui.items.responsibleParty')} className="grow">
            <input type="text" maxLength={200} value={draft.responsibleParty} onChange={set('responsibleParty')} data-testid="item-party-input" />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('ui.items.date')} className="grow">
            <input type="date" value={draft.date} onChange={set('date')} data-testid="item-date-input" />
          </Field>
          <Field label={t('ui.items.pageCount')} className="grow">
            <input type="number" min={0} max={100000} value={draft.pageCount} onChange={set('pageCount')} data-testid="item-pages-input" />
          </Field>
          <Field label={t('ui.items.kind')} className="grow">
            <select value={draft.docKind} onChange={set('docKind')} data-testid="item-kind-select">
              <option value="">{t('ui.items.otherKind')}</option>
              {checklist.map((c) => (
                <option key={c.kind} value={c.kind}>
                  {localName(c.label, c.labelEn, language)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t('ui.items.remarks')}>
          <input type="text" maxLength={1000} value={draft.remarks} onChange={set('remarks')} />
        </Field>
        {mode.kind === 'correct' ? (
          <Field label={t('ui.clientEdit.reason')} hint={t('ui.filePage.reasonRequired')}>
            <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reason-input" />
          </Field>
        ) : null}
        <FormActions
          action={save}
          onCancel={onClose}
          submit={{ label: mode.kind === 'correct' ? t('ui.filePage.correct') : t('ui.common.save'), testId: 'item-submit', disabled: !ready }}
        />
      </form>
    </Dialog>
  );
}
