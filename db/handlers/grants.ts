import { randomUUID } from 'node:crypto';
import { clearanceAllows } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { grantsOps } from '../../shared/ops/grants.js';
import { dropGrantKeys, sealGrantKeys } from '../levelKeys.js';
import { findFile } from '../records/files.js';
import { grantQuery, toGrant } from '../records/grants.js';
import { findUserByName } from '../records/users.js';
import type { Handler, HandlersOf } from './kit.js';

/** One user, one file, until a date: the administrator must see the file themselves. */
export const createGrant: Handler<'grants.create'> = (ctx, input) => {
  const user = findUserByName(ctx.db, input.username);
  if (!user || user.removedAt) throw new DossierError('user.notFound', { username: input.username });
  if (user.active !== 1) throw new DossierError('grant.userInactive', { username: user.username });
  const file = findFile(ctx, input.archiveNo);
  if (clearanceAllows(user.clearance, file.confidentiality)) throw new DossierError('grant.notNeeded', { username: user.username, archiveNo: file.archiveNo });
  if (input.until < ctx.today()) throw new DossierError('grant.untilPast', { until: input.until });
  const row = {
    id: randomUUID(),
    fileId: file.id,
    userId: user.id,
    until: input.until,
    reason: input.reason,
    grantedBy: ctx.user.id,
    grantedAt: ctx.now().toISOString(),
  };
  ctx.db.run(ctx.db.k.insertInto('file_grants').values(row));
  // A sealed file's keys go to the grantee, sealed to their public key.
  sealGrantKeys(ctx.db, row);
  ctx.audit({
    action: 'grants.create',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { username: user.username, until: row.until, confidentiality: file.confidentiality, ...(row.reason ? { reason: row.reason } : {}) },
  });
  return toGrant(ctx, ctx.db.one(grantQuery(ctx).where('file_grants.id', '=', row.id))!);
};

export const listGrants: Handler<'grants.list'> = (ctx, input) => {
  let query = grantQuery(ctx).orderBy('file_grants.until', 'desc').orderBy('files.archiveNo');
  if (input.archiveNo) query = query.where('files.id', '=', findFile(ctx, input.archiveNo).id);
  if (input.username) {
    const user = findUserByName(ctx.db, input.username);
    if (!user) throw new DossierError('user.notFound', { username: input.username });
    query = query.where('file_grants.userId', '=', user.id);
  }
  if (!input.includeExpired) query = query.where('file_grants.until', '>=', ctx.today());
  return ctx.db.all(query).map((row) => toGrant(ctx, row));
};

export const revokeGrant: Handler<'grants.revoke'> = (ctx, input) => {
  // A grant on a file the administrator may not see does not exist for them either.
  const grant = ctx.db.one(grantQuery(ctx).select('file_grants.fileId').where('file_grants.id', '=', input.id));
  if (!grant) throw new DossierError('grant.notFound');
  ctx.db.run(ctx.db.k.deleteFrom('file_grants').where('id', '=', input.id));
  dropGrantKeys(ctx.db, input.id);
  ctx.audit({
    action: 'grants.revoke',
    targetType: 'file',
    targetId: grant.fileId,
    targetLabel: grant.archiveNo,
    details: { username: grant.username, until: grant.until, ...(input.reason ? { reason: input.reason } : {}) },
  });
  return { ok: true };
};

/** The handlers of the `grants.*` operations. */
export const grantsHandlers = {
  'grants.create': createGrant,
  'grants.list': listGrants,
  'grants.revoke': revokeGrant,
} satisfies HandlersOf<typeof grantsOps>;
