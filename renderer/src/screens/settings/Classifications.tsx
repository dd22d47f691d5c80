import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassificationScheme, ClassificationValue } from '../../../../shared/ops/classifications.js';
import { api } from '../../api.js';
import { useLoad } from '../../hooks.js';
import { Dialog, ErrorLine, Field, NoticeLine } from '../../components/ui.js';
import type { Notice } from '../../components/ui.js';
import { CLASSIFICATION_CODE_RE, codeFromLabel, uniqueCode } from '../../settingsRules.js';
import { ActiveBadge } from './Users.js';

type Editing =
  | { what: 'scheme'; scheme: ClassificationScheme | null }
  | { what: 'value'; scheme: ClassificationScheme; value: ClassificationValue | null };

export function ClassificationsSettings() {
  const { t } = useTranslation();
  const { data: schemes, error, setError, reload: load } = useLoad<ClassificationScheme[]>(() => api.call('classifications.list', { includeInactive: true }));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);


  async function toggleValue(scheme: ClassificationScheme, value: ClassificationValue) {
    setError(null);
    try {
      const saved = await api.call('classifications.saveValue', {
        id: value.id,
        schemeId: scheme.id,
        code: value.code,
        label: value.label,
        ...(value.labelEn ? { labelEn: value.labelEn } : {}),
        active: !value.active,
      });
      setNotice(() => (tt: typeof t) => tt(saved.active ? 'ui.settings.classifications.activated' : 'ui.settings.classifications.deactivated', { name: saved.label }));
      await load();
    } catch (err) {
      setError(err);
    }
  }

  async function toggleScheme(scheme: ClassificationScheme) {
    setError(null);
    try {
      const saved = await api.call('classifications.saveScheme', {
        id: scheme.id,
        code: scheme.code,
        label: scheme.label,
        ...(scheme.labelEn ? { labelEn: scheme.labelEn } : {}),
        active: !scheme.active,
      });
      setNotice(() => (tt: typeof t) => tt(saved.active ? 'ui.settings.classifications.activated' : 'ui.settings.classifications.deactivated', { name: saved.label }));
      await load();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div>
      <div className="screen-head">
        <h2 className="section-title">{t('ui.settings.classifications.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ what: 'scheme', scheme: null })} data-testid="new-scheme-button">
          {t('ui.settings.classifications.addScheme')}
        </button>
      </div>
      <p className="muted small intro">{t('ui.settings.classifications.intro')}</p>
      <NoticeLine notice={notice} />
      <ErrorLine error={error} />
      {schemes === null && !error ? <p className="muted">{t('ui.common.loading')}</p> : null}
      {schemes?.length === 0 ? <p className="muted">{t('ui.settings.classifications.empty')}</p> : null}
      <div className="scheme-list">
        {schemes?.map((scheme) => (
          <div key={scheme.id} className={`card scheme-card${scheme.active ? '' : ' inactive'}`} data-testid="scheme-row" data-code={scheme.code}>
            <div className="scheme-head">
              <div className="scheme-title">
                <span className="scheme-label">{scheme.label}</span>
                {scheme.labelEn ? <span className="muted">{scheme.labelEn}</span> : null}
                <span className="mono muted small">{scheme.code}</span>
                {scheme.active ? null : <ActiveBadge active={false} />}
              </div>
              <div className="head-actions">
                <button type="button" className="btn btn-small" onClick={() => setEditing({ what: 'value', scheme, value: null })} data-testid="new-value-button">
                  + {t('ui.settings.classifications.addValue')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => setEditing({ what: 'scheme', scheme })} data-testid="edit-scheme-button">
                  {t('ui.settings.rename')}
                </button>
                <button type="button" className={`btn btn-small${scheme.active ? ' btn-quiet-danger' : ''}`} onClick={() => void toggleScheme(scheme)} data-testid="toggle-scheme-button">
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
                    <th scope="col">{t('ui.settings.labelEn')}</th>
                    <th scope="col">{t('ui.settings.code')}</th>
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
                      <td>{value.labelEn ?? <span className="muted">{t('ui.common.dash')}</span>}</td>
                      <td className="mono small">{value.code}</td>
                      <td className="actions nowrap">
                        <button type="button" className="btn btn-small" onClick={() => setEditing({ what: 'value', scheme, value })} data-testid="edit-value-button">
                          {t('ui.settings.rename')}
                        </button>
                        <button type="button" className={`btn btn-small${value.active ? ' btn-quiet-danger' : ''}`} onClick={() => void toggleValue(scheme, value)} data-testid="toggle-value-button">
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
          takenCodes={
            editing.what === 'scheme' ? (schemes ?? []).map((s) => s.code) : editing.scheme.values.map((v) => v.code)
          }
          onClose={() => setEditing(null)}
          onSaved={(label) => {
            const what = editing.what;
            setEditing(null);
            setNotice(() => (tt: typeof t) => tt(what === 'scheme' ? 'ui.settings.classifications.schemeSaved' : 'ui.settings.classifications.valueSaved', { name: label }));
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

function ClassificationDialog({
  editing,
  takenCodes,
  onSaved,
  onClose,
}: {
  editing: Editing;
  takenCodes: string[];
  onSaved(label: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const current = editing.what === 'scheme' ? editing.scheme : editing.value;
  const [label, setLabel] = useState(current?.label ?? '');
  const [labelEn, setLabelEn] = useState(current?.labelEn ?? '');
  const [code, setCode] = useState(current?.code ?? '');
  const [codeTouched, setCodeTouched] = useState(current !== null);
  const [active, setActive] = useState(current?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // A new entry's code follows its English name until typed by hand.
  const others = takenCodes.filter((c) => c !== current?.code);
  const suggested = codeFromLabel(labelEn);
  const effectiveCode = codeTouched ? code : suggested ? uniqueCode(suggested, others) : '';
  const badCode = effectiveCode.trim() !== '' && !CLASSIFICATION_CODE_RE.test(effectiveCode.trim());
  const ready = label.trim() && effectiveCode.trim() && !badCode;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    const common = { code: effectiveCode.trim(), label: label.trim(), labelEn: labelEn.trim(), active };
    try {
      const saved =
        editing.what === 'scheme'
          ? await api.call('classifications.saveScheme', { ...(editing.scheme ? { id: editing.scheme.id } : {}), ...common })
          : await api.call('classifications.saveValue', { ...(editing.value ? { id: editing.value.id } : {}), schemeId: editing.scheme.id, ...common });
      onSaved(saved.label);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

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
            maxLength={40}
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
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !ready} data-testid="classification-submit">
            {busy ? t('ui.common.busy') : t('ui.common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
