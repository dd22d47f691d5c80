/**
 * Printing labels from where the files are: the file page (one file), a selection in a list,
 * the locations tree (a box's files, or its box label), the outdated-label list. The dialog
 * picks the kind, layout, start position and copies; the PDF is made by the engine
 * (`labels.print`) and saved or printed from the preview.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LABEL_KINDS } from '../../../shared/domain/labels.js';
import type { LabelKind } from '../../../shared/domain/labels.js';
import type { OpInput } from '../../../shared/contract.js';
import { api } from '../api.js';
import { useAction, useLoad } from '../hooks.js';
import { jobOutcome, useJobs, whenFinished } from '../stores/jobs.js';
import { InlineJob } from './Jobs.js';
import { PrintPreview, printedDocument } from './PrintPreview.js';
import type { PrintedDocument } from './PrintPreview.js';
import { ActionFeedback, Dialog, ErrorLine, Field } from './ui.js';
import './LabelPrint.css';

type LabelOperation = 'labels.print' | 'labels.calibration';

export interface LabelSelection {
  archiveNos?: string[];
  locationId?: string;
  outdated?: boolean;
}

interface Made {
  pages: number;
  labels: number;
  warnings: { kind: 'code128TooLong' | 'code128Characters' | 'qrTooSmall' | 'textShortened'; value: string }[];
}

/**
 * Makes the PDF as a job (progress inline, cancel in the jobs tray) and opens the print preview
 * (the PDF's pages, Save as PDF, Print); what could not be printed as asked stays listed here.
 */
export function LabelPdfButton<N extends LabelOperation>({ operation, input, label, testId }: { operation: N; input: OpInput<N>; label: string; testId: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  const [made, setMade] = useState<Made | null>(null);
  const [doc, setDoc] = useState<PrintedDocument | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const make = () =>
    void action.run(async () => {
      setMade(null);
      setDoc(null);
      const started = await useJobs.getState().start(operation, input, { subject: label });
      setJobId(started.id);
      const job = await whenFinished(started.id);
      const result = jobOutcome<Made>(job);
      setMade(result);
      setDoc(await printedDocument(job));
      setPreviewing(true);
      return result;
    });
  return (
    <div className="label-pdf">
      <button type="button" className="btn btn-primary" onClick={make} disabled={action.busy} data-testid={testId}>
        {action.busy ? t('ui.print.preparing') : label}
      </button>
      {action.busy ? <InlineJob id={jobId} /> : null}
      <ErrorLine error={action.error} />
      {made ? (
        <div className="label-pdf-result" data-testid="label-pdf-result">
          <p>
            {operation === 'labels.calibration' ? t('ui.labels.calibrationMade') : t('ui.labels.made', { count: made.labels, pages: made.pages })}{' '}
            {doc ? (
              <button type="button" className="btn btn-small" onClick={() => setPreviewing(true)} data-testid="label-pdf-preview">
                {t('ui.labels.showPreview')}
              </button>
            ) : null}
          </p>
          {made.warnings.length ? (
            <ul className="warnings small" data-testid="label-warnings">
              {made.warnings.map((w) => (
                <li key={`${w.kind}:${w.value}`}>{t(`ui.labels.warnings.${w.kind}`, { value: w.value })}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {doc && previewing ? <PrintPreview doc={doc} title={label} onClose={() => setPreviewing(false)} /> : null}
    </div>
  );
}

export function LabelPrintDialog({ selection, count, boxLabels, onClose }: { selection: LabelSelection; count?: number; boxLabels?: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const layouts = useLoad(() => api.call('labels.layouts', {}));
  const [kind, setKind] = useState<LabelKind>(boxLabels ? 'box' : 'spine');
  const [layout, setLayout] = useState('');
  const [start, setStart] = useState('1');
  const [copies, setCopies] = useState('1');
  const chosen = layouts.data?.find((l) => l.id === layout) ?? layouts.data?.[0];
  const perPage = chosen ? chosen.rows * chosen.columns : 1;
  const startN = Number(start);
  const copiesN = Number(copies);
  const valid = Number.isInteger(startN) && startN >= 1 && startN <= perPage && Number.isInteger(copiesN) && copiesN >= 1 && copiesN <= 100;
  const kinds = LABEL_KINDS.filter((k) => k !== 'box' || selection.locationId || selection.archiveNos);
  const input = {
    ...selection,
    kind,
    ...(chosen ? { layout: chosen.id } : {}),
    start: chosen?.kind === 'sheet' ? startN : 1,
    copies: copiesN,
    // Labels go on the folders, paper records like the printed forms: Chinese whatever the interface's language.
    language: 'zh-CN' as const,
  };

  return (
    <Dialog title={t('ui.labels.dialogTitle')} onClose={onClose} testId="label-dialog">
      <ActionFeedback action={{ notice: null, error: layouts.error }} />
      {count !== undefined ? <p className="muted">{t('ui.labels.files', { count })}</p> : null}
      <div className="form-row">
        <Field label={t('ui.labels.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as LabelKind)} data-testid="label-kind-select" autoFocus>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`ui.labels.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('ui.labels.layout')} className="grow">
          <select value={chosen?.id ?? ''} onChange={(e) => setLayout(e.target.value)} data-testid="label-layout-select">
            {layouts.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {t('ui.labels.layoutOption', { kind: t(`ui.labels.layoutKinds.${l.kind}`), name: l.name, width: l.labelWidth, height: l.labelHeight })}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-row">
        {chosen?.kind === 'sheet' ? (
          <Field label={t('ui.labels.start')} hint={t('ui.labels.startHint')}>
            <input type="number" min={1} max={perPage} value={start} onChange={(e) => setStart(e.target.value)} data-testid="label-start-input" />
          </Field>
        ) : null}
        <Field label={t('ui.labels.copies')}>
          <input type="number" min={1} max={100} value={copies} onChange={(e) => setCopies(e.target.value)} data-testid="label-copies-input" />
        </Field>
      </div>
      {valid && chosen ? <LabelPdfButton operation="labels.print" input={input} label={t('ui.labels.preview')} testId="label-make-button" /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-testid="label-dialog-close">
          {t('ui.common.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** A button that opens the label dialog for a selection. */
export function LabelPrintButton({
  selection,
  count,
  boxLabels,
  label,
  testId,
  className,
}: {
  selection: LabelSelection;
  count?: number;
  boxLabels?: boolean;
  label?: string;
  testId: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className ?? 'btn'} onClick={() => setOpen(true)} data-testid={testId}>
        {label ?? t('ui.labels.print')}
      </button>
      {open ? <LabelPrintDialog selection={selection} {...(count !== undefined ? { count } : {})} {...(boxLabels ? { boxLabels } : {})} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** Printed labels that no longer match their file (a client renamed since), and reprinting them. */
export function OutdatedLabelsButton() {
  const { t } = useTranslation();
  const outdated = useLoad(() => api.call('labels.outdated', {}));
  const [open, setOpen] = useState(false);
  const [printing, setPrinting] = useState(false);
  const list = outdated.data ?? [];
  if (list.length === 0) return null;
  return (
    <>
      <button type="button" className="btn btn-warning" onClick={() => setOpen(true)} data-testid="outdated-labels-button">
        {t('ui.labels.outdatedButton', { count: list.length })}
      </button>
      {open ? (
        <Dialog title={t('ui.labels.outdatedTitle')} onClose={() => setOpen(false)} testId="outdated-labels-dialog" wide>
          <p className="muted small">{t('ui.labels.outdatedHint')}</p>
          <table className="table table-compact" data-testid="outdated-labels">
            <thead>
              <tr>
                <th scope="col">{t('ui.fields.archiveNo')}</th>
                <th scope="col">{t('ui.labels.kind')}</th>
                <th scope="col">{t('ui.labels.printedName')}</th>
                <th scope="col">{t('ui.labels.currentName')}</th>
                <th scope="col">{t('ui.labels.changedFields')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((o) => (
                <tr key={`${o.archiveNo}:${o.kind}`} data-testid="outdated-label-row">
                  <td className="mono">{o.archiveNo}</td>
                  <td>{t(`ui.labels.kinds.${o.kind}`)}</td>
                  <td>{o.printedClientName ?? t('ui.common.dash')}</td>
                  <td>{o.clientName}</td>
                  <td>{o.fields.map((f) => t(`ui.labelCaptions.${f}`)).join(t('ui.labels.listSeparator'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('ui.common.close')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setPrinting(true)} data-testid="outdated-reprint-button">
              {t('ui.labels.outdatedPrint')}
            </button>
          </div>
        </Dialog>
      ) : null}
      {printing ? (
        <LabelPrintDialog
          selection={{ outdated: true }}
          count={new Set(list.map((o) => o.archiveNo)).size}
          onClose={() => {
            setPrinting(false);
            setOpen(false);
            void outdated.reload();
          }}
        />
      ) : null}
    </>
  );
}
