import type { z } from 'zod';
import { contract } from '../../shared/contract.js';
import type { OpParsedInput } from '../../shared/contract.js';
import { creditCodeProblem } from '../../shared/domain/creditCode.js';
import { parseConfidentiality, parseRetention } from '../../shared/domain/enums.js';
import type { Confidentiality, Retention } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import type { ErrorCode, ErrorParams } from '../../shared/errors.js';
import { MAX_IMPORT_BYTES, MAX_UPLOAD_IMPORT_BYTES } from '../../shared/ops/import.js';
import { uploadsFor } from '../streams/uploads.js';
import type { ImportKind, ImportMapping, ImportProblem, ImportReport } from '../../shared/ops/import.js';
import { OperationContext } from '../context.js';
import { listClassifications } from '../records/classifications.js';
import { createClient } from '../records/clients.js';
import { listFileTypes } from '../records/fileTypes.js';
import { auditNewFile, insertFile } from '../records/files.js';
import { addItems } from '../records/items.js';
import { runTask } from '../workers/pool.js';
import { MAX_EXPANDED_BYTES, MAX_IMPORT_ROWS } from '../workers/tasks.js';
import type { Cell, Workbook } from '../spreadsheet/index.js';
import { CLIENT_FIELDS, fieldLabel, FILE_FIELDS, findHeaderRow, MappingError, resolveMapping } from '../spreadsheet/mapping.js';
import type { ImportField, ResolvedMapping } from '../spreadsheet/mapping.js';
import { cellText, codeText, isEmptyRow, parseCountCell, parseDateCell } from '../spreadsheet/values.js';
import { staged } from './kit.js';
import type { Handler, JobControl } from './kit.js';
import type { importOps } from '../../shared/ops/import.js';
import type { HandlersOf } from './kit.js';

type ClientInput = OpParsedInput<'clients.create'>;

type ImportInputParsed = OpParsedInput<'import.run'>;

// ---------------------------------------------------------------------------------------
// Reading and mapping
const mappingKey = (kind: ImportKind) => `import.mapping.${kind}`;

export function rememberedMapping(ctx: OperationContext, kind: ImportKind): ImportMapping {
  const row = ctx.db.one(ctx.db.k.selectFrom('settings').select('value').where('key', '=', mappingKey(kind)));
  if (!row) return {};
  try {
    const value = JSON.parse(row.value) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as ImportMapping) : {};
  } catch {
    return {};
  }
}

function rememberMapping(ctx: OperationContext, kind: ImportKind, mapping: ImportMapping): void {
  const value = JSON.stringify(mapping);
  ctx.db.run(
    ctx.db.k
      .insertInto('settings')
      .values({ key: mappingKey(kind), value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}

/** The file's bytes: an upload of this session (checked by its size before it is decrypted), or inline base64. */
async function decode(ctx: OperationContext, input: ImportInputParsed): Promise<Buffer> {
  if (input.uploadId !== undefined) {
    const uploads = uploadsFor(ctx);
    if (!uploads) throw new DossierError('validation', { detail: 'unknown upload' });
    if (uploads.get(input.uploadId).size > MAX_UPLOAD_IMPORT_BYTES) throw new DossierError('import.tooLarge', { maxMb: MAX_UPLOAD_IMPORT_BYTES / 1024 / 1024 });
    return uploads.read(input.uploadId, MAX_UPLOAD_IMPORT_BYTES);
  }
  const bytes = Buffer.from(input.contentBase64 ?? '', 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) throw new DossierError('import.tooLarge', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
  return bytes;
}

/** Runs before the transaction, in a worker with a memory limit: the bytes become rows of cells. */
async function openWorkbook(ctx: OperationContext, input: ImportInputParsed, control: JobControl): Promise<Workbook> {
  control.progress('read', 0, null);
  const bytes = await decode(ctx, input);
  if (control.signal.aborted) throw new DossierError('job.cancelled');
  const result = await runTask('spreadsheet.read', { bytes, fileName: input.fileName, encoding: input.encoding }, { signal: control.signal });
  if (result.ok) {
    control.progress('check', 0, result.value.sheets.reduce((n, s) => n + s.rows.length, 0));
    return result.value;
  }
  if (result.reason === 'unsupportedFormat') throw new DossierError('import.unsupportedFormat', { fileName: input.fileName.slice(0, 100) });
  if (result.reason === 'tooLarge') throw new DossierError('import.tooComplex', { maxMb: MAX_EXPANDED_BYTES / 1024 / 1024 });
  if (result.reason === 'tooManyRows') throw new DossierError('import.tooManyRows', { rows: Number(result.detail), max: MAX_IMPORT_ROWS });
  throw new DossierError('import.unreadable', { detail: result.detail.slice(0, 200) });
}

interface Classification {
  code: string;
  label: string;
  labelEn: string | null;
  values: Map<string, string>; // label / english label / code (lower case) → value code
}

/** Active classification schemes (category first), from the client register. */
function classificationSchemes(ctx: OperationContext): Classification[] {
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

export function prepare(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook, fields: ImportField[], required: string[][]): Sheetwork {
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

function analyseClients(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook) {
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

function analyseFiles(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook) {
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

export const checkImport = staged<'import.check', Workbook>({
  inWorker: true,
  prepare: openWorkbook,
  run: (ctx, input, workbook) => {
  if (input.kind === 'clients') {
    const { work, findings, plans } = analyseClients(ctx, input, workbook);
    return report('clients', true, work, findings, { clients: plans.length, files: 0, items: 0 });
  }
  const { work, findings, plans } = analyseFiles(ctx, input, workbook);
  return report('files', true, work, findings, { clients: 0, files: plans.length, items: plans.reduce((n, g) => n + g.items.length, 0) });
  },
});

export const runImport = staged<'import.run', Workbook>({
  inWorker: true,
  prepare: openWorkbook,
  run: (ctx, input, workbook, control) => {
  const analysis = input.kind === 'clients' ? analyseClients(ctx, input, workbook) : analyseFiles(ctx, input, workbook);
  const { work, findings } = analysis;
  if (input.mode === 'all-or-nothing' && findings.badRows.size > 0) throw new DossierError('import.rejected', { badRows: findings.badRows.size });
  const created = { clients: 0, files: 0, items: 0 };
  const archiveNos: string[] = [];
  if (input.kind === 'clients') {
    const plans = analysis.plans as ClientPlan[];
    for (const plan of plans) {
      control.checkCancelled();
      if (created.clients % 100 === 0) control.progress('write', created.clients, plans.length);
      createClient(ctx, plan.input);
      created.clients++;
    }
  } else {
    for (const group of analysis.plans as FileGroup[]) {
      control.checkCancelled();
      if (created.files % 100 === 0) control.progress('write', created.files, analysis.plans.length);
      const { record } = insertFile(ctx, { clientId: group.clientId, ...group.spec });
      auditNewFile(ctx, 'files.create', record, { import: true });
      archiveNos.push(record.archiveNo);
      created.files++;
      if (group.items.length) {
        const items = addItems(ctx, { id: record.id, archiveNo: record.archiveNo, fileTypeId: record.fileTypeId ?? null }, group.items.map((i) => i.fields));
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

/** The handlers of the `import.*` operations. */
export const importHandlers = {
  'import.check': checkImport,
  'import.run': runImport,
  'import.mapping': getImportMapping,
} satisfies HandlersOf<typeof importOps>;
