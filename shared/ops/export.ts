/** Spreadsheet export (导出) of the registers as .xlsx or .csv. */
import { z } from 'zod';
import { roleCan } from '../domain/permissions.js';
import { AuditFilter } from './auditList.js';
import { clientListFilters, clientListOrder } from './clients.js';
import { DateString, op, optionalText, trimmed } from './kit.js';

export const EXPORT_LISTS = ['clients', 'files', 'loans', 'handovers', 'audit'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];

export const ExportInput = z.object({
  list: z.enum(EXPORT_LISTS),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  /** CSV only: UTF-8 with BOM (Excel opens it correctly) or GB18030/GBK for old tools. */
  encoding: z.enum(['utf8', 'gbk']).default('utf8'),
  /** Header row and enumeration labels. */
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** Loans: only those not yet returned. */
  open: z.boolean().default(false),
  /** Loans: only the overdue ones (the on-loan list filtered to overdue). */
  overdueOnly: z.boolean().default(false),
  /** Clients: the client list's search and filters, as clients.list takes them (default status included); absent: every client. */
  clientFilter: z.object({ search: trimmed(200).optional(), ...clientListFilters, ...clientListOrder }).optional(),
  /** Handovers: the register's period and filters, as handovers.list takes them; absent: the latest 5000. */
  handoverFilter: z.object({ from: DateString.optional(), to: DateString.optional(), department: optionalText(100), archiveNo: optionalText(64) }).optional(),
  /** Audit log: the log screen's filters, as audit.list takes them; absent: the whole log (as the user may read it). */
  auditFilter: AuditFilter.optional(),
});

export const ExportFile = z.object({ fileName: z.string(), contentBase64: z.string(), mimeType: z.string(), rows: z.number().int() });
export type ExportFile = z.output<typeof ExportFile>;

export const exportOps = {
  /** A list as .xlsx or .csv; audited, since plaintext leaves the archive. */
  /** `export.failed`: the file could not be written where the user asked (written by the transport that writes it). */
  /** The audit log also needs the capability that reads it (an auditor exports what they may read, no write capability). */
  'export.create': op(ExportInput, ExportFile, {
    capability: 'archive.read',
    write: true,
    audits: ['export.failed'],
    policy: (user, input) => (input.list === 'audit' && !roleCan(user.role, 'audit.read') ? { code: 'auth.forbidden', params: { capability: 'audit.read' } } : null),
  }),
} as const;
