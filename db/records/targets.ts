/** The record an operation's policy looks at, as the user may see it (a hidden file is none). */
import type { PolicyTarget, TargetLocator } from '../../shared/ops/kit.js';
import type { OperationContext } from '../context.js';

export function loadTarget<I>(ctx: OperationContext, locator: TargetLocator<I>, input: I): PolicyTarget | null {
  const { db } = ctx;
  if (locator.kind === 'client') {
    const row = db.one(db.k.selectFrom('clients').select(['id', 'status']).where('id', '=', locator.id(input)));
    return row ? { kind: 'client', id: row.id, status: row.status } : null;
  }
  const row = db.one(
    db.k.selectFrom('files').select(['id', 'status', 'confidentiality']).where('archiveNo', '=', locator.archiveNo(input).trim()).where(ctx.fileVisible('id', 'confidentiality')),
  );
  return row ? { kind: 'file', id: row.id, status: row.status, confidentiality: row.confidentiality } : null;
}
