/** The hash-chained audit log: every change, who made it and when. */
import { z } from 'zod';
import { op } from './kit.js';
import { auditListOp, auditOverviewOp } from './auditList.js';
import { AuditVerification, ChainAnchor, VerifyInput } from './auditChain.js';

export { AuditEntry, AuditFilter } from './auditList.js';

export const auditOps = {
  'audit.list': auditListOp,
  'audit.overview': auditOverviewOp,
  'audit.verify': op(VerifyInput, AuditVerification, { capability: 'audit.read' }),
  'audit.anchor': op(z.object({}).default({}), ChainAnchor, { capability: 'audit.read' }),
} as const;
