/** Signing in and out of the archive, and the signed-in user's own password. */
import { z } from 'zod';
import { Confidentiality, Id, Password, Role, Username, op, required, trimmed } from './kit.js';

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  department: z.string(),
  clearance: Confidentiality,
  /** Administrators, at sign-in: failed sign-ins (anyone's) since their previous sign-in. */
  failedSignIns: z.number().int().optional(),
  /** Administrators, at sign-in: authority found changed outside the engine (put back, audited) since their previous sign-in. */
  authorityProblems: z.number().int().optional(),
});

export const NewUser = z.object({
  username: Username,
  displayName: required(100),
  password: Password,
  role: Role.default('clerk'),
  department: trimmed(100).default(''),
  clearance: Confidentiality.default('normal'),
});

export const sessionOps = {
  /** Failed attempts are audited with the next successful sign-in (`session.unlockFailed`). */
  'session.unlock': op(z.object({ username: Username, password: Password }), SessionUser, {
    access: 'public',
    audits: ['session.unlockFailed', 'authority.tampered', 'archive.upgrade', 'archive.levelKeys'],
  }),
  'session.lock': op(z.object({}).default({}), z.object({ ok: z.literal(true) }), { access: 'public' }),
  'session.changePassword': op(z.object({ currentPassword: Password, newPassword: Password }), z.object({ ok: z.literal(true) }), { access: 'keys', write: true }),
} as const;

export type SessionUser = z.output<typeof SessionUser>;
