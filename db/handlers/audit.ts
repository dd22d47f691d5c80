import { verifyAuditChain } from '../audit.js';
import { auditCount, auditPage, auditUsers, visibleAudit } from '../records/auditLog.js';
import type { Handler } from './kit.js';
import type { auditOps } from '../../shared/ops/audit.js';
import type { HandlersOf } from './kit.js';

export const listAudit: Handler<'audit.list'> = (ctx, input) => auditPage(ctx, visibleAudit(ctx), input);

export const auditOverview: Handler<'audit.overview'> = (ctx, input) => ({ total: auditCount(ctx, visibleAudit(ctx), input), users: auditUsers(ctx) });

export const verifyAudit: Handler<'audit.verify'> = (ctx) => verifyAuditChain(ctx.db);

/** The handlers of the `audit.*` operations. */
export const auditHandlers = {
  'audit.list': listAudit,
  'audit.overview': auditOverview,
  'audit.verify': verifyAudit,
} satisfies HandlersOf<typeof auditOps>;
