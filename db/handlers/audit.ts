import type { AuditEntry } from '../../shared/contract.js';
import { verifyAuditChain } from '../audit.js';
import type { Handler } from './kit.js';
import type { auditOps } from '../../shared/ops/audit.js';
import type { HandlersOf } from './kit.js';

export const listAudit: Handler<'audit.list'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(input.limit);
  if (input.beforeSeq !== undefined) query = query.where('seq', '<', input.beforeSeq);
  return ctx.db.all(query).map(
    (row): AuditEntry => ({
      seq: row.seq,
      at: row.at,
      username: row.username,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      targetLabel: row.targetLabel,
      details: JSON.parse(row.details) as Record<string, unknown>,
      hash: row.hash,
    }),
  );
};

export const verifyAudit: Handler<'audit.verify'> = (ctx) => verifyAuditChain(ctx.db);

/** The handlers of the `audit.*` operations. */
export const auditHandlers = {
  'audit.list': listAudit,
  'audit.verify': verifyAudit,
} satisfies HandlersOf<typeof auditOps>;
