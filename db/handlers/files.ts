import type { FileDetail } from '../../shared/contract.js';
import { CONFIDENTIALITY, confidentialityRank } from '../../shared/domain/enums.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import type { OperationContext } from '../context.js';
import { FILE_SEALED, putFileAtLevel, sealColumns } from '../levelKeys.js';
import { auditNewFile, fileQuery, findFile, insertFile } from '../records/files.js';
import type { FileRow } from '../records/files.js';
import { diffFields, historyOf, recordChanges } from '../records/history.js';
import { contentsOf } from '../records/items.js';
import { loanQuery, toLoan } from '../records/loans.js';
import { currentLocationId, getLocation, movesOf, placeFile, toMove } from '../records/locations.js';
import type { Handler } from './kit.js';
import type { filesOps } from '../../shared/ops/files.js';
import type { HandlersOf } from './kit.js';

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

/** Raises the volumes of a main file below `level` to it; returns their archive numbers. */
function raiseVolumes(ctx: OperationContext, mainId: string, level: Confidentiality): string[] {
  const lower = CONFIDENTIALITY.filter((l) => confidentialityRank(l) < confidentialityRank(level));
  if (lower.length === 0) return [];
  const volumes = ctx.db.all(ctx.db.k.selectFrom('files').select(['id', 'archiveNo', 'confidentiality']).where('parentFileId', '=', mainId).where('confidentiality', 'in', lower));
  for (const v of volumes) {
    recordChanges(ctx, { type: 'file', id: v.id }, [{ field: 'confidentiality', oldValue: v.confidentiality, newValue: level }], `随主卷提升密级 · raised with main file`, []);
    // Its content goes under the new level's key in the same statement as the level.
    putFileAtLevel(ctx, v.id, level);
    ctx.db.run(ctx.db.k.updateTable('files').set({ updatedAt: ctx.now().toISOString() }).where('id', '=', v.id));
  }
  return volumes.map((v) => v.archiveNo);
}

export const updateFile: Handler<'files.update'> = (ctx, input) => {
  const row = findFile(ctx, input.archiveNo);
  const after: Partial<Pick<FileRow, 'title' | 'confidentiality' | 'retention' | 'remarks'>> = {};
  if (input.title !== undefined) after.title = input.title;
  if (input.confidentiality !== undefined) after.confidentiality = input.confidentiality;
  if (input.retention !== undefined) after.retention = input.retention;
  if (input.remarks !== undefined) after.remarks = input.remarks;
  const changes = diffFields({ title: row.title, confidentiality: row.confidentiality, retention: row.retention, remarks: row.remarks }, after);
  if (changes.length === 0) throw new DossierError('file.noChanges', { archiveNo: row.archiveNo });
  if (after.confidentiality && !ctx.canSee(after.confidentiality)) {
    throw new DossierError('file.aboveClearance', { confidentiality: after.confidentiality });
  }
  // Checked (and refused) before anything is written.
  recordChanges(ctx, { type: 'file', id: row.id }, changes, input.reason, FILE_REASON_REQUIRED);
  // A new level re-encrypts the file's content (and history) under it first; the rest is sealed for that level.
  const { confidentiality: newLevel, ...rest } = after;
  if (newLevel !== undefined && newLevel !== row.confidentiality) putFileAtLevel(ctx, row.id, newLevel);
  ctx.db.run(
    ctx.db.k
      .updateTable('files')
      .set({ ...sealColumns(ctx, row.id, rest, FILE_SEALED), updatedAt: ctx.now().toISOString() })
      .where('id', '=', row.id),
  );
  // Volumes (certificates in the safe) are never less confidential than their main file.
  const raisedVolumes = after.confidentiality && !row.parentFileId ? raiseVolumes(ctx, row.id, after.confidentiality) : [];
  ctx.audit({
    action: 'files.update',
    targetType: 'file',
    targetId: row.id,
    targetLabel: row.archiveNo,
    details: {
      changes: changes.map((c) => ({ field: c.field, from: c.oldValue ?? null, to: c.newValue ?? null })),
      ...(input.reason ? { reason: input.reason } : {}),
      ...(raisedVolumes.length ? { raisedVolumes } : {}),
    },
  });
  return getFile(ctx, { archiveNo: row.archiveNo });
};

export const getFile: Handler<'files.get'> = (ctx, input): FileDetail => {
  const row = findFile(ctx, input.archiveNo);
  const loans = ctx.db.all(loanQuery(ctx).where('loans.fileId', '=', row.id).orderBy('loans.lentAt', 'desc')).map((l) => toLoan(ctx, l));
  const contents = contentsOf(ctx, row);
  const root = row.parentFileId ?? row.id;
  const volumes = ctx.db.all(
    fileQuery(ctx)
      .where((eb) => eb.or([eb('files.id', '=', root), eb('files.parentFileId', '=', root)]))
      .where('files.id', '!=', row.id)
      .orderBy('files.archiveNo'),
  );
  return {
    ...row,
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

export const moveFile: Handler<'files.move'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const reason = input.reason ?? '';
  const { moveId, from, target } = placeFile(ctx, file, input.locationId, reason);
  ctx.audit({
    action: 'files.move',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { from: from?.path ?? null, to: target.path, toLocationId: target.id, reason },
  });
  return toMove(ctx.db.one(movesOf(ctx, file.id).where('file_moves.id', '=', moveId))!);
};

export const fileMoves: Handler<'files.moves'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  return ctx.db.all(movesOf(ctx, file.id).orderBy('file_moves.id', 'desc')).map(toMove);
};

export const whereIs: Handler<'files.whereIs'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const locationId = currentLocationId(ctx, file.id);
  const location = locationId ? getLocation(ctx, locationId) : null;
  const open = ctx.db.one(loanQuery(ctx).where('loans.fileId', '=', file.id).where('loans.returnedAt', 'is', null));
  const loan = open ? toLoan(ctx, open) : null;
  return {
    archiveNo: file.archiveNo,
    title: file.title,
    clientName: file.clientName,
    confidentiality: file.confidentiality,
    status: file.status,
    locationId,
    locationPath: location?.path ?? null,
    locationCodePath: location?.codePath ?? null,
    loan: loan && {
      borrower: loan.borrower,
      purpose: loan.purpose,
      lentAt: loan.lentAt,
      lentBy: loan.lentBy,
      dueDate: loan.dueDate,
      overdue: loan.overdue,
    },
  };
};

/** The handlers of the `files.*` operations. */
export const filesHandlers = {
  'files.create': createFile,
  'files.addVolume': addVolume,
  'files.update': updateFile,
  'files.get': getFile,
  'files.move': moveFile,
  'files.moves': fileMoves,
  'files.whereIs': whereIs,
} satisfies HandlersOf<typeof filesOps>;
