import { randomUUID } from 'node:crypto';
import { DossierError } from '../../shared/errors.js';
import { LOCATION_PARENT_KIND, PATH_SEPARATOR } from '../../shared/ops/locations.js';
import type { LocationFile } from '../../shared/ops/locations.js';
import { allLocations, buildTree, childrenOf, filesInside, getLocation, nodeOf, refreshPaths, sameCodeSibling, subtreeIds } from '../records/locations.js';
import type { LocationRow } from '../records/locations.js';
import type { Handler } from './kit.js';
import type { locationsOps } from '../../shared/ops/locations.js';
import type { HandlersOf } from './kit.js';

export const locationTree: Handler<'locations.tree'> = (ctx) => ({ nodes: buildTree(ctx) });

export const saveLocation: Handler<'locations.save'> = (ctx, input) => {
  const now = ctx.now().toISOString();
  if (input.id) {
    const row = getLocation(ctx, input.id);
    if ((input.kind && input.kind !== row.kind) || (input.parentId !== undefined && input.parentId !== row.parentId)) {
      throw new DossierError('location.fixedPlace', { path: row.path });
    }
    const clash = sameCodeSibling(ctx, row.parentId, input.code, row.id);
    if (clash) throw new DossierError('location.duplicateCode', { code: input.code, path: clash.path });
    const capacity = input.capacity === undefined ? row.capacity : input.capacity;
    if (capacity !== null) {
      const count = filesInside(ctx, subtreeIds(childrenOf(allLocations(ctx)), row.id));
      if (count > capacity) throw new DossierError('location.capacityBelowCount', { path: row.path, count, capacity });
    }
    const after = { code: input.code, name: input.name, capacity, sortOrder: input.sortOrder ?? row.sortOrder };
    const changed = Object.fromEntries((Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== row[k]).map((k) => [k, { from: row[k], to: after[k] }]));
    ctx.db.run(
      ctx.db.k
        .updateTable('locations')
        .set({ ...after, updatedAt: now })
        .where('id', '=', row.id),
    );
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
    let query = ctx.db.k.selectFrom('locations').select((eb) => eb.fn.max('sortOrder').as('last'));
    query = parent ? query.where('parentId', '=', parent.id) : query.where('parentId', 'is', null);
    sortOrder = (ctx.db.one(query)?.last ?? 0) + 1;
  }
  const row: LocationRow = {
    id: randomUUID(),
    parentId: parent?.id ?? null,
    kind: input.kind,
    code: input.code,
    name: input.name,
    path: parent ? `${parent.path}${PATH_SEPARATOR}${input.name}` : input.name,
    codePath: parent ? `${parent.codePath}-${input.code}` : input.code,
    capacity: input.capacity ?? null,
    sortOrder: sortOrder,
    createdAt: now,
    updatedAt: now,
  };
  ctx.db.run(ctx.db.k.insertInto('locations').values(row));
  ctx.audit({
    action: 'locations.create',
    targetType: 'location',
    targetId: row.id,
    targetLabel: row.path,
    details: { kind: row.kind, code: row.code, parentId: row.parentId, capacity: row.capacity },
  });
  return nodeOf(ctx, row.id);
};

export const removeLocation: Handler<'locations.remove'> = (ctx, input) => {
  const row = getLocation(ctx, input.id);
  const children = Number(
    ctx.db.one(
      ctx.db.k
        .selectFrom('locations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parentId', '=', row.id),
    )?.n ?? 0,
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
      .innerJoin('clients', 'clients.id', 'files.clientId')
      .innerJoin('locations', 'locations.id', 'files.locationId')
      .select([
        'files.archiveNo',
        'files.title',
        'clients.name as clientName',
        'files.confidentiality',
        'files.status',
        'locations.id as locationId',
        'locations.path as locationPath',
      ])
      .where('files.locationId', 'in', subtreeIds(childrenOf(allLocations(ctx)), input.id))
      .where(ctx.fileVisible('files.id', 'files.confidentiality')),
  );
  return rows
    .sort((a, b) => order.get(a.locationId)! - order.get(b.locationId)! || a.archiveNo.localeCompare(b.archiveNo, 'zh-CN', { numeric: true }))
    .map((r): LocationFile => ({
      archiveNo: r.archiveNo,
      title: r.title,
      clientName: r.clientName,
      confidentiality: r.confidentiality,
      status: r.status,
      locationId: r.locationId,
      locationPath: r.locationPath,
    }));
};

/** The handlers of the `locations.*` operations. */
export const locationsHandlers = {
  'locations.tree': locationTree,
  'locations.save': saveLocation,
  'locations.remove': removeLocation,
  'locations.files': locationFiles,
} satisfies HandlersOf<typeof locationsOps>;
