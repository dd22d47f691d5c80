/** File types with their numbering pattern and required-document checklist. */
import { DossierError } from '../../shared/errors.js';
import type { FileType } from '../../shared/ops/fileTypes.js';
import { OperationContext } from '../context.js';
import type { Handler } from '../handlers/kit.js';
import type { FileTypesRow } from '../schema.js';
import { readSettings } from './settings.js';

// ---------------------------------------------------------------- file types
/** The client file (客户档案): the type of a file made without one. */
export const CLIENT_FILE_TYPE_ID = 'ft-client';

export const CERTIFICATES_FILE_TYPE_ID = 'ft-certificates';

export interface ChecklistKind {
  kind: string;
  label: string;
  labelEn: string | null;
}

export function checklistOf(type: Pick<FileTypesRow, 'checklist'> | undefined): ChecklistKind[] {
  if (!type) return [];
  try {
    const parsed = JSON.parse(type.checklist) as unknown;
    if (!Array.isArray(parsed)) return [];
    return (parsed as Partial<ChecklistKind>[]).map((c) => ({ kind: String(c.kind), label: String(c.label), labelEn: c.labelEn ?? null }));
  } catch {
    return [];
  }
}

export function effectivePattern(ctx: OperationContext, type: Pick<FileTypesRow, 'archiveNoPattern'>): string {
  return type.archiveNoPattern || readSettings(ctx.db).archiveNoPattern;
}

function fileTypeRow(ctx: OperationContext, id: string | null | undefined): FileTypesRow | undefined {
  return ctx.db.one(
    ctx.db.k
      .selectFrom('file_types')
      .selectAll()
      .where('id', '=', id ?? CLIENT_FILE_TYPE_ID),
  );
}

/** The type a file belongs to (a file without one is a client file). */
export function fileTypeOf(ctx: OperationContext, fileTypeId: string | null | undefined): FileTypesRow | undefined {
  return fileTypeRow(ctx, fileTypeId) ?? fileTypeRow(ctx, CLIENT_FILE_TYPE_ID);
}

/** Finds an active type by id or code; neither given: `fallbackId` (default: the client file). */
export function resolveFileType(
  ctx: OperationContext,
  ref: { fileTypeId?: string | undefined; fileTypeCode?: string | undefined },
  fallbackId: string | null = CLIENT_FILE_TYPE_ID,
): FileTypesRow {
  const { k } = ctx.db;
  let row: FileTypesRow | undefined;
  if (ref.fileTypeId) row = ctx.db.one(k.selectFrom('file_types').selectAll().where('id', '=', ref.fileTypeId));
  else if (ref.fileTypeCode) row = ctx.db.one(k.selectFrom('file_types').selectAll().where('code', '=', ref.fileTypeCode.trim()));
  else row = fileTypeRow(ctx, fallbackId) ?? ctx.db.one(k.selectFrom('file_types').selectAll().where('active', '=', 1).orderBy('sortOrder').limit(1));
  if (!row) throw new DossierError('fileType.notFound', { type: ref.fileTypeId ?? ref.fileTypeCode ?? '' });
  if (row.active !== 1) throw new DossierError('fileType.inactive', { name: row.name });
  return row;
}

export function toFileType(ctx: OperationContext, row: FileTypesRow, fileCount: number): FileType {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    archiveNoPattern: row.archiveNoPattern,
    effectivePattern: effectivePattern(ctx, row),
    defaultConfidentiality: row.defaultConfidentiality,
    defaultRetention: row.defaultRetention,
    checklist: checklistOf(row),
    description: row.description,
    active: row.active === 1,
    fileCount,
  };
}

export function fileCountOf(ctx: OperationContext, typeId: string): number {
  const row = ctx.db.one(
    ctx.db.k
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(typeId === CLIENT_FILE_TYPE_ID ? (eb) => eb.or([eb('fileTypeId', '=', typeId), eb('fileTypeId', 'is', null)]) : (eb) => eb('fileTypeId', '=', typeId)),
  );
  return row?.n ?? 0;
}

export const listFileTypes: Handler<'fileTypes.list'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('file_types').selectAll().orderBy('sortOrder').orderBy('name');
  if (!input.includeInactive) query = query.where('active', '=', 1);
  return ctx.db.all(query).map((row) => toFileType(ctx, row, fileCountOf(ctx, row.id)));
};
