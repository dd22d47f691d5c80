/**
 * Per-file grants: an administrator lets one user see one file above their clearance until a
 * date (inclusive). The grant widens what that user's reads see (lists, search, the file
 * page, the audit log, location counts, exports); it never lets them change the file, and it
 * ends by itself when the date has passed.
 */
import { z } from 'zod';
import { Confidentiality, DateString, Id, Username, op, required, trimmed } from './kit.js';

export const Grant = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  archiveNo: z.string(),
  fileTitle: z.string(),
  confidentiality: Confidentiality,
  /** Last day the grant holds (the archive's local date). */
  until: DateString,
  reason: z.string(),
  grantedBy: z.string(),
  grantedAt: z.string(),
  /** False once `until` has passed. */
  active: z.boolean(),
});

export const grantsOps = {
  'grants.create': op(z.object({ username: Username, archiveNo: required(64), until: DateString, reason: trimmed(500).default('') }), Grant, {
    capability: 'users.manage',
    write: true,
  }),
  /** Grants on files the administrator may see: of one file, of one user, or all; expired ones only when asked. */
  'grants.list': op(
    z.object({ archiveNo: required(64).optional(), username: Username.optional(), includeExpired: z.boolean().default(false) }).default({ includeExpired: false }),
    z.array(Grant),
    { capability: 'users.manage' },
  ),
  /** Ends a grant before its date. */
  'grants.revoke': op(z.object({ id: Id, reason: trimmed(500).default('') }), z.object({ ok: z.literal(true) }), { capability: 'users.manage', write: true }),
} as const;

export type Grant = z.output<typeof Grant>;
