import type { AuditEntry } from '../../shared/contract.js';
import { sql } from 'kysely';
import { CONFIDENTIALITY } from '../../shared/domain/enums.js';
import { verifyAuditChain } from '../audit.js';
import type { Handler } from './kit.js';
import type { auditOps } from '../../shared/ops/audit.js';
import type { HandlersOf } from './kit.js';

/**
 * The file an audit row is about, if any: a file's own row, an item's file, a handover's file.
 * Rows about files above the user's clearance are not shown (need-to-know holds in the log too).
 */
const fileOfRow = sql<string | null>`case audit_log.target_type
  when 'file' then audit_log.target_id
  when 'item' then (select i.file_id from file_items i where i.id = audit_log.target_id)
  when 'handover' then (select h.file_id from handovers h where h.id = audit_log.target_id)
end`;

export const listAudit: Handler<'audit.list'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(input.limit);
  if (ctx.visibleLevels().length < CONFIDENTIALITY.length) {
    query = query.where(sql<boolean>`not exists (select 1 from files f where f.id = ${fileOfRow} and not ${ctx.fileVisible('f.id', 'f.confidentiality')})`);
  }
  if (input.beforeSeq !== undefined) query = query.where('seq', '<', input.beforeSeq);
  return ctx.db.all(query).map((row): AuditEntry => ({
    seq: row.seq,
    at: row.at,
    username: row.username,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    targetLabel: row.targetLabel,
    details: JSON.parse(row.details) as Record<string, unknown>,
    hash: row.hash,
  }));
};

export const verifyAudit: Handler<'audit.verify'> = (ctx) => verifyAuditChain(ctx.db);

/** The handlers of the `audit.*` operations. */
export const auditHandlers = {
  'audit.list': listAudit,
  'audit.verify': verifyAudit,
} satisfies HandlersOf<typeof auditOps>;
