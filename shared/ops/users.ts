/** The archive's users: each has a key slot, a role and a clearance. */
import { z } from 'zod';
import { op } from './kit.js';
import { NewUser, SessionUser } from './session.js';

export const usersOps = {
  'users.list': op(z.object({}).default({}), z.array(SessionUser.extend({ active: z.boolean() })), { capability: 'users.manage' }),
  /** Adds a user and wraps the archive key into their new key slot. */
  'users.create': op(NewUser, SessionUser, { access: 'keys', capability: 'users.manage', write: true }),
} as const;
