/** Files joined with their client and contents, limited to what the user is cleared to see; numbering and creating files. */
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { FileRecord } from '../../shared/contract.js';
import { archiveNoScope, formatArchiveNo, normalizeArchiveNo, validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import type { Confidentiality, Retention } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';
import { FILE_SEALED, isSealedLevel, levelKeysInUse, newFileKey, sealColumns } from '../levelKeys.js';
import { getClientRow } from './clients.js';
import { fileDepartmentSql } from './departments.js';
import { effectivePattern, resolveFileType } from './fileTypes.js';

/** Files joined with their client, limited to what the user is cleared to see. */
export function fileQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('files')
    .innerJoin('clients', 'clients.id', 'files.clientId')
    .select([
      'files.id',
      'files.archiveNo',
      'files.clientId',
      'clients.name as clientName',
      'files.title',
      'files.confidentiality',
      'files.retention',
      'files.status',
      'files.createdAt',
      'files.fileTypeId',
      'files.parentFileId',
      'files.remarks',
      sql<string | null>`(select t.code from file_types t where t.id = coalesce(files.file_type_id, 'ft-client'))`.as('fileTypeCode'),
      sql<string | null>`(select t.name from file_types t where t.id = coalesce(files.file_type_id, 'ft-client'))`.as('fileTypeName'),
      // A main file above the user's clearance is not named by its volume.
      sql<string | null>`(select t.name_en from file_types t where t.id = coalesce(files.file_type_id, 'ft-client'))`.as('fileTypeNameEn'),
      sql<string | null>`(select p.archive_no from files p where p.id = files.parent_file_id and ${ctx.fileVisible('p.id', 'p.confidentiality')})`.as('parentArchiveNo'),
      sql<number>`(select count(*) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('itemCount'),
      sql<number>`(select coalesce(sum(i.page_count), 0) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('pageCount'),
      sql<string | null>`(select min(i.doc_date) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('dateFrom'),
      sql<string | null>`(select max(i.doc_date) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('dateTo'),
      sql<string | null>`(select l.path from locations l where l.id = files.location_id)`.as('locationPath'),
      fileDepartmentSql('files', 'clients').as('departmentId'),
      sql<string | null>`(select d.name from departments d where d.id = ${fileDepartmentSql('files', 'clients')})`.as('departmentName'),
      sql<number>`files.department_id is not null`.as('departmentExplicit'),
    ])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

/** A file as the query reads it: the contract's FileRecord plus the ids the engine works with. */
export type FileRow = InferResult<ReturnType<typeof fileQuery>>[number];

/** Finds a visible file by archive number (case-insensitive); a file above clearance does not exist. */
export function findFile(ctx: OperationContext, archiveNo: string): FileRow {
  // As written first (a legacy number may hold odd characters), then in the lookup form (full-width, dash variants).
  const typed = archiveNo.trim();
  const normalized = normalizeArchiveNo(archiveNo);
  const row =
    ctx.db.one(fileQuery(ctx).where('files.archiveNo', '=', typed)) ?? (normalized !== typed ? ctx.db.one(fileQuery(ctx).where('files.archiveNo', '=', normalized)) : undefined);
  if (!row) throw new DossierError('file.notFound', { archiveNo: normalized || typed });
  return row;
}

/** Issues the next archive number; the counter only grows, so a number is never reused. */
export function nextArchiveNo(ctx: OperationContext, pattern: string): string {
  const problem = validateArchiveNoPattern(pattern);
  if (problem) throw new DossierError('file.badPattern', { pattern, detail: problem });
  const scope = archiveNoScope(pattern, { year: ctx.now().getFullYear() });
  const { db } = ctx;
  for (;;) {
    const current = db.one(db.k.selectFrom('archive_no_counters').select('lastSeq').where('scope', '=', scope));
    const seq = (current?.lastSeq ?? 0) + 1;
    db.run(
      db.k
        .insertInto('archive_no_counters')
        .values({ scope, lastSeq: seq })
        .onConflict((oc) => oc.column('scope').doUpdateSet({ lastSeq: seq })),
    );
    const archiveNo = formatArchiveNo(pattern, { year: ctx.now().getFullYear() }, seq);
    // A number typed in by hand (e.g. an imported legacy file) may already hold this slot.
    const taken = db.one(db.k.selectFrom('files').select('id').where('archiveNo', '=', archiveNo));
    if (!taken) return archiveNo;
  }
}

export interface NewFile {
  clientId?: string | undefined;
  title?: string | undefined;
  confidentiality?: Confidentiality | undefined;
  retention?: Retention | undefined;
  fileTypeId?: string | undefined;
  fileTypeCode?: string | undefined;
  remarks?: string | undefined;
  /** Makes a volume of this (visible, main) file: its number plus `volumeSuffix` or the next volume number. */
  parentArchiveNo?: string | undefined;
  volumeSuffix?: string | undefined;
  /** A number given by hand (e.g. an imported legacy file) instead of the type's next number. */
  archiveNo?: string | undefined;
}

/** The next free volume number of a main file: `KH-2026-0007-1`, `-2`, ...; never issued twice. */
function nextVolumeNo(ctx: OperationContext, parent: FileRow): string {
  const { db } = ctx;
  const scope = `volume:${parent.id}`;
  for (;;) {
    const seq = (db.one(db.k.selectFrom('archive_no_counters').select('lastSeq').where('scope', '=', scope))?.lastSeq ?? 0) + 1;
    db.run(
      db.k
        .insertInto('archive_no_counters')
        .values({ scope, lastSeq: seq })
        .onConflict((oc) => oc.column('scope').doUpdateSet({ lastSeq: seq })),
    );
    const archiveNo = `${parent.archiveNo}-${seq}`;
    if (!db.one(db.k.selectFrom('files').select('id').where('archiveNo', '=', archiveNo))) return archiveNo;
  }
}

function refuseTaken(ctx: OperationContext, archiveNo: string): void {
  if (ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archiveNo', '=', archiveNo))) {
    throw new DossierError('file.duplicateArchiveNo', { archiveNo });
  }
}

/**
 * Makes a file (a main file, or a volume sharing its main file's number) after every check,
 * numbered from its type's pattern. Reusable by other services; does not audit.
 */
export function insertFile(ctx: OperationContext, spec: NewFile): { record: FileRecord; parentArchiveNo: string | null } {
  const parent = spec.parentArchiveNo ? findFile(ctx, spec.parentArchiveNo) : undefined;
  if (parent?.parentFileId) {
    throw new DossierError('file.volumeOfVolume', { archiveNo: parent.archiveNo, parentArchiveNo: parent.parentArchiveNo ?? '' });
  }
  if (parent && spec.clientId && spec.clientId !== parent.clientId) throw new DossierError('file.clientMismatch', { archiveNo: parent.archiveNo });
  const clientId = spec.clientId ?? parent?.clientId;
  if (!clientId) throw new DossierError('client.notFound', { id: '' });
  const client = getClientRow(ctx, clientId);
  const type = resolveFileType(ctx, spec, parent ? (parent.fileTypeId ?? undefined) : undefined);
  const confidentiality = spec.confidentiality ?? type.defaultConfidentiality;
  // A user may not make a file they would not be allowed to see.
  if (!ctx.canSee(confidentiality)) throw new DossierError('file.aboveClearance', { confidentiality });
  let archiveNo: string;
  if (spec.archiveNo) {
    archiveNo = spec.archiveNo.trim();
    refuseTaken(ctx, archiveNo);
  } else if (parent && spec.volumeSuffix) {
    archiveNo = `${parent.archiveNo}-${spec.volumeSuffix}`;
    refuseTaken(ctx, archiveNo);
  } else if (parent) {
    archiveNo = nextVolumeNo(ctx, parent);
  } else {
    archiveNo = nextArchiveNo(ctx, effectivePattern(ctx, type));
  }
  const now = ctx.now().toISOString();
  const row = {
    id: randomUUID(),
    archiveNo: archiveNo,
    clientId: client.id,
    title: spec.title?.trim() || `${client.name} ${type.name}`,
    confidentiality,
    retention: spec.retention ?? type.defaultRetention,
    status: 'in_stock' as const,
    createdAt: now,
    updatedAt: now,
    fileTypeId: type.id,
    parentFileId: parent?.id ?? null,
    remarks: spec.remarks ?? '',
  };
  // A 机密/绝密 file's title and remarks are stored sealed under its own key (db/levelKeys.ts).
  if (isSealedLevel(confidentiality) && levelKeysInUse(ctx.db)) newFileKey(ctx.db, row.id, confidentiality, ctx.now());
  ctx.db.run(ctx.db.k.insertInto('files').values(sealColumns(ctx, row.id, row, FILE_SEALED)));
  const record: FileRecord = {
    ...row,
    locationPath: null,
    clientName: client.name,
    fileTypeCode: type.code,
    fileTypeName: type.name,
    parentArchiveNo: parent?.archiveNo ?? null,
    itemCount: 0,
    pageCount: 0,
    fileTypeNameEn: type.nameEn,
    dateFrom: null,
    dateTo: null,
  };
  return { record, parentArchiveNo: parent?.archiveNo ?? null };
}

export function auditNewFile(ctx: OperationContext, action: 'files.create' | 'files.addVolume', record: FileRecord, extra: Record<string, unknown> = {}): void {
  ctx.audit({
    action,
    targetType: 'file',
    targetId: record.id,
    targetLabel: record.archiveNo,
    details: {
      clientId: record.clientId,
      clientName: record.clientName,
      title: record.title,
      confidentiality: record.confidentiality,
      retention: record.retention,
      fileType: record.fileTypeCode,
      ...(record.parentArchiveNo ? { parentArchiveNo: record.parentArchiveNo } : {}),
      ...extra,
    },
  });
}
