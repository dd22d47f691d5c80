/** Per-file grants as stored (file_grants), read back for the screens and the CLI. */
import type { InferResult } from 'kysely';
import type { Grant } from '../../shared/ops/grants.js';
import type { OperationContext } from '../context.js';

/** Grants joined with their file, user and granter, on files the caller may see. */
export function grantQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('file_grants')
    .innerJoin('files', 'files.id', 'file_grants.fileId')
    .innerJoin('users as grantee', 'grantee.id', 'file_grants.userId')
    .innerJoin('users as granter', 'granter.id', 'file_grants.grantedBy')
    .select([
      'file_grants.id',
      'file_grants.until',
      'file_grants.reason',
      'file_grants.grantedAt',
      'grantee.username',
      'grantee.displayName',
      'granter.username as grantedBy',
      'files.archiveNo',
      'files.title as fileTitle',
      'files.confidentiality',
    ])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

type GrantRow = InferResult<ReturnType<typeof grantQuery>>[number];

export function toGrant(ctx: OperationContext, row: GrantRow): Grant {
  return { ...row, active: row.until >= ctx.today() };
}
