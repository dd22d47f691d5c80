/**
 * Scanned documents (扫描件) attached to files and contents-list items, and the inbox of
 * scans not yet assigned to a file. The bytes never travel in JSON: they arrive through the
 * byte-stream upload (`POST /api/upload?purpose=scan`, or the command line's file stream)
 * straight into the encrypted blob store, and leave through `/api/scans/<token>`.
 */
import { z } from 'zod';
import { SCAN_KINDS, SCAN_SOURCES } from '../domain/scans.js';
import { Confidentiality, Id, op, optionalText } from './kit.js';

/** Scans one `scans.add` takes at once (a job: progress and cancel). */
export const MAX_SCANS_PER_ADD = 1000;

export const Scan = z.object({
  id: Id,
  /** null: in the inbox. */
  fileId: Id.nullable(),
  archiveNo: z.string().nullable(),
  confidentiality: Confidentiality.nullable(),
  itemId: Id.nullable(),
  itemSeq: z.number().int().nullable(),
  /** The original file name, as given (checked, never used as a path). */
  name: z.string(),
  kind: z.enum(SCAN_KINDS),
  mimeType: z.string(),
  pageCount: z.number().int().min(1),
  size: z.number().int().min(1),
  source: z.enum(SCAN_SOURCES),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Scan = z.output<typeof Scan>;

/**
 * An item whose scans changed, and what became of its page count (页数): `filled` — set to its
 * scans' pages (it was not typed, or was filled from scans before); `typed` — the count a clerk
 * typed differs from the scans and was kept; `sealed` — a sealed original differs (a correction
 * changes it); `sealedPlace` — filling it would move a later sealed item's page numbers, so it
 * was kept. Items whose count already matches are not listed.
 */
export const ScanItemPages = z.object({
  itemId: Id,
  archiveNo: z.string(),
  seq: z.number().int(),
  /** As stored now. */
  pageCount: z.number().int(),
  /** Before this operation. */
  previous: z.number().int(),
  /** The pages of the item's scans. */
  scanPages: z.number().int(),
  outcome: z.enum(['filled', 'typed', 'sealed', 'sealedPlace']),
});
export type ScanItemPages = z.output<typeof ScanItemPages>;

/** A file by id (the screens) or archive number (the command line); an item by id or number (序号). */
const FileRef = {
  fileId: Id.optional(),
  archiveNo: optionalText(64),
  itemId: Id.optional(),
  itemSeq: z.number().int().min(1).optional(),
};

const hasFile = (input: { fileId?: string | undefined; archiveNo?: string | undefined }) => input.fileId !== undefined || input.archiveNo !== undefined;

export const ScanVerifyProblem = z.object({
  blobId: z.string(),
  problem: z.enum(['missing', 'corrupt', 'orphaned']),
  /** The scans that use the blob (none for an orphan), by file and item. */
  scans: z.array(z.object({ id: Id, name: z.string(), archiveNo: z.string().nullable(), itemSeq: z.number().int().nullable() })),
});

export const ScanVerifyReport = z.object({
  blobs: z.number().int(),
  ok: z.number().int(),
  bytes: z.number().int(),
  problems: z.array(ScanVerifyProblem),
  /** Orphans found were removed (not a dry run). */
  removedOrphans: z.number().int(),
});
export type ScanVerifyReport = z.output<typeof ScanVerifyReport>;

export const ScanContent = z.object({
  scan: Scan,
  /** Authenticated route that streams the decrypted bytes (range requests allowed), valid until the session ends. */
  url: z.string(),
  size: z.number().int(),
  mimeType: z.string(),
  fileName: z.string(),
});

const scanView = (output: { scan: Scan }) =>
  output.scan.fileId && output.scan.archiveNo && output.scan.confidentiality
    ? [{ id: output.scan.fileId, archiveNo: output.scan.archiveNo, confidentiality: output.scan.confidentiality }]
    : [];

export const scansOps = {
  /**
   * Attaches uploaded scans to a file (and item), or to the inbox when no file is named. One
   * transaction for all of them, one audit row each; the same document is stored once.
   */
  'scans.add': op(
    z
      .object({
        uploadIds: z.array(Id).min(1).max(MAX_SCANS_PER_ADD),
        ...FileRef,
        source: z.enum(SCAN_SOURCES).default('upload'),
        /**
         * No file named: each scan goes to the file whose archive number its name contains, or whose
         * number a barcode on its first page carries (read before, see the hot folder); else the inbox.
         */
        route: z.boolean().default(false),
      })
      .refine((i) => (i.itemId === undefined && i.itemSeq === undefined) || hasFile(i), { message: 'an item needs its file' }),
    z.object({ scans: z.array(Scan), deduplicated: z.number().int(), itemPages: z.array(ScanItemPages) }),
    // An item's page count filled from its scans is an item change (history and `items.update`).
    { capability: 'scans.write', write: 'bulk', audits: ['items.update'] },
  ),
  /** A file's scans, in contents-list order (scans of the file itself first). */
  'scans.list': op(z.object({ ...FileRef }).refine(hasFile, { message: 'name the file' }), z.array(Scan)),
  /** Scans waiting to be assigned to a file (the hot folder's and unassigned uploads). */
  'scans.inbox': op(z.object({}).default({}), z.array(Scan), { capability: 'scans.write' }),
  /** Moves a scan to a file (and item): assigning from the inbox, or correcting. */
  'scans.assign': op(z.object({ id: Id, ...FileRef }).refine(hasFile, { message: 'name the file' }), Scan.extend({ itemPages: z.array(ScanItemPages) }), {
    capability: 'scans.write',
    write: 'bulk',
    audits: ['items.update'],
  }),
  /** Removes a scan; its blob is destroyed (key and file) once no scan uses it. */
  'scans.remove': op(z.object({ id: Id, reason: optionalText(300) }), z.object({ id: Id, destroyedBlob: z.boolean(), itemPages: z.array(ScanItemPages) }), {
    capability: 'scans.write',
    write: 'bulk',
    audits: ['items.update'],
  }),
  /** Opens a scan for the viewer; showing a 机密/绝密 file's scan is audited (`scans.view`). */
  'scans.open': op(z.object({ id: Id }), ScanContent, { view: { action: 'scans.view', files: scanView } }),
  /** The decrypted scan leaves the archive (a file on disk, a download): needs its own capability, audited. */
  'scans.export': op(z.object({ id: Id }), ScanContent, { capability: 'scans.export', write: true, audits: ['scans.exportFailed'] }),
  /** Re-reads every blob (tags and keyed hash), reports missing, corrupt and orphaned ones; removes orphans unless `dryRun`. */
  'scans.verify': op(z.object({ dryRun: z.boolean().default(false) }).default({ dryRun: false }), ScanVerifyReport, { capability: 'settings.manage', write: true }),
  'scans.limits': op(z.object({}).default({}), z.object({ maxMb: z.number().int() })),
  'scans.setLimits': op(
    z.object({
      maxMb: z
        .number()
        .int()
        .min(1)
        .max(16 * 1024),
    }),
    z.object({ maxMb: z.number().int() }),
    { capability: 'settings.manage', write: true },
  ),
} as const;
