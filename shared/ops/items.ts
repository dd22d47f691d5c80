/**
 * The contents list of a file (卷内目录): items in sequence with page ranges, sealed
 * originals (原件封存) and corrections as new versions.
 */
import { z } from 'zod';
import { DateString, HistoryEntry, Id, op, required, title, trimmed } from './kit.js';
import { DocKindCode } from './fileTypes.js';

export const Item = z.object({
  id: Id,
  fileId: Id,
  /** Sequence number in the contents list (of the time, for a superseded version). */
  seq: z.number().int(),
  docNo: z.string().nullable(),
  responsibleParty: z.string().nullable(),
  title: z.string(),
  date: z.string().nullable(),
  pageCount: z.number().int(),
  /** Page range (页号), continuing across the current items in order; null for superseded versions or no pages. */
  pageFrom: z.number().int().nullable(),
  pageTo: z.number().int().nullable(),
  /** "1-3", "4", or "" */
  pages: z.string(),
  /** A checklist kind of the file's type, or null for other documents. */
  docKind: z.string().nullable(),
  docKindLabel: z.string().nullable(),
  docKindLabelEn: z.string().nullable(),
  remarks: z.string(),
  sealed: z.boolean(),
  sealedAt: z.string().nullable(),
  sealedBy: z.string().nullable(),
  /** 1 for the original; a correction makes version n+1. */
  version: z.number().int(),
  /** The first version's id: the same for every version of the item. */
  originId: Id,
  previousVersionId: z.string().nullable(),
  supersededById: z.string().nullable(),
  supersededAt: z.string().nullable(),
  correctionReason: z.string().nullable(),
  current: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const ChecklistStatus = z.object({ kind: z.string(), label: z.string(), labelEn: z.string().nullable(), present: z.boolean() });

/** The contents list of a file with its completeness. */
export const Contents = z.object({
  fileId: Id,
  archiveNo: z.string(),
  items: z.array(Item),
  pageCount: z.number().int(),
  checklist: z.array(ChecklistStatus),
  complete: z.boolean(),
  /** Kinds (codes) of checklist documents that no current item has; labels are in `checklist`. */
  missing: z.array(z.string()),
});

const nullableText = (max: number) => trimmed(max);
/** Fields of an item as typed by a clerk; an empty text clears the field. */
export const ItemFields = z.object({
  docNo: nullableText(100).optional(),
  responsibleParty: nullableText(200).optional(),
  title: title(500).optional(),
  date: z.union([DateString, z.literal('')]).optional(),
  pageCount: z.number().int().min(0).max(100_000).optional(),
  /** A checklist kind of the file's type; '' or 'other' for other documents. */
  docKind: z.union([DocKindCode, z.literal('')]).optional(),
  remarks: trimmed(1000).optional(),
});

export const NewItem = ItemFields.extend({ title: title(500), pageCount: z.number().int().min(0).max(100_000).default(1) });
/** As the operations take it: a page count left out is the default 1, which the item's scans may fill (not typed). */
const NewItemInput = ItemFields.extend({ title: title(500) });

export const itemsOps = {
  'items.list': op(z.object({ archiveNo: required(64) }), Contents),
  'items.add': op(
    NewItemInput.extend({
      archiveNo: required(64),
      /** 1-based position in the contents list; absent: at the end. */
      position: z.number().int().min(1).optional(),
    }),
    Item,
    { capability: 'files.write', write: true },
  ),
  /** Several items at once (e.g. a handover's papers), in one transaction; one audit row per item. */
  'items.addMany': op(z.object({ archiveNo: required(64), items: z.array(NewItemInput).min(1).max(1000) }), Contents, {
    capability: 'files.write',
    write: 'bulk',
    audits: ['items.add'],
  }),
  'items.update': op(z.object({ itemId: Id, changes: ItemFields, reason: trimmed(500).optional() }), Item, { capability: 'files.write', write: true }),
  'items.remove': op(z.object({ itemId: Id }), Contents, { capability: 'files.write', write: true }),
  'items.reorder': op(z.object({ itemId: Id, position: z.number().int().min(1) }), Contents, {
    capability: 'files.write',
    write: true,
  }),
  'items.seal': op(
    /** One item (`itemId`) or every unsealed item of the file. */
    z.object({ archiveNo: required(64), itemId: Id.optional() }),
    Contents,
    { capability: 'files.write', write: true },
  ),
  'items.correct': op(z.object({ itemId: Id, changes: ItemFields, reason: trimmed(500) }), Item, { capability: 'files.write', write: true }),
  'items.history': op(z.object({ itemId: Id }), z.object({ versions: z.array(Item), changes: z.array(HistoryEntry) })),
} as const;

export type Item = z.output<typeof Item>;
export type Contents = z.output<typeof Contents>;
export type ChecklistStatus = z.output<typeof ChecklistStatus>;
export type ItemFields = z.output<typeof ItemFields>;
export type NewItem = z.input<typeof NewItem>;
