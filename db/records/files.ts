/** Files joined with their client and contents, limited to what the user is cleared to see; numbering and creating files. */
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { FileRecord } from '../../shared/contract.js';
import { archiveNoScope, formatArchiveNo, validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import type { Confidentiality, FileStatus, Retention } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';
import { getClientRow } from './clients.js';
import { effectivePattern, resolveFileType } from './fileTypes.js';

export interface FileRow {
  id: string;
  archive_no: string;
  client_id: string;
  client_name: string;
  title: string;
  confidentiality: Confidentiality;
  retention: Retention;
  status: FileStatus;
  created_at: string;
  file_type_id: string | null;
  file_type_code: string | null;
  file_type_name: string | null;
  parent_file_id: string | null;
  parent_archive_no: string | null;
  remarks: string;
  item_count: number;
  page_count: number;
  date_from: string | null;
  date_to: string | null;
  /** Migration 6: the home location's path (null: not shelved yet). */
  location_path?: string | null;
}

/** Files joined with their client, limited to what the user is cleared to see. */
export function fileQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('files')
    .innerJoin('clients', 'clients.id', 'files.client_id')
    .select([
      'files.id',
      'files.archive_no',
      'files.client_id',
      'clients.name as client_name',
      'files.title',
      'files.confidentiality',
      'files.retention',
      'files.status',
      'files.created_at',
      'files.file_type_id',
      'files.parent_file_id',
      'files.remarks',
      sql<string | null>`(select t.code from file_types t where t.id = coalesce(files.file_type_id, 'ft-client'))`.as('file_type_code'),
      sql<string | null>`(select t.name from file_types t where t.id = coalesce(files.file_type_id, 'ft-client'))`.as('file_type_name'),
      sql<string | null>`(select p.archive_no from files p where p.id = files.parent_file_id)`.as('parent_archive_no'),
      sql<number>`(select count(*) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('item_count'),
      sql<number>`(select coalesce(sum(i.page_count), 0) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('page_count'),
      sql<string | null>`(select min(i.doc_date) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('date_from'),
      sql<string | null>`(select max(i.doc_date) from file_items i where i.file_id = files.id and i.superseded_by_id is null)`.as('date_to'),
      sql<string | null>`(select l.path from locations l where l.id = files.location_id)`.as('location_path'),
    ])
    .where('files.confidentiality', 'in', ctx.visibleLevels());
}

export function toFileRecord(row: FileRow): FileRecord {
  return {
    id: row.id,
    archiveNo: row.archive_no,
    clientId: row.client_id,
    clientName: row.client_name,
    title: row.title,
    confidentiality: row.confidentiality,
    retention: row.retention,
    status: row.status,
    createdAt: row.created_at,
    fileTypeId: row.file_type_id,
    fileTypeCode: row.file_type_code,
    fileTypeName: row.file_type_name,
    parentArchiveNo: row.parent_archive_no,
    remarks: row.remarks,
    itemCount: row.item_count,
    pageCount: row.page_count,
    dateFrom: row.date_from,
    dateTo: row.date_to,
    locationPath: row.location_path ?? null,
  };
}

/** Finds a visible file by archive number (case-insensitive); a file above clearance does not exist. */
export function findFile(ctx: OperationContext, archiveNo: string): FileRow {
  const row = ctx.db.one(fileQuery(ctx).where('files.archive_no', '=', archiveNo.trim()));
  if (!row) throw new DossierError('file.notFound', { archiveNo: archiveNo.trim() });
  return row;
}

/** Issues the next archive number; the counter only grows, so a number is never reused. */
export function nextArchiveNo(ctx: OperationContext, pattern: string): string {
  const problem = validateArchiveNoPattern(pattern);
  if (problem) throw new DossierError('file.badPattern', { pattern, detail: problem });
  const scope = archiveNoScope(pattern, { year: ctx.now().getFullYear() });
  const { db } = ctx;
  for (;;) {
    const current = db.one(db.k.selectFrom('archive_no_counters').select('last_seq').where('scope', '=', scope));
    const seq = (current?.last_seq ?? 0) + 1;
    db.run(
      db.k
        .insertInto('archive_no_counters')
        .values({ scope, last_seq: seq })
        .onConflict((oc) => oc.column('scope').doUpdateSet({ last_seq: seq })),
    );
    const archiveNo = formatArchiveNo(pattern, { year: ctx.now().getFullYear() }, seq);
    // A number typed in by hand (e.g. an imported legacy file) may already hold this slot.
    const taken = db.one(db.k.selectFrom('files').select('id').where('archive_no', '=', archiveNo));
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
    const seq = (db.one(db.k.selectFrom('archive_no_counters').select('last_seq').where('scope', '=', scope))?.last_seq ?? 0) + 1;
    db.run(db.k.insertInto('archive_no_counters').values({ scope, last_seq: seq }).onConflict((oc) => oc.column('scope').doUpdateSet({ last_seq: seq })));
    const archiveNo = `${parent.archive_no}-${seq}`;
    if (!db.one(db.k.selectFrom('files').select('id').where('archive_no', '=', archiveNo))) return archiveNo;
  }
}

function refuseTaken(ctx: OperationContext, archiveNo: string): void {
  if (ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archive_no', '=', archiveNo))) {
    throw new DossierError('file.duplicateArchiveNo', { archiveNo });
  }
}

/**
 * Makes a file (a main file, or a volume sharing its main file's number) after every check,
 * numbered from its type's pattern. Reusable by other services; does not audit.
 */
export function insertFile(ctx: OperationContext, spec: NewFile): { record: FileRecord; parentArchiveNo: string | null } {
  const parent = spec.parentArchiveNo ? findFile(ctx, spec.parentArchiveNo) : undefined;
  if (parent?.parent_file_id) {
    throw new DossierError('file.volumeOfVolume', { archiveNo: parent.archive_no, parentArchiveNo: parent.parent_archive_no ?? '' });
  }
  if (parent && spec.clientId && spec.clientId !== parent.client_id) throw new DossierError('file.clientMismatch', { archiveNo: parent.archive_no });
  const clientId = spec.clientId ?? parent?.client_id;
  if (!clientId) throw new DossierError('client.notFound', { id: '' });
  const client = getClientRow(ctx, clientId);
  const type = resolveFileType(ctx, spec, parent ? (parent.file_type_id ?? undefined) : undefined);
  const confidentiality = spec.confidentiality ?? type.default_confidentiality;
  // A user may not make a file they would not be allowed to see.
  if (!ctx.canSee(confidentiality)) throw new DossierError('file.aboveClearance', { confidentiality });
  let archiveNo: string;
  if (spec.archiveNo) {
    archiveNo = spec.archiveNo.trim();
    refuseTaken(ctx, archiveNo);
  } else if (parent && spec.volumeSuffix) {
    archiveNo = `${parent.archive_no}-${spec.volumeSuffix}`;
    refuseTaken(ctx, archiveNo);
  } else if (parent) {
    archiveNo = nextVolumeNo(ctx, parent);
  } else {
    archiveNo = nextArchiveNo(ctx, effectivePattern(ctx, type));
  }
  const now = ctx.now().toISOString();
  const row = {
    id: randomUUID(),
    archive_no: archiveNo,
    client_id: client.id,
    title: spec.title?.trim() || `${client.name} ${type.name}`,
    confidentiality,
    retention: spec.retention ?? type.default_retention,
    status: 'in_stock' as const,
    created_at: now,
    updated_at: now,
    file_type_id: type.id,
    parent_file_id: parent?.id ?? null,
    remarks: spec.remarks ?? '',
  };
  ctx.db.run(ctx.db.k.insertInto('files').values(row));
  const record = toFileRecord({
    ...row,
    client_name: client.name,
    file_type_code: type.code,
    file_type_name: type.name,
    parent_archive_no: parent?.archive_no ?? null,
    item_count: 0,
    page_count: 0,
    date_from: null,
    date_to: null,
  });
  return { record, parentArchiveNo: parent?.archive_no ?? null };
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
