import { randomUUID } from 'node:crypto';
import type { FileDetail, FileRecord } from '../../shared/contract.js';
import { archiveNoScope, formatArchiveNo, validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import type { Confidentiality, FileStatus, Retention } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import type { ServiceContext, Handler } from './context.js';
import { getClientRow } from './clients.js';
import { loanQuery, toLoan } from './loans.js';
import { readSettings } from './settings.js';

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

export const createFile: Handler<'files.create'> = (ctx, input) => {
  const client = getClientRow(ctx, input.clientId);
  const archiveNo = nextArchiveNo(ctx, readSettings(ctx.db).archiveNoPattern);
  const now = ctx.now().toISOString();
  const row = {
    id: randomUUID(),
    archive_no: archiveNo,
    client_id: client.id,
    title: input.title,
    confidentiality: input.confidentiality,
    retention: input.retention,
    status: 'in_stock' as const,
    created_at: now,
    updated_at: now,
  };
  ctx.db.run(ctx.db.k.insertInto('files').values(row));
  ctx.audit({
    action: 'files.create',
    targetType: 'file',
    targetId: row.id,
    targetLabel: archiveNo,
    details: { clientId: client.id, clientName: client.name, title: row.title, confidentiality: row.confidentiality },
  });
  return toFileRecord({ ...row, client_name: client.name });
};

export const getFile: Handler<'files.get'> = (ctx, input): FileDetail => {
  const row = findFile(ctx, input.archiveNo);
  const loans = ctx.db.all(loanQuery(ctx).where('loans.file_id', '=', row.id).orderBy('loans.lent_at', 'desc')).map((l) => toLoan(ctx, l));
  return { ...toFileRecord(row), currentLoan: loans.find((l) => l.returnedAt === null) ?? null, loans };
};
