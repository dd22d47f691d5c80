/**
 * Spreadsheet import (导入) and export (导出) operations.
 *
 * Import reads the whole file, maps its columns, validates every row against the archive
 * and against the other rows (nothing is written while checking), and then — for
 * `import.run` — writes every good row in the one transaction the engine opened: all or
 * nothing. Each record written gets its own audit row (as if entered by hand), plus one
 * `import.run` summary row. Files: one row per item of the contents list, the file's
 * columns repeated on each of its rows; rows with the same archive number (档号), or
 * else the same client, title and file type, make one file, and a file is imported whole
 * or not at all.
 */
import type { z } from 'zod';
import { contract } from '../../shared/contract.js';
import type { Client, FileRecord, Loan, OpParsedInput } from '../../shared/contract.js';
import { creditCodeProblem } from '../../shared/domain/creditCode.js';
import { parseConfidentiality, parseRetention } from '../../shared/domain/enums.js';
import type { Confidentiality, Retention } from '../../shared/domain/enums.js';
import { roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { ErrorCode, ErrorParams } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import { MAX_IMPORT_BYTES } from '../../shared/ops/import.js';
import type { ImportKind, ImportMapping, ImportProblem, ImportReport } from '../../shared/ops/import.js';
import { readSpreadsheet, SpreadsheetError, writeCsv, writeXlsx } from '../spreadsheet/index.js';
import type { Cell, Workbook } from '../spreadsheet/index.js';
import { CLIENT_FIELDS, FILE_FIELDS, fieldLabel, findHeaderRow, MappingError, resolveMapping } from '../spreadsheet/mapping.js';
import type { ImportField, ResolvedMapping } from '../spreadsheet/mapping.js';
import { cellText, codeText, isEmptyRow, parseCountCell, parseDateCell } from '../spreadsheet/values.js';
import { CATEGORY_SCHEME_ID, clientRecords, listClassifications } from './clientRegister.js';
import { createClient } from './clients.js';
import { staged } from './context.js';
import type { Handler, ServiceContext } from './context.js';
import { addItems, listFileTypes } from './fileContents.js';
import { auditNewFile, fileQuery, insertFile, toFileRecord } from './files.js';
import { listHandovers } from './handovers.js';
import { loanQuery, toLoan } from './loans.js';

type ClientInput = OpParsedInput<'clients.create'>;
type ImportInputParsed = OpParsedInput<'import.run'>;

// ---------------------------------------------------------------------------------------
// Reading and mapping

const mappingKey = (kind: ImportKind) => `import.mapping.${kind}`;

export function rememberedMapping(ctx: ServiceContext, kind: ImportKind): ImportMapping {
  const row = ctx.db.one(ctx.db.k.selectFrom('settings').select('value').where('key', '=', mappingKey(kind)));
  if (!row) return {};
  try {
    const value = JSON.parse(row.value) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as ImportMapping) : {};
  } catch {
    return {};
  }
}

function rememberMapping(ctx: ServiceContext, kind: ImportKind, mapping: ImportMapping): void {
  const value = JSON.stringify(mapping);
  ctx.db.run(
    ctx.db.k
      .insertInto('settings')
      .values({ key: mappingKey(kind), value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}

function decode(input: ImportInputParsed): Buffer {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) throw new DossierError('import.tooLarge', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
  return bytes;
}

/** Runs before the transaction (parsing an .xlsx is asynchronous): the bytes become rows of cells. */
async function openWorkbook(input: ImportInputParsed): Promise<Workbook> {
  try {
    return await readSpreadsheet(decode(input), input.fileName, input.encoding);
  } catch (err) {
    if (err instanceof SpreadsheetError) {
      if (err.reason === 'unsupportedFormat') throw new DossierError('import.unsupportedFormat', { fileName: input.fileName.slice(0, 100) });
      throw new DossierError('import.unreadable', { detail: err.message.slice(0, 200) });
    }
    throw err;
  }
}

interface Classification {
  code: string;
  label: string;
  labelEn: string | null;
  values: Map<string, string>; // label / english label / code (lower case) → value code
}

/** Active classification schemes (category first), from the client register. */
function classificationSchemes(ctx: ServiceContext): Classification[] {
  return listClassifications(ctx, { includeInactive: false })
    .filter((s) => s.active)
    .map((s) => {
      const values = new Map<string, string>();
      for (const v of s.values.filter((x) => x.active)) {
        for (const name of [v.label, v.labelEn, v.code]) if (name) values.set(name.trim().toLowerCase(), v.code);
      }
      return { code: s.code, label: s.label, labelEn: s.labelEn, values, id: s.id };
    })
    .filter((s) => s.values.size > 0);
}

/** The client columns the current `clients.create` accepts, plus one per classification scheme. */
function clientFields(schemes: Classification[]): ImportField[] {
  const accepted = contract['clients.create'].input.shape as Record<string, unknown>;
  const fields = CLIENT_FIELDS.filter((f) => f.key in accepted).map((f) =>
    f.key === 'category' && schemes.some((s) => s.code === 'category') ? { ...f, type: 'classification' as const, scheme: 'category' } : f,
  );
  if ('classifications' in accepted) {
    for (const s of schemes) {
      if (s.code === 'category') continue;
      fields.push({ key: `class.${s.code}`, type: 'classification', scheme: s.code, label: s.label, synonyms: [s.label, ...(s.labelEn ? [s.labelEn] : []), s.code] });
    }
  }
  return fields;
}

function fileFields(): ImportField[] {
  const accepted = contract['files.create'].input.shape as Record<string, unknown>;
  return FILE_FIELDS.filter((f) => {
    if (f.key === 'fileType') return 'fileTypeCode' in accepted;
    if (f.key === 'fileRemarks') return 'remarks' in accepted;
    return true;
  });
}

// ---------------------------------------------------------------------------------------
// Validation

class Findings {
  readonly problems: ImportProblem[] = [];
  readonly badRows = new Set<number>();

  add(row: number, column: string | null, code: ErrorCode, params: ErrorParams = {}): void {
    this.problems.push({ row, column, code, params });
    this.badRows.add(row);
  }
}

interface Sheetwork {
  workbook: Workbook;
  sheetName: string | null;
  headerIndex: number;
  resolved: ResolvedMapping;
  /** Data rows: [sheet row number, cells]. */
  rows: { row: number; cells: Cell[] }[];
  emptyRows: number;
  userMapping: ImportMapping;
  headerColumns: Set<number>;
}

function prepare(ctx: ServiceContext, input: ImportInputParsed, workbook: Workbook, fields: ImportField[], required: string[][]): Sheetwork {
  const userMapping = input.mapping ?? rememberedMapping(ctx, input.kind);
  let chosen: { sheet: Workbook['sheets'][number]; headerIndex: number; resolved: ResolvedMapping } | undefined;
  for (const sheet of workbook.sheets) {
    const headerIndex = findHeaderRow(sheet.rows, fields, userMapping);
    if (headerIndex < 0) continue;
    let resolved: ResolvedMapping;
    try {
      resolved = resolveMapping(sheet.rows[headerIndex]!, fields, userMapping);
    } catch (err) {
      if (err instanceof MappingError) throw new DossierError('import.badMapping', { header: err.header, field: err.field });
      throw err;
    }
    const keys = new Set([...resolved.columns.values()].map((f) => f.key));
    const candidate = { sheet, headerIndex, resolved };
    if (required.every((any) => any.some((k) => keys.has(k)))) {
      chosen = candidate;
      break;
    }
    chosen ??= candidate;
  }
  if (!chosen) throw new DossierError('import.noHeader');
  const keys = new Set([...chosen.resolved.columns.values()].map((f) => f.key));
  for (const any of required) {
    if (!any.some((k) => keys.has(k))) {
      const field = fields.find((f) => f.key === any[0])!;
      throw new DossierError('import.missingColumn', { column: fieldLabel(field, 'zh-CN') });
    }
  }
  const conflict = chosen.resolved.conflicts[0];
  if (conflict) {
    const field = fields.find((f) => f.key === conflict.field)!;
    throw new DossierError('import.duplicateColumn', { field: fieldLabel(field, 'zh-CN'), columns: conflict.columns.join('、') });
  }
  const rows: Sheetwork['rows'] = [];
  let emptyRows = 0;
  const sheetRows = chosen.sheet.rows;
  for (let i = chosen.headerIndex + 1; i < sheetRows.length; i++) {
    const cells = sheetRows[i]!;
    if (isEmptyRow(cells)) emptyRows++;
    else rows.push({ row: i + 1, cells });
  }
  const headerColumns = new Set<number>();
  sheetRows[chosen.headerIndex]!.forEach((c, i) => {
    if (cellText(c) !== '') headerColumns.add(i);
  });
  return {
    workbook,
    sheetName: workbook.format === 'xlsx' ? chosen.sheet.name : null,
    headerIndex: chosen.headerIndex,
    resolved: chosen.resolved,
    rows,
    emptyRows,
    userMapping,
    headerColumns,
  };
}

/** Values of one row by field key, with the header each came from. */
function rowValues(work: Sheetwork, cells: Cell[]): { cells: Map<string, Cell>; headers: Map<string, string> } {
  const values = new Map<string, Cell>();
  const headers = new Map<string, string>();
  for (const [index, field] of work.resolved.columns) {
    values.set(field.key, cells[index] ?? null);
  }
  for (const [header, key] of Object.entries(work.resolved.mapping)) if (key) headers.set(key, header);
  return { cells: values, headers };
}

function checkExtraCells(work: Sheetwork, row: number, cells: Cell[], findings: Findings): void {
  let extra = 0;
  cells.forEach((c, i) => {
    if (!work.headerColumns.has(i) && cellText(c) !== '') extra++;
  });
  if (extra > 0) findings.add(row, null, 'import.extraCells', { count: extra });
}

/** Reports what the contract's own input schema refuses (length limits, required text, formats). */
function schemaProblems(
  schema: z.ZodType,
  value: unknown,
  columnOf: (key: string) => string | null,
  row: number,
  findings: Findings,
  already: Set<string>,
): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    const top = String(issue.path[0] ?? '');
    if (already.has(key) || already.has(top)) continue;
    already.add(key);
    const column = columnOf(key) ?? columnOf(top);
    const label = column ?? key;
    if (issue.code === 'too_big') findings.add(row, column, 'import.tooLong', { column: label, max: Number((issue as { maximum?: number | bigint }).maximum ?? 0) });
    else if (issue.code === 'too_small' || (issue.code === 'invalid_type' && value && (value as Record<string, unknown>)[top] === undefined)) {
      findings.add(row, column, 'import.required', { column: label });
    } else findings.add(row, column, 'import.invalid', { column: label, detail: issue.message });
  }
  return undefined;
}

interface ClientPlan {
  row: number;
  input: ClientInput;
}

function analyseClients(ctx: ServiceContext, input: ImportInputParsed, workbook: Workbook) {
  const schemes = classificationSchemes(ctx);
  const fields = clientFields(schemes);
  const work = prepare(ctx, input, workbook, fields, [['name']]);
  const findings = new Findings();
  const plans: ClientPlan[] = [];
  const seenCodes = new Map<string, number>();
  const holderOf = ctx.db.sqlite.prepare('select name from clients where credit_code = ?');
  for (const { row, cells } of work.rows) {
    const before = findings.problems.length;
    checkExtraCells(work, row, cells, findings);
    const { cells: values, headers } = rowValues(work, cells);
    const columnOf = (key: string) => headers.get(key.startsWith('classifications.') ? `class.${key.slice(16)}` : key) ?? (key === 'classifications.category' ? (headers.get('category') ?? null) : null);
    const flagged = new Set<string>();
    const record: Record<string, unknown> = {};
    const classifications: Record<string, string> = {};
    for (const field of fields) {
      if (!values.has(field.key)) continue;
      const cell = values.get(field.key);
      const column = headers.get(field.key) ?? field.key;
      if (field.type === 'creditCode') {
        const code = codeText(cell);
        if (!code) continue;
        const problem = creditCodeProblem(code);
        if (problem) {
          findings.add(row, column, 'client.badCreditCode', { creditCode: cellText(cell), problem });
        } else if (seenCodes.has(code)) {
          findings.add(row, column, 'import.duplicateInFile', { column, value: code, firstRow: seenCodes.get(code)! });
        } else {
          seenCodes.set(code, row);
          const holder = holderOf.get(code) as { name: string } | undefined;
          if (holder) findings.add(row, column, 'client.duplicateCreditCode', { creditCode: code, name: holder.name });
        }
        flagged.add(field.key);
        record[field.key] = code;
      } else if (field.type === 'classification') {
        const text = cellText(cell);
        if (!text) continue;
        const scheme = schemes.find((s) => s.code === field.scheme);
        const code = scheme?.values.get(text.toLowerCase());
        if (!code) {
          findings.add(row, column, 'import.unknownValue', { column, value: text });
          flagged.add(field.key);
        } else classifications[field.scheme!] = code;
      } else {
        const text = cellText(cell);
        if (text) record[field.key] = text;
      }
    }
    if (Object.keys(classifications).length) record.classifications = classifications;
    const parsed = schemaProblems(contract['clients.create'].input, record, columnOf, row, findings, flagged) as ClientInput | undefined;
    if (parsed && findings.problems.length === before) plans.push({ row, input: parsed });
  }
  return { work, findings, plans };
}

interface FileGroup {
  firstRow: number;
  rows: number[];
  clientId: string;
  clientName: string;
  spec: { title: string; confidentiality?: Confidentiality; retention?: Retention; fileTypeId?: string; remarks?: string; archiveNo?: string };
  /** Normalised file-level cells of the first row, to compare the group's other rows with. */
  signature: Map<string, string>;
  items: { row: number; fields: { title: string; docNo?: string; responsibleParty?: string; date?: string; pageCount?: number; remarks?: string } }[];
}

const FILE_LEVEL_COMPARED = ['clientName', 'clientCreditCode', 'title', 'confidentiality', 'retention', 'fileType', 'fileRemarks', 'archiveNo'];

function analyseFiles(ctx: ServiceContext, input: ImportInputParsed, workbook: Workbook) {
  const fields = fileFields();
  const work = prepare(ctx, input, workbook, fields, [['clientName', 'clientCreditCode'], ['title']]);
  const findings = new Findings();
  const types = 'fileTypeCode' in (contract['files.create'].input.shape as Record<string, unknown>) ? listFileTypes(ctx, { includeInactive: true }) : [];
  const byCode = ctx.db.sqlite.prepare('select id, name from clients where credit_code = ?');
  const byName = ctx.db.sqlite.prepare('select id, name from clients where name = ? limit 3');
  const archiveNoTaken = ctx.db.sqlite.prepare('select 1 from files where archive_no = ?');
  const groups = new Map<string, FileGroup>();
  const groupOfRow = new Map<number, FileGroup>();
  const itemSchema = contract['items.add'].input;
  const fileSchema = contract['files.create'].input;

  for (const { row, cells } of work.rows) {
    const before = findings.problems.length;
    checkExtraCells(work, row, cells, findings);
    const { cells: values, headers } = rowValues(work, cells);
    const text = (key: string) => cellText(values.get(key));
    const column = (key: string) => headers.get(key) ?? key;

    // The client: by credit code (checked against the name when both are given), else by exact name.
    let client: { id: string; name: string } | undefined;
    const code = codeText(values.get('clientCreditCode'));
    const name = text('clientName');
    if (code) {
      const problem = creditCodeProblem(code);
      if (problem) findings.add(row, column('clientCreditCode'), 'client.badCreditCode', { creditCode: text('clientCreditCode'), problem });
      else {
        client = byCode.get(code) as { id: string; name: string } | undefined;
        if (!client) findings.add(row, column('clientCreditCode'), 'import.unknownClient', { value: name ? `${name} (${code})` : code });
        else if (name && name !== client.name) {
          findings.add(row, column('clientName'), 'import.clientMismatch', { name, creditCode: code, holder: client.name });
        }
      }
    } else if (name) {
      const matches = byName.all(name) as { id: string; name: string }[];
      if (matches.length === 0) findings.add(row, column('clientName'), 'import.unknownClient', { value: name });
      else if (matches.length > 1) findings.add(row, column('clientName'), 'import.ambiguousClient', { value: name, count: matches.length });
      else client = matches[0];
    } else {
      findings.add(row, headers.get('clientName') ?? headers.get('clientCreditCode') ?? null, 'import.required', {
        column: headers.get('clientName') ?? headers.get('clientCreditCode') ?? '客户名称',
      });
    }

    const flagged = new Set<string>();
    let confidentiality: Confidentiality | undefined;
    if (text('confidentiality')) {
      confidentiality = parseConfidentiality(text('confidentiality')) ?? undefined;
      if (!confidentiality) findings.add(row, column('confidentiality'), 'import.badConfidentiality', { value: text('confidentiality') });
      else if (!ctx.canSee(confidentiality)) findings.add(row, column('confidentiality'), 'file.aboveClearance', { confidentiality: text('confidentiality') });
      flagged.add('confidentiality');
    }
    let retention: Retention | undefined;
    if (text('retention')) {
      retention = parseRetention(halfRetention(text('retention'))) ?? undefined;
      if (!retention) findings.add(row, column('retention'), 'import.badRetention', { value: text('retention') });
      flagged.add('retention');
    }
    let fileTypeId: string | undefined;
    if (text('fileType')) {
      const wanted = text('fileType').toLowerCase();
      const type = types.find((t) => t.code.toLowerCase() === wanted || t.name.toLowerCase() === wanted);
      if (!type) findings.add(row, column('fileType'), 'import.unknownValue', { column: column('fileType'), value: text('fileType') });
      else if (!type.active) findings.add(row, column('fileType'), 'fileType.inactive', { name: type.name });
      else fileTypeId = type.id;
      flagged.add('fileType');
    }
    const archiveNo = text('archiveNo') || undefined;
    const spec: FileGroup['spec'] = {
      title: text('title'),
      ...(confidentiality ? { confidentiality } : {}),
      ...(retention ? { retention } : {}),
      ...(fileTypeId ? { fileTypeId } : {}),
      ...(text('fileRemarks') ? { remarks: text('fileRemarks') } : {}),
    };
    const fileColumnOf = (key: string) =>
      ({ title: headers.get('title'), remarks: headers.get('fileRemarks'), confidentiality: headers.get('confidentiality'), retention: headers.get('retention') })[key] ?? null;
    schemaProblems(fileSchema, { clientId: client?.id ?? '-', ...spec }, fileColumnOf, row, findings, flagged);
    if (archiveNo) {
      if (archiveNo.length > 64) findings.add(row, column('archiveNo'), 'import.tooLong', { column: column('archiveNo'), max: 64 });
      else if (archiveNoTaken.get(archiveNo)) findings.add(row, column('archiveNo'), 'file.duplicateArchiveNo', { archiveNo });
    }

    // The item of this row, if any of its columns is filled.
    let item: FileGroup['items'][number] | undefined;
    const itemKeys = ['itemTitle', 'docNo', 'responsibleParty', 'date', 'pageCount', 'remarks'];
    if (itemKeys.some((k) => text(k) !== '')) {
      const fields: FileGroup['items'][number]['fields'] = { title: text('itemTitle') };
      const itemFlagged = new Set<string>();
      if (!fields.title) {
        findings.add(row, headers.get('itemTitle') ?? null, 'import.itemWithoutTitle');
        itemFlagged.add('title');
      }
      if (text('docNo')) fields.docNo = text('docNo');
      if (text('responsibleParty')) fields.responsibleParty = text('responsibleParty');
      if (text('remarks')) fields.remarks = text('remarks');
      if (text('date')) {
        const date = parseDateCell(values.get('date'));
        if (!date) findings.add(row, column('date'), 'import.badDate', { column: column('date'), value: text('date') });
        else fields.date = date;
        itemFlagged.add('date');
      }
      if (text('pageCount')) {
        const count = parseCountCell(values.get('pageCount'));
        if (count === null) findings.add(row, column('pageCount'), 'import.badCount', { column: column('pageCount'), value: text('pageCount') });
        else fields.pageCount = count;
        itemFlagged.add('pageCount');
      }
      const itemColumnOf = (key: string) =>
        ({ title: headers.get('itemTitle'), docNo: headers.get('docNo'), responsibleParty: headers.get('responsibleParty'), remarks: headers.get('remarks'), pageCount: headers.get('pageCount'), date: headers.get('date') })[key] ?? null;
      schemaProblems(itemSchema, { archiveNo: 'X', ...fields }, itemColumnOf, row, findings, itemFlagged);
      item = { row, fields };
    }

    if (!client) continue;
    const key = archiveNo ? `no\u0000${archiveNo}` : `ct\u0000${client.id}\u0000${spec.title}\u0000${fileTypeId ?? ''}`;
    const signature = new Map(FILE_LEVEL_COMPARED.map((k) => [k, k === 'clientCreditCode' ? codeText(values.get(k)) : text(k)]));
    let group = groups.get(key);
    if (!group) {
      group = { firstRow: row, rows: [], clientId: client.id, clientName: client.name, spec: { ...spec, ...(archiveNo ? { archiveNo } : {}) }, signature, items: [] };
      groups.set(key, group);
    } else {
      for (const k of FILE_LEVEL_COMPARED) {
        const mine = signature.get(k) ?? '';
        // A blank repeat of a file column is fine (merged cells export as blanks).
        if (mine !== '' && mine !== (group.signature.get(k) ?? '')) {
          findings.add(row, column(k), 'import.inconsistentFile', { column: column(k), firstRow: group.firstRow });
          break;
        }
      }
    }
    group.rows.push(row);
    groupOfRow.set(row, group);
    if (item) group.items.push(item);
  }

  // A file is imported whole or not at all.
  const goodGroups: FileGroup[] = [];
  for (const group of groups.values()) {
    const bad = group.rows.find((r) => findings.badRows.has(r));
    if (bad === undefined) {
      goodGroups.push(group);
      continue;
    }
    for (const r of group.rows) if (!findings.badRows.has(r)) findings.add(r, null, 'import.fileHasBadRows', { badRow: bad });
  }
  return { work, findings, plans: goodGroups };
}

/** 30年 typed as ３０年 or "30 年". */
function halfRetention(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

function report(
  kind: ImportKind,
  dryRun: boolean,
  work: Sheetwork,
  findings: Findings,
  created: ImportReport['created'],
  archiveNos: string[] = [],
): ImportReport {
  const problems = [...findings.problems].sort((a, b) => a.row - b.row);
  return {
    kind,
    dryRun,
    format: work.workbook.format,
    encoding: work.workbook.encoding,
    sheet: work.sheetName,
    headerRow: work.headerIndex + 1,
    mapping: work.resolved.mapping,
    unmappedHeaders: work.resolved.unmapped,
    totalRows: work.rows.length,
    goodRows: work.rows.length - findings.badRows.size,
    badRows: findings.badRows.size,
    emptyRows: work.emptyRows,
    problems,
    created,
    archiveNos,
  };
}

function requireFilesWrite(ctx: ServiceContext, kind: ImportKind): void {
  if (kind === 'files' && !roleCan(ctx.user.role, 'files.write')) throw new DossierError('auth.forbidden', { capability: 'files.write' });
}

export const checkImport = staged<'import.check', Workbook>({
  prepare: openWorkbook,
  run: (ctx, input, workbook) => {
  requireFilesWrite(ctx, input.kind);
  if (input.kind === 'clients') {
    const { work, findings, plans } = analyseClients(ctx, input, workbook);
    return report('clients', true, work, findings, { clients: plans.length, files: 0, items: 0 });
  }
  const { work, findings, plans } = analyseFiles(ctx, input, workbook);
  return report('files', true, work, findings, { clients: 0, files: plans.length, items: plans.reduce((n, g) => n + g.items.length, 0) });
  },
});

export const runImport = staged<'import.run', Workbook>({
  prepare: openWorkbook,
  run: (ctx, input, workbook) => {
  requireFilesWrite(ctx, input.kind);
  const analysis = input.kind === 'clients' ? analyseClients(ctx, input, workbook) : analyseFiles(ctx, input, workbook);
  const { work, findings } = analysis;
  if (input.mode === 'all-or-nothing' && findings.badRows.size > 0) throw new DossierError('import.rejected', { badRows: findings.badRows.size });
  const created = { clients: 0, files: 0, items: 0 };
  const archiveNos: string[] = [];
  if (input.kind === 'clients') {
    for (const plan of analysis.plans as ClientPlan[]) {
      createClient(ctx, plan.input);
      created.clients++;
    }
  } else {
    for (const group of analysis.plans as FileGroup[]) {
      const { record } = insertFile(ctx, { clientId: group.clientId, ...group.spec });
      auditNewFile(ctx, 'files.create', record, { import: true });
      archiveNos.push(record.archiveNo);
      created.files++;
      if (group.items.length) {
        const items = addItems(ctx, { id: record.id, archive_no: record.archiveNo, file_type_id: record.fileTypeId ?? null }, group.items.map((i) => i.fields));
        for (const item of items) {
          ctx.audit({
            action: 'items.add',
            targetType: 'item',
            targetId: item.id,
            targetLabel: `${record.archiveNo} #${item.seq}`,
            details: { archiveNo: record.archiveNo, seq: item.seq, title: item.title, docNo: item.docNo, date: item.date, pageCount: item.pageCount, import: true },
          });
        }
        created.items += items.length;
      }
    }
  }
  if (input.mapping) rememberMapping(ctx, input.kind, input.mapping);
  ctx.audit({
    action: 'import.run',
    targetType: input.kind === 'clients' ? 'client' : 'file',
    targetId: null,
    targetLabel: input.fileName.slice(0, 100),
    details: { kind: input.kind, format: work.workbook.format, mode: input.mode, rows: work.rows.length, badRows: findings.badRows.size, ...created },
  });
  return report(input.kind, false, work, findings, created, archiveNos);
  },
});


export const getImportMapping: Handler<'import.mapping'> = (ctx, input) => ({ kind: input.kind, mapping: rememberedMapping(ctx, input.kind) });

// ---------------------------------------------------------------------------------------
// Export

type Language = 'zh-CN' | 'en';
type Value = string | number | null;

function localTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface Table {
  title: string;
  header: string[];
  rows: Value[][];
}

function columnLabel(language: Language, key: string): string {
  return (catalogs[language].enums.spreadsheetColumn as Record<string, string>)[key] ?? key;
}

function clientTable(ctx: ServiceContext, language: Language): Table {
  const enums = catalogs[language].enums;
  const schemes = listClassifications(ctx, { includeInactive: true });
  const rows = ctx.db.all(ctx.db.k.selectFrom('clients').selectAll().orderBy('name').orderBy('created_at'));
  const clients: Client[] = clientRecords(ctx, rows);
  const text = (c: Client, key: string): Value => {
    const v = (c as unknown as Record<string, unknown>)[key];
    return v === null || v === undefined ? null : String(v);
  };
  const plain = ['name', 'creditCode', 'shortName'];
  const rest = ['contactPerson', 'contactPhone', 'legalRepresentative', 'address', 'enterpriseNature', 'supervisingUnit', 'accountManager', 'creditStatus', 'verifiedOn'];
  const valueLabel = (schemeCode: string, valueCode: string | undefined): Value => {
    if (!valueCode) return null;
    const scheme = schemes.find((s) => s.code === schemeCode);
    const value = scheme?.values.find((v) => v.code === valueCode);
    return value ? (language === 'en' ? (value.labelEn ?? value.label) : value.label) : valueCode;
  };
  const header = [
    ...plain.map((k) => columnLabel(language, k)),
    columnLabel(language, 'category'),
    ...schemes.filter((s) => s.id !== CATEGORY_SCHEME_ID && s.code !== 'category').map((s) => (language === 'en' ? (s.labelEn ?? s.label) : s.label)),
    columnLabel(language, 'clientStatus'),
    ...rest.map((k) => columnLabel(language, k)),
    columnLabel(language, 'createdAt'),
  ];
  const data = clients.map((c) => [
    ...plain.map((k) => text(c, k)),
    valueLabel('category', c.classifications?.category) ?? c.category,
    ...schemes.filter((s) => s.id !== CATEGORY_SCHEME_ID && s.code !== 'category').map((s) => valueLabel(s.code, c.classifications?.[s.code])),
    enums.clientStatus[c.status],
    ...rest.map((k) => text(c, k)),
    localTime(c.createdAt),
  ]);
  return { title: language === 'en' ? 'Clients' : '客户信息一览表', header, rows: data };
}

function fileTable(ctx: ServiceContext, language: Language): Table {
  const enums = catalogs[language].enums;
  const files: FileRecord[] = ctx.db.all(fileQuery(ctx).orderBy('files.archive_no')).map(toFileRecord);
  const keys = ['archiveNo', 'clientName', 'title', 'fileType', 'confidentiality', 'retention', 'status', 'itemCount', 'pageCount', 'fileRemarks', 'createdAt'];
  return {
    title: language === 'en' ? 'Files' : '案卷目录',
    header: keys.map((k) => (k === 'itemCount' ? (language === 'en' ? 'Items' : '件数') : columnLabel(language, k))),
    rows: files.map((f) => [
      f.archiveNo,
      f.clientName,
      f.title,
      f.fileTypeName ?? null,
      enums.confidentiality[f.confidentiality],
      enums.retention[f.retention],
      enums.fileStatus[f.status],
      f.itemCount ?? null,
      f.pageCount ?? null,
      f.remarks || null,
      localTime(f.createdAt),
    ]),
  };
}

function loanTable(ctx: ServiceContext, language: Language, open: boolean): Table {
  const enums = catalogs[language].enums;
  let query = loanQuery(ctx);
  query = open ? query.where('loans.returned_at', 'is', null).orderBy('loans.due_date').orderBy('files.archive_no') : query.orderBy('loans.lent_at', 'desc');
  const loans: Loan[] = ctx.db.all(query).map((row) => toLoan(ctx, row));
  const keys = ['archiveNo', 'fileTitle', 'clientName', 'confidentiality', 'borrower', 'purpose', 'lentAt', 'lentBy', 'dueDate', 'returnedAt', 'returnedBy', 'overdue'];
  const yes = language === 'en' ? 'yes' : '是';
  return {
    title: language === 'en' ? (open ? 'Open loans' : 'Loans') : open ? '借阅登记簿（未还）' : '借阅登记簿',
    header: keys.map((k) => columnLabel(language, k)),
    rows: loans.map((l) => [
      l.archiveNo,
      l.fileTitle,
      l.clientName,
      enums.confidentiality[l.confidentiality],
      l.borrower,
      l.purpose || null,
      localTime(l.lentAt),
      l.lentBy,
      l.dueDate,
      localTime(l.returnedAt),
      l.returnedBy,
      l.overdue ? yes : null,
    ]),
  };
}

function handoverTable(ctx: ServiceContext, language: Language): Table {
  const handovers = listHandovers(ctx, { limit: 5000, department: undefined, archiveNo: undefined });
  const keys = ['department', 'eventKind', 'eventDate', 'deadline', 'receivedDate', 'onTime', 'daysLate', 'clientName', 'archiveNo', 'handoverItems', 'missingItems', 'handedOverBy', 'receivedBy', 'remarks'];
  const yes = language === 'en' ? 'yes' : '是';
  const no = language === 'en' ? 'no' : '否';
  return {
    title: language === 'en' ? 'Handover register' : '移交登记簿',
    header: keys.map((k) => columnLabel(language, k)),
    rows: handovers.map((h) => [
      h.department,
      h.eventKindName,
      h.eventDate,
      h.deadline,
      h.receivedDate,
      h.onTime ? yes : no,
      h.daysLate || null,
      h.clientName ?? null,
      h.archiveNo ?? null,
      h.items.map((i) => i.name).join('；') || null,
      h.missing.join('；') || null,
      h.handedOverBy.name,
      h.receivedBy.name,
      h.remarks || null,
    ]),
  };
}

/** Reads the list in the transaction; the .xlsx is written after it (asynchronous). */
export const createExport = staged<'export.create', undefined, { table: Table; format: 'xlsx' | 'csv'; encoding: 'utf8' | 'gbk'; fileName: string; mimeType: string }>({
  run: (ctx, input) => {
  const table =
    input.list === 'clients'
      ? clientTable(ctx, input.language)
      : input.list === 'files'
        ? fileTable(ctx, input.language)
        : input.list === 'handovers'
          ? handoverTable(ctx, input.language)
          : loanTable(ctx, input.language, input.open);
  const fileName = `${table.title}-${ctx.today()}.${input.format}`;
  const mimeType =
    input.format === 'xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : `text/csv; charset=${input.encoding === 'gbk' ? 'gb18030' : 'utf-8'}`;
  ctx.audit({
    action: 'export.create',
    targetType: input.list === 'clients' ? 'client' : input.list === 'files' ? 'file' : input.list === 'handovers' ? 'handover' : 'loan',
    targetId: null,
    targetLabel: fileName,
    details: { list: input.list, format: input.format, rows: table.rows.length, open: input.list === 'loans' ? input.open : undefined },
  });
  return { table, format: input.format, encoding: input.encoding, fileName, mimeType };
  },
  finish: async ({ table, format, encoding, fileName, mimeType }) => {
    const bytes =
      format === 'xlsx' ? await writeXlsx([{ name: table.title, header: table.header, rows: table.rows }]) : writeCsv(table.header, table.rows, encoding);
    return { fileName, contentBase64: bytes.toString('base64'), mimeType, rows: table.rows.length };
  },
});

export const transferHandlers = {
  'import.check': checkImport,
  'import.run': runImport,
  'import.mapping': getImportMapping,
  'export.create': createExport,
};

