/** 标签: label layouts (A4 sheets, roll printers), each printer's calibration, and what each kind of label shows. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LABEL_BARCODES, LABEL_FIELDS, LABEL_KINDS, layoutProblem, MAX_OFFSET_MM } from '../../../../shared/domain/labels.js';
import type { LabelBarcode, LabelField, LabelLayoutSpec } from '../../../../shared/domain/labels.js';
import type { LabelLayout, LabelTemplate } from '../../../../shared/ops/labels.js';
import { api } from '../../api.js';
import { ListEditorHead, useListEditor } from '../../components/ListEditor.js';
import { LabelPdfButton } from '../../components/LabelPrint.js';
import { ActionFeedback, Dialog, Field, FormActions, TableState, useConfirm } from '../../components/ui.js';
import { useAction, useErrorText, useLoad } from '../../hooks.js';
import '../../components/LabelPrint.css';

const mmText = (n: number) => String(Math.round(n * 100) / 100);
const signed = (n: number) => `${n > 0 ? '+' : ''}${mmText(n)}`;

export function LabelSettings() {
  return (
    <div className="labels-settings">
      <LayoutsSection />
      <TemplatesSection />
    </div>
  );
}

type Editing = { mode: 'edit'; layout: LabelLayout | null } | { mode: 'calibrate'; layout: LabelLayout };

function LayoutsSection() {
  const { t } = useTranslation();
  const list = useListEditor<LabelLayout[], Editing>(() => api.call('labels.layouts', {}));
  const { data: layouts, error } = list;
  const { dialog, ask } = useConfirm();

  const remove = async (layout: LabelLayout) => {
    if (!(await ask({ title: t('ui.labels.removeLayout'), body: t('ui.labels.removeConfirm', { name: layout.name }), confirmLabel: t('ui.labels.removeLayout'), danger: true })))
      return;
    await list.action.run(() => api.call('labels.removeLayout', { id: layout.id }));
  };

  return (
    <div>
      <ListEditorHead
        title={t('ui.labels.layoutsTitle')}
        intro={t('ui.labels.layoutsIntro')}
        add={{ label: t('ui.labels.addLayout'), testId: 'new-layout-button', onClick: () => list.edit({ mode: 'edit', layout: null }) }}
        editor={list}
      />
      <table className="table table-compact" data-testid="layouts-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.labels.name')}</th>
            <th scope="col">{t('ui.labels.layoutKind')}</th>
            <th scope="col">{t('ui.labels.grid')}</th>
            <th scope="col">{t('ui.labels.labelSize')}</th>
            <th scope="col">{t('ui.labels.offsets')}</th>
            <th scope="col" className="actions">
              {t('ui.common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={layouts === null && !error} empty={layouts?.length === 0} columns={6} />
          {layouts?.map((l) => (
            <tr key={l.id} data-testid="layout-row" data-name={l.name}>
              <td>
                {l.name}
                {l.builtin ? <span className="muted small"> · {t('ui.labels.builtin')}</span> : null}
              </td>
              <td>{t(`ui.labels.layoutKinds.${l.kind}`)}</td>
              <td className="num">{l.kind === 'sheet' ? `${l.columns} × ${l.rows}` : '—'}</td>
              <td className="num">
                {mmText(l.labelWidth)} × {mmText(l.labelHeight)}
              </td>
              <td className="num" data-testid="layout-offsets">
                {signed(l.offsetX)} / {signed(l.offsetY)}
              </td>
              <td className="actions">
                <button type="button" className="btn btn-small" onClick={() => list.edit({ mode: 'calibrate', layout: l })} data-testid="calibrate-layout-button">
                  {t('ui.labels.calibrate')}
                </button>
                {l.builtin ? null : (
                  <>
                    <button type="button" className="btn btn-small" onClick={() => list.edit({ mode: 'edit', layout: l })} data-testid="edit-layout-button">
                      {t('ui.labels.editLayout')}
                    </button>
                    <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(l)} data-testid="remove-layout-button">
                      {t('ui.labels.removeLayout')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.editing?.mode === 'edit' ? (
        <LayoutDialog layout={list.editing.layout} onClose={list.close} onSaved={(l) => list.saved((tt) => tt('ui.labels.savedOk', { name: l.name }))} />
      ) : null}
      {list.editing?.mode === 'calibrate' ? (
        <CalibrateDialog layout={list.editing.layout} onClose={list.close} onSaved={(l) => list.saved((tt) => tt('ui.labels.savedOk', { name: l.name }))} />
      ) : null}
      {dialog}
    </div>
  );
}

const NUMBERS = ['pageWidth', 'pageHeight', 'columns', 'rows', 'labelWidth', 'labelHeight', 'marginLeft', 'marginTop', 'pitchX', 'pitchY'] as const;
type NumberField = (typeof NUMBERS)[number];

function LayoutDialog({ layout, onSaved, onClose }: { layout: LabelLayout | null; onSaved(layout: LabelLayout): void; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [name, setName] = useState(layout?.name ?? '');
  const [kind, setKind] = useState<'sheet' | 'roll'>(layout?.kind ?? 'sheet');
  const start = layout ?? {
    pageWidth: 210,
    pageHeight: 297,
    columns: 3,
    rows: 7,
    labelWidth: 63.5,
    labelHeight: 38.1,
    marginLeft: 7.25,
    marginTop: 15.15,
    pitchX: 66.04,
    pitchY: 38.1,
  };
  const [values, setValues] = useState<Record<NumberField, string>>(() => Object.fromEntries(NUMBERS.map((k) => [k, String(start[k])])) as Record<NumberField, string>);
  const save = useAction();
  const n = (k: NumberField) => Number(values[k]);
  const allNumbers = NUMBERS.every((k) => values[k].trim() !== '' && Number.isFinite(n(k)) && n(k) >= 0);
  const spec: LabelLayoutSpec = {
    name,
    kind,
    pageWidth: kind === 'roll' ? n('labelWidth') : n('pageWidth'),
    pageHeight: kind === 'roll' ? n('labelHeight') : n('pageHeight'),
    columns: kind === 'roll' ? 1 : Math.round(n('columns')),
    rows: kind === 'roll' ? 1 : Math.round(n('rows')),
    labelWidth: n('labelWidth'),
    labelHeight: n('labelHeight'),
    marginLeft: kind === 'roll' ? 0 : n('marginLeft'),
    marginTop: kind === 'roll' ? 0 : n('marginTop'),
    pitchX: kind === 'roll' ? n('labelWidth') : n('pitchX'),
    pitchY: kind === 'roll' ? n('labelHeight') : n('pitchY'),
    offsetX: layout?.offsetX ?? 0,
    offsetY: layout?.offsetY ?? 0,
  };
  // The engine checks the same; saying it here spares a round trip.
  const problem = allNumbers ? layoutProblem(spec) : null;
  const ready = name.trim() !== '' && allNumbers && !problem;
  const submit = save.submit(async () => onSaved(await api.call('labels.saveLayout', { ...(layout ? { id: layout.id } : {}), ...spec, name: name.trim() })), { enabled: ready });
  const shown: NumberField[] = kind === 'roll' ? ['labelWidth', 'labelHeight'] : [...NUMBERS];

  return (
    <Dialog title={layout ? t('ui.labels.editLayout') : t('ui.labels.addLayout')} onClose={onClose} testId="layout-dialog" wide>
      <form onSubmit={submit} noValidate data-testid="layout-form">
        <div className="form-row">
          <Field label={t('ui.labels.name')} className="grow">
            <input type="text" required autoFocus maxLength={60} value={name} onChange={(e) => setName(e.target.value)} data-testid="layout-name-input" />
          </Field>
          <Field label={t('ui.labels.layoutKind')}>
            <select value={kind} onChange={(e) => setKind(e.target.value as 'sheet' | 'roll')} data-testid="layout-kind-select">
              <option value="sheet">{t('ui.labels.layoutKinds.sheet')}</option>
              <option value="roll">{t('ui.labels.layoutKinds.roll')}</option>
            </select>
          </Field>
        </div>
        <div className="form-grid">
          {shown.map((k) => (
            <Field key={k} label={t(`ui.labels.${k}`)}>
              <input
                type="number"
                min={0}
                step={k === 'columns' || k === 'rows' ? 1 : 0.01}
                value={values[k]}
                onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
                data-testid={`layout-${k}-input`}
              />
            </Field>
          ))}
        </div>
        {problem ? (
          <p className="form-error" role="alert" data-testid="layout-problem">
            {errorText({ code: problem.code, params: problem.params })}
          </p>
        ) : null}
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'layout-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}

function CalibrateDialog({ layout, onSaved, onClose }: { layout: LabelLayout; onSaved(layout: LabelLayout): void; onClose(): void }) {
  const { t } = useTranslation();
  const [x, setX] = useState(String(layout.offsetX));
  const [y, setY] = useState(String(layout.offsetY));
  const save = useAction();
  const offsetX = Number(x);
  const offsetY = Number(y);
  const valid = [x, y].every((v) => v.trim() !== '') && [offsetX, offsetY].every((v) => Number.isFinite(v) && Math.abs(v) <= MAX_OFFSET_MM);
  const submit = save.submit(async () => onSaved(await api.call('labels.calibrate', { layout: layout.id, offsetX, offsetY })), { enabled: valid });

  return (
    <Dialog title={t('ui.labels.calibrationTitle', { name: layout.name })} onClose={onClose} testId="calibrate-dialog">
      <form onSubmit={submit} noValidate data-testid="calibrate-form">
        <p className="muted small">{t('ui.labels.calibrationSteps')}</p>
        <div className="form-row">
          <Field label={t('ui.labels.offsetX')}>
            <input type="number" step={0.1} min={-MAX_OFFSET_MM} max={MAX_OFFSET_MM} value={x} onChange={(e) => setX(e.target.value)} autoFocus data-testid="offset-x-input" />
          </Field>
          <Field label={t('ui.labels.offsetY')}>
            <input type="number" step={0.1} min={-MAX_OFFSET_MM} max={MAX_OFFSET_MM} value={y} onChange={(e) => setY(e.target.value)} data-testid="offset-y-input" />
          </Field>
        </div>
        <div className="form-row">
          <LabelPdfButton
            operation="labels.calibration"
            input={{ layout: layout.id, ...(valid ? { offsetX, offsetY } : {}) }}
            label={t('ui.labels.printCalibration')}
            testId="print-calibration-button"
          />
        </div>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.labels.saveOffsets'), testId: 'calibrate-submit', disabled: !valid }} />
      </form>
    </Dialog>
  );
}

function TemplatesSection() {
  const { t } = useTranslation();
  const load = useLoad(() => api.call('labels.templates', {}));
  return (
    <div>
      <div className="screen-head">
        <h2 className="section-title">{t('ui.labels.templatesTitle')}</h2>
      </div>
      <p className="muted small intro">{t('ui.labels.templatesIntro')}</p>
      <div className="label-templates">
        {LABEL_KINDS.map((kind) => {
          const template = load.data?.find((tpl) => tpl.kind === kind);
          return template ? <TemplateEditor key={kind} template={template} onSaved={() => void load.reload()} /> : null;
        })}
      </div>
    </div>
  );
}

function TemplateEditor({ template, onSaved }: { template: LabelTemplate; onSaved(): void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<LabelField[]>(template.fields);
  const [barcode, setBarcode] = useState<LabelBarcode>(template.barcode);
  const action = useAction();
  // Picked fields in their print order, then the others.
  const order = [...fields, ...LABEL_FIELDS.filter((f) => !fields.includes(f))];
  const toggle = (f: LabelField) => setFields((list) => (list.includes(f) ? list.filter((x) => x !== f) : [...list, f]));
  const move = (f: LabelField, by: -1 | 1) =>
    setFields((list) => {
      const i = list.indexOf(f);
      const j = i + by;
      if (i < 0 || j < 0 || j >= list.length) return list;
      const next = [...list];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  const kindName = t(`ui.labels.kinds.${template.kind}`);
  const submit = action.submit(
    async () => {
      const saved = await api.call('labels.saveTemplate', { kind: template.kind, fields, barcode });
      onSaved();
      return saved;
    },
    { enabled: fields.length > 0, notice: (tt) => tt('ui.labels.templateSaved', { kind: kindName }) },
  );
  return (
    <form className="card label-template" onSubmit={submit} noValidate data-testid="label-template" data-kind={template.kind}>
      <h3 className="card-title">{kindName}</h3>
      <ActionFeedback action={action} />
      <fieldset>
        <legend>{t('ui.labels.fields')}</legend>
        <ol className="plain-list">
          {order.map((f) => {
            const picked = fields.includes(f);
            return (
              <li key={f} className="template-field">
                <label className="check">
                  <input type="checkbox" checked={picked} onChange={() => toggle(f)} data-testid={`template-field-${f}`} />
                  <span>{t(`ui.labelCaptions.${f}`)}</span>
                </label>
                {picked ? (
                  <span className="template-move">
                    <button type="button" className="btn btn-small" aria-label={`${t('ui.labels.moveUp')} ${t(`ui.labelCaptions.${f}`)}`} onClick={() => move(f, -1)}>
                      ↑
                    </button>
                    <button type="button" className="btn btn-small" aria-label={`${t('ui.labels.moveDown')} ${t(`ui.labelCaptions.${f}`)}`} onClick={() => move(f, 1)}>
                      ↓
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
      </fieldset>
      <Field label={t('ui.labels.barcode')}>
        <select value={barcode} onChange={(e) => setBarcode(e.target.value as LabelBarcode)} data-testid="template-barcode-select">
          {LABEL_BARCODES.map((b) => (
            <option key={b} value={b}>
              {t(`ui.labels.barcodes.${b}`)}
            </option>
          ))}
        </select>
      </Field>
      <FormActions action={{ busy: action.busy, error: null }} submit={{ label: t('ui.labels.saveTemplate'), testId: 'template-submit', disabled: fields.length === 0 }} />
    </form>
  );
}
