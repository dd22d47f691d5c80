/**
 * Spreadsheet import (导入): clients and files from an office's existing ledgers, with a dry
 * run that names every bad row. Files cross IPC and HTTP as JSON, so their bytes travel as
 * base64. The file name is only looked at for its extension: nothing is ever written to disk
 * under a name a spreadsheet carries.
 */
import { z } from 'zod';
import { roleCan } from '../domain/permissions.js';
import { ERROR_CODES } from '../errors.js';
import { op, trimmed } from './kit.js';
import type { Policy } from './kit.js';

export const IMPORT_KINDS = ['clients', 'files'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Largest spreadsheet accepted inline (bytes, before base64). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/**
 * Largest spreadsheet accepted as an upload: as much as an xlsx may unpack to (200 MB of
 * XML), since a CSV of that size costs the reading worker about the same memory.
 */
export const MAX_UPLOAD_IMPORT_BYTES = 200 * 1024 * 1024;
/** What an upload meant for an import may be called and declared as. */
export const IMPORT_EXTENSIONS = ['.xlsx', '.ods', '.csv'] as const;
export const IMPORT_CONTENT_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
] as const;

/** Header as written in the spreadsheet → field key, or null to ignore the column. */
export const ImportMapping = z.record(z.string().max(200), z.string().max(100).nullable());
export type ImportMapping = z.output<typeof ImportMapping>;

/**
 * What to do with a classification value the archive does not know: add it to the scheme,
 * take it as an existing value (`to`: its code or label), or leave the client's value empty.
 */
export const ValueChoice = z.object({ action: z.enum(['add', 'map', 'empty']), to: z.string().max(100).optional() });
export type ValueChoice = z.output<typeof ValueChoice>;
/** Scheme (code, label, or the column header) → value as written → choice. */
export const ValueChoices = z.record(z.string().max(200), z.record(z.string().max(200), ValueChoice));
export type ValueChoices = z.output<typeof ValueChoices>;

export const ImportInput = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    /** Only its extension matters (.xlsx, .ods or .csv). */
    fileName: trimmed(255),
    /** The file inline; or `uploadId`, exactly one of them. */
    contentBase64: z
      .string()
      .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 1024)
      .optional(),
    /** An upload of this session (browser mode's upload route, the CLI's file). */
    uploadId: z.string().min(1).max(100).optional(),
    /** Overrides the built-in synonyms; absent: the mapping last used for this kind (remembered). */
    mapping: ImportMapping.optional(),
    /** CSV only: auto (BOM, else valid UTF-8, else GB18030), or forced. */
    encoding: z.enum(['auto', 'utf8', 'gbk']).default('auto'),
    /** `good-rows`: import the good rows and report the bad ones; `all-or-nothing`: refuse the whole file if a row is bad. */
    mode: z.enum(['good-rows', 'all-or-nothing']).default('good-rows'),
    /** Workbooks: the sheets to read, by name; absent: every sheet with a recognised header. */
    sheets: z.array(z.string().max(100)).max(200).optional(),
    /** Unknown classification values; absent: the choices last used for this kind (remembered). */
    valueChoices: ValueChoices.optional(),
    /** Adds every unknown classification value without a choice to its scheme (administrators). */
    addUnknownValues: z.boolean().default(false),
  })
  .refine((input) => (input.contentBase64 === undefined) !== (input.uploadId === undefined), { message: 'give either contentBase64 or uploadId' });
export type ImportInput = z.input<typeof ImportInput>;

export const ImportProblem = z.object({
  /** Spreadsheet row number as the user sees it (the first row of the sheet is 1); 0 for the whole file. */
  row: z.number().int(),
  /** The column header as written in the file, when the problem is in one cell. */
  column: z.string().nullable(),
  code: z.enum(ERROR_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Workbooks: the sheet the row is on. */
  sheet: z.string().optional(),
});
export type ImportProblem = z.output<typeof ImportProblem>;

export const ImportReport = z.object({
  kind: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  format: z.enum(['xlsx', 'csv', 'ods']),
  /** CSV: the encoding read (utf8-bom, utf8, gb18030); xlsx: null. */
  encoding: z.string().nullable(),
  sheet: z.string().nullable(),
  headerRow: z.number().int(),
  /** Every header of the file → the field it filled (null: ignored). */
  mapping: ImportMapping,
  unmappedHeaders: z.array(z.string()),
  /** Non-empty data rows. */
  totalRows: z.number().int(),
  goodRows: z.number().int(),
  badRows: z.number().int(),
  /** Empty rows are skipped, not errors. */
  emptyRows: z.number().int(),
  problems: z.array(ImportProblem),
  /** What was (dry run: would be) written. */
  created: z.object({ clients: z.number().int(), files: z.number().int(), items: z.number().int() }),
  /** Archive numbers given to imported files, in order. */
  archiveNos: z.array(z.string()),
  /** Every sheet of the workbook: whether it was read, its header row, its data rows. */
  sheets: z
    .array(
      z.object({
        name: z.string(),
        read: z.boolean(),
        /** `recognised`: has a header with the required columns; `noHeader`/`missingColumn`: skipped; `notChosen`: left out by the user. */
        status: z.enum(['recognised', 'noHeader', 'missingColumn', 'notChosen']),
        headerRow: z.number().int().nullable(),
        rows: z.number().int(),
        badRows: z.number().int(),
      }),
    )
    .default([]),
  /** Classification values the archive does not know, each once, with its rows and the values it accepts. */
  unknownValues: z
    .array(
      z.object({
        scheme: z.string(),
        schemeLabel: z.string(),
        column: z.string(),
        value: z.string(),
        count: z.number().int(),
        /** The first rows it is on (sheet and row). */
        rows: z.array(z.object({ sheet: z.string().optional(), row: z.number().int() })),
        accepted: z.array(z.string()),
        choice: ValueChoice.nullable(),
      }),
    )
    .default([]),
  /** Classification values an import adds (dry run: would add) to their schemes. */
  addedValues: z.array(z.object({ scheme: z.string(), label: z.string() })).default([]),
  /** The choices in force for unknown values (given or remembered). */
  valueChoices: ValueChoices.default({}),
});
export type ImportReport = z.output<typeof ImportReport>;

/** Files create archive numbers and contents lists: importing them also needs files.write. */
const filesNeedFilesWrite: Policy<{ kind: ImportKind }> = (user, input) =>
  input.kind === 'files' && !roleCan(user.role, 'files.write') ? { code: 'auth.forbidden', params: { capability: 'files.write' } } : null;

export const importOps = {
  /** Dry run: parses and validates every row, writes nothing. */
  /** A dry run: writes nothing but its own audit row (what was checked, how many rows, how many bad). */
  'import.check': op(ImportInput, ImportReport, { capability: 'clients.write', write: true, policy: filesNeedFilesWrite }),
  /** Writes all good rows in one transaction (or nothing); one audit row per record plus a summary. */
  'import.run': op(ImportInput, ImportReport, {
    capability: 'clients.write',
    write: 'bulk',
    audits: ['clients.create', 'files.create', 'items.add', 'classifications.saveValue'],
    policy: filesNeedFilesWrite,
  }),
  /** The mapping remembered for a kind (the last one given to `import.run`). */
  'import.mapping': op(z.object({ kind: z.enum(IMPORT_KINDS) }), z.object({ kind: z.enum(IMPORT_KINDS), mapping: ImportMapping, valueChoices: ValueChoices.default({}) })),
} as const;
