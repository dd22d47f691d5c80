/**
 * Printing (打印): the archive's standard forms as PDF, made in the engine so the command
 * line, browser mode and Electron print the same bytes. Every print is audited like an
 * export (plaintext leaves the archive on paper), with the highest confidentiality it holds;
 * a user prints only what their clearance lets them see, counts and totals included.
 */
import { LABEL_PRINT_OPERATIONS } from '../domain/labels.js';
import { z } from 'zod';
import { AuditFilter } from './auditList.js';
import { clientListFilters } from './clients.js';
import { DateString, Id, op, optionalText, required, trimmed } from './kit.js';

/** A printed PDF, as every print operation answers. */
export const PrintFile = z.object({
  fileName: z.string(),
  contentBase64: z.string(),
  mimeType: z.literal('application/pdf'),
  pages: z.number().int(),
  /** The paper, for the system print dialog (Electron passes it explicitly). */
  pageSize: z.object({ widthMm: z.number(), heightMm: z.number() }),
  /** Rows (files, loans, clients …) the document lists. */
  rows: z.number().int(),
});
export type PrintFile = z.output<typeof PrintFile>;

const ArchiveNos = z.array(required(64)).min(1).max(500);

/** Columns a client roster (客户信息一览表) may show, in the order offered. */
export const ROSTER_COLUMNS = [
  'name',
  'creditCode',
  'shortName',
  'category',
  'status',
  'enterpriseNature',
  'supervisingUnit',
  'legalRepresentative',
  'address',
  'contactPerson',
  'contactPhone',
  'accountManager',
  'creditStatus',
  'registeredOn',
  'fileCount',
  'remarks',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const DEFAULT_ROSTER_COLUMNS: RosterColumn[] = ['name', 'creditCode', 'category', 'contactPerson', 'contactPhone', 'address', 'accountManager'];

export const printOps = {
  /** 案卷目录: every visible file, or those named, of one client, or added since a date. */
  'print.catalog': op(
    z
      .object({
        archiveNos: z.array(required(64)).min(1).max(20_000).optional(),
        clientId: Id.optional(),
        /** Files registered on or after this day. */
        since: DateString.optional(),
        department: optionalText(100),
      })
      .default({ department: undefined }),
    PrintFile,
    { write: true },
  ),
  /** 退租/注销客户档案目录: the yearly catalog of the files of clients terminated in `year`. */
  'print.terminated': op(z.object({ year: z.number().int().min(1900).max(2999) }), PrintFile, { write: true }),
  /** 卷内目录 of each named file, each starting on a page of its own. */
  'print.contents': op(z.object({ archiveNos: ArchiveNos }), PrintFile, { write: true }),
  /** 案卷封面, one page per file. */
  'print.cover': op(z.object({ archiveNos: ArchiveNos }), PrintFile, { write: true }),
  /** 卷内备考表, one page per file. */
  'print.noteSheet': op(z.object({ archiveNos: ArchiveNos, checkedBy: optionalText(50), note: optionalText(2000) }), PrintFile, { write: true }),
  /** 客户信息一览表 with the columns the user picked, over the client list's search and filters. */
  'print.roster': op(
    z.object({
      columns: z.array(z.enum(ROSTER_COLUMNS)).min(1).max(ROSTER_COLUMNS.length).default(DEFAULT_ROSTER_COLUMNS),
      clientFilter: z.object({ search: trimmed(200).optional(), ...clientListFilters }).optional(),
      clientId: Id.optional(),
    }),
    PrintFile,
    { write: true },
  ),
  /** 借阅登记簿: the loans lent from `from` to `to` (inclusive). */
  'print.register': op(z.object({ from: DateString, to: DateString }), PrintFile, { write: true }),
  /** 逾期未还清单: open loans past their due date, as of today. */
  'print.overdue': op(z.object({}).default({}), PrintFile, { write: true }),
  /** 催还单: one reminder slip per overdue loan (all overdue loans, or those named). */
  'print.reminders': op(z.object({ loanIds: z.array(Id).min(1).max(1000).optional() }).default({}), PrintFile, { write: true }),
  /** 移交登记簿: handovers received in a period, as the register's filters take them. */
  'print.handovers': op(
    z
      .object({ from: DateString.optional(), to: DateString.optional(), department: optionalText(100), archiveNo: optionalText(64) })
      .default({ department: undefined, archiveNo: undefined }),
    PrintFile,
    { write: true },
  ),
  /**
   * 审计日志报告: the audit log as the screen filters it (need-to-know holds), with the chain's
   * anchor at print time on every page; only who may read the log prints it.
   */
  'print.audit': op(AuditFilter.default({}), PrintFile, { capability: 'audit.read', write: true }),
} as const;

export type PrintOperation = keyof typeof printOps;
/** Print operations run as jobs (progress, cancel) and their PDF is fetched from the download route. */
export const PRINT_OPERATIONS = [
  'print.catalog',
  'print.terminated',
  'print.contents',
  'print.cover',
  'print.noteSheet',
  'print.roster',
  'print.register',
  'print.overdue',
  'print.reminders',
  'print.handovers',
  'print.audit',
] as const satisfies readonly PrintOperation[];

export function isPrintOperation(name: string): name is PrintOperation {
  return (PRINT_OPERATIONS as readonly string[]).includes(name);
}

/** Jobs whose finished result is a file the download route serves: exports and prints. */
export function deliversFile(operation: string): boolean {
  return operation === 'export.create' || isPrintOperation(operation) || (LABEL_PRINT_OPERATIONS as readonly string[]).includes(operation);
}
