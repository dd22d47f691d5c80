/**
 * The handover register (移交登记 / 签收簿, DOMAIN "Handover and handover"): who handed which
 * papers over, for which event, by which working-day deadline, what was missing; both sides'
 * signatures. Departments are rated on timeliness and completeness. The event kinds with their
 * deadlines and the holiday calendar are administrator configuration.
 */
import { z } from 'zod';
import { DateString, Id, op, optionalText, required, trimmed } from './kit.js';

export const EventKindCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ only');

export const EventKind = z.object({
  code: z.string(),
  name: z.string(),
  /** Shown in English mode; null: the Chinese name. */
  nameEn: z.string().nullable(),
  /** Working days after the event within which the papers must be handed over. */
  deadlineDays: z.number().int(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});

export const Signature = z.object({ name: z.string(), signedAt: z.string() });

export const HandoverItem = z.object({ name: z.string(), itemId: z.string().nullable() });

export const Handover = z.object({
  id: Id,
  department: z.string(),
  eventKind: z.string(),
  eventKindName: z.string(),
  eventKindNameEn: z.string().nullable(),
  eventDate: DateString,
  deadlineDays: z.number().int(),
  /** The event date plus the kind's working days, over the holiday calendar. */
  deadline: DateString,
  receivedDate: DateString,
  onTime: z.boolean(),
  /** Working days after the deadline the papers arrived (0 when on time). */
  daysLate: z.number().int(),
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
  archiveNo: z.string().nullable(),
  fileTitle: z.string().nullable(),
  items: z.array(HandoverItem),
  missing: z.array(z.string()),
  /** Nothing missing. */
  complete: z.boolean(),
  remarks: z.string(),
  handedOverBy: Signature,
  receivedBy: Signature.extend({ userId: Id }),
});

export const DepartmentRating = z.object({
  department: z.string(),
  handovers: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  complete: z.number().int(),
  /** onTime / handovers (0..1); null without handovers. */
  timelinessRate: z.number().nullable(),
  /** handovers with nothing missing / handovers (0..1); null without handovers. */
  completenessRate: z.number().nullable(),
});

const itemName = required(200);

export const handoversOps = {
  'handovers.register': op(
    z.object({
      department: required(100),
      eventKind: EventKindCode,
      eventDate: DateString,
      /** Defaults to today. */
      receivedDate: DateString.optional(),
      handedOverBy: required(100),
      /** When the person handing over signed; defaults to now. */
      handedOverAt: z.iso.datetime({ offset: true }).optional(),
      clientId: Id.optional(),
      archiveNo: optionalText(64),
      /** Names, or contents-list items of the file ({ itemId }; the name defaults to the item's title). */
      items: z
        .array(z.union([itemName, z.object({ name: itemName.optional(), itemId: Id.optional() })]))
        .max(500)
        .default([]),
      /** What is missing; left out with a file given, the file type's checklist decides. */
      missing: z.array(itemName).max(500).optional(),
      remarks: trimmed(1000).default(''),
    }),
    Handover,
    { capability: 'files.write', write: true },
  ),
  'handovers.list': op(
    z
      .object({
        /** Received on or after. */
        from: DateString.optional(),
        /** Received on or before. */
        to: DateString.optional(),
        department: optionalText(100),
        archiveNo: optionalText(64),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .default({ limit: 500, department: undefined, archiveNo: undefined }),
    z.array(Handover),
  ),
  /** Per department, handovers received from `from` to `to` (inclusive). */
  'handovers.report': op(
    z.object({ from: DateString, to: DateString }),
    z.object({ from: DateString, to: DateString, departments: z.array(DepartmentRating), total: DepartmentRating }),
  ),
  /** The deadline a handover would have: for the register form. */
  'handovers.deadline': op(
    z.object({ eventKind: EventKindCode, eventDate: DateString }),
    z.object({ eventKind: z.string(), eventDate: DateString, deadlineDays: z.number().int(), deadline: DateString }),
  ),
  'handovers.kinds': op(z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }), z.array(EventKind)),
  'handovers.saveKind': op(
    z.object({
      code: EventKindCode,
      name: required(100),
      nameEn: optionalText(100),
      deadlineDays: z.number().int().min(0).max(365),
      active: z.boolean().optional(),
      sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    }),
    EventKind,
    { capability: 'settings.manage', write: true, audits: ['handovers.createKind', 'handovers.updateKind'] },
  ),
} as const;

export type EventKind = z.output<typeof EventKind>;
export type Handover = z.output<typeof Handover>;
export type DepartmentRating = z.output<typeof DepartmentRating>;
