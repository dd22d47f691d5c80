/** Signing in and out of the archive, and the signed-in user's own password. */
import { z } from 'zod';
import { Confidentiality, DateString, Id, Password, Role, Username, op, required, text, trimmed } from './kit.js';

/**
 * Where the interface was: a section (`view`), the record it showed (`key`: a client's id, a
 * file's archive number, a search's query) and a period (the handover register's). The host
 * keeps the latest one per user in memory only, so unlocking again — in this tab or a new one
 * after the last tab closed — is back there.
 */
export const Place = z.object({
  view: z
    .string()
    .max(40)
    .regex(/^[a-zA-Z]+$/, 'a section name'),
  key: text(300).optional(),
  from: DateString.optional(),
  to: DateString.optional(),
});

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
  /** At sign-in: where this user was when their previous session of this application ended. */
  place: Place.optional(),
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
  /** The interface tells the host where it is now (nothing written; refused while locked). */
  'session.remember': op(z.object({ place: Place }), z.object({ ok: z.literal(true) }), { access: 'public' }),
  'session.changePassword': op(z.object({ currentPassword: Password, newPassword: Password }), z.object({ ok: z.literal(true) }), { access: 'keys', write: true }),
} as const;

export type SessionUser = z.output<typeof SessionUser>;
export type Place = z.output<typeof Place>;
