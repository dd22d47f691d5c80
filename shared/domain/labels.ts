/**
 * Labels for file spines (脊背), folders and boxes (盒脊): what a label may show, the barcode
 * it carries, and label layouts — A4 sheets of rows × columns and roll printers with one label
 * per page — with the geometry every label's position is computed from, in millimetres.
 */

/** The label operations that produce a PDF: they run as jobs, their file comes from the download route. */
export const LABEL_PRINT_OPERATIONS = ['labels.print', 'labels.calibration'] as const;

export const LABEL_KINDS = ['spine', 'folder', 'box'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** Fields an administrator picks for each kind of label, in the order they are printed. */
export const LABEL_FIELDS = ['archiveNo', 'clientName', 'title', 'year', 'retention', 'confidentiality', 'location', 'boxNo'] as const;
export type LabelField = (typeof LABEL_FIELDS)[number];

/** Code 128 (one-dimensional, every handheld scanner), QR (small labels, any characters), both or none. */
export const LABEL_BARCODES = ['code128', 'qr', 'both', 'none'] as const;
export type LabelBarcode = (typeof LABEL_BARCODES)[number];

export interface LabelTemplate {
  fields: LabelField[];
  barcode: LabelBarcode;
}

export type LabelTemplates = Record<LabelKind, LabelTemplate>;

/** What each kind shows until an administrator picks otherwise. */
export const DEFAULT_LABEL_TEMPLATES: LabelTemplates = {
  spine: { fields: ['archiveNo', 'clientName', 'year', 'retention', 'confidentiality'], barcode: 'code128' },
  folder: { fields: ['archiveNo', 'clientName', 'title', 'year', 'retention', 'confidentiality', 'location'], barcode: 'both' },
  // A box label names the box and the range of archive numbers inside it.
  box: { fields: ['boxNo', 'location', 'archiveNo', 'year', 'retention'], barcode: 'code128' },
};

export const LAYOUT_KINDS = ['sheet', 'roll'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/** A label layout; every length in millimetres. */
export interface LabelLayoutSpec {
  name: string;
  kind: LayoutKind;
  pageWidth: number;
  pageHeight: number;
  columns: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  /** Distance of the first label's left/top edge from the page's left/top edge. */
  marginLeft: number;
  marginTop: number;
  /** Distance from one label's left (top) edge to the next one's. */
  pitchX: number;
  pitchY: number;
  /** The printer's calibration: added to every position (positive: right, down). */
  offsetX: number;
  offsetY: number;
}

/** Offsets beyond this are a misprint of the calibration, not a printer's drift. */
export const MAX_OFFSET_MM = 20;
export const MAX_PAGE_MM = 1000;
export const MIN_LABEL_MM = 10;

/** A roll printer's layout: the page is the label. */
export function rollLayout(name: string, width: number, height: number): LabelLayoutSpec {
  return {
    name,
    kind: 'roll',
    pageWidth: width,
    pageHeight: height,
    columns: 1,
    rows: 1,
    labelWidth: width,
    labelHeight: height,
    marginLeft: 0,
    marginTop: 0,
    pitchX: width,
    pitchY: height,
    offsetX: 0,
    offsetY: 0,
  };
}

export function slotsPerPage(layout: LabelLayoutSpec): number {
  return layout.columns * layout.rows;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where slot `slot` (0-based, left to right then top to bottom) of a page is, offsets applied. */
export function slotRect(layout: LabelLayoutSpec, slot: number): Rect {
  const column = slot % layout.columns;
  const row = Math.floor(slot / layout.columns);
  return {
    x: layout.marginLeft + column * layout.pitchX + layout.offsetX,
    y: layout.marginTop + row * layout.pitchY + layout.offsetY,
    width: layout.labelWidth,
    height: layout.labelHeight,
  };
}

export interface Placement {
  /** Which label of the list (0-based). */
  label: number;
  page: number;
  slot: number;
}

/**
 * Where each printed label goes: `copies` of every label one after another, starting at
 * position `start` (1-based) of the first page, which leaves the used labels of a partly used
 * sheet alone.
 */
export function placeLabels(count: number, layout: LabelLayoutSpec, options: { start?: number; copies?: number } = {}): Placement[] {
  const perPage = slotsPerPage(layout);
  const copies = Math.max(1, options.copies ?? 1);
  let position = Math.min(Math.max(1, options.start ?? 1), perPage) - 1;
  const placements: Placement[] = [];
  for (let label = 0; label < count; label++) {
    for (let c = 0; c < copies; c++) {
      placements.push({ label, page: Math.floor(position / perPage), slot: position % perPage });
      position++;
    }
  }
  return placements;
}

export type LayoutProblem =
  | { code: 'labels.layoutTooSmall'; params: { min: number } }
  | { code: 'labels.layoutPitch'; params: Record<string, never> }
  | { code: 'labels.layoutOverflow'; params: { axis: 'x' | 'y'; needed: number; page: number } }
  | { code: 'labels.offsetTooLarge'; params: { max: number } }
  | { code: 'labels.offsetOffPage'; params: Record<string, never> };

const round = (n: number) => Math.round(n * 100) / 100;

/** Why a layout cannot print (labels off the page, overlapping, too small), or null. */
export function layoutProblem(layout: LabelLayoutSpec): LayoutProblem | null {
  if (layout.labelWidth < MIN_LABEL_MM || layout.labelHeight < MIN_LABEL_MM) return { code: 'labels.layoutTooSmall', params: { min: MIN_LABEL_MM } };
  if ((layout.columns > 1 && layout.pitchX < layout.labelWidth - 0.001) || (layout.rows > 1 && layout.pitchY < layout.labelHeight - 0.001)) {
    return { code: 'labels.layoutPitch', params: {} };
  }
  const neededX = layout.marginLeft + (layout.columns - 1) * layout.pitchX + layout.labelWidth;
  if (neededX > layout.pageWidth + 0.001) return { code: 'labels.layoutOverflow', params: { axis: 'x', needed: round(neededX), page: layout.pageWidth } };
  const neededY = layout.marginTop + (layout.rows - 1) * layout.pitchY + layout.labelHeight;
  if (neededY > layout.pageHeight + 0.001) return { code: 'labels.layoutOverflow', params: { axis: 'y', needed: round(neededY), page: layout.pageHeight } };
  if (Math.abs(layout.offsetX) > MAX_OFFSET_MM || Math.abs(layout.offsetY) > MAX_OFFSET_MM) return { code: 'labels.offsetTooLarge', params: { max: MAX_OFFSET_MM } };
  // Moved by the printer's offsets, the labels must still be on the paper.
  if (
    layout.marginLeft + layout.offsetX < -0.001 ||
    layout.marginTop + layout.offsetY < -0.001 ||
    neededX + layout.offsetX > layout.pageWidth + 0.001 ||
    neededY + layout.offsetY > layout.pageHeight + 0.001
  ) {
    return { code: 'labels.offsetOffPage', params: {} };
  }
  return null;
}

/**
 * Code 128 can only carry printable ASCII; a legacy archive number with other characters
 * (full-width, Chinese) gets a QR code (UTF-8) instead.
 */
export function code128Encodable(value: string): boolean {
  return /^[\x20-\x7E]+$/.test(value);
}
