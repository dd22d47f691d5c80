/**
 * Incidents (问题记录): an item found missing or damaged when a file comes back, recorded against
 * the loan and the borrower. The file is flagged while any of its incidents is open; an incident
 * is resolved once: found, replaced, or written off with a reason.
 */
import { z } from 'zod';
import { INCIDENT_KINDS, INCIDENT_RESOLUTIONS, INCIDENT_STATUSES } from '../domain/borrowing.js';
import { Id, op, required, trimmed } from './kit.js';
import { PersonRef } from './people.js';

export const Incident = z.object({
  id: Id,
  loanId: Id,
  fileId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  /** The item of the contents list (null when the file as a whole is concerned). */
  itemId: z.string().nullable(),
  itemSeq: z.number().int().nullable(),
  itemTitle: z.string().nullable(),
  /** The borrower the incident is recorded against. */
  personId: z.string().nullable(),
  borrower: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  note: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  resolutionReason: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});

export const incidentsOps = {
  /** Incidents, newest first: all or only open ones, of one file or one person. */
  'incidents.list': op(
    z
      .object({
        open: z.boolean().default(false),
        archiveNo: required(64).optional(),
        /** A staff number, card number or person id. */
        person: PersonRef.optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .default({ open: false, limit: 500 }),
    z.array(Incident),
  ),
  /** Resolves an open incident: the item was found, replaced, or is written off (a reason is required). */
  'incidents.resolve': op(z.object({ id: Id, resolution: z.enum(INCIDENT_RESOLUTIONS), reason: trimmed(500).default('') }), Incident, {
    capability: 'loans.circulate',
    write: true,
  }),
} as const;

export type Incident = z.output<typeof Incident>;
