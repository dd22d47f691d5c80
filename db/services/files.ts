import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FileDetail, FileRecord } from '../../shared/contract.js';
import { archiveNoScope, formatArchiveNo, validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import type { Confidentiality, FileStatus, Retention } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import type { ServiceContext, Handler } from './context.js';
import { getClientRow } from './clients.js';
import { loanQuery, toLoan } from './loans.js';
import { contentsOf, effectivePattern, resolveFileType } from './fileContents.js';
import { diffFields, historyOf, recordChanges } from './history.js';

interface FileRow {
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
export function fileQuery(ctx: ServiceContext) {
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
export function findFile(ctx: ServiceContext, archiveNo: string): FileRow {
  const row = ctx.db.one(fileQuery(ctx).where('files.archive_no', '=', archiveNo.trim()));
  if (!row) throw new DossierError('file.notFound', { archiveNo: archiveNo.trim() });
  return row;
}

/** Issues the next archive number; the counter only grows, so a number is never reused. */
export function nextArchiveNo(ctx: ServiceContext, pattern: string): string {
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
function nextVolumeNo(ctx: ServiceContext, parent: FileRow): string {
  const { db } = ctx;
  const scope = `volume:${parent.id}`;
  for (;;) {
    const seq = (db.one(db.k.selectFrom('archive_no_counters').select('last_seq').where('scope', '=', scope))?.last_seq ?? 0) + 1;
    db.run(db.k.insertInto('archive_no_counters').values({ scope, last_seq: seq }).onConflict((oc) => oc.column('scope').doUpdateSet({ last_seq: seq })));
    const archiveNo = `${parent.archive_no}-${seq}`;
    if (!db.one(db.k.selectFrom('files').select('id').where('archive_no', '=', archiveNo))) return archiveNo;
  }
}

function refuseTaken(ctx: ServiceContext, archiveNo: string): void {
  if (ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archive_no', '=', archiveNo))) {
    throw new DossierError('file.duplicateArchiveNo', { archiveNo });
  }
}

/**
 * Makes a file (a main file, or a volume sharing its main file's number) after every check,
 * numbered from its type's pattern. Reusable by other services; does not audit.
 */
export function insertFile(ctx: ServiceContext, spec: NewFile): { record: FileRecord; parentArchiveNo: string | null } {
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

export function auditNewFile(ctx: ServiceContext, action: string, record: FileRecord, extra: Record<string, unknown> = {}): void {
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

export const createFile: Handler<'files.create'> = (ctx, input) => {
  const { record } = insertFile(ctx, input);
  auditNewFile(ctx, 'files.create', record);
  return record;
};

export const addVolume: Handler<'files.addVolume'> = (ctx, input) => {
  const { archiveNo, suffix, ...rest } = input;
  const { record } = insertFile(ctx, { ...rest, parentArchiveNo: archiveNo, volumeSuffix: suffix });
  auditNewFile(ctx, 'files.addVolume', record);
  return record;
};

/** Fields whose change is a core change: it needs a reason (信息变更记录). */
const FILE_REASON_REQUIRED = ['confidentiality'] as const;

export const updateFile: Handler<'files.update'> = (ctx, input) => {
  const row = findFile(ctx, input.archiveNo);
  const after: Partial<Pick<FileRow, 'title' | 'confidentiality' | 'retention' | 'remarks'>> = {};
  if (input.title !== undefined) after.title = input.title;
  if (input.confidentiality !== undefined) after.confidentiality = input.confidentiality;
  if (input.retention !== undefined) after.retention = input.retention;
  if (input.remarks !== undefined) after.remarks = input.remarks;
  const changes = diffFields({ title: row.title, confidentiality: row.confidentiality, retention: row.retention, remarks: row.remarks }, after);
  if (changes.length === 0) throw new DossierError('file.noChanges', { archiveNo: row.archive_no });
  if (after.confidentiality && !ctx.canSee(after.confidentiality)) {
    throw new DossierError('file.aboveClearance', { confidentiality: after.confidentiality });
  }
  // Checked (and refused) before anything is written.
  recordChanges(ctx, { type: 'file', id: row.id }, changes, input.reason, FILE_REASON_REQUIRED);
  ctx.db.run(ctx.db.k.updateTable('files').set({ ...after, updated_at: ctx.now().toISOString() }).where('id', '=', row.id));
  ctx.audit({
    action: 'files.update',
    targetType: 'file',
    targetId: row.id,
    targetLabel: row.archive_no,
    details: {
      changes: changes.map((c) => ({ field: c.field, from: c.oldValue ?? null, to: c.newValue ?? null })),
      ...(input.reason ? { reason: input.reason } : {}),
    },
  });
  return getFile(ctx, { archiveNo: row.archive_no });
};

export const getFile: Handler<'files.get'> = (ctx, input): FileDetail => {
  const row = findFile(ctx, input.archiveNo);
  const loans = ctx.db.all(loanQuery(ctx).where('loans.file_id', '=', row.id).orderBy('loans.lent_at', 'desc')).map((l) => toLoan(ctx, l));
  const contents = contentsOf(ctx, row);
  const root = row.parent_file_id ?? row.id;
  const volumes = ctx.db
    .all(
      fileQuery(ctx)
        .where((eb) => eb.or([eb('files.id', '=', root), eb('files.parent_file_id', '=', root)]))
        .where('files.id', '!=', row.id)
        .orderBy('files.archive_no'),
    )
    .map(toFileRecord);
  return {
    ...toFileRecord(row),
    currentLoan: loans.find((l) => l.returnedAt === null) ?? null,
    loans,
    items: contents.items,
    checklist: contents.checklist,
    complete: contents.complete,
    missing: contents.missing,
    volumes,
    history: historyOf(ctx, 'file', row.id),
  };
};
