/**
 * Client files (客户档案 / 案卷): one per client, numbered by their type's pattern, with
 * volumes sharing the main file's number, a home location and a history of moves.
 */
import { z } from 'zod';
import { Confidentiality, FileStatus, HistoryEntry, Id, Retention, op, optionalText, required, title, trimmed } from './kit.js';
import { ChecklistStatus, Item } from './items.js';
import { Loan } from './loans.js';
import { FileMove, WhereIs } from './locations.js';

export const FileRecord = z.object({
  id: Id,
  archiveNo: z.string(),
  clientId: Id,
  clientName: z.string(),
  title: z.string(),
  confidentiality: Confidentiality,
  retention: Retention,
  status: FileStatus,
  createdAt: z.string(),
  // The file's type and contents.
  fileTypeId: z.string().nullable(),
  fileTypeCode: z.string().nullable(),
  fileTypeName: z.string().nullable(),
  /** The type's English name (English mode only; null: none set). */
  fileTypeNameEn: z.string().nullable().optional(),
  /** A volume (e.g. certificates kept in the safe) shares its main file's number; this is the main file's. */
  parentArchiveNo: z.string().nullable(),
  remarks: z.string(),
  /** For the file catalog (案卷目录): current items, their pages and date range. */
  itemCount: z.number().int(),
  pageCount: z.number().int(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  /** The file's home location, e.g. 一号库房 / A柜 / 3架 / 12盒; null: not shelved yet. */
  locationPath: z.string().nullable().optional(),
  /** The department the file belongs to: set on the file, else its client's account manager's. */
  departmentId: z.string().nullable().optional(),
  departmentName: z.string().nullable().optional(),
  /** 1 when set on the file itself. */
  departmentExplicit: z.number().int().optional(),
});

export const FileDetail = FileRecord.extend({
  currentLoan: Loan.nullable(),
  loans: z.array(Loan),
  /** The contents list (卷内目录): current versions in sequence order, with page ranges. */
  items: z.array(Item),
  checklist: z.array(ChecklistStatus),
  complete: z.boolean(),
  /** Kinds of checklist documents not in the file (labels: `checklist`). */
  missing: z.array(z.string()),
  /** The other files sharing this file's number (main file and volumes) that the user may see. */
  volumes: z.array(FileRecord),
  history: z.array(HistoryEntry),
});

export const filesOps = {
  'files.create': op(
    z.object({
      clientId: Id,
      title: title(300),
      /** Absent: the file type's default. */
      confidentiality: Confidentiality.optional(),
      retention: Retention.optional(),
      /** The file type (id or code); absent: the client file (客户档案). */
      fileTypeId: Id.optional(),
      fileTypeCode: trimmed(32).optional(),
      /** Makes a volume of this main file: same number plus a suffix (see files.addVolume). */
      parentArchiveNo: required(64).optional(),
      volumeSuffix: z
        .string()
        .trim()
        .regex(/^[\p{L}\p{N}]{1,8}$/u, '1-8 letters or digits')
        .optional(),
      remarks: trimmed(1000).optional(),
    }),
    FileRecord,
    { capability: 'files.write', write: true },
  ),
  'files.addVolume': op(
    z.object({
      /** The main file's archive number. */
      archiveNo: required(64),
      title: trimmed(300).optional(),
      fileTypeId: Id.optional(),
      fileTypeCode: trimmed(32).optional(),
      confidentiality: Confidentiality.optional(),
      retention: Retention.optional(),
      /** Absent: the next volume number (1, 2, ...; never reused). */
      suffix: z
        .string()
        .trim()
        .regex(/^[\p{L}\p{N}]{1,8}$/u, '1-8 letters or digits')
        .optional(),
      remarks: trimmed(1000).optional(),
    }),
    FileRecord,
    { capability: 'files.write', write: true },
  ),
  'files.update': op(
    z.object({
      archiveNo: required(64),
      title: title(300).optional(),
      confidentiality: Confidentiality.optional(),
      retention: Retention.optional(),
      remarks: trimmed(1000).optional(),
      /** Required when the confidentiality changes. */
      reason: trimmed(500).optional(),
    }),
    FileDetail,
    { capability: 'files.write', write: true },
  ),
  /** The file page; opening a 机密/绝密 file is audited (`files.view`). */
  'files.get': op(z.object({ archiveNo: required(64) }), FileDetail, {
    view: { action: 'files.view', files: (file) => [{ id: file.id, archiveNo: file.archiveNo, confidentiality: file.confidentiality }] },
  }),

  'files.move': op(z.object({ archiveNo: required(64), locationId: Id, reason: optionalText(300) }), FileMove, { capability: 'files.write', write: true }),
  'files.moves': op(z.object({ archiveNo: required(64) }), z.array(FileMove)),
  /** "Where is file X?": its shelf, or who has it. */
  'files.whereIs': op(z.object({ archiveNo: trimmed(64).min(1) }), WhereIs),
} as const;

export type FileRecord = z.output<typeof FileRecord>;
export type FileDetail = z.output<typeof FileDetail>;
