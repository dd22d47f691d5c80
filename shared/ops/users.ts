/** The archive's users: each has a key slot, a role and a clearance. */
import { z } from 'zod';
import { Confidentiality, Password, Role, Username, op, required, trimmed } from './kit.js';
import { NewUser, SessionUser } from './session.js';

/** A user as administrators see them: `active` false once disabled (they cannot unlock). */
export const UserRecord = SessionUser.extend({ active: z.boolean() });

const Who = z.object({ username: Username });

export const usersOps = {
  /** Users who have a key slot (removed users are left out; their records keep their name). */
  'users.list': op(z.object({}).default({}), z.array(UserRecord), { capability: 'users.manage' }),
  /** Adds a user and wraps the archive key into their new key slot. */
  'users.create': op(NewUser, SessionUser, { access: 'keys', capability: 'users.manage', write: true }),
  /** Display name, department, role and clearance; the fields given change. The last active administrator keeps the role. */
  'users.update': op(
    Who.extend({
      displayName: required(100).optional(),
      department: trimmed(100).optional(),
      role: Role.optional(),
      clearance: Confidentiality.optional(),
    }),
    UserRecord,
    { capability: 'users.manage', write: true },
  ),
  /** A disabled user keeps their slot but cannot unlock until re-enabled. */
  'users.disable': op(Who.extend({ reason: trimmed(500).default('') }), UserRecord, { capability: 'users.manage', write: true }),
  'users.enable': op(Who, UserRecord, { capability: 'users.manage', write: true }),
  /** Destroys the user's key slot: nothing they knew opens the archive any more. Their grants end with it. */
  'users.remove': op(Who.extend({ reason: trimmed(500).default('') }), z.object({ ok: z.literal(true) }), {
    access: 'keys',
    capability: 'users.manage',
    write: true,
  }),
  /** Wraps the archive key under a new password for another user (their old password stops working). */
  'users.resetPassword': op(Who.extend({ password: Password }), z.object({ ok: z.literal(true) }), {
    access: 'keys',
    capability: 'users.manage',
    write: true,
  }),
} as const;

export type UserRecord = z.output<typeof UserRecord>;
