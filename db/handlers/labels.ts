import type { LabelField, LabelLayoutSpec } from '../../shared/domain/labels.js';
import { confidentialityRank } from '../../shared/domain/enums.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { labelsOps } from '../../shared/ops/labels.js';
import type { OperationContext } from '../context.js';
import type { LabelData, LabelLine, LabelWarning } from '../print/labels.js';
import {
  boxLabelLines,
  fileLabelLines,
  findLayout,
  listLayouts,
  outdatedLabels,
  readTemplates,
  recordPrints,
  removeLayout,
  saveLayout,
  saveTemplate,
  selectBoxes,
  selectFiles,
  setOffsets,
} from '../records/labels.js';
import { runTask } from '../workers/pool.js';
import { staged } from './kit.js';
import type { HandlersOf } from './kit.js';

interface LabelPrint {
  fileId: string | null;
  locationId: string | null;
  archiveNo: string | null;
  confidentiality: Confidentiality | null;
  lines: LabelLine[];
}

interface PreparedLabels {
  bytes: Uint8Array;
  pages: number;
  labels: number;
  warnings: LabelWarning[];
  layout: LabelLayoutSpec & { id: string };
  fields: LabelField[];
  prints: LabelPrint[];
}

interface Calibration {
  bytes: Uint8Array;
  layout: LabelLayoutSpec;
}

const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(/[-:T]/g, '');

function signed(n: number): string {
  return `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)}`;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export const labelsHandlers: HandlersOf<typeof labelsOps> = {
  'labels.layouts': (ctx) => listLayouts(ctx),

  'labels.saveLayout': (ctx, input) => {
    const { layout, created, before } = saveLayout(ctx, { ...input, offsetX: input.offsetX, offsetY: input.offsetY });
    ctx.audit({
      action: created ? 'labels.createLayout' : 'labels.updateLayout',
      targetType: 'labelLayout',
      targetId: layout.id,
      targetLabel: layout.name,
      details: before ? { before, after: layout } : { layout },
    });
    return layout;
  },

  'labels.calibrate': (ctx, input) => {
    const before = findLayout(ctx, input.layout);
    const layout = setOffsets(ctx, before, input.offsetX, input.offsetY);
    ctx.audit({
      action: 'labels.calibrate',
      targetType: 'labelLayout',
      targetId: layout.id,
      targetLabel: layout.name,
      details: { from: { x: before.offsetX, y: before.offsetY }, to: { x: layout.offsetX, y: layout.offsetY } },
    });
    return layout;
  },

  'labels.removeLayout': (ctx, input) => {
    const layout = removeLayout(ctx, input.id);
    ctx.audit({ action: 'labels.removeLayout', targetType: 'labelLayout', targetId: layout.id, targetLabel: layout.name, details: { layout } });
    return { ok: true as const };
  },

  'labels.templates': (ctx) => {
    const templates = readTemplates(ctx);
    return (['spine', 'folder', 'box'] as const).map((kind) => ({ kind, ...templates[kind] }));
  },

  'labels.saveTemplate': (ctx, input) => {
    const before = readTemplates(ctx)[input.kind];
    const saved = saveTemplate(ctx, input);
    ctx.audit({ action: 'labels.saveTemplate', targetType: 'labelTemplate', targetId: input.kind, targetLabel: input.kind, details: { before, after: saved } });
    return saved;
  },

  'labels.outdated': (ctx, input) => outdatedLabels(ctx, input.kind).map(({ fileId: _fileId, ...rest }) => rest),

  /**
   * Labels as PDF. The selection and the label texts are read first (clearance applies), the
   * PDF is laid out in a worker thread, then every label is recorded with what it shows and
   * the print is audited (with the 机密/绝密 files it includes) in one transaction.
   */
  'labels.print': staged<'labels.print', PreparedLabels, PreparedLabels>({
    async prepare(ctx: OperationContext, input, control): Promise<PreparedLabels> {
      const layout = findLayout(ctx, input.layout);
      const template = readTemplates(ctx)[input.kind];
      const fields = input.fields ?? template.fields;
      const barcode = input.barcode ?? template.barcode;
      const prints: LabelPrint[] = [];
      const labels: LabelData[] = [];
      if (input.kind === 'box') {
        for (const box of selectBoxes(ctx, input)) {
          const lines = boxLabelLines(box, fields, input.language);
          const top = box.files.map((f) => f.confidentiality).sort((a, b) => confidentialityRank(b) - confidentialityRank(a))[0] ?? null;
          prints.push({ fileId: null, locationId: box.id, archiveNo: null, confidentiality: top, lines });
          labels.push({ barcode: box.codePath, lines });
        }
      } else {
        for (const file of selectFiles(ctx, input)) {
          const lines = fileLabelLines(file, fields, input.language);
          prints.push({ fileId: file.id, locationId: null, archiveNo: file.archiveNo, confidentiality: file.confidentiality, lines });
          labels.push({ barcode: file.archiveNo, lines });
        }
      }
      if (labels.length === 0) throw new DossierError('labels.noLabels');
      control.progress('build', 0, labels.length * input.copies);
      const rendered = await runTask(
        'labels.render',
        {
          labels,
          options: {
            layout,
            barcode,
            start: input.start,
            copies: input.copies,
            title: catalogs[input.language].ui.labels.kinds[input.kind],
            createdAt: ctx.now(),
            author: ctx.user.displayName,
          },
        },
        { signal: control.signal },
      );
      control.progress('build', rendered.labels, rendered.labels);
      return { ...rendered, layout, fields, prints };
    },
    run(ctx, input, prepared) {
      recordPrints(
        ctx,
        prepared.prints.map((p) => ({ ...p, kind: input.kind, layoutName: prepared.layout.name, language: input.language, fields: prepared.fields })),
      );
      const levels = prepared.prints.map((p) => p.confidentiality).filter((c): c is Confidentiality => c !== null);
      const highest = levels.sort((a, b) => confidentialityRank(b) - confidentialityRank(a))[0] ?? 'normal';
      // 机密/绝密 files are named in the audit entry: who printed their labels, when.
      const confidential = prepared.prints.filter((p) => p.confidentiality === 'confidential' || p.confidentiality === 'top_secret');
      const only = prepared.prints.length === 1 ? prepared.prints[0] : undefined;
      ctx.audit({
        action: 'labels.print',
        targetType: only?.archiveNo ? 'file' : 'labels',
        targetId: only?.fileId ?? null,
        targetLabel: only?.archiveNo ?? null,
        details: {
          kind: input.kind,
          layout: prepared.layout.name,
          labels: prepared.labels,
          pages: prepared.pages,
          copies: input.copies,
          start: input.start,
          highestConfidentiality: highest,
          confidentialFiles: confidential.map((p) => ({ archiveNo: p.archiveNo, confidentiality: p.confidentiality })),
          ...(input.kind === 'box' ? { boxes: prepared.prints.length } : { files: prepared.prints.length }),
        },
      });
      return prepared;
    },
    async finish(prepared) {
      return {
        fileName: `labels-${prepared.layout.name.replace(/[^\p{L}\p{N}]+/gu, '')}-${stamp(new Date())}.pdf`,
        contentBase64: base64(prepared.bytes),
        mimeType: 'application/pdf' as const,
        pages: prepared.pages,
        pageSize: { widthMm: prepared.layout.pageWidth, heightMm: prepared.layout.pageHeight },
        rows: prepared.prints.length,
        labels: prepared.labels,
        warnings: prepared.warnings,
      };
    },
  }),

  /** The calibration page holds no archive data: nothing to record. */
  'labels.calibration': staged<'labels.calibration', Calibration, Calibration>({
    async prepare(ctx: OperationContext, input) {
      const saved = findLayout(ctx, input.layout);
      const layout = { ...saved, offsetX: input.offsetX ?? saved.offsetX, offsetY: input.offsetY ?? saved.offsetY };
      const page = catalogs[input.language].ui.calibrationPage;
      const fill = (s: string, params: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? `{{${k}}}`);
      const texts = {
        title: fill(page.title, { name: layout.name }),
        offsets: fill(page.offsets, { x: signed(layout.offsetX), y: signed(layout.offsetY) }),
        instructions: page.instructions,
        ruler: page.ruler,
      };
      const bytes = await runTask('labels.calibration', { layout, texts, createdAt: ctx.now() });
      return { bytes, layout };
    },
    run(_ctx, _input, prepared) {
      return prepared;
    },
    async finish(prepared) {
      return {
        fileName: `calibration-${prepared.layout.name.replace(/[^\p{L}\p{N}]+/gu, '')}.pdf`,
        contentBase64: base64(prepared.bytes),
        mimeType: 'application/pdf' as const,
        pages: 1,
        pageSize: { widthMm: prepared.layout.pageWidth, heightMm: prepared.layout.pageHeight },
        rows: 0,
        labels: 0,
        warnings: [],
      };
    },
  }),
};
