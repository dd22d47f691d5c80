/** The archive itself: whether there is one here and whether it is unlocked, and creating it. */
import { z } from 'zod';
import { op, required } from './kit.js';
import { NewUser, SessionUser } from './session.js';

export const ArchiveStatus = z.object({
  state: z.enum(['missing', 'locked', 'unlocked']),
  archiveName: z.string().nullable(),
  user: SessionUser.nullable(),
});

export const archiveOps = {
  'archive.status': op(z.object({}).default({}), ArchiveStatus, { access: 'public' }),
  'archive.create': op(
    z.object({
      archiveName: required(100),
      admin: NewUser.omit({ role: true, clearance: true }),
      demo: z.boolean().default(false),
    }),
    /** The recovery key, shown once (text and QR code to print); the archive keeps only what it opens. */
    SessionUser.extend({ recoveryKey: z.string() }),
    // The archive's key events, written by `dossier rekey` and `dossier recovery reset-password` rather than by an operation.
    { access: 'public', audits: ['archive.rekey', 'recovery.resetPassword'] },
  ),
} as const;

export type ArchiveStatus = z.output<typeof ArchiveStatus>;
