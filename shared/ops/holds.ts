/**
 * Holds (预约): a queue of people waiting for a file. When the file comes back the first waiting
 * hold becomes ready and the clerk is told; the file is then lent to that person only (which
 * fulfils the hold) until the hold is cancelled.
 */
import { z } from 'zod';
import { HOLD_STATUSES } from '../domain/borrowing.js';
import { Id, op, required, trimmed } from './kit.js';
import { PersonRef } from './people.js';

export const Hold = z.object({
  id: Id,
  fileId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  personId: Id,
  /** The person as the ledger writes the name ("销售部 李明"). */
  person: z.string(),
  status: z.enum(HOLD_STATUSES),
  /** Place in the file's queue (1 is next); null once fulfilled or cancelled. */
  position: z.number().int().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  readyAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});

export const holdsOps = {
  /** Puts a person in the file's queue; ready at once when the file is on the shelf and nobody is ahead. */
  'holds.place': op(z.object({ archiveNo: required(64), person: PersonRef }), Hold, { capability: 'loans.circulate', write: true }),
  'holds.cancel': op(z.object({ id: Id, reason: trimmed(300).default('') }), Hold, { capability: 'loans.circulate', write: true }),
  /** Active holds (waiting and ready) in queue order, or only the ready ones (the desk's "holds ready"), of one file or all. */
  'holds.list': op(
    z
      .object({
        archiveNo: required(64).optional(),
        status: z.enum(['active', 'ready', 'waiting', 'all']).default('active'),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .default({ status: 'active', limit: 500 }),
    z.array(Hold),
  ),
} as const;

export type Hold = z.output<typeof Hold>;
