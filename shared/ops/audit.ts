/** The hash-chained audit log: every change, who made it and when. */
import { z } from 'zod';
import { op } from './kit.js';
import { AuditVerification, ChainAnchor, VerifyInput } from './auditChain.js';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  username: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const auditOps = {
  'audit.list': op(z.object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional() }).default({ limit: 200 }), z.array(AuditEntry), {
    capability: 'audit.read',
  }),
  'audit.verify': op(VerifyInput, AuditVerification, { capability: 'audit.read' }),
  'audit.anchor': op(z.object({}).default({}), ChainAnchor, { capability: 'audit.read' }),
} as const;

export type AuditEntry = z.output<typeof AuditEntry>;
