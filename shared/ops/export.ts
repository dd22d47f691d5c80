/** Spreadsheet export (导出) of the registers as .xlsx or .csv. */
import { z } from 'zod';
import { op } from './kit.js';

export const EXPORT_LISTS = ['clients', 'files', 'loans', 'handovers'] as const;
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
});

export const ExportFile = z.object({ fileName: z.string(), contentBase64: z.string(), mimeType: z.string(), rows: z.number().int() });
export type ExportFile = z.output<typeof ExportFile>;

export const exportOps = {
  /** A list as .xlsx or .csv; audited, since plaintext leaves the archive. */
  /** `export.failed`: the file could not be written where the user asked (written by the transport that writes it). */
  'export.create': op(ExportInput, ExportFile, { capability: 'archive.read', write: true, audits: ['export.failed'] }),
} as const;
