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

/** The handlers of the `locations.*` operations. */
export const locationsHandlers = {
  'locations.tree': locationTree,
  'locations.save': saveLocation,
  'locations.remove': removeLocation,
  'locations.files': locationFiles,
} satisfies HandlersOf<typeof locationsOps>;
