/**
 * Labels (标签): the layouts they print on and the fields each kind shows (administrators),
 * and which files' labels no longer match their records. The printing itself is
 * `labels.print` and the calibration page, which run as print jobs like the forms.
 */
import { z } from 'zod';
import { LABEL_BARCODES, LABEL_FIELDS, LABEL_KINDS, LAYOUT_KINDS, MAX_OFFSET_MM, MAX_PAGE_MM } from '../domain/labels.js';
import { DateString, Id, op, required } from './kit.js';
import { PrintFile } from './print.js';

export const LabelKind = z.enum(LABEL_KINDS);
export const LabelField = z.enum(LABEL_FIELDS);
export const LabelBarcode = z.enum(LABEL_BARCODES);

const Mm = z.number().finite().min(0).max(MAX_PAGE_MM);
const Offset = z.number().finite().min(-MAX_OFFSET_MM).max(MAX_OFFSET_MM);

export const LabelLayout = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(LAYOUT_KINDS),
  pageWidth: z.number(),
  pageHeight: z.number(),
  columns: z.number().int(),
  rows: z.number().int(),
  labelWidth: z.number(),
  labelHeight: z.number(),
  marginLeft: z.number(),
  marginTop: z.number(),
  pitchX: z.number(),
  pitchY: z.number(),
  offsetX: z.number(),
  offsetY: z.number(),
  /** Shipped with Dossier: calibrated, never removed. */
  builtin: z.boolean(),
});
export type LabelLayout = z.output<typeof LabelLayout>;

export const LabelTemplate = z.object({ kind: LabelKind, fields: z.array(LabelField), barcode: LabelBarcode });
export type LabelTemplate = z.output<typeof LabelTemplate>;

/**
 * Which labels to print. The criteria given narrow each other (files of a box added since a
 * date); at least one is needed. Files above the user's clearance are never selected.
 */
export const LabelSelection = z.object({
  kind: LabelKind.default('spine'),
  archiveNos: z.array(required(64)).min(1).max(20_000).optional(),
  /** Files registered on or after this day. */
  since: DateString.optional(),
  /** A location: the files in it and everything inside it (a box label: the boxes in it). */
  locationId: Id.optional(),
  /** Only labels whose printed text no longer matches the record (a client renamed since). */
  outdated: z.boolean().default(false),
});

export const LabelsInput = LabelSelection.extend({
  /** A layout's id or name (`A4 3×7`, `60x40`); default: the first layout. */
  layout: required(100).optional(),
  /** Position (1-based) of the first label on the first sheet: the used labels of a partly used sheet are skipped. */
  start: z.number().int().min(1).max(1000).default(1),
  copies: z.number().int().min(1).max(100).default(1),
  /** Instead of the kind's template (the administrator's choice). */
  fields: z.array(LabelField).min(1).max(LABEL_FIELDS.length).optional(),
  barcode: LabelBarcode.optional(),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

export const LabelWarning = z.object({ kind: z.enum(['code128TooLong', 'code128Characters', 'qrTooSmall', 'textShortened']), value: z.string() });

export const CalibrationInput = z.object({
  layout: required(100),
  /** Try offsets before saving them (default: the layout's own). */
  offsetX: Offset.optional(),
  offsetY: Offset.optional(),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

export const OutdatedLabel = z.object({
  archiveNo: z.string(),
  kind: LabelKind,
  printedAt: z.string(),
  /** The client's name as the label shows it, and as it is now. */
  printedClientName: z.string().nullable(),
  clientName: z.string(),
  /** Fields whose printed text differs from the record now. */
  fields: z.array(LabelField),
});

/** A label PDF: the print's file, how many labels it places (copies included), what could not be printed as asked. */
export const LabelsFile = PrintFile.extend({ labels: z.number().int(), warnings: z.array(LabelWarning) });

export const labelsOps = {
  /** Labels as PDF; every label printed is recorded with what it shows (for `outdated`), the print audited. */
  'labels.print': op(LabelsInput, LabelsFile, { write: true }),
  /** The calibration page of a layout: a millimetre grid and the label outlines where they will print. */
  'labels.calibration': op(CalibrationInput, LabelsFile),
  'labels.layouts': op(z.object({}).default({}), z.array(LabelLayout)),
  /** Creates (no id) or changes a layout; a shipped layout's geometry is fixed, its offsets are the printer's. */
  'labels.saveLayout': op(
    z.object({
      id: Id.optional(),
      name: required(60),
      kind: z.enum(LAYOUT_KINDS).default('sheet'),
      pageWidth: Mm,
      pageHeight: Mm,
      columns: z.number().int().min(1).max(20),
      rows: z.number().int().min(1).max(40),
      labelWidth: Mm,
      labelHeight: Mm,
      marginLeft: Mm.default(0),
      marginTop: Mm.default(0),
      pitchX: Mm.optional(),
      pitchY: Mm.optional(),
      offsetX: Offset.default(0),
      offsetY: Offset.default(0),
    }),
    LabelLayout,
    { capability: 'settings.manage', write: true, audits: ['labels.createLayout', 'labels.updateLayout'] },
  ),
  /** The printer's calibration of one layout (what the calibration page measured). */
  'labels.calibrate': op(z.object({ layout: required(100), offsetX: Offset, offsetY: Offset }), LabelLayout, { capability: 'settings.manage', write: true }),
  'labels.removeLayout': op(z.object({ id: Id }), z.object({ ok: z.literal(true) }), { capability: 'settings.manage', write: true }),
  'labels.templates': op(z.object({}).default({}), z.array(LabelTemplate)),
  /** The fields and barcode a kind of label shows. */
  'labels.saveTemplate': op(z.object({ kind: LabelKind, fields: z.array(LabelField).min(1).max(LABEL_FIELDS.length), barcode: LabelBarcode }), LabelTemplate, {
    capability: 'settings.manage',
    write: true,
  }),
  /** Printed labels that no longer match their file (latest label of each file and kind). */
  'labels.outdated': op(z.object({ kind: LabelKind.optional() }).default({}), z.array(OutdatedLabel)),
} as const;

export { LABEL_PRINT_OPERATIONS } from '../domain/labels.js';
