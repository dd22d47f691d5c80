/** The archive itself: whether there is one here and whether it is unlocked, and creating it. */
import { z } from 'zod';
import { Job } from './jobs.js';
import { Password, Username, op, required } from './kit.js';
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
    { access: 'public' },
  ),
  /**
   * The recovery key gives an administrator a new password (forgotten password, on the sign-in
   * screen; `dossier recovery reset-password`). Runs while the archive is locked; wrong keys are
   * throttled like passwords and audited as failed sign-ins from the source “recovery”.
   */
  'archive.recover': op(z.object({ recoveryKey: required(80), username: Username, newPassword: Password }), z.object({ username: z.string(), rebuiltAuthority: z.boolean() }), {
    access: 'public',
    audits: ['recovery.resetPassword'],
  }),
  /**
   * New data, level and authority keys, every envelope resealed, a new recovery key (the job's
   * result, shown once): an administrator's session, as a job; the session ends with it.
   */
  'archive.rekey': op(z.object({}).default({}), Job, { access: 'public', audits: ['archive.rekey'] }),
  /**
   * The rekey job as the host last knew it, by its id: the session (and with it the job's
   * events) ends as the rekey does, so the screen that started it asks here for the new
   * recovery key. A finished job is handed out once, for ten minutes at most; then null.
   */
  'archive.rekeyOutcome': op(z.object({ jobId: z.string().uuid() }), Job.nullable(), { access: 'public' }),
} as const;

export type ArchiveStatus = z.output<typeof ArchiveStatus>;
