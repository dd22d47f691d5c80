/** Contents-list items (卷内文件): queries, page ranges, completeness against the checklist, and adding items in order. */
import { randomUUID } from 'node:crypto';
import { isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { OTHER_DOC_KIND } from '../../shared/ops/fileTypes.js';
import { NewItem as NewItemSchema } from '../../shared/ops/items.js';
import type { ChecklistStatus, Contents, Item, ItemFields, NewItem } from '../../shared/ops/items.js';
import { OperationContext } from '../context.js';
import type { FileItemsTable } from '../schema.js';
import { checklistOf, fileTypeOf } from './fileTypes.js';
import type { ChecklistKind } from './fileTypes.js';
import { diffFields, text } from './history.js';
import type { FieldChange } from './history.js';

// ---------------------------------------------------------------- items
export interface ItemRow extends FileItemsTable {
  archive_no: string;
  file_type_id: string | null;
  sealed_by_name: string | null;
  created_by_name: string;
}

/** Items joined with their file, limited to files the user is cleared to see. */
export function itemQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('file_items')
    .innerJoin('files', 'files.id', 'file_items.file_id')
    .innerJoin('users as creator', 'creator.id', 'file_items.created_by')
    .leftJoin('users as sealer', 'sealer.id', 'file_items.sealed_by')
    .selectAll('file_items')
    .select(['files.archive_no', 'files.file_type_id', 'sealer.display_name as sealed_by_name', 'creator.display_name as created_by_name'])
    .where('files.confidentiality', 'in', ctx.visibleLevels());
}

export function currentItemRows(ctx: OperationContext, fileId: string): ItemRow[] {
  return ctx.db.all(
    itemQuery(ctx).where('file_items.file_id', '=', fileId).where('file_items.superseded_by_id', 'is', null).orderBy('file_items.seq').orderBy('file_items.created_at'),
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

export function toItem(row: ItemRow, labels: Map<string, string>, pageFrom: number | null, pageTo: number | null): Item {
  return {
    id: row.id,
    fileId: row.file_id,
    seq: row.seq,
    docNo: row.doc_no,
    responsibleParty: row.responsible_party,
    title: row.title,
    date: row.doc_date,
    pageCount: row.page_count,
    pageFrom,
    pageTo,
    pages: pagesText(pageFrom, pageTo),
    docKind: row.doc_kind,
    docKindLabel: row.doc_kind ? (labels.get(row.doc_kind) ?? row.doc_kind) : null,
    remarks: row.remarks,
    sealed: row.sealed_at !== null,
    sealedAt: row.sealed_at,
    sealedBy: row.sealed_by_name,
    version: row.version,
    originId: row.origin_id,
    previousVersionId: row.supersedes_id,
    supersededById: row.superseded_by_id,
    supersededAt: row.superseded_at,
    correctionReason: row.correction_reason,
    current: row.superseded_by_id === null,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
  };
}

export function labelsOf(checklist: ChecklistKind[]): Map<string, string> {
  return new Map(checklist.map((c) => [c.kind, c.label]));
}

/** Current items in order with their page ranges (页号 continue across items). */
function itemsWithPages(rows: ItemRow[], labels: Map<string, string>): Item[] {
  let page = 0;
  return rows.map((row) => {
    const from = row.page_count > 0 ? page + 1 : null;
    page += row.page_count;
    return toItem(row, labels, from, from === null ? null : page);
  });
}

export interface FileRef {
  id: string;
  archive_no: string;
  file_type_id: string | null;
}

/** Which checklist documents the current items cover. */
export function completenessOf(checklist: ChecklistKind[], items: { docKind: string | null }[]): Pick<Contents, 'checklist' | 'complete' | 'missing'> {
  const present = new Set(items.map((i) => i.docKind).filter((k): k is string => !!k));
  const status: ChecklistStatus[] = checklist.map((c) => ({ kind: c.kind, label: c.label, present: present.has(c.kind) }));
  const missing = status.filter((s) => !s.present).map((s) => s.kind);
  return { checklist: status, complete: missing.length === 0, missing };
}

/** The contents list of a visible file, with page ranges and completeness. */
export function contentsOf(ctx: OperationContext, file: FileRef): Contents {
  const checklist = checklistOf(fileTypeOf(ctx, file.file_type_id));
  const items = itemsWithPages(currentItemRows(ctx, file.id), labelsOf(checklist));
  return {
    fileId: file.id,
    archiveNo: file.archive_no,
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
  return { id: row.file_id, archive_no: row.archive_no, file_type_id: row.file_type_id };
}

/** Normalizes a document kind: '' / 'other' mean "other"; anything else must be on the checklist. */
function checkKind(ctx: OperationContext, file: FileRef, kind: string | undefined): string | null | undefined {
  if (kind === undefined) return undefined;
  if (kind === '' || kind.toLowerCase() === OTHER_DOC_KIND) return null;
  const type = fileTypeOf(ctx, file.file_type_id);
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

type ItemValues = Pick<FileItemsTable, 'doc_no' | 'responsible_party' | 'title' | 'doc_date' | 'page_count' | 'doc_kind' | 'remarks'>;

/** The column values a set of typed fields sets (only the fields given). */
export function columnsOf(ctx: OperationContext, file: FileRef, fields: ItemFields): Partial<ItemValues> {
  const out: Partial<ItemValues> = {};
  const text = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v);
  if (fields.docNo !== undefined) out.doc_no = text(fields.docNo)!;
  if (fields.responsibleParty !== undefined) out.responsible_party = text(fields.responsibleParty)!;
  if (fields.title !== undefined) out.title = fields.title;
  const date = checkDate(fields.date);
  if (date !== undefined) out.doc_date = date;
  if (fields.pageCount !== undefined) out.page_count = fields.pageCount;
  const kind = checkKind(ctx, file, fields.docKind);
  if (kind !== undefined) out.doc_kind = kind;
  if (fields.remarks !== undefined) out.remarks = fields.remarks;
  return out;
}

/** Field names as the contract calls them, for history rows. */
const FIELD_NAMES: Record<keyof ItemValues, string> = {
  doc_no: 'docNo',
  responsible_party: 'responsibleParty',
  title: 'title',
  doc_date: 'date',
  page_count: 'pageCount',
  doc_kind: 'docKind',
  remarks: 'remarks',
};

export function itemChanges(before: ItemValues, after: Partial<ItemValues>): FieldChange[] {
  return diffFields(before, after).map((c) => ({ ...c, field: FIELD_NAMES[c.field as keyof ItemValues] ?? c.field }));
}

/** Writes the new order of a file's current items: seq 1..n in the order of `ids`. */
export function renumber(ctx: OperationContext, rows: { id: string; seq: number }[]): void {
  rows.forEach((row, i) => {
    if (row.seq !== i + 1) ctx.db.run(ctx.db.k.updateTable('file_items').set({ seq: i + 1 }).where('id', '=', row.id));
  });
}

/**
 * Adds items to a visible file (at the end, or from `position` on), validating every item
 * before writing any. Returns the new items with their page ranges. Does not audit.
 */
export function addItems(ctx: OperationContext, file: FileRef, items: (NewItem | ItemFields & { title: string })[], position?: number): Item[] {
  const now = ctx.now().toISOString();
  const prepared = items.map((raw) => {
    const fields = NewItemSchema.parse(raw);
    const cols = columnsOf(ctx, file, fields);
    const id = randomUUID();
    return {
      id,
      file_id: file.id,
      origin_id: id,
      version: 1,
      seq: 0,
      doc_no: cols.doc_no ?? null,
      responsible_party: cols.responsible_party ?? null,
      title: fields.title,
      doc_date: cols.doc_date ?? null,
      page_count: fields.pageCount,
      doc_kind: cols.doc_kind ?? null,
      remarks: cols.remarks ?? '',
      sealed_at: null,
      sealed_by: null,
      supersedes_id: null,
      superseded_by_id: null,
      superseded_at: null,
      correction_reason: null,
      created_at: now,
      created_by: ctx.user.id,
      updated_at: now,
    } satisfies FileItemsTable;
  });
  const existing = currentItemRows(ctx, file.id).map((r) => ({ id: r.id, seq: r.seq }));
  const at = position === undefined ? existing.length : Math.min(Math.max(position - 1, 0), existing.length);
  for (const row of prepared) ctx.db.run(ctx.db.k.insertInto('file_items').values(row));
  renumber(ctx, [...existing.slice(0, at), ...prepared, ...existing.slice(at)]);
  const ids = new Set<string>(prepared.map((p) => p.id));
  return contentsOf(ctx, file).items.filter((i) => ids.has(i.id));
}

export function refuseIfNotCurrent(row: ItemRow): void {
  if (row.superseded_by_id !== null) throw new DossierError('item.superseded', { title: row.title });
}

export function refuseIfSealed(row: ItemRow): void {
  refuseIfNotCurrent(row);
  if (row.sealed_at !== null) throw new DossierError('item.sealed', { seq: row.seq, title: row.title });
}

export function itemLabel(row: { archive_no: string }, seq: number): string {
  return `${row.archive_no} #${seq}`;
}

export function auditAdded(ctx: OperationContext, file: FileRef, item: Item): void {
  ctx.audit({
    action: 'items.add',
    targetType: 'item',
    targetId: item.id,
    targetLabel: itemLabel(file, item.seq),
    details: { archiveNo: file.archive_no, seq: item.seq, title: item.title, docNo: item.docNo, date: item.date, pageCount: item.pageCount, docKind: item.docKind },
  });
}
