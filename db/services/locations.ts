/**
 * Storage locations (库房 → 柜 → 架 → 盒), each file's home location and the record of its
 * moves; "where is file X?". A location's capacity limits the files of everything inside it.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { FILE_HOLDING_KINDS, LOCATION_PARENT_KIND, PATH_SEPARATOR } from '../../shared/ops/locations.js';
import type { FileMove, LocationFile, LocationNode } from '../../shared/ops/locations.js';
import { DossierError } from '../../shared/errors.js';
import type { LocationsTable } from '../schema.js';
import type { Handler, ServiceContext } from './context.js';
import { findFile } from './files.js';
import { recordChanges } from './history.js';
import { loanQuery, toLoan } from './loans.js';

type LocationRow = Selectable<LocationsTable>;

function allLocations(ctx: ServiceContext): LocationRow[] {
  return ctx.db.all(ctx.db.k.selectFrom('locations').selectAll());
}

export function getLocation(ctx: ServiceContext, id: string): LocationRow {
  const row = ctx.db.one(ctx.db.k.selectFrom('locations').selectAll().where('id', '=', id));
  if (!row) throw new DossierError('location.notFound', { id });
  return row;
}

function byShelfOrder(a: LocationRow, b: LocationRow): number {
  return a.sort_order - b.sort_order || a.code.localeCompare(b.code, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id);
}

/** Children of each location (key '' for the rooms), in shelf order. */
function childrenOf(rows: LocationRow[]): Map<string, LocationRow[]> {
  const children = new Map<string, LocationRow[]>();
  for (const row of rows) {
    const key = row.parent_id ?? '';
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort(byShelfOrder);
  return children;
}

/** The id and every id inside it. */
function subtreeIds(children: Map<string, LocationRow[]>, id: string): string[] {
  const ids = [id];
  for (let i = 0; i < ids.length; i++) for (const child of children.get(ids[i]!) ?? []) ids.push(child.id);
  return ids;
}

/** Files whose home is each location (all files: the shelf space they take is physical). */
function directCounts(ctx: ServiceContext): Map<string, number> {
  const rows = ctx.db.all(
    ctx.db.k
      .selectFrom('files')
      .select((eb) => ['location_id', eb.fn.countAll<number>().as('n')])
      .where('location_id', 'is not', null)
      .groupBy('location_id'),
  );
  return new Map(rows.map((r) => [r.location_id!, Number(r.n)]));
}

function filesInside(ctx: ServiceContext, ids: string[], exceptFileId?: string): number {
  let query = ctx.db.k.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).where('location_id', 'in', ids);
  if (exceptFileId) query = query.where('id', '!=', exceptFileId);
  return Number(ctx.db.one(query)?.n ?? 0);
}

/** The whole tree, depth first in shelf order, with counts. */
function buildTree(ctx: ServiceContext): LocationNode[] {
  const rows = allLocations(ctx);
  const children = childrenOf(rows);
  const direct = directCounts(ctx);
  const nodes: LocationNode[] = [];
  const visit = (row: LocationRow, depth: number): number => {
    const node: LocationNode = {
      id: row.id,
      parentId: row.parent_id,
      kind: row.kind,
      code: row.code,
      name: row.name,
      path: row.path,
      codePath: row.code_path,
      capacity: row.capacity,
      sortOrder: row.sort_order,
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

function nodeOf(ctx: ServiceContext, id: string): LocationNode {
  return buildTree(ctx).find((n) => n.id === id)!;
}

function sameCodeSibling(ctx: ServiceContext, parentId: string | null, code: string, exceptId?: string): LocationRow | undefined {
  let query = ctx.db.k.selectFrom('locations').selectAll();
  query = parentId === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parentId);
  return ctx.db.all(query).find((r) => r.code.toLowerCase() === code.toLowerCase() && r.id !== exceptId);
}

/** Rewrites the paths of a location and everything inside it (after a rename). */
function refreshPaths(ctx: ServiceContext, id: string, now: string): void {
  const rows = allLocations(ctx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = childrenOf(rows);
  const walk = (row: LocationRow) => {
    const parent = row.parent_id ? byId.get(row.parent_id) : undefined;
    const path = parent ? `${parent.path}${PATH_SEPARATOR}${row.name}` : row.name;
    const codePath = parent ? `${parent.code_path}-${row.code}` : row.code;
    if (path !== row.path || codePath !== row.code_path) {
      ctx.db.run(ctx.db.k.updateTable('locations').set({ path, code_path: codePath, updated_at: now }).where('id', '=', row.id));
      row.path = path;
      row.code_path = codePath;
    }
    for (const child of children.get(row.id) ?? []) walk(child);
  };
  walk(byId.get(id)!);
}

export const locationTree: Handler<'locations.tree'> = (ctx) => ({ nodes: buildTree(ctx) });

export const saveLocation: Handler<'locations.save'> = (ctx, input) => {
  const now = ctx.now().toISOString();
  if (input.id) {
    const row = getLocation(ctx, input.id);
    if ((input.kind && input.kind !== row.kind) || (input.parentId !== undefined && input.parentId !== row.parent_id)) {
      throw new DossierError('location.fixedPlace', { path: row.path });
    }
    const clash = sameCodeSibling(ctx, row.parent_id, input.code, row.id);
    if (clash) throw new DossierError('location.duplicateCode', { code: input.code, path: clash.path });
    const capacity = input.capacity === undefined ? row.capacity : input.capacity;
    if (capacity !== null) {
      const count = filesInside(ctx, subtreeIds(childrenOf(allLocations(ctx)), row.id));
      if (count > capacity) throw new DossierError('location.capacityBelowCount', { path: row.path, count, capacity });
    }
    const after = { code: input.code, name: input.name, capacity, sort_order: input.sortOrder ?? row.sort_order };
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== row[k]).map((k) => [k, { from: row[k], to: after[k] }]),
    );
    ctx.db.run(ctx.db.k.updateTable('locations').set({ ...after, updated_at: now }).where('id', '=', row.id));
    if (after.code !== row.code || after.name !== row.name) refreshPaths(ctx, row.id, now);
    const node = nodeOf(ctx, row.id);
    ctx.audit({ action: 'locations.update', targetType: 'location', targetId: row.id, targetLabel: node.path, details: { kind: row.kind, changed } });
    return node;
  }

  if (!input.kind) throw new DossierError('validation', { detail: 'kind: required for a new location' });
  const wantedParentKind = LOCATION_PARENT_KIND[input.kind];
  const parent = input.parentId ? getLocation(ctx, input.parentId) : null;
  if ((parent?.kind ?? null) !== wantedParentKind) throw new DossierError('location.badNesting', { name: input.name });
  const clash = sameCodeSibling(ctx, parent?.id ?? null, input.code);
  if (clash) throw new DossierError('location.duplicateCode', { code: input.code, path: clash.path });
  let sortOrder = input.sortOrder;
  if (sortOrder === undefined) {
    let query = ctx.db.k.selectFrom('locations').select((eb) => eb.fn.max('sort_order').as('last'));
    query = parent ? query.where('parent_id', '=', parent.id) : query.where('parent_id', 'is', null);
    sortOrder = (ctx.db.one(query)?.last ?? 0) + 1;
  }
  const row: LocationRow = {
    id: randomUUID(),
    parent_id: parent?.id ?? null,
    kind: input.kind,
    code: input.code,
    name: input.name,
    path: parent ? `${parent.path}${PATH_SEPARATOR}${input.name}` : input.name,
    code_path: parent ? `${parent.code_path}-${input.code}` : input.code,
    capacity: input.capacity ?? null,
    sort_order: sortOrder,
    created_at: now,
    updated_at: now,
  };
  ctx.db.run(ctx.db.k.insertInto('locations').values(row));
  ctx.audit({
    action: 'locations.create',
    targetType: 'location',
    targetId: row.id,
    targetLabel: row.path,
    details: { kind: row.kind, code: row.code, parentId: row.parent_id, capacity: row.capacity },
  });
  return nodeOf(ctx, row.id);
};

export const removeLocation: Handler<'locations.remove'> = (ctx, input) => {
  const row = getLocation(ctx, input.id);
  const children = Number(
    ctx.db.one(ctx.db.k.selectFrom('locations').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', row.id))?.n ?? 0,
  );
  const files = filesInside(ctx, [row.id]);
  if (children > 0 || files > 0) throw new DossierError('location.notEmpty', { path: row.path, children, files });
  ctx.db.run(ctx.db.k.deleteFrom('locations').where('id', '=', row.id));
  ctx.audit({ action: 'locations.remove', targetType: 'location', targetId: row.id, targetLabel: row.path, details: { kind: row.kind, code: row.code } });
  return { ok: true };
};

/** The visible files stored in a location and everything inside it, in shelf order. */
export const locationFiles: Handler<'locations.files'> = (ctx, input) => {
  getLocation(ctx, input.id);
  const order = new Map(buildTree(ctx).map((n, i) => [n.id, i]));
  const rows = ctx.db.all(
    ctx.db.k
      .selectFrom('files')
      .innerJoin('clients', 'clients.id', 'files.client_id')
      .innerJoin('locations', 'locations.id', 'files.location_id')
      .select([
        'files.archive_no',
        'files.title',
        'clients.name as client_name',
        'files.confidentiality',
        'files.status',
        'locations.id as location_id',
        'locations.path as location_path',
      ])
      .where('files.location_id', 'in', subtreeIds(childrenOf(allLocations(ctx)), input.id))
      .where('files.confidentiality', 'in', ctx.visibleLevels()),
  );
  return rows
    .sort((a, b) => order.get(a.location_id)! - order.get(b.location_id)! || a.archive_no.localeCompare(b.archive_no, 'zh-CN', { numeric: true }))
    .map(
      (r): LocationFile => ({
        archiveNo: r.archive_no,
        title: r.title,
        clientName: r.client_name,
        confidentiality: r.confidentiality,
        status: r.status,
        locationId: r.location_id,
        locationPath: r.location_path,
      }),
    );
};

function currentLocationId(ctx: ServiceContext, fileId: string): string | null {
  return ctx.db.one(ctx.db.k.selectFrom('files').select('location_id').where('id', '=', fileId))?.location_id ?? null;
}

function movesOf(ctx: ServiceContext, fileId: string) {
  return ctx.db
    .k.selectFrom('file_moves')
    .innerJoin('users', 'users.id', 'file_moves.user_id')
    .select([
      'file_moves.id',
      'file_moves.at',
      'users.display_name as username',
      'file_moves.from_location_id',
      'file_moves.from_path',
      'file_moves.to_location_id',
      'file_moves.to_path',
      'file_moves.reason',
    ])
    .where('file_moves.file_id', '=', fileId);
}

function toMove(r: {
  id: number;
  at: string;
  username: string;
  from_location_id: string | null;
  from_path: string | null;
  to_location_id: string | null;
  to_path: string | null;
  reason: string;
}): FileMove {
  return {
    id: r.id,
    at: r.at,
    username: r.username,
    fromLocationId: r.from_location_id,
    fromPath: r.from_path,
    toLocationId: r.to_location_id,
    toPath: r.to_path,
    reason: r.reason,
  };
}

export const moveFile: Handler<'files.move'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const target = getLocation(ctx, input.locationId);
  if (!FILE_HOLDING_KINDS.includes(target.kind)) throw new DossierError('location.notForFiles', { path: target.path });
  const fromId = currentLocationId(ctx, file.id);
  if (fromId === target.id) throw new DossierError('location.sameLocation', { archiveNo: file.archive_no, path: target.path });

  // The target and every level above it with a capacity must have room for one more file.
  const rows = allLocations(ctx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = childrenOf(rows);
  for (let level: LocationRow | undefined = target; level; level = level.parent_id ? byId.get(level.parent_id) : undefined) {
    if (level.capacity === null) continue;
    const count = filesInside(ctx, subtreeIds(children, level.id), file.id);
    if (count + 1 > level.capacity) throw new DossierError('location.full', { path: level.path, capacity: level.capacity });
  }

  const from = fromId ? byId.get(fromId) : undefined;
  const now = ctx.now().toISOString();
  const reason = input.reason ?? '';
  ctx.db.run(ctx.db.k.updateTable('files').set({ location_id: target.id, updated_at: now }).where('id', '=', file.id));
  const inserted = ctx.db.run(
    ctx.db.k.insertInto('file_moves').values({
      file_id: file.id,
      at: now,
      user_id: ctx.user.id,
      from_location_id: from?.id ?? null,
      from_path: from?.path ?? null,
      to_location_id: target.id,
      to_path: target.path,
      reason,
    }),
  ) as { changes: number; lastInsertRowid?: number | bigint };
  recordChanges(ctx, { type: 'file', id: file.id }, [{ field: 'location', oldValue: from?.path ?? null, newValue: target.path }], reason);
  ctx.audit({
    action: 'files.move',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archive_no,
    details: { from: from?.path ?? null, to: target.path, toLocationId: target.id, reason },
  });
  const id = Number(inserted.lastInsertRowid);
  return toMove(ctx.db.one(movesOf(ctx, file.id).where('file_moves.id', '=', id))!);
};

export const fileMoves: Handler<'files.moves'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  return ctx.db.all(movesOf(ctx, file.id).orderBy('file_moves.id', 'desc')).map(toMove);
};

export const whereIs: Handler<'files.whereIs'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const locationId = currentLocationId(ctx, file.id);
  const location = locationId ? getLocation(ctx, locationId) : null;
  const open = ctx.db.one(loanQuery(ctx).where('loans.file_id', '=', file.id).where('loans.returned_at', 'is', null));
  const loan = open ? toLoan(ctx, open) : null;
  return {
    archiveNo: file.archive_no,
    title: file.title,
    clientName: file.client_name,
    confidentiality: file.confidentiality,
    status: file.status,
    locationId,
    locationPath: location?.path ?? null,
    locationCodePath: location?.code_path ?? null,
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

export const locationHandlers = {
  'locations.tree': locationTree,
  'locations.save': saveLocation,
  'locations.remove': removeLocation,
  'locations.files': locationFiles,
  'files.move': moveFile,
  'files.moves': fileMoves,
  'files.whereIs': whereIs,
};
