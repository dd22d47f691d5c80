/**
 * File types (档案类型) and the contents list of a file (卷内目录): items with page ranges,
 * completeness against the type's required-document checklist, sealed originals
 * (原件封存) and their corrections as new versions.
 *
 * Reusable by other services (e.g. a spreadsheet import): `resolveFileType`,
 * `checklistOf`, `addItems`, `contentsOf`, `completenessOf`. These never audit: the
 * calling handler appends its audit row(s).
 */
import { randomUUID } from 'node:crypto';
import type { FileType } from '../../shared/ops/fileTypes.js';
import type { ChecklistStatus, Contents, Item, ItemFields, NewItem } from '../../shared/ops/items.js';
import { OTHER_DOC_KIND } from '../../shared/ops/fileTypes.js';
import { NewItem as NewItemSchema } from '../../shared/ops/items.js';
import { validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import { isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import type { FileItemsTable, FileTypesTable } from '../schema.js';
import type { Handler, ServiceContext } from './context.js';
import { findFile } from './files.js';
import { diffFields, historyOf, recordChanges } from './history.js';
import type { FieldChange } from './history.js';
import { readSettings } from './settings.js';

// ---------------------------------------------------------------- file types

/** The client file (客户档案): the type of a file made without one. */
export const CLIENT_FILE_TYPE_ID = 'ft-client';
export const CERTIFICATES_FILE_TYPE_ID = 'ft-certificates';

export interface ChecklistKind {
  kind: string;
  label: string;
}

export function checklistOf(type: Pick<FileTypesTable, 'checklist'> | undefined): ChecklistKind[] {
  if (!type) return [];
  try {
    const parsed = JSON.parse(type.checklist) as unknown;
    return Array.isArray(parsed) ? (parsed as ChecklistKind[]) : [];
  } catch {
    return [];
  }
}

export function effectivePattern(ctx: ServiceContext, type: Pick<FileTypesTable, 'archive_no_pattern'>): string {
  return type.archive_no_pattern || readSettings(ctx.db).archiveNoPattern;
}

function fileTypeRow(ctx: ServiceContext, id: string | null | undefined): FileTypesTable | undefined {
  return ctx.db.one(ctx.db.k.selectFrom('file_types').selectAll().where('id', '=', id ?? CLIENT_FILE_TYPE_ID));
}

/** The type a file belongs to (a file without one is a client file). */
export function fileTypeOf(ctx: ServiceContext, fileTypeId: string | null | undefined): FileTypesTable | undefined {
  return fileTypeRow(ctx, fileTypeId) ?? fileTypeRow(ctx, CLIENT_FILE_TYPE_ID);
}

/** Finds an active type by id or code; neither given: `fallbackId` (default: the client file). */
export function resolveFileType(
  ctx: ServiceContext,
  ref: { fileTypeId?: string | undefined; fileTypeCode?: string | undefined },
  fallbackId: string | null = CLIENT_FILE_TYPE_ID,
): FileTypesTable {
  const { k } = ctx.db;
  let row: FileTypesTable | undefined;
  if (ref.fileTypeId) row = ctx.db.one(k.selectFrom('file_types').selectAll().where('id', '=', ref.fileTypeId));
  else if (ref.fileTypeCode) row = ctx.db.one(k.selectFrom('file_types').selectAll().where('code', '=', ref.fileTypeCode.trim()));
  else row = fileTypeRow(ctx, fallbackId) ?? ctx.db.one(k.selectFrom('file_types').selectAll().where('active', '=', 1).orderBy('sort_order').limit(1));
  if (!row) throw new DossierError('fileType.notFound', { type: ref.fileTypeId ?? ref.fileTypeCode ?? '' });
  if (row.active !== 1) throw new DossierError('fileType.inactive', { name: row.name });
  return row;
}

function toFileType(ctx: ServiceContext, row: FileTypesTable, fileCount: number): FileType {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    archiveNoPattern: row.archive_no_pattern,
    effectivePattern: effectivePattern(ctx, row),
    defaultConfidentiality: row.default_confidentiality,
    defaultRetention: row.default_retention,
    checklist: checklistOf(row),
    description: row.description,
    active: row.active === 1,
    fileCount,
  };
}

function fileCountOf(ctx: ServiceContext, typeId: string): number {
  const row = ctx.db.one(
    ctx.db.k
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(typeId === CLIENT_FILE_TYPE_ID ? (eb) => eb.or([eb('file_type_id', '=', typeId), eb('file_type_id', 'is', null)]) : (eb) => eb('file_type_id', '=', typeId)),
  );
  return row?.n ?? 0;
}

export const listFileTypes: Handler<'fileTypes.list'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('file_types').selectAll().orderBy('sort_order').orderBy('name');
  if (!input.includeInactive) query = query.where('active', '=', 1);
  return ctx.db.all(query).map((row) => toFileType(ctx, row, fileCountOf(ctx, row.id)));
};

/** A kind code from a label: the label's letters and digits. */
function kindFromLabel(label: string): string {
  return [...label].filter((ch) => /[\p{L}\p{N}_.-]/u.test(ch)).join('').slice(0, 50);
}

export const saveFileType: Handler<'fileTypes.save'> = (ctx, input) => {
  const { k } = ctx.db;
  const pattern = input.archiveNoPattern ? input.archiveNoPattern : null;
  if (pattern) {
    const problem = validateArchiveNoPattern(pattern);
    if (problem) throw new DossierError('file.badPattern', { pattern, detail: problem });
  }
  const checklist: ChecklistKind[] = input.checklist.map((entry, i) => ({
    kind: entry.kind ?? (kindFromLabel(entry.label) || `kind${i + 1}`),
    label: entry.label,
  }));
  const seen = new Set<string>();
  for (const entry of checklist) {
    const key = entry.kind.toLowerCase();
    if (key === OTHER_DOC_KIND) throw new DossierError('fileType.badChecklist', { detail: `"${OTHER_DOC_KIND}" is reserved` });
    if (seen.has(key)) throw new DossierError('fileType.badChecklist', { detail: `"${entry.kind}" twice` });
    seen.add(key);
  }
  const holder = ctx.db.one(k.selectFrom('file_types').select(['id', 'name']).where('code', '=', input.code));
  if (holder && holder.id !== input.id) throw new DossierError('fileType.duplicateCode', { code: input.code, name: holder.name });
  const now = ctx.now().toISOString();
  const values = {
    code: input.code,
    name: input.name,
    archive_no_pattern: pattern,
    default_confidentiality: input.defaultConfidentiality,
    default_retention: input.defaultRetention,
    checklist: JSON.stringify(checklist),
    description: input.description,
    active: input.active ? 1 : 0,
    updated_at: now,
  };
  let row: FileTypesTable;
  let before: FileTypesTable | undefined;
  if (input.id) {
    before = ctx.db.one(k.selectFrom('file_types').selectAll().where('id', '=', input.id));
    if (!before) throw new DossierError('fileType.notFound', { type: input.id });
    ctx.db.run(k.updateTable('file_types').set(values).where('id', '=', input.id));
    row = { ...before, ...values };
  } else {
    const order = ctx.db.one(k.selectFrom('file_types').select((eb) => eb.fn.max('sort_order').as('n')))?.n ?? 0;
    row = { id: randomUUID(), ...values, sort_order: order + 1, created_at: now };
    ctx.db.run(k.insertInto('file_types').values(row));
  }
  ctx.audit({
    action: 'fileTypes.save',
    targetType: 'fileType',
    targetId: row.id,
    targetLabel: row.name,
    details: {
      created: !before,
      code: row.code,
      archiveNoPattern: row.archive_no_pattern,
      defaultConfidentiality: row.default_confidentiality,
      defaultRetention: row.default_retention,
      checklist: checklist.map((c) => c.label),
      active: input.active,
      ...(before ? { before: { code: before.code, name: before.name, archiveNoPattern: before.archive_no_pattern, checklist: checklistOf(before).map((c) => c.label), active: before.active === 1 } } : {}),
    },
  });
  return toFileType(ctx, row, fileCountOf(ctx, row.id));
};

// ---------------------------------------------------------------- items

export interface ItemRow extends FileItemsTable {
  archive_no: string;
  file_type_id: string | null;
  sealed_by_name: string | null;
  created_by_name: string;
}

/** Items joined with their file, limited to files the user is cleared to see. */
function itemQuery(ctx: ServiceContext) {
  return ctx.db.k
    .selectFrom('file_items')
    .innerJoin('files', 'files.id', 'file_items.file_id')
    .innerJoin('users as creator', 'creator.id', 'file_items.created_by')
    .leftJoin('users as sealer', 'sealer.id', 'file_items.sealed_by')
    .selectAll('file_items')
    .select(['files.archive_no', 'files.file_type_id', 'sealer.display_name as sealed_by_name', 'creator.display_name as created_by_name'])
    .where('files.confidentiality', 'in', ctx.visibleLevels());
}

function currentItemRows(ctx: ServiceContext, fileId: string): ItemRow[] {
  return ctx.db.all(
    itemQuery(ctx).where('file_items.file_id', '=', fileId).where('file_items.superseded_by_id', 'is', null).orderBy('file_items.seq').orderBy('file_items.created_at'),
  );
}

function findItem(ctx: ServiceContext, itemId: string): ItemRow {
  const row = ctx.db.one(itemQuery(ctx).where('file_items.id', '=', itemId));
  if (!row) throw new DossierError('item.notFound', { id: itemId });
  return row;
}

function pagesText(from: number | null, to: number | null): string {
  if (from === null || to === null) return '';
  return from === to ? String(from) : `${from}-${to}`;
}

function toItem(row: ItemRow, labels: Map<string, string>, pageFrom: number | null, pageTo: number | null): Item {
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

function labelsOf(checklist: ChecklistKind[]): Map<string, string> {
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
export function contentsOf(ctx: ServiceContext, file: FileRef): Contents {
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

function currentItem(ctx: ServiceContext, file: FileRef, itemId: string): Item {
  const item = contentsOf(ctx, file).items.find((i) => i.id === itemId);
  if (!item) throw new DossierError('item.notFound', { id: itemId });
  return item;
}

function fileOfItem(row: ItemRow): FileRef {
  return { id: row.file_id, archive_no: row.archive_no, file_type_id: row.file_type_id };
}

/** Normalizes a document kind: '' / 'other' mean "other"; anything else must be on the checklist. */
function checkKind(ctx: ServiceContext, file: FileRef, kind: string | undefined): string | null | undefined {
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
function columnsOf(ctx: ServiceContext, file: FileRef, fields: ItemFields): Partial<ItemValues> {
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

function itemChanges(before: ItemValues, after: Partial<ItemValues>): FieldChange[] {
  return diffFields(before, after).map((c) => ({ ...c, field: FIELD_NAMES[c.field as keyof ItemValues] ?? c.field }));
}

/** Writes the new order of a file's current items: seq 1..n in the order of `ids`. */
function renumber(ctx: ServiceContext, rows: { id: string; seq: number }[]): void {
  rows.forEach((row, i) => {
    if (row.seq !== i + 1) ctx.db.run(ctx.db.k.updateTable('file_items').set({ seq: i + 1 }).where('id', '=', row.id));
  });
}

/**
 * Adds items to a visible file (at the end, or from `position` on), validating every item
 * before writing any. Returns the new items with their page ranges. Does not audit.
 */
export function addItems(ctx: ServiceContext, file: FileRef, items: (NewItem | ItemFields & { title: string })[], position?: number): Item[] {
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

function refuseIfNotCurrent(row: ItemRow): void {
  if (row.superseded_by_id !== null) throw new DossierError('item.superseded', { title: row.title });
}

function refuseIfSealed(row: ItemRow): void {
  refuseIfNotCurrent(row);
  if (row.sealed_at !== null) throw new DossierError('item.sealed', { seq: row.seq, title: row.title });
}

function itemLabel(row: { archive_no: string }, seq: number): string {
  return `${row.archive_no} #${seq}`;
}

export const listItems: Handler<'items.list'> = (ctx, input) => contentsOf(ctx, findFile(ctx, input.archiveNo));

export const addItem: Handler<'items.add'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const { archiveNo: _a, position, ...fields } = input;
  const [item] = addItems(ctx, file, [fields], position);
  auditAdded(ctx, file, item!);
  return item!;
};

function auditAdded(ctx: ServiceContext, file: FileRef, item: Item): void {
  ctx.audit({
    action: 'items.add',
    targetType: 'item',
    targetId: item.id,
    targetLabel: itemLabel(file, item.seq),
    details: { archiveNo: file.archive_no, seq: item.seq, title: item.title, docNo: item.docNo, date: item.date, pageCount: item.pageCount, docKind: item.docKind },
  });
}

export const addManyItems: Handler<'items.addMany'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  for (const item of addItems(ctx, file, input.items)) auditAdded(ctx, file, item);
  return contentsOf(ctx, file);
};

export const updateItem: Handler<'items.update'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  refuseIfSealed(row);
  const file = fileOfItem(row);
  const after = columnsOf(ctx, file, input.changes);
  const changes = itemChanges(row, after);
  if (changes.length === 0) throw new DossierError('item.noChanges', { title: row.title });
  ctx.db.run(ctx.db.k.updateTable('file_items').set({ ...after, updated_at: ctx.now().toISOString() }).where('id', '=', row.id));
  recordChanges(ctx, { type: 'item', id: row.origin_id }, changes, input.reason);
  ctx.audit({
    action: 'items.update',
    targetType: 'item',
    targetId: row.id,
    targetLabel: itemLabel(row, row.seq),
    details: { archiveNo: row.archive_no, changes: changes.map((c) => ({ field: c.field, from: c.oldValue ?? null, to: c.newValue ?? null })) },
  });
  return currentItem(ctx, file, row.id);
};

export const removeItem: Handler<'items.remove'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  refuseIfSealed(row);
  const file = fileOfItem(row);
  // An unsealed item has never been corrected: it is a single version, removed outright.
  ctx.db.run(ctx.db.k.deleteFrom('file_items').where('id', '=', row.id));
  renumber(ctx, currentItemRows(ctx, file.id));
  recordChanges(ctx, { type: 'item', id: row.origin_id }, [{ field: 'removed', oldValue: row.title, newValue: null }], undefined);
  ctx.audit({
    action: 'items.remove',
    targetType: 'item',
    targetId: row.id,
    targetLabel: itemLabel(row, row.seq),
    details: { archiveNo: row.archive_no, seq: row.seq, title: row.title, docNo: row.doc_no, date: row.doc_date, pageCount: row.page_count, docKind: row.doc_kind },
  });
  return contentsOf(ctx, file);
};

export const reorderItem: Handler<'items.reorder'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  // A sealed original keeps its place (its page numbers are on the paper).
  refuseIfSealed(row);
  const file = fileOfItem(row);
  const rows = currentItemRows(ctx, file.id);
  const from = rows.findIndex((r) => r.id === row.id);
  const to = Math.min(input.position, rows.length) - 1;
  if (from === to) throw new DossierError('item.noChanges', { title: row.title });
  const [moved] = rows.splice(from, 1);
  rows.splice(to, 0, moved!);
  renumber(ctx, rows);
  recordChanges(ctx, { type: 'item', id: row.origin_id }, [{ field: 'seq', oldValue: from + 1, newValue: to + 1 }], undefined);
  ctx.audit({
    action: 'items.reorder',
    targetType: 'item',
    targetId: row.id,
    targetLabel: itemLabel(row, to + 1),
    details: { archiveNo: row.archive_no, title: row.title, from: from + 1, to: to + 1 },
  });
  return contentsOf(ctx, file);
};

export const sealItems: Handler<'items.seal'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  let targets: ItemRow[];
  if (input.itemId) {
    const row = findItem(ctx, input.itemId);
    if (row.file_id !== file.id) throw new DossierError('item.notFound', { id: input.itemId });
    refuseIfNotCurrent(row);
    targets = row.sealed_at === null ? [row] : [];
  } else {
    targets = currentItemRows(ctx, file.id).filter((r) => r.sealed_at === null);
  }
  if (targets.length === 0) throw new DossierError('item.nothingToSeal', { archiveNo: file.archive_no });
  const now = ctx.now().toISOString();
  for (const row of targets) {
    ctx.db.run(ctx.db.k.updateTable('file_items').set({ sealed_at: now, sealed_by: ctx.user.id, updated_at: now }).where('id', '=', row.id));
    recordChanges(ctx, { type: 'item', id: row.origin_id }, [{ field: 'sealed', oldValue: null, newValue: now }], undefined);
  }
  ctx.audit({
    action: 'items.seal',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archive_no,
    details: { count: targets.length, items: targets.map((r) => ({ id: r.id, seq: r.seq, title: r.title })) },
  });
  return contentsOf(ctx, file);
};

export const correctItem: Handler<'items.correct'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  refuseIfNotCurrent(row);
  if (row.sealed_at === null) throw new DossierError('item.notSealed', { seq: row.seq, title: row.title });
  const file = fileOfItem(row);
  const after = columnsOf(ctx, file, input.changes);
  const changes = itemChanges(row, after);
  if (changes.length === 0) throw new DossierError('item.noChanges', { title: row.title });
  const reason = input.reason.trim();
  if (!reason) throw new DossierError('history.reasonRequired', { field: changes[0]!.field });
  const now = ctx.now().toISOString();
  const id = randomUUID();
  const next: FileItemsTable = {
    id,
    file_id: row.file_id,
    origin_id: row.origin_id,
    version: row.version + 1,
    seq: row.seq,
    doc_no: row.doc_no,
    responsible_party: row.responsible_party,
    title: row.title,
    doc_date: row.doc_date,
    page_count: row.page_count,
    doc_kind: row.doc_kind,
    remarks: row.remarks,
    ...after,
    // The corrected version stands in for a sealed original: it is sealed too.
    sealed_at: now,
    sealed_by: ctx.user.id,
    supersedes_id: row.id,
    superseded_by_id: null,
    superseded_at: null,
    correction_reason: reason,
    created_at: now,
    created_by: ctx.user.id,
    updated_at: now,
  };
  ctx.db.run(ctx.db.k.insertInto('file_items').values(next));
  ctx.db.run(ctx.db.k.updateTable('file_items').set({ superseded_by_id: id, superseded_at: now }).where('id', '=', row.id));
  recordChanges(ctx, { type: 'item', id: row.origin_id }, [...changes, { field: 'version', oldValue: row.version, newValue: next.version }], reason, [
    ...changes.map((c) => c.field),
  ]);
  ctx.audit({
    action: 'items.correct',
    targetType: 'item',
    targetId: id,
    targetLabel: itemLabel(row, row.seq),
    details: {
      archiveNo: row.archive_no,
      previousVersionId: row.id,
      version: next.version,
      reason,
      changes: changes.map((c) => ({ field: c.field, from: c.oldValue ?? null, to: c.newValue ?? null })),
    },
  });
  return currentItem(ctx, file, id);
};

export const itemHistory: Handler<'items.history'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  const file = fileOfItem(row);
  const labels = labelsOf(checklistOf(fileTypeOf(ctx, file.file_type_id)));
  const current = new Map(contentsOf(ctx, file).items.map((i) => [i.id, i]));
  const versions = ctx.db
    .all(itemQuery(ctx).where('file_items.origin_id', '=', row.origin_id).orderBy('file_items.version'))
    .map((r) => current.get(r.id) ?? toItem(r, labels, null, null));
  return { versions, changes: historyOf(ctx, 'item', row.origin_id) };
};

export const fileContentsHandlers = {
  'fileTypes.list': listFileTypes,
  'fileTypes.save': saveFileType,
  'items.list': listItems,
  'items.add': addItem,
  'items.addMany': addManyItems,
  'items.update': updateItem,
  'items.remove': removeItem,
  'items.reorder': reorderItem,
  'items.seal': sealItems,
  'items.correct': correctItem,
  'items.history': itemHistory,
};
