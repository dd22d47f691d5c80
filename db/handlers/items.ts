import { randomUUID } from 'node:crypto';
import { DossierError } from '../../shared/errors.js';
import { checklistOf, fileTypeOf } from '../records/fileTypes.js';
import { findFile } from '../records/files.js';
import { historyOf, recordChanges } from '../records/history.js';
import {
  addItems,
  auditAdded,
  columnsOf,
  contentsOf,
  currentItem,
  currentItemRows,
  fileOfItem,
  findItem,
  itemChanges,
  itemLabel,
  itemQuery,
  labelsOf,
  refuseDisplacingSealed,
  refuseIfNotCurrent,
  refuseIfSealed,
  renumber,
  toItem,
} from '../records/items.js';
import { ITEM_SEALED, sealColumns } from '../levelKeys.js';
import type { ItemRow } from '../records/items.js';
import type { FileItemsRow } from '../schema.js';
import type { Handler } from './kit.js';
import type { itemsOps } from '../../shared/ops/items.js';
import type { HandlersOf } from './kit.js';

export const listItems: Handler<'items.list'> = (ctx, input) => contentsOf(ctx, findFile(ctx, input.archiveNo));

export const addItem: Handler<'items.add'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const { archiveNo: _a, position, ...fields } = input;
  const [item] = addItems(ctx, file, [fields], position);
  auditAdded(ctx, file, item!);
  return item!;
};

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
  if (after.pageCount !== undefined && after.pageCount !== row.pageCount) {
    const rows = currentItemRows(ctx, file.id);
    refuseDisplacingSealed(
      rows,
      rows.map((r) => (r.id === row.id ? { ...r, pageCount: after.pageCount! } : r)),
    );
  }
  ctx.db.run(
    ctx.db.k
      .updateTable('file_items')
      .set({
        ...sealColumns(ctx, file.id, after, ITEM_SEALED),
        // A page count the clerk typed is theirs: scans no longer fill it.
        ...(after.pageCount !== undefined ? { pageCountSource: 'typed' as const } : {}),
        updatedAt: ctx.now().toISOString(),
      })
      .where('id', '=', row.id),
  );
  recordChanges(ctx, { type: 'item', id: row.originId }, changes, input.reason);
  ctx.audit({
    action: 'items.update',
    targetType: 'item',
    targetId: row.id,
    targetLabel: itemLabel(row, row.seq),
    details: { archiveNo: row.archiveNo, changes: changes.map((c) => ({ field: c.field, from: c.oldValue ?? null, to: c.newValue ?? null })) },
  });
  return currentItem(ctx, file, row.id);
};

export const removeItem: Handler<'items.remove'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  refuseIfSealed(row);
  const file = fileOfItem(row);
  const before = currentItemRows(ctx, file.id);
  refuseDisplacingSealed(
    before,
    before.filter((r) => r.id !== row.id),
  );
  // Its scans stay on the file (as the file's own scans), never lost with the item's row.
  const detached = ctx.db.run(ctx.db.k.updateTable('scans').set({ itemId: null }).where('itemId', '=', row.id)).changes;
  // An unsealed item has never been corrected: it is a single version, removed outright.
  ctx.db.run(ctx.db.k.deleteFrom('file_items').where('id', '=', row.id));
  renumber(ctx, currentItemRows(ctx, file.id));
  recordChanges(ctx, { type: 'item', id: row.originId }, [{ field: 'removed', oldValue: row.title, newValue: null }], undefined);
  ctx.audit({
    action: 'items.remove',
    targetType: 'item',
    targetId: row.id,
    targetLabel: itemLabel(row, row.seq),
    details: {
      archiveNo: row.archiveNo,
      seq: row.seq,
      title: row.title,
      docNo: row.docNo,
      date: row.docDate,
      pageCount: row.pageCount,
      docKind: row.docKind,
      ...(detached ? { scansKeptOnFile: detached } : {}),
    },
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
  const before = [...rows];
  const [moved] = rows.splice(from, 1);
  rows.splice(to, 0, moved!);
  refuseDisplacingSealed(before, rows);
  renumber(ctx, rows);
  recordChanges(ctx, { type: 'item', id: row.originId }, [{ field: 'seq', oldValue: from + 1, newValue: to + 1 }], undefined);
  ctx.audit({
    action: 'items.reorder',
    targetType: 'item',
    targetId: row.id,
    targetLabel: itemLabel(row, to + 1),
    details: { archiveNo: row.archiveNo, title: row.title, from: from + 1, to: to + 1 },
  });
  return contentsOf(ctx, file);
};

export const sealItems: Handler<'items.seal'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  let targets: ItemRow[];
  if (input.itemId) {
    const row = findItem(ctx, input.itemId);
    if (row.fileId !== file.id) throw new DossierError('item.notFound', { id: input.itemId });
    refuseIfNotCurrent(row);
    targets = row.sealedAt === null ? [row] : [];
  } else {
    targets = currentItemRows(ctx, file.id).filter((r) => r.sealedAt === null);
  }
  if (targets.length === 0) throw new DossierError('item.nothingToSeal', { archiveNo: file.archiveNo });
  const now = ctx.now().toISOString();
  for (const row of targets) {
    ctx.db.run(ctx.db.k.updateTable('file_items').set({ sealedAt: now, sealedBy: ctx.user.id, updatedAt: now }).where('id', '=', row.id));
    recordChanges(ctx, { type: 'item', id: row.originId }, [{ field: 'sealed', oldValue: null, newValue: now }], undefined);
  }
  ctx.audit({
    action: 'items.seal',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { count: targets.length, items: targets.map((r) => ({ id: r.id, seq: r.seq, title: r.title })) },
  });
  return contentsOf(ctx, file);
};

export const correctItem: Handler<'items.correct'> = (ctx, input) => {
  const row = findItem(ctx, input.itemId);
  refuseIfNotCurrent(row);
  if (row.sealedAt === null) throw new DossierError('item.notSealed', { seq: row.seq, title: row.title });
  const file = fileOfItem(row);
  const after = columnsOf(ctx, file, input.changes);
  const changes = itemChanges(row, after);
  if (changes.length === 0) throw new DossierError('item.noChanges', { title: row.title });
  const reason = input.reason.trim();
  if (!reason) throw new DossierError('history.reasonRequired', { field: changes[0]!.field });
  const now = ctx.now().toISOString();
  const id = randomUUID();
  const next: FileItemsRow = {
    id,
    fileId: row.fileId,
    originId: row.originId,
    version: row.version + 1,
    seq: row.seq,
    docNo: row.docNo,
    responsibleParty: row.responsibleParty,
    title: row.title,
    docDate: row.docDate,
    pageCount: row.pageCount,
    pageCountSource: after.pageCount !== undefined ? 'typed' : row.pageCountSource,
    docKind: row.docKind,
    remarks: row.remarks,
    ...after,
    // The corrected version stands in for a sealed original: it is sealed too.
    sealedAt: now,
    sealedBy: ctx.user.id,
    supersedesId: row.id,
    supersededById: null,
    supersededAt: null,
    correctionReason: reason,
    createdAt: now,
    createdBy: ctx.user.id,
    updatedAt: now,
  };
  ctx.db.run(ctx.db.k.insertInto('file_items').values(sealColumns(ctx, row.fileId, next, ITEM_SEALED)));
  ctx.db.run(ctx.db.k.updateTable('file_items').set({ supersededById: id, supersededAt: now }).where('id', '=', row.id));
  recordChanges(ctx, { type: 'item', id: row.originId }, [...changes, { field: 'version', oldValue: row.version, newValue: next.version }], reason, [
    ...changes.map((c) => c.field),
  ]);
  ctx.audit({
    action: 'items.correct',
    targetType: 'item',
    targetId: id,
    targetLabel: itemLabel(row, row.seq),
    details: {
      archiveNo: row.archiveNo,
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
  const labels = labelsOf(checklistOf(fileTypeOf(ctx, file.fileTypeId)));
  const current = new Map(contentsOf(ctx, file).items.map((i) => [i.id, i]));
  const versions = ctx.db
    .all(itemQuery(ctx).where('file_items.originId', '=', row.originId).orderBy('file_items.version'))
    .map((r) => current.get(r.id) ?? toItem(r, labels, null, null));
  return { versions, changes: historyOf(ctx, 'item', row.originId) };
};

/** The handlers of the `items.*` operations. */
export const itemsHandlers = {
  'items.list': listItems,
  'items.add': addItem,
  'items.addMany': addManyItems,
  'items.update': updateItem,
  'items.remove': removeItem,
  'items.reorder': reorderItem,
  'items.seal': sealItems,
  'items.correct': correctItem,
  'items.history': itemHistory,
} satisfies HandlersOf<typeof itemsOps>;
