/** Contents-list items (卷内文件): queries, page ranges, completeness against the checklist, and adding items in order. */
import { randomUUID } from 'node:crypto';
import { displacedSealed } from '../../shared/domain/contentsOrder.js';
import type { PlacedItem } from '../../shared/domain/contentsOrder.js';
import { isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { OTHER_DOC_KIND } from '../../shared/ops/fileTypes.js';
import { NewItem as NewItemSchema } from '../../shared/ops/items.js';
import type { ChecklistStatus, Contents, Item, ItemFields, NewItem } from '../../shared/ops/items.js';
import { OperationContext } from '../context.js';
import { ITEM_SEALED, sealColumns } from '../levelKeys.js';
import type { FileItemsRow } from '../schema.js';
import { checklistOf, fileTypeOf } from './fileTypes.js';
import type { ChecklistKind } from './fileTypes.js';
import { diffFields } from './history.js';
import type { FieldChange } from './history.js';

// ---------------------------------------------------------------- items
export interface ItemRow extends FileItemsRow {
  archiveNo: string;
  fileTypeId: string | null;
  sealedByName: string | null;
  createdByName: string;
}

/** Items joined with their file, limited to files the user is cleared to see. */
export function itemQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('file_items')
    .innerJoin('files', 'files.id', 'file_items.fileId')
    .innerJoin('users as creator', 'creator.id', 'file_items.createdBy')
    .leftJoin('users as sealer', 'sealer.id', 'file_items.sealedBy')
    .selectAll('file_items')
    .select(['files.archiveNo', 'files.fileTypeId', 'sealer.displayName as sealedByName', 'creator.displayName as createdByName'])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

export function currentItemRows(ctx: OperationContext, fileId: string): ItemRow[] {
  return ctx.db.all(
    itemQuery(ctx).where('file_items.fileId', '=', fileId).where('file_items.supersededById', 'is', null).orderBy('file_items.seq').orderBy('file_items.createdAt'),
  );
}

export function findItem(ctx: OperationContext, itemId: string): ItemRow {
  const row = ctx.db.one(itemQuery(ctx).where('file_items.id', '=', itemId));
  if (!row) throw new DossierError('item.notFound', { id: itemId });
  return row;
}

function pagesText(from: number | null, to: number | null): string {
  if (from === null || to === null) return '';
  return from === to ? String(from) : `${from}-${to}`;
}

export function toItem(row: ItemRow, labels: Map<string, ChecklistKind>, pageFrom: number | null, pageTo: number | null): Item {
  return {
    id: row.id,
    fileId: row.fileId,
    seq: row.seq,
    docNo: row.docNo,
    responsibleParty: row.responsibleParty,
    title: row.title,
    date: row.docDate,
    pageCount: row.pageCount,
    pageFrom,
    pageTo,
    pages: pagesText(pageFrom, pageTo),
    docKind: row.docKind,
    docKindLabel: row.docKind ? (labels.get(row.docKind)?.label ?? row.docKind) : null,
    docKindLabelEn: row.docKind ? (labels.get(row.docKind)?.labelEn ?? null) : null,
    remarks: row.remarks,
    sealed: row.sealedAt !== null,
    sealedAt: row.sealedAt,
    sealedBy: row.sealedByName,
    version: row.version,
    originId: row.originId,
    previousVersionId: row.supersedesId,
    supersededById: row.supersededById,
    supersededAt: row.supersededAt,
    correctionReason: row.correctionReason,
    current: row.supersededById === null,
    createdAt: row.createdAt,
    createdBy: row.createdByName,
  };
}

export function labelsOf(checklist: ChecklistKind[]): Map<string, ChecklistKind> {
  return new Map(checklist.map((c) => [c.kind, c]));
}

/** Current items in order with their page ranges (页号 continue across items). */
function itemsWithPages(rows: ItemRow[], labels: Map<string, ChecklistKind>): Item[] {
  let page = 0;
  return rows.map((row) => {
    const from = row.pageCount > 0 ? page + 1 : null;
    page += row.pageCount;
    return toItem(row, labels, from, from === null ? null : page);
  });
}

export interface FileRef {
  id: string;
  archiveNo: string;
  fileTypeId: string | null;
}

/** Which checklist documents the current items cover. */
export function completenessOf(checklist: ChecklistKind[], items: { docKind: string | null }[]): Pick<Contents, 'checklist' | 'complete' | 'missing'> {
  const present = new Set(items.map((i) => i.docKind).filter((k): k is string => !!k));
  const status: ChecklistStatus[] = checklist.map((c) => ({ kind: c.kind, label: c.label, labelEn: c.labelEn, present: present.has(c.kind) }));
  const missing = status.filter((s) => !s.present).map((s) => s.kind);
  return { checklist: status, complete: missing.length === 0, missing };
}

/** The contents list of a visible file, with page ranges and completeness. */
export function contentsOf(ctx: OperationContext, file: FileRef): Contents {
  const checklist = checklistOf(fileTypeOf(ctx, file.fileTypeId));
  const items = itemsWithPages(currentItemRows(ctx, file.id), labelsOf(checklist));
  return {
    fileId: file.id,
    archiveNo: file.archiveNo,
    items,
    pageCount: items.reduce((n, i) => n + i.pageCount, 0),
    ...completenessOf(checklist, items),
  };
}

export function currentItem(ctx: OperationContext, file: FileRef, itemId: string): Item {
  const item = contentsOf(ctx, file).items.find((i) => i.id === itemId);
  if (!item) throw new DossierError('item.notFound', { id: itemId });
  return item;
}

export function fileOfItem(row: ItemRow): FileRef {
  return { id: row.fileId, archiveNo: row.archiveNo, fileTypeId: row.fileTypeId };
}

/** Normalizes a document kind: '' / 'other' mean "other"; anything else must be on the checklist. */
function checkKind(ctx: OperationContext, file: FileRef, kind: string | undefined): string | null | undefined {
  if (kind === undefined) return undefined;
  if (kind === '' || kind.toLowerCase() === OTHER_DOC_KIND) return null;
  const type = fileTypeOf(ctx, file.fileTypeId);
  const match = checklistOf(type).find((c) => c.kind === kind || c.kind.toLowerCase() === kind.toLowerCase() || c.label === kind);
  if (!match) throw new DossierError('item.badKind', { kind, fileType: type?.name ?? '' });
  return match.kind;
}

function checkDate(date: string | undefined): string | null | undefined {
  if (date === undefined) return undefined;
  if (date === '') return null;
  if (!isValidDate(date)) throw new DossierError('loan.badDate', { value: date });
  return date;
}

type ItemValues = Pick<FileItemsRow, 'docNo' | 'responsibleParty' | 'title' | 'docDate' | 'pageCount' | 'docKind' | 'remarks'>;

/** The column values a set of typed fields sets (only the fields given). */
export function columnsOf(ctx: OperationContext, file: FileRef, fields: ItemFields): Partial<ItemValues> {
  const out: Partial<ItemValues> = {};
  const text = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v);
  if (fields.docNo !== undefined) out.docNo = text(fields.docNo)!;
  if (fields.responsibleParty !== undefined) out.responsibleParty = text(fields.responsibleParty)!;
  if (fields.title !== undefined) out.title = fields.title;
  const date = checkDate(fields.date);
  if (date !== undefined) out.docDate = date;
  if (fields.pageCount !== undefined) out.pageCount = fields.pageCount;
  const kind = checkKind(ctx, file, fields.docKind);
  if (kind !== undefined) out.docKind = kind;
  if (fields.remarks !== undefined) out.remarks = fields.remarks;
  return out;
}

/** Field names as the contract calls them, for history rows. */
const FIELD_NAMES: Record<keyof ItemValues, string> = {
  docNo: 'docNo',
  responsibleParty: 'responsibleParty',
  title: 'title',
  docDate: 'date',
  pageCount: 'pageCount',
  docKind: 'docKind',
  remarks: 'remarks',
};

export function itemChanges(before: ItemValues, after: Partial<ItemValues>): FieldChange[] {
  return diffFields(before, after).map((c) => ({ ...c, field: FIELD_NAMES[c.field as keyof ItemValues] ?? c.field }));
}

/** Writes the new order of a file's current items: seq 1..n in the order of `ids`. */
export function renumber(ctx: OperationContext, rows: { id: string; seq: number }[]): void {
  rows.forEach((row, i) => {
    if (row.seq !== i + 1)
      ctx.db.run(
        ctx.db.k
          .updateTable('file_items')
          .set({ seq: i + 1 })
          .where('id', '=', row.id),
      );
  });
}

/**
 * Adds items to a visible file (at the end, or from `position` on), validating every item
 * before writing any. Returns the new items with their page ranges. Does not audit.
 */
export function addItems(ctx: OperationContext, file: FileRef, items: (NewItem | (ItemFields & { title: string }))[], position?: number): Item[] {
  const now = ctx.now().toISOString();
  const prepared = items.map((raw) => {
    // An item added without a page count gets 1 by default; its scans may fill it (db/records/itemPages.ts).
    const pageCountSource = raw.pageCount === undefined ? ('default' as const) : ('typed' as const);
    const fields = NewItemSchema.parse(raw);
    const cols = columnsOf(ctx, file, fields);
    const id = randomUUID();
    return {
      id,
      fileId: file.id,
      originId: id,
      version: 1,
      seq: 0,
      docNo: cols.docNo ?? null,
      responsibleParty: cols.responsibleParty ?? null,
      title: fields.title,
      docDate: cols.docDate ?? null,
      pageCount: fields.pageCount,
      pageCountSource,
      docKind: cols.docKind ?? null,
      remarks: cols.remarks ?? '',
      sealedAt: null,
      sealedBy: null,
      supersedesId: null,
      supersededById: null,
      supersededAt: null,
      correctionReason: null,
      createdAt: now,
      createdBy: ctx.user.id,
      updatedAt: now,
    } satisfies FileItemsRow;
  });
  const current = currentItemRows(ctx, file.id);
  const existing = current.map((r) => ({ id: r.id, seq: r.seq }));
  const at = position === undefined ? existing.length : Math.min(Math.max(position - 1, 0), existing.length);
  refuseDisplacingSealed(current, [...current.slice(0, at), ...prepared, ...current.slice(at)]);
  for (const row of prepared) ctx.db.run(ctx.db.k.insertInto('file_items').values(sealColumns(ctx, file.id, row, ITEM_SEALED)));
  renumber(ctx, [...existing.slice(0, at), ...prepared, ...existing.slice(at)]);
  const ids = new Set<string>(prepared.map((p) => p.id));
  return contentsOf(ctx, file).items.filter((i) => ids.has(i.id));
}

function placed(row: Pick<FileItemsRow, 'id' | 'pageCount' | 'sealedAt'>): PlacedItem {
  return { id: row.id, pageCount: row.pageCount, sealed: row.sealedAt !== null };
}

/** Refuses a new order of a file's current items that would change a sealed item's number or pages. */
export function refuseDisplacingSealed(before: ItemRow[], after: Pick<FileItemsRow, 'id' | 'pageCount' | 'sealedAt'>[]): void {
  const displaced = displacedSealed(before.map(placed), after.map(placed));
  if (!displaced) return;
  const row = before.find((r) => r.id === displaced.id)!;
  throw new DossierError('item.sealedPlace', { seq: row.seq, title: row.title });
}

export function refuseIfNotCurrent(row: ItemRow): void {
  if (row.supersededById !== null) throw new DossierError('item.superseded', { title: row.title });
}

export function refuseIfSealed(row: ItemRow): void {
  refuseIfNotCurrent(row);
  if (row.sealedAt !== null) throw new DossierError('item.sealed', { seq: row.seq, title: row.title });
}

export function itemLabel(row: { archiveNo: string }, seq: number): string {
  return `${row.archiveNo} #${seq}`;
}

export function auditAdded(ctx: OperationContext, file: FileRef, item: Item): void {
  ctx.audit({
    action: 'items.add',
    targetType: 'item',
    targetId: item.id,
    targetLabel: itemLabel(file, item.seq),
    details: { archiveNo: file.archiveNo, seq: item.seq, title: item.title, docNo: item.docNo, date: item.date, pageCount: item.pageCount, docKind: item.docKind },
  });
}
