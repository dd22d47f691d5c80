/** The storage tree (room → cabinet → shelf → box), its counts and the moves of files. */

import { DossierError } from '../../shared/errors.js';
import { FILE_HOLDING_KINDS, PATH_SEPARATOR } from '../../shared/ops/locations.js';
import type { FileMove, LocationNode } from '../../shared/ops/locations.js';
import { OperationContext } from '../context.js';
import { recordChanges } from './history.js';
import type { LocationsRow } from '../schema.js';

export type LocationRow = LocationsRow;

export function allLocations(ctx: OperationContext): LocationRow[] {
  return ctx.db.all(ctx.db.k.selectFrom('locations').selectAll());
}

export function getLocation(ctx: OperationContext, id: string): LocationRow {
  const row = ctx.db.one(ctx.db.k.selectFrom('locations').selectAll().where('id', '=', id));
  if (!row) throw new DossierError('location.notFound', { id });
  return row;
}

function byShelfOrder(a: LocationRow, b: LocationRow): number {
  return a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id);
}

/** Children of each location (key '' for the rooms), in shelf order. */
export function childrenOf(rows: LocationRow[]): Map<string, LocationRow[]> {
  const children = new Map<string, LocationRow[]>();
  for (const row of rows) {
    const key = row.parentId ?? '';
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort(byShelfOrder);
  return children;
}

/** The id and every id inside it. */
export function subtreeIds(children: Map<string, LocationRow[]>, id: string): string[] {
  const ids = [id];
  for (let i = 0; i < ids.length; i++) for (const child of children.get(ids[i]!) ?? []) ids.push(child.id);
  return ids;
}

/** Files whose home is each location (all files: the shelf space they take is physical). */
/** Files per location as the user may see them: a file above their clearance is not counted either. */
function directCounts(ctx: OperationContext): Map<string, number> {
  const rows = ctx.db.all(
    ctx.db.k
      .selectFrom('files')
      .select((eb) => ['locationId', eb.fn.countAll<number>().as('n')])
      .where('locationId', 'is not', null)
      .where(ctx.fileVisible('id', 'confidentiality'))
      .groupBy('locationId'),
  );
  return new Map(rows.map((r) => [r.locationId!, Number(r.n)]));
}

export function filesInside(ctx: OperationContext, ids: string[], exceptFileId?: string): number {
  let query = ctx.db.k
    .selectFrom('files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('locationId', 'in', ids);
  if (exceptFileId) query = query.where('id', '!=', exceptFileId);
  return Number(ctx.db.one(query)?.n ?? 0);
}

/** The whole tree, depth first in shelf order, with counts. */
export function buildTree(ctx: OperationContext): LocationNode[] {
  const rows = allLocations(ctx);
  const children = childrenOf(rows);
  const direct = directCounts(ctx);
  const nodes: LocationNode[] = [];
  const visit = (row: LocationRow, depth: number): number => {
    const node: LocationNode = {
      id: row.id,
      parentId: row.parentId,
      kind: row.kind,
      code: row.code,
      name: row.name,
      path: row.path,
      codePath: row.codePath,
      capacity: row.capacity,
      sortOrder: row.sortOrder,
      depth,
      holdsFiles: FILE_HOLDING_KINDS.includes(row.kind),
      childCount: children.get(row.id)?.length ?? 0,
      fileCount: 0,
      directFileCount: direct.get(row.id) ?? 0,
      free: null,
    };
    nodes.push(node);
    let total = node.directFileCount;
    for (const child of children.get(row.id) ?? []) total += visit(child, depth + 1);
    node.fileCount = total;
    node.free = row.capacity === null ? null : Math.max(0, row.capacity - total);
    return total;
  };
  for (const room of children.get('') ?? []) visit(room, 0);
  return nodes;
}

export function nodeOf(ctx: OperationContext, id: string): LocationNode {
  return buildTree(ctx).find((n) => n.id === id)!;
}

export function sameCodeSibling(ctx: OperationContext, parentId: string | null, code: string, exceptId?: string): LocationRow | undefined {
  let query = ctx.db.k.selectFrom('locations').selectAll();
  query = parentId === null ? query.where('parentId', 'is', null) : query.where('parentId', '=', parentId);
  return ctx.db.all(query).find((r) => r.code.toLowerCase() === code.toLowerCase() && r.id !== exceptId);
}

/** Rewrites the paths of a location and everything inside it (after a rename). */
export function refreshPaths(ctx: OperationContext, id: string, now: string): void {
  const rows = allLocations(ctx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = childrenOf(rows);
  const walk = (row: LocationRow) => {
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    const path = parent ? `${parent.path}${PATH_SEPARATOR}${row.name}` : row.name;
    const codePath = parent ? `${parent.codePath}-${row.code}` : row.code;
    if (path !== row.path || codePath !== row.codePath) {
      ctx.db.run(ctx.db.k.updateTable('locations').set({ path, codePath: codePath, updatedAt: now }).where('id', '=', row.id));
      row.path = path;
      row.codePath = codePath;
    }
    for (const child of children.get(row.id) ?? []) walk(child);
  };
  walk(byId.get(id)!);
}

export function currentLocationId(ctx: OperationContext, fileId: string): string | null {
  return ctx.db.one(ctx.db.k.selectFrom('files').select('locationId').where('id', '=', fileId))?.locationId ?? null;
}

export function movesOf(ctx: OperationContext, fileId: string) {
  return ctx.db.k
    .selectFrom('file_moves')
    .innerJoin('users', 'users.id', 'file_moves.userId')
    .select([
      'file_moves.id',
      'file_moves.at',
      'users.displayName as username',
      'file_moves.fromLocationId',
      'file_moves.fromPath',
      'file_moves.toLocationId',
      'file_moves.toPath',
      'file_moves.reason',
    ])
    .where('file_moves.fileId', '=', fileId);
}

export function toMove(r: {
  id: number;
  at: string;
  username: string;
  fromLocationId: string | null;
  fromPath: string | null;
  toLocationId: string | null;
  toPath: string | null;
  reason: string;
}): FileMove {
  return {
    id: r.id,
    at: r.at,
    username: r.username,
    fromLocationId: r.fromLocationId,
    fromPath: r.fromPath,
    toLocationId: r.toLocationId,
    toPath: r.toPath,
    reason: r.reason,
  };
}

/**
 * Puts a file at a location (a move, or a return to another shelf): the location must hold
 * files and every level with a capacity must have room; the move and the change are recorded.
 * The caller writes the audit row.
 */
export function placeFile(ctx: OperationContext, file: { id: string; archiveNo: string }, locationId: string, reason: string) {
  const target = getLocation(ctx, locationId);
  if (!FILE_HOLDING_KINDS.includes(target.kind)) throw new DossierError('location.notForFiles', { path: target.path });
  const fromId = currentLocationId(ctx, file.id);
  if (fromId === target.id) throw new DossierError('location.sameLocation', { archiveNo: file.archiveNo, path: target.path });

  const rows = allLocations(ctx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = childrenOf(rows);
  for (let level: LocationRow | undefined = target; level; level = level.parentId ? byId.get(level.parentId) : undefined) {
    if (level.capacity === null) continue;
    const count = filesInside(ctx, subtreeIds(children, level.id), file.id);
    if (count + 1 > level.capacity) throw new DossierError('location.full', { path: level.path, capacity: level.capacity });
  }

  const from = fromId ? byId.get(fromId) : undefined;
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.updateTable('files').set({ locationId: target.id, updatedAt: now }).where('id', '=', file.id));
  const inserted = ctx.db.run(
    ctx.db.k.insertInto('file_moves').values({
      fileId: file.id,
      at: now,
      userId: ctx.user.id,
      fromLocationId: from?.id ?? null,
      fromPath: from?.path ?? null,
      toLocationId: target.id,
      toPath: target.path,
      reason,
    }),
  ) as { changes: number; lastInsertRowid?: number | bigint };
  recordChanges(ctx, { type: 'file', id: file.id }, [{ field: 'location', oldValue: from?.path ?? null, newValue: target.path }], reason);
  return { moveId: Number(inserted.lastInsertRowid), from: from ?? null, target };
}
