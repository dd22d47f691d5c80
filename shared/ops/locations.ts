/**
 * Storage (DOMAIN "Storage"): rooms (库房) hold cabinets (柜), cabinets hold shelves (架),
 * shelves hold boxes (盒). Files sit on shelves or in boxes, ordered left to right and top to
 * bottom by each level's sort order. Every move of a file is recorded.
 */
import { z } from 'zod';
import { Confidentiality, DateString, FileStatus, Id, op, required } from './kit.js';

export const LOCATION_KINDS = ['room', 'cabinet', 'shelf', 'box'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const LocationKind = z.enum(LOCATION_KINDS);

/** The kind a location of each kind must sit in (null: top level). */
export const LOCATION_PARENT_KIND: Record<LocationKind, LocationKind | null> = {
  room: null,
  cabinet: 'room',
  shelf: 'cabinet',
  box: 'shelf',
};
/** Files are placed on shelves and in boxes, not loose in a room or cabinet. */
export const FILE_HOLDING_KINDS: readonly LocationKind[] = ['shelf', 'box'];
/** Separator of a location's path as shown to clerks: 一号库房 / A柜 / 3架 / 12盒. */
export const PATH_SEPARATOR = ' / ';

export const LocationNode = z.object({
  id: Id,
  parentId: z.string().nullable(),
  kind: LocationKind,
  code: z.string(),
  name: z.string(),
  /** Names from the room down, e.g. 一号库房 / A柜 / 3架 / 12盒. */
  path: z.string(),
  /** Codes from the room down, e.g. 1-A-3-12 (labels, barcodes). */
  codePath: z.string(),
  /** How many files this location (with everything inside it) can hold; null: unlimited. */
  capacity: z.number().int().nullable(),
  sortOrder: z.number().int(),
  depth: z.number().int(),
  holdsFiles: z.boolean(),
  childCount: z.number().int(),
  /** Files whose home is this location or anything inside it (on loan or not). */
  fileCount: z.number().int(),
  /** Files placed directly here. */
  directFileCount: z.number().int(),
  /** Places left (capacity - fileCount), null when unlimited. */
  free: z.number().int().nullable(),
});

export const FileMove = z.object({
  id: z.number().int(),
  at: z.string(),
  username: z.string(),
  fromLocationId: z.string().nullable(),
  fromPath: z.string().nullable(),
  toLocationId: z.string().nullable(),
  toPath: z.string().nullable(),
  reason: z.string(),
});

export const WhereIs = z.object({
  archiveNo: z.string(),
  title: z.string(),
  clientName: z.string(),
  confidentiality: Confidentiality,
  status: FileStatus,
  locationId: z.string().nullable(),
  /** null: not shelved yet. */
  locationPath: z.string().nullable(),
  locationCodePath: z.string().nullable(),
  /** The open loan, when the file is out. */
  loan: z
    .object({
      borrower: z.string(),
      purpose: z.string(),
      lentAt: z.string(),
      lentBy: z.string(),
      dueDate: DateString,
      overdue: z.boolean(),
    })
    .nullable(),
});

export const LocationFile = z.object({
  archiveNo: z.string(),
  title: z.string(),
  clientName: z.string(),
  confidentiality: Confidentiality,
  status: FileStatus,
  locationId: Id,
  locationPath: z.string(),
});

export const locationsOps = {
  /** The whole tree, depth first in shelf order, with counts. */
  'locations.tree': op(z.object({}).default({}), z.object({ nodes: z.array(LocationNode) })),
  /** Creates (no id) or updates (id) a location; kind and parent are fixed once created. */
  'locations.save': op(
    z.object({
      id: Id.optional(),
      parentId: Id.nullable().optional(),
      kind: LocationKind.optional(),
      code: required(40),
      name: required(100),
      capacity: z.number().int().min(0).max(1_000_000).nullable().optional(),
      sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    }),
    LocationNode,
    { capability: 'files.write', write: true, audits: ['locations.create', 'locations.update'] },
  ),
  /** Removes an empty location (no locations inside, no files). */
  'locations.remove': op(z.object({ id: Id }), z.object({ ok: z.literal(true) }), { capability: 'files.write', write: true }),
  /** The files stored in a location and everything inside it, in shelf order. */
  'locations.files': op(z.object({ id: Id }), z.array(LocationFile)),
} as const;

export type LocationNode = z.output<typeof LocationNode>;
export type FileMove = z.output<typeof FileMove>;
export type WhereIs = z.output<typeof WhereIs>;
export type LocationFile = z.output<typeof LocationFile>;
