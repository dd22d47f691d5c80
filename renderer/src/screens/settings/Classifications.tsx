import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATION_CODE_MAX, CLASSIFICATION_CODE_RE, isCode } from '../../../../shared/domain/codes.js';
import type { ClassificationScheme, ClassificationValue } from '../../../../shared/ops/classifications.js';
import { api } from '../../api.js';
import { ListEditorHead, useListEditor } from '../../components/ListEditor.js';
import { ActiveBadge, Dialog, Field, FormActions } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { useLanguage } from '../../stores/language.js';
import { codeFromLabel, uniqueCode } from '../../settingsRules.js';

type Editing = { what: 'scheme'; scheme: ClassificationScheme | null } | { what: 'value'; scheme: ClassificationScheme; value: ClassificationValue | null };

export function ClassificationsSettings() {
  const { t } = useTranslation();
  const english = useLanguage((s) => s.language) === 'en';
  const list = useListEditor<ClassificationScheme[], Editing>(() => api.call('classifications.list', { includeInactive: true }));
  const { data: schemes, error, editing, edit } = list;
  const toggled = {
    notice: (tt: typeof t, saved: { active: boolean; label: string }) =>
      tt(saved.active ? 'ui.settings.classifications.activated' : 'ui.settings.classifications.deactivated', { name: saved.label }),
  };

  const toggleValue = (scheme: ClassificationScheme, value: ClassificationValue) =>
    list.action.run(
      () =>
        api.call('classifications.saveValue', {
          id: value.id,
          schemeId: scheme.id,
          code: value.code,
          label: value.label,
          ...(value.labelEn ? { labelEn: value.labelEn } : {}),
          active: !value.active,
        }),
      toggled,
    );

  const toggleScheme = (scheme: ClassificationScheme) =>
    list.action.run(
      () =>
        api.call('classifications.saveScheme', {
          id: scheme.id,
          code: scheme.code,
          label: scheme.label,
          ...(scheme.labelEn ? { labelEn: scheme.labelEn } : {}),
          active: !scheme.active,
        }),
      toggled,
    );

  return (
    <div>
      <ListEditorHead
        title={t('ui.settings.classifications.title')}
        intro={t('ui.settings.classifications.intro')}
        add={{ label: t('ui.settings.classifications.addScheme'), testId: 'new-scheme-button', onClick: () => edit({ what: 'scheme', scheme: null }) }}
        editor={list}
      />
      {schemes === null && !error ? <p className="muted">{t('ui.common.loading')}</p> : null}
      {schemes?.length === 0 ? <p className="muted">{t('ui.settings.classifications.empty')}</p> : null}
      <div className="scheme-list">
        {schemes?.map((scheme) => (
          <div key={scheme.id} className={`card scheme-card${scheme.active ? '' : ' inactive'}`} data-testid="scheme-row" data-code={scheme.code}>
            <div className="scheme-head">
              <div className="scheme-title">
                <span className="scheme-label">{scheme.label}</span>
                {/* English names and codes are for English mode (and the edit dialog): the Chinese interface shows Chinese only. */}
                {english && scheme.labelEn ? <span className="muted">{scheme.labelEn}</span> : null}
                {english ? <span className="mono muted small">{scheme.code}</span> : null}
                {scheme.active ? null : <ActiveBadge active={false} />}
              </div>
              <div className="head-actions">
                <button type="button" className="btn btn-small" onClick={() => edit({ what: 'value', scheme, value: null })} data-testid="new-value-button">
                  + {t('ui.settings.classifications.addValue')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => edit({ what: 'scheme', scheme })} data-testid="edit-scheme-button">
                  {t('ui.settings.rename')}
                </button>
                <button
                  type="button"
                  className={`btn btn-small${scheme.active ? ' btn-quiet-danger' : ''}`}
                  onClick={() => void toggleScheme(scheme)}
                  data-testid="toggle-scheme-button"
                >
                  {scheme.active ? t('ui.settings.deactivate') : t('ui.settings.activate')}
                </button>
              </div>
            </div>
            {scheme.values.length === 0 ? (
              <p className="muted small scheme-empty">{t('ui.settings.classifications.noValues')}</p>
            ) : (
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('ui.settings.labelZh')}</th>
                    {english ? <th scope="col">{t('ui.settings.labelEn')}</th> : null}
                    {english ? <th scope="col">{t('ui.settings.code')}</th> : null}
                    <th scope="col" className="actions">
                      {t('ui.common.actions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {scheme.values.map((value) => (
                    <tr key={value.id} data-testid="value-row" data-code={value.code} className={value.active ? undefined : 'former'}>
                      <td>
                        {value.label}
                        {value.active ? null : <ActiveBadge active={false} />}
                      </td>
                      {english ? <td>{value.labelEn ?? <span className="muted">{t('ui.common.dash')}</span>}</td> : null}
                      {english ? <td className="mono small">{value.code}</td> : null}
                      <td className="actions nowrap">
                        <button type="button" className="btn btn-small" onClick={() => edit({ what: 'value', scheme, value })} data-testid="edit-value-button">
                          {t('ui.settings.rename')}
                        </button>
                        <button
                          type="button"
                          className={`btn btn-small${value.active ? ' btn-quiet-danger' : ''}`}
                          onClick={() => void toggleValue(scheme, value)}
                          data-testid="toggle-value-button"
                        >
                          {value.active ? t('ui.settings.deactivate') : t('ui.settings.activate')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </div>
      {editing ? (
        <ClassificationDialog
          editing={editing}
          takenCodes={editing.what === 'scheme' ? (schemes ?? []).map((s) => s.code) : editing.scheme.values.map((v) => v.code)}
          onClose={list.close}
          onSaved={(label) =>
            list.saved((tt) => tt(editing.what === 'scheme' ? 'ui.settings.classifications.schemeSaved' : 'ui.settings.classifications.valueSaved', { name: label }))
          }
        />
      ) : null}
    </div>
  );
}

function ClassificationDialog({ editing, takenCodes, onSaved, onClose }: { editing: Editing; takenCodes: string[]; onSaved(label: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const current = editing.what === 'scheme' ? editing.scheme : editing.value;
  const [label, setLabel] = useState(current?.label ?? '');
  const [labelEn, setLabelEn] = useState(current?.labelEn ?? '');
  const [code, setCode] = useState(current?.code ?? '');
  const [codeTouched, setCodeTouched] = useState(current !== null);
  const [active, setActive] = useState(current?.active ?? true);
  const save = useAction();

  // A new entry's code follows its English name until typed by hand.
  const others = takenCodes.filter((c) => c !== current?.code);
  const suggested = codeFromLabel(labelEn);
  const effectiveCode = codeTouched ? code : suggested ? uniqueCode(suggested, others) : '';
  const badCode = effectiveCode.trim() !== '' && !isCode(effectiveCode.trim(), CLASSIFICATION_CODE_RE, CLASSIFICATION_CODE_MAX);
  const ready = label.trim() && effectiveCode.trim() && !badCode;

  const submit = save.submit(
    async () => {
      const common = { code: effectiveCode.trim(), label: label.trim(), labelEn: labelEn.trim(), active };
      const saved =
        editing.what === 'scheme'
          ? await api.call('classifications.saveScheme', { ...(editing.scheme ? { id: editing.scheme.id } : {}), ...common })
          : await api.call('classifications.saveValue', { ...(editing.value ? { id: editing.value.id } : {}), schemeId: editing.scheme.id, ...common });
      onSaved(saved.label);
    },
    { enabled: ready },
  );

  const title =
    editing.what === 'scheme'
      ? editing.scheme
        ? t('ui.settings.classifications.editSchemeTitle', { name: editing.scheme.label })
        : t('ui.settings.classifications.newSchemeTitle')
      : editing.value
        ? t('ui.settings.classifications.editValueTitle', { name: editing.value.label })
        : t('ui.settings.classifications.newValueTitle', { scheme: editing.scheme.label });

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate data-testid={editing.what === 'scheme' ? 'scheme-form' : 'value-form'}>
        <div className="form-row">
          <Field label={t('ui.settings.labelZh')} className="grow">
            <input type="text" required autoFocus maxLength={50} value={label} onChange={(e) => setLabel(e.target.value)} data-testid="classification-label-input" />
          </Field>
          <Field label={t('ui.settings.labelEn')} className="grow">
            <input type="text" maxLength={50} value={labelEn} onChange={(e) => setLabelEn(e.target.value)} data-testid="classification-label-en-input" />
          </Field>
        </div>
        <p className="field-hint form-note">{t('ui.settings.labelEnHint')}</p>
        <Field label={t('ui.settings.code')} hint={t('ui.settings.classifications.codeHint')} problem={badCode ? t('ui.settings.classifications.codeBad') : null}>
          <input
            type="text"
            className="mono"
            required
            maxLength={CLASSIFICATION_CODE_MAX}
            value={effectiveCode}
            onChange={(e) => {
              setCodeTouched(true);
              setCode(e.target.value);
            }}
            data-testid="classification-code-input"
          />
        </Field>
        {current ? (
          <label className="check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="classification-active-checkbox" />
            <span>{t('ui.settings.active')}</span>
          </label>
        ) : null}
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'classification-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
