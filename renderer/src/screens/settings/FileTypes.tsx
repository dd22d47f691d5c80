import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DOC_KIND_MAX, FILE_TYPE_CODE_MAX } from '../../../../shared/domain/codes.js';
import type { Confidentiality, Retention } from '../../../../shared/domain/enums.js';
import type { FileType } from '../../../../shared/ops/fileTypes.js';
import { api } from '../../api.js';
import { ListEditorHead, useListEditor } from '../../components/ListEditor.js';
import { ActiveBadge, ConfidentialityBadge, ConfidentialitySelect, Dialog, Field, FormActions, RetentionSelect, TableState } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { checklistInput, checklistProblems, moveEntry, previewPattern } from '../../settingsRules.js';
import type { ChecklistDraft, ChecklistProblem, PatternPreview } from '../../settingsRules.js';
import { localName } from '../../format.js';
import { useLanguage } from '../../stores/language.js';
import { useSettings } from '../../stores/settings.js';

const thisYear = () => new Date().getFullYear();

export function FileTypesSettings() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const list = useListEditor<FileType[], { type: FileType | null }>(() => api.call('fileTypes.list', { includeInactive: true }));
  const { data: types, error } = list;
  const loadSettings = useSettings((s) => s.load);

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  return (
    <div>
      <ListEditorHead
        title={t('ui.settings.fileTypes.title')}
        intro={t('ui.settings.fileTypes.intro')}
        add={{ label: t('ui.settings.fileTypes.add'), testId: 'new-filetype-button', onClick: () => list.edit({ type: null }) }}
        editor={list}
      />
      {/* At 1024 px the table scrolls in its own box rather than shifting the whole settings page. */}
      <div className="table-scroll">
        <table className="table table-compact filetypes-table" data-testid="filetypes-table">
          <thead>
            <tr>
              <th scope="col">{t('ui.settings.fileTypes.name')}</th>
              <th scope="col">{t('ui.settings.fileTypes.patternColumn')}</th>
              <th scope="col">{t('ui.settings.fileTypes.defaultConfidentiality')}</th>
              <th scope="col">{t('ui.settings.fileTypes.defaultRetention')}</th>
              <th scope="col">{t('ui.settings.fileTypes.checklistCount')}</th>
              <th scope="col" className="num">
                {t('ui.settings.fileTypes.files')}
              </th>
              <th scope="col" className="actions">
                {t('ui.common.actions')}
              </th>
            </tr>
          </thead>
          <tbody>
            <TableState loading={types === null && !error} empty={types?.length === 0} columns={7} />
            {types?.map((ft) => {
              const preview = previewPattern(ft.effectivePattern, thisYear());
              return (
                <tr key={ft.id} data-testid="filetype-row" data-code={ft.code} className={ft.active ? undefined : 'former'}>
                  <td>
                    <span data-testid="filetype-name">{localName(ft.name, ft.nameEn, language)}</span>
                    {/* An administrator editing in English sees the Chinese name the Chinese interface shows. */}
                    {/* Codes are English identifiers: the Chinese interface shows names only (the code is in the edit dialog). */}
                    {language === 'en' ? (
                      <>
                        {ft.nameEn ? <span className="muted small"> {ft.name}</span> : null} <span className="mono muted small">{ft.code}</span>
                      </>
                    ) : null}
                    {ft.active ? null : <ActiveBadge active={false} />}
                    {ft.description ? <div className="muted small clamp">{ft.description}</div> : null}
                  </td>
                  <td className="pattern-cell">
                    <span className="mono" data-testid="filetype-pattern">
                      {ft.effectivePattern}
                    </span>
                    {ft.archiveNoPattern === null ? <span className="badge badge-former">{t('ui.settings.fileTypes.patternDefault')}</span> : null}
                    {preview.ok ? <div className="muted small mono">{preview.first}</div> : null}
                  </td>
                  <td>
                    <ConfidentialityBadge level={ft.defaultConfidentiality} />
                  </td>
                  <td className="nowrap">{t(`enums.retention.${ft.defaultRetention}`)}</td>
                  <td className="small" title={ft.checklist.map((c) => localName(c.label, c.labelEn, language)).join(language === 'en' ? ', ' : '、')}>
                    {ft.checklist.length ? (
                      <>
                        {t('ui.settings.fileTypes.items', { count: ft.checklist.length })}
                        <div className="muted clamp">{ft.checklist.map((c) => localName(c.label, c.labelEn, language)).join(language === 'en' ? ', ' : '、')}</div>
                      </>
                    ) : (
                      <span className="muted">{t('ui.common.dash')}</span>
                    )}
                  </td>
                  <td className="num">{ft.fileCount}</td>
                  <td className="actions">
                    <button type="button" className="btn btn-small" onClick={() => list.edit({ type: ft })} data-testid="edit-filetype-button">
                      {t('ui.settings.edit')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {list.editing ? (
        <FileTypeDialog
          type={list.editing.type}
          onClose={list.close}
          onSaved={(ft) => list.saved((tt) => tt('ui.settings.fileTypes.saved', { name: localName(ft.name, ft.nameEn, useLanguage.getState().language) }))}
        />
      ) : null}
    </div>
  );
}

export function patternPreviewText(t: TFunction, preview: PatternPreview, year: number): string {
  if (preview.ok) return t('ui.settings.fileTypes.preview', { year, first: preview.first, next: preview.next });
  const problem = preview.problem;
  if (problem.code === 'token') return t('ui.settings.fileTypes.patternToken', { token: problem.token });
  return problem.code === 'seq' ? t('ui.settings.fileTypes.patternSeq') : t('ui.settings.fileTypes.patternChars');
}

function checklistProblemText(t: TFunction, problem: ChecklistProblem): string {
  const n = problem.index + 1;
  switch (problem.code) {
    case 'emptyLabel':
      return t('ui.settings.fileTypes.emptyLabel', { n });
    case 'badKind':
      return t('ui.settings.fileTypes.badKind', { n, kind: problem.kind });
    case 'reservedKind':
      return t('ui.settings.fileTypes.reservedKind', { n });
    case 'duplicateKind':
      return t('ui.settings.fileTypes.duplicateKind', { n, kind: problem.kind });
  }
}

function FileTypeDialog({ type, onSaved, onClose }: { type: FileType | null; onSaved(ft: FileType): void; onClose(): void }) {
  const { t } = useTranslation();
  const archivePattern = useSettings((s) => s.settings?.archiveNoPattern) ?? 'KH-{year}-{seq:4}';
  // Stable React keys for the rows being edited: k1… for the saved ones, then on for added ones.
  const keySeq = useRef(type?.checklist.length ?? 0);
  const nextKey = () => `k${(keySeq.current += 1)}`;
  const [code, setCode] = useState(type?.code ?? '');
  const [name, setName] = useState(type?.name ?? '');
  const [nameEn, setNameEn] = useState(type?.nameEn ?? '');
  const [pattern, setPattern] = useState(type?.archiveNoPattern ?? '');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>(type?.defaultConfidentiality ?? 'normal');
  const [retention, setRetention] = useState<Retention>(type?.defaultRetention ?? '30y');
  const [description, setDescription] = useState(type?.description ?? '');
  const [active, setActive] = useState(type?.active ?? true);
  const [checklist, setChecklist] = useState<ChecklistDraft[]>(() =>
    (type?.checklist ?? []).map((c, i) => ({ key: `k${i + 1}`, label: c.label, kind: c.kind, labelEn: c.labelEn ?? '' })),
  );
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const save = useAction();

  const year = thisYear();
  const effective = pattern.trim() || archivePattern;
  const preview = previewPattern(effective, year);
  const problems = checklistProblems(checklist);
  const problemRows = new Set(problems.map((p) => p.index));
  const ready = code.trim() && name.trim() && preview.ok && problems.length === 0;

  function update(index: number, change: Partial<ChecklistDraft>) {
    setChecklist((list) => list.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  }
  function addItem() {
    const key = nextKey();
    setChecklist((list) => [...list, { key, label: '', kind: '' }]);
    setFocusKey(key);
  }

  const submit = save.submit(
    async () =>
      onSaved(
        await api.call('fileTypes.save', {
          ...(type ? { id: type.id } : {}),
          code: code.trim(),
          name: name.trim(),
          nameEn: nameEn.trim(),
          archiveNoPattern: pattern.trim() || null,
          defaultConfidentiality: confidentiality,
          defaultRetention: retention,
          checklist: checklistInput(checklist),
          description,
          active,
        }),
      ),
    { enabled: ready },
  );

  return (
    <Dialog title={type ? t('ui.settings.fileTypes.editTitle', { name: type.name }) : t('ui.settings.fileTypes.newTitle')} onClose={onClose} wide>
      <form data-testid="filetype-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.settings.fileTypes.code')} hint={t('ui.settings.fileTypes.codeHint')}>
            <input
              type="text"
              className="mono"
              required
              autoFocus={!type}
              maxLength={FILE_TYPE_CODE_MAX}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="filetype-code-input"
            />
          </Field>
          <Field label={t('ui.settings.fileTypes.name')} className="grow">
            <input type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-testid="filetype-name-input" />
          </Field>
          <Field label={t('ui.settings.labelEn')} hint={t('ui.settings.labelEnHint')} className="grow">
            <input type="text" lang="en" maxLength={100} value={nameEn} onChange={(e) => setNameEn(e.target.value)} data-testid="filetype-name-en-input" />
          </Field>
        </div>
        <div className="pattern-box">
          <Field
            label={t('ui.settings.fileTypes.pattern')}
            hint={t('ui.settings.fileTypes.patternHint', { pattern: archivePattern })}
            problem={preview.ok ? null : patternPreviewText(t, preview, year)}
          >
            <input
              type="text"
              className="mono"
              maxLength={64}
              placeholder={archivePattern}
              value={pattern}
              onChange={(e) => setPattern(e.target.value)}
              data-testid="filetype-pattern-input"
            />
          </Field>
          <div className="pattern-side">
            {preview.ok ? (
              <div className="pattern-preview" data-testid="pattern-preview" aria-live="polite">
                {patternPreviewText(t, preview, year)}
              </div>
            ) : null}
            <dl className="tokens">
              <dt className="mono">{'{year}'}</dt>
              <dd>{t('ui.settings.fileTypes.tokenYear', { year })}</dd>
              <dt className="mono">{'{seq}'}</dt>
              <dd>{t('ui.settings.fileTypes.tokenSeq')}</dd>
              <dt className="mono">{'{seq:N}'}</dt>
              <dd>{t('ui.settings.fileTypes.tokenSeqN')}</dd>
            </dl>
            {type && type.fileCount > 0 && pattern.trim() !== (type.archiveNoPattern ?? '') ? (
              <div className="muted small">{t('ui.settings.fileTypes.patternChangeNote')}</div>
            ) : null}
          </div>
        </div>
        <div className="form-row">
          <Field label={t('ui.settings.fileTypes.defaultConfidentiality')} className="grow">
            <ConfidentialitySelect value={confidentiality} onChange={setConfidentiality} testId="filetype-confidentiality-select" />
          </Field>
          <Field label={t('ui.settings.fileTypes.defaultRetention')} className="grow">
            <RetentionSelect value={retention} onChange={setRetention} testId="filetype-retention-select" />
          </Field>
        </div>
        <Field label={t('ui.settings.fileTypes.description')}>
          <input type="text" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="filetype-description-input" />
        </Field>

        <fieldset className="checklist-editor">
          <legend>{t('ui.settings.fileTypes.checklist')}</legend>
          <p className="field-hint form-note">{t('ui.settings.fileTypes.checklistHint')}</p>
          {checklist.length === 0 ? <p className="muted small">{t('ui.settings.fileTypes.noChecklist')}</p> : null}
          {checklist.length ? (
            <table className="table table-compact checklist-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">{t('ui.settings.fileTypes.checklistLabel')}</th>
                  <th scope="col">{t('ui.settings.labelEn')}</th>
                  <th scope="col" title={t('ui.settings.fileTypes.checklistKindHint')}>
                    {t('ui.settings.fileTypes.checklistKind')}
                  </th>
                  <th scope="col" className="actions">
                    {t('ui.common.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {checklist.map((entry, i) => (
                  <tr key={entry.key} data-testid="checklist-row" className={problemRows.has(i) ? 'has-problem' : undefined}>
                    <td className="num muted">{i + 1}</td>
                    <td>
                      <input
                        type="text"
                        className="cell-input"
                        maxLength={100}
                        aria-label={`${t('ui.settings.fileTypes.checklistLabel')} ${i + 1}`}
                        value={entry.label}
                        autoFocus={entry.key === focusKey}
                        onChange={(e) => update(i, { label: e.target.value })}
                        data-testid="checklist-label-input"
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        className="cell-input"
                        maxLength={100}
                        lang="en"
                        aria-label={`${t('ui.settings.labelEn')} ${i + 1}`}
                        title={t('ui.settings.labelEnHint')}
                        value={entry.labelEn ?? ''}
                        onChange={(e) => update(i, { labelEn: e.target.value })}
                        data-testid="checklist-label-en-input"
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        className="cell-input mono"
                        maxLength={DOC_KIND_MAX}
                        aria-label={`${t('ui.settings.fileTypes.checklistKind')} ${i + 1}`}
                        placeholder={t('ui.settings.fileTypes.checklistKindPlaceholder')}
                        value={entry.kind}
                        onChange={(e) => update(i, { kind: e.target.value })}
                        data-testid="checklist-kind-input"
                      />
                    </td>
                    <td className="actions nowrap">
                      <button
                        type="button"
                        className="btn btn-icon"
                        title={t('ui.settings.fileTypes.moveUp')}
                        aria-label={t('ui.settings.fileTypes.moveUp')}
                        disabled={i === 0}
                        onClick={() => setChecklist((l) => moveEntry(l, i, -1))}
                        data-testid="checklist-up"
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn btn-icon"
                        title={t('ui.settings.fileTypes.moveDown')}
                        aria-label={t('ui.settings.fileTypes.moveDown')}
                        disabled={i === checklist.length - 1}
                        onClick={() => setChecklist((l) => moveEntry(l, i, 1))}
                        data-testid="checklist-down"
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="btn btn-icon btn-quiet-danger"
                        title={t('ui.settings.fileTypes.removeItem')}
                        aria-label={t('ui.settings.fileTypes.removeItem')}
                        onClick={() => setChecklist((l) => l.filter((_, j) => j !== i))}
                        data-testid="checklist-remove"
                      >
                        ✕
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {problems.length ? (
            <div className="field-problem" data-testid="checklist-problem">
              {checklistProblemText(t, problems[0]!)}
            </div>
          ) : null}
          <div className="checklist-foot">
            <button type="button" className="btn btn-small" onClick={addItem} data-testid="checklist-add">
              + {t('ui.settings.fileTypes.addItem')}
            </button>
            <span className="field-hint">{t('ui.settings.fileTypes.checklistKindHint')}</span>
          </div>
        </fieldset>

        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="filetype-active-checkbox" />
          <span>
            {t('ui.settings.active')}
            <span className="field-hint block">{t('ui.settings.fileTypes.activeHint')}</span>
          </span>
        </label>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'filetype-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
