/**
 * The import's analysis and write: every chosen sheet's rows validated against the contract,
 * each problem named by sheet, row and column; unknown classification values gathered once
 * with their rows and the clerk's choices; duplicates of clients and files already in the
 * archive reported. Nothing here guesses silently: what is uncertain becomes a problem.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { contract } from '../../shared/contract.js';
import type { OpParsedInput } from '../../shared/contract.js';
import { roleCan } from '../../shared/domain/permissions.js';
import { creditCodeProblem } from '../../shared/domain/creditCode.js';
import { parseConfidentiality, parseRetention } from '../../shared/domain/enums.js';
import type { Confidentiality, Retention } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import type { ErrorCode, ErrorParams } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { ImportKind, ImportMapping, ImportProblem, ImportReport, ValueChoice, ValueChoices } from '../../shared/ops/import.js';
import type { OperationContext } from '../context.js';
import { listClassifications, nextSortOrder } from '../records/classifications.js';
import { createClientRecord } from '../records/clients.js';
import type { ClientLifecycle } from '../records/clients.js';
import { listFileTypes } from '../records/fileTypes.js';
import { auditNewFile, insertFile } from '../records/files.js';
import { addItems } from '../records/items.js';
import type { Cell, Workbook } from '../spreadsheet/index.js';
import { CLIENT_FIELDS, CLIENT_LIFECYCLE_FIELDS, fieldLabel, FILE_FIELDS, findHeaderRow, MappingError, resolveMapping } from '../spreadsheet/mapping.js';
import type { ImportField, ResolvedMapping } from '../spreadsheet/mapping.js';
import {
  cellText,
  codeCellIsNumber,
  codeText,
  columnLetters,
  halfWidth,
  invisibleInside,
  isEmptyRow,
  isFormulaProblem,
  parseCountCell,
  readDateCell,
  visible,
} from '../spreadsheet/values.js';
import type { JobControl } from './kit.js';

type ClientInput = OpParsedInput<'clients.create'>;
export type ImportInputParsed = OpParsedInput<'import.run'>;

// ---------------------------------------------------------------------------------------
// Remembered settings: the column mapping and the value choices, per kind
const mappingKey = (kind: ImportKind) => `import.mapping.${kind}`;
const choicesKey = (kind: ImportKind) => `import.valueChoices.${kind}`;

function readSetting(ctx: OperationContext, key: string): Record<string, unknown> {
  const row = ctx.db.one(ctx.db.k.selectFrom('settings').select('value').where('key', '=', key));
  if (!row) return {};
  try {
    const value = JSON.parse(row.value) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function writeSetting(ctx: OperationContext, key: string, data: unknown): void {
  const value = JSON.stringify(data);
  ctx.db.run(
    ctx.db.k
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}

export const rememberedMapping = (ctx: OperationContext, kind: ImportKind): ImportMapping => readSetting(ctx, mappingKey(kind)) as ImportMapping;
export const rememberedChoices = (ctx: OperationContext, kind: ImportKind): ValueChoices => readSetting(ctx, choicesKey(kind)) as ValueChoices;

// ---------------------------------------------------------------------------------------
// Classification schemes
interface Classification {
  id: string;
  code: string;
  label: string;
  labelEn: string | null;
  values: Map<string, string>; // label / english label / code (lower case) → value code
  labels: string[];
}

const valueKey = (text: string) => halfWidth(text).trim().toLowerCase();

function classificationSchemes(ctx: OperationContext): Classification[] {
  return listClassifications(ctx, { includeInactive: false })
    .filter((s) => s.active)
    .map((s) => {
      const values = new Map<string, string>();
      const active = s.values.filter((x) => x.active);
      for (const v of active) for (const name of [v.label, v.labelEn, v.code]) if (name) values.set(valueKey(name), v.code);
      return { code: s.code, label: s.label, labelEn: s.labelEn, values, id: s.id, labels: active.map((v) => v.label) };
    })
    .filter((s) => s.values.size > 0);
}

function clientFields(schemes: Classification[]): ImportField[] {
  const accepted = contract['clients.create'].input.shape as Record<string, unknown>;
  const lifecycle = new Set<string>(CLIENT_LIFECYCLE_FIELDS);
  const fields = CLIENT_FIELDS.filter((f) => f.key in accepted || lifecycle.has(f.key)).map((f) =>
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
// Sheets and findings
export interface SheetWork {
  index: number;
  /** null for CSV (one unnamed sheet). */
  name: string | null;
  headerIndex: number;
  resolved: ResolvedMapping;
  rows: { row: number; cells: Cell[] }[];
  emptyRows: number;
  headerColumns: Set<number>;
  /** Header as written → field key, for this sheet. */
  headers: Map<string, string>;
}

export interface Work {
  workbook: Workbook;
  sheets: SheetWork[];
  sheetReports: ImportReport['sheets'];
  mapping: ImportMapping;
  unmapped: string[];
}

export interface RowRef {
  sheet: SheetWork;
  row: number;
}

const refKey = (ref: RowRef) => `${ref.sheet.index}:${ref.row}`;
const refText = (ref: RowRef, other: SheetWork) => (ref.sheet === other || ref.sheet.name === null ? ref.row : `${ref.sheet.name} ${ref.row}`);

export class Findings {
  readonly problems: ImportProblem[] = [];
  readonly badRows = new Set<string>();
  private readonly perSheet = new Map<number, Set<number>>();

  add(ref: RowRef, column: string | null, code: ErrorCode, params: ErrorParams = {}): void {
    const shown: ImportProblem['params'] = {};
    for (const [k, v] of Object.entries(params)) shown[k] = typeof v === 'string' ? visible(v) : (v as number);
    this.problems.push({ row: ref.row, column, code, params: shown, ...(ref.sheet.name !== null ? { sheet: ref.sheet.name } : {}) });
    this.badRows.add(refKey(ref));
    const set = this.perSheet.get(ref.sheet.index) ?? new Set<number>();
    set.add(ref.row);
    this.perSheet.set(ref.sheet.index, set);
  }

  has(ref: RowRef): boolean {
    return this.badRows.has(refKey(ref));
  }

  badRowsOf(sheet: number): number {
    return this.perSheet.get(sheet)?.size ?? 0;
  }
}

/** The sheets to read: those chosen, else every sheet whose header has the required columns. */
export function prepare(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook, fields: ImportField[], required: string[][]): Work {
  const userMapping = input.mapping ?? rememberedMapping(ctx, input.kind);
  const names = workbook.sheets.map((s) => s.name);
  const chosen = workbook.format === 'csv' ? undefined : input.sheets;
  for (const wanted of chosen ?? []) {
    if (!names.includes(wanted)) throw new DossierError('import.noSheet', { sheet: wanted.slice(0, 100), sheets: names.join('、') });
  }
  const sheets: SheetWork[] = [];
  const sheetReports: ImportReport['sheets'] = [];
  let missing: { field: ImportField } | undefined;
  workbook.sheets.forEach((sheet, index) => {
    const report = { name: sheet.name, read: false, status: 'noHeader' as ImportReport['sheets'][number]['status'], headerRow: null as number | null, rows: 0, badRows: 0 };
    sheetReports.push(report);
    if (chosen && !chosen.includes(sheet.name)) {
      report.status = 'notChosen';
      return;
    }
    const headerIndex = findHeaderRow(sheet.rows, fields, userMapping);
    if (headerIndex < 0) return;
    let resolved: ResolvedMapping;
    try {
      resolved = resolveMapping(sheet.rows[headerIndex]!, fields, userMapping);
    } catch (err) {
      if (err instanceof MappingError) throw new DossierError('import.badMapping', { header: err.header, field: err.field });
      throw err;
    }
    report.headerRow = headerIndex + 1;
    const keys = new Set([...resolved.columns.values()].map((f) => f.key));
    const lacking = required.find((any) => !any.some((k) => keys.has(k)));
    if (lacking) {
      report.status = 'missingColumn';
      const field = fields.find((f) => f.key === lacking[0])!;
      missing ??= { field };
      if (chosen) throw new DossierError('import.missingColumn', { column: fieldLabel(field, 'zh-CN') });
      return;
    }
    const conflict = resolved.conflicts[0];
    if (conflict) {
      const field = fields.find((f) => f.key === conflict.field)!;
      throw new DossierError('import.duplicateColumn', { field: fieldLabel(field, 'zh-CN'), columns: conflict.columns.join('、') });
    }
    const rows: SheetWork['rows'] = [];
    let emptyRows = 0;
    for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
      const cells = sheet.rows[i]!;
      if (isEmptyRow(cells)) emptyRows++;
      else rows.push({ row: i + 1, cells });
    }
    const headerColumns = new Set<number>();
    sheet.rows[headerIndex]!.forEach((c, i) => {
      if (cellText(c) !== '') headerColumns.add(i);
    });
    const headers = new Map<string, string>();
    for (const [header, key] of Object.entries(resolved.mapping)) if (key) headers.set(key, header);
    report.read = true;
    report.status = 'recognised';
    report.rows = rows.length;
    sheets.push({ index, name: workbook.format === 'csv' ? null : sheet.name, headerIndex, resolved, rows, emptyRows, headerColumns, headers });
  });
  if (sheets.length === 0) {
    if (missing) throw new DossierError('import.missingColumn', { column: fieldLabel(missing.field, 'zh-CN') });
    throw new DossierError('import.noHeader');
  }
  const mapping: ImportMapping = {};
  const unmapped: string[] = [];
  for (const s of sheets) {
    for (const [h, k] of Object.entries(s.resolved.mapping)) if (!(h in mapping) || (mapping[h] === null && k)) mapping[h] = k;
    for (const h of s.resolved.unmapped) if (!unmapped.includes(h)) unmapped.push(h);
  }
  return { workbook, sheets, sheetReports, mapping, unmapped: unmapped.filter((h) => !mapping[h]) };
}

/** Values of one row by field key; formula cells without a usable value are reported with their cell reference. */
function rowValues(ref: RowRef, cells: Cell[], findings: Findings, flagged: Set<string>): Map<string, Cell> {
  const values = new Map<string, Cell>();
  for (const [index, field] of ref.sheet.resolved.columns) {
    const cell = cells[index] ?? null;
    if (isFormulaProblem(cell)) {
      const at = `${columnLetters(index)}${ref.row}`;
      const column = ref.sheet.headers.get(field.key) ?? field.key;
      if (cell.formulaError) findings.add(ref, column, 'import.formulaError', { cell: at, value: cell.formulaError, formula: cell.formula ? `=${cell.formula}` : '—' });
      else findings.add(ref, column, 'import.formulaNoResult', { cell: at, formula: `=${cell.formula}` });
      flagged.add(field.key);
      values.set(field.key, null);
    } else values.set(field.key, cell);
  }
  return values;
}

function checkExtraCells(ref: RowRef, cells: Cell[], findings: Findings): void {
  let extra = 0;
  cells.forEach((c, i) => {
    if (!ref.sheet.headerColumns.has(i) && (cellText(c) !== '' || isFormulaProblem(c))) extra++;
  });
  if (extra > 0) findings.add(ref, null, 'import.extraCells', { count: extra });
}

/** Reports what the contract's own input schema refuses (length limits, required text, formats). */
function schemaProblems(schema: z.ZodType, value: unknown, columnOf: (key: string) => string | null, ref: RowRef, findings: Findings, already: Set<string>): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    const top = String(issue.path[0] ?? '');
    if (already.has(key) || already.has(top)) continue;
    already.add(key);
    const column = columnOf(key) ?? columnOf(top);
    const label = column ?? key;
    if (issue.code === 'too_big') findings.add(ref, column, 'import.tooLong', { column: label, max: Number((issue as { maximum?: number | bigint }).maximum ?? 0) });
    else if (issue.code === 'too_small' || (issue.code === 'invalid_type' && value && (value as Record<string, unknown>)[top] === undefined)) {
      findings.add(ref, column, 'import.required', { column: label });
    } else findings.add(ref, column, 'import.invalid', { column: label, detail: issue.message });
  }
  return undefined;
}

/** A date field's value, or a problem (partial dates are refused: no client or item date field takes one). */
function dateField(ref: RowRef, cell: Cell | undefined, column: string, today: string, findings: Findings): string | undefined | null {
  const reading = readDateCell(cell, today);
  if (!reading) return undefined;
  if ('partial' in reading) {
    findings.add(ref, column, 'import.partialDate', { column, value: cellText(cell) });
    return null;
  }
  if ('problem' in reading) {
    const code = `import.${reading.problem}` as ErrorCode;
    findings.add(ref, column, code, { column, value: reading.value, ...(reading.problem === 'implausibleDate' ? { date: reading.date ?? reading.value } : {}) });
    return null;
  }
  return reading.date;
}

/** A name compared for duplicates: half-width, invisible characters and spaces gone, lower case. */
export function normalName(name: string): string {
  return halfWidth(name)
    .replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '')
    .toLowerCase();
}

function nameProblems(ref: RowRef, column: string, text: string, findings: Findings): boolean {
  const found = invisibleInside(text);
  if (!found.length) return false;
  findings.add(ref, column, 'import.invisibleCharacter', { column, value: text, characters: found.map((c) => `[${c}]`).join(' ') });
  return true;
}

// ---------------------------------------------------------------------------------------
// Unknown classification values
interface UnknownTally {
  scheme: Classification;
  column: string;
  value: string;
  count: number;
  rows: { sheet?: string; row: number }[];
  choice: ValueChoice | null;
}

class ValueDecisions {
  private readonly byScheme = new Map<string, Map<string, ValueChoice>>();
  readonly tallies = new Map<string, UnknownTally>();
  /** scheme code → value key → the new value (code, label) to add. */
  readonly additions = new Map<string, Map<string, { code: string; label: string }>>();

  constructor(
    readonly choices: ValueChoices,
    schemes: Classification[],
    private readonly addAll: boolean,
    private readonly canAdd: boolean,
    columnOfScheme: (scheme: string) => string | undefined,
  ) {
    for (const [name, values] of Object.entries(choices)) {
      const key = valueKey(name);
      const scheme = schemes.find((s) => [s.code, s.label, s.labelEn, columnOfScheme(s.code)].some((n) => n && valueKey(n) === key));
      if (!scheme) continue;
      const map = this.byScheme.get(scheme.code) ?? new Map<string, ValueChoice>();
      for (const [value, choice] of Object.entries(values)) map.set(valueKey(value), choice);
      this.byScheme.set(scheme.code, map);
    }
  }

  /** The value code to store (undefined: leave empty), or a problem code. */
  decide(ref: RowRef, scheme: Classification, column: string, text: string, findings: Findings): { code?: string; bad: boolean } {
    const key = valueKey(text);
    const choice = this.byScheme.get(scheme.code)?.get(key) ?? (this.addAll ? { action: 'add' as const } : null);
    const tallyKey = `${scheme.code}\u0000${key}`;
    const tally = this.tallies.get(tallyKey) ?? { scheme, column, value: text, count: 0, rows: [], choice };
    tally.count++;
    if (tally.rows.length < 20) tally.rows.push({ ...(ref.sheet.name !== null ? { sheet: ref.sheet.name } : {}), row: ref.row });
    this.tallies.set(tallyKey, tally);
    const accepted = scheme.labels.join('、');
    if (!choice) {
      findings.add(ref, column, 'import.unknownValue', { column, value: text, accepted });
      return { bad: true };
    }
    if (choice.action === 'empty') return { bad: false };
    if (choice.action === 'map') {
      const to = choice.to ? scheme.values.get(valueKey(choice.to)) : undefined;
      if (!to) {
        findings.add(ref, column, 'import.badValueChoice', { column, value: text, to: choice.to ?? '' });
        return { bad: true };
      }
      return { code: to, bad: false };
    }
    if (!this.canAdd) {
      findings.add(ref, column, 'import.cannotAddValue', { column, value: text });
      return { bad: true };
    }
    const adds = this.additions.get(scheme.code) ?? new Map<string, { code: string; label: string }>();
    let added = adds.get(key);
    if (!added) {
      added = { code: `v${randomUUID().replace(/-/g, '').slice(0, 12)}`, label: text.trim().slice(0, 50) };
      adds.set(key, added);
      this.additions.set(scheme.code, adds);
    }
    return { code: added.code, bad: false };
  }

  report(): ImportReport['unknownValues'] {
    return [...this.tallies.values()].map((t) => ({
      scheme: t.scheme.code,
      schemeLabel: t.scheme.label,
      column: t.column,
      value: t.value,
      count: t.count,
      rows: t.rows,
      accepted: t.scheme.labels,
      choice: t.choice,
    }));
  }

  added(schemes: Classification[]): ImportReport['addedValues'] {
    const out: ImportReport['addedValues'] = [];
    for (const [code, adds] of this.additions) {
      const scheme = schemes.find((s) => s.code === code)!;
      for (const a of adds.values()) out.push({ scheme: scheme.label, label: a.label });
    }
    return out;
  }
}

function decisionsFor(ctx: OperationContext, input: ImportInputParsed, schemes: Classification[], work: Work): ValueDecisions {
  const choices = input.valueChoices ?? rememberedChoices(ctx, input.kind);
  const columnOfScheme = (code: string) => {
    for (const s of work.sheets) {
      const header = s.headers.get(code === 'category' ? 'category' : `class.${code}`);
      if (header) return header;
    }
    return undefined;
  };
  return new ValueDecisions(choices, schemes, input.addUnknownValues, roleCan(ctx.user.role, 'settings.manage'), columnOfScheme);
}

/** Writes the values the import adds, before the clients that carry them. */
function writeAdditions(ctx: OperationContext, decisions: ValueDecisions, schemes: Classification[]): void {
  for (const [code, adds] of decisions.additions) {
    const scheme = schemes.find((s) => s.code === code)!;
    for (const a of adds.values()) {
      const id = randomUUID();
      ctx.db.run(
        ctx.db.k
          .insertInto('classification_values')
          .values({ id, schemeId: scheme.id, code: a.code, label: a.label, labelEn: null, active: 1, sortOrder: nextSortOrder(ctx, 'classification_values', scheme.id) }),
      );
      ctx.audit({
        action: 'classifications.saveValue',
        targetType: 'classificationValue',
        targetId: id,
        targetLabel: `${scheme.label}: ${a.label}`,
        details: { scheme: scheme.code, code: a.code, label: a.label, labelEn: null, active: true, created: true, import: true },
      });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Clients
export interface ClientPlan {
  ref: RowRef;
  input: ClientInput;
  lifecycle: ClientLifecycle;
}

function statusOf(text: string): 'prospect' | 'active' | 'terminated' | null {
  const key = valueKey(text);
  for (const status of ['prospect', 'active', 'terminated'] as const) {
    if ([status, catalogs['zh-CN'].enums.clientStatus[status], catalogs.en.enums.clientStatus[status]].some((n) => valueKey(n) === key)) return status;
  }
  return null;
}

function terminationOf(text: string): 'withdrawn' | 'deregistered' | null {
  const key = valueKey(text);
  for (const kind of ['withdrawn', 'deregistered'] as const) {
    if ([kind, catalogs['zh-CN'].enums.terminationKind[kind], catalogs.en.enums.terminationKind[kind]].some((n) => valueKey(n) === key)) return kind;
  }
  return null;
}

export function analyseClients(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook) {
  const schemes = classificationSchemes(ctx);
  const fields = clientFields(schemes);
  const work = prepare(ctx, input, workbook, fields, [['name']]);
  const findings = new Findings();
  const decisions = decisionsFor(ctx, input, schemes, work);
  const plans: ClientPlan[] = [];
  const seenCodes = new Map<string, RowRef>();
  const seenNames = new Map<string, RowRef>();
  const holderOf = ctx.db.sqlite.prepare('select name from clients where credit_code = ?');
  // Clients without a credit code are matched by name, compared normalised.
  const existingNames = new Map<string, string>();
  for (const r of ctx.db.sqlite.prepare('select name from clients').iterate() as Iterable<{ name: string }>) existingNames.set(normalName(r.name), r.name);
  const today = ctx.today();
  const accepted = contract['clients.create'].input.shape as Record<string, unknown>;

  for (const sheet of work.sheets) {
    for (const { row, cells } of sheet.rows) {
      const ref = { sheet, row };
      const before = findings.problems.length;
      const flagged = new Set<string>();
      checkExtraCells(ref, cells, findings);
      const values = rowValues(ref, cells, findings, flagged);
      const headers = sheet.headers;
      const columnOf = (key: string) =>
        headers.get(key.startsWith('classifications.') ? `class.${key.slice(16)}` : key) ?? (key === 'classifications.category' ? (headers.get('category') ?? null) : null);
      const record: Record<string, unknown> = {};
      const classifications: Record<string, string> = {};
      const lifecycle: ClientLifecycle = {};
      let status: 'prospect' | 'active' | 'terminated' | undefined;
      let createdOn: string | undefined;
      for (const field of fields) {
        if (!values.has(field.key) || flagged.has(field.key)) continue;
        const cell = values.get(field.key);
        const column = headers.get(field.key) ?? field.key;
        const text = cellText(cell);
        if (field.type === 'derived') continue;
        if (field.type === 'creditCode') {
          if (codeCellIsNumber(cell)) {
            findings.add(ref, column, 'import.creditCodeIsNumber', { column, value: typeof cell === 'number' ? cell.toExponential(3).toUpperCase().replace('E+', 'E+') : text });
            flagged.add(field.key);
            continue;
          }
          const code = codeText(cell);
          if (!code) continue;
          const problem = creditCodeProblem(code);
          if (problem) findings.add(ref, column, 'client.badCreditCode', { creditCode: text, problem });
          else if (seenCodes.has(code)) findings.add(ref, column, 'import.duplicateInFile', { column, value: code, firstRow: refText(seenCodes.get(code)!, sheet) });
          else {
            seenCodes.set(code, ref);
            const holder = holderOf.get(code) as { name: string } | undefined;
            if (holder) findings.add(ref, column, 'client.duplicateCreditCode', { creditCode: code, name: holder.name });
          }
          flagged.add(field.key);
          record[field.key] = code;
        } else if (field.type === 'classification') {
          if (!text) continue;
          const scheme = schemes.find((s) => s.code === field.scheme);
          if (!scheme) continue;
          const code = scheme.values.get(valueKey(text));
          if (code) classifications[scheme.code] = code;
          else {
            const decided = decisions.decide(ref, scheme, column, text, findings);
            if (decided.code) classifications[scheme.code] = decided.code;
            if (decided.bad) flagged.add(field.key);
          }
        } else if (field.type === 'date') {
          const date = dateField(ref, cell, column, today, findings);
          if (date === null) flagged.add(field.key);
          if (!date) continue;
          if (field.key === 'createdAt') createdOn = date;
          else if (field.key === 'registeredOn') record.registeredOn = date;
          else if (field.key === 'verifiedOn') lifecycle.verifiedOn = date;
          else if (field.key === 'gradeEvaluatedOn') lifecycle.gradeEvaluatedOn = date;
          else if (field.key === 'terminatedOn') lifecycle.terminatedOn = date;
        } else if (field.type === 'clientStatus') {
          if (!text) continue;
          const s = statusOf(text);
          if (!s) findings.add(ref, column, 'import.badStatus', { value: text });
          else status = s;
        } else if (field.type === 'terminationKind') {
          if (!text) continue;
          const kind = terminationOf(text);
          if (!kind) findings.add(ref, column, 'import.badTerminationKind', { value: text });
          else lifecycle.terminationKind = kind;
        } else if (field.key === 'terminationReason') {
          if (text) lifecycle.terminationReason = text.slice(0, 500);
        } else if (text) {
          if (field.isName && nameProblems(ref, column, text, findings)) flagged.add(field.key);
          record[field.key] = text;
        }
      }
      // A ledger's 登记时间 is its registration date; Dossier's own export has a 登记日期 column of its own.
      if (!headers.has('registeredOn') && createdOn && 'registeredOn' in accepted) record.registeredOn = createdOn;
      if (status === 'terminated') {
        lifecycle.status = 'terminated';
        if (!lifecycle.terminationKind) findings.add(ref, headers.get('terminationKind') ?? headers.get('clientStatus') ?? null, 'client.terminationKindRequired');
        if (!lifecycle.terminatedOn && !flagged.has('terminatedOn')) {
          const column =
            headers.get('terminatedOn') ??
            fieldLabel(
              fields.find((f) => f.key === 'terminatedOn')!,
              'zh-CN',
            );
          findings.add(ref, headers.get('terminatedOn') ?? null, 'import.required', { column });
        } else if (lifecycle.terminatedOn && lifecycle.terminatedOn > today)
          findings.add(ref, headers.get('terminatedOn') ?? null, 'client.terminatedInFuture', { date: lifecycle.terminatedOn });
      } else {
        if (status) record.status = status;
        delete lifecycle.terminationKind;
        delete lifecycle.terminationReason;
        delete lifecycle.terminatedOn;
      }
      // The same client twice: by credit code above; without one, by its name.
      const name = typeof record.name === 'string' ? record.name : '';
      if (name && !record.creditCode && !flagged.has('name')) {
        const norm = normalName(name);
        const column = headers.get('name') ?? null;
        if (existingNames.has(norm)) findings.add(ref, column, 'import.duplicateName', { name: existingNames.get(norm)! });
        else if (seenNames.has(norm))
          findings.add(ref, column, 'import.duplicateInFile', { column: column ?? 'name', value: name, firstRow: refText(seenNames.get(norm)!, sheet) });
        else seenNames.set(norm, ref);
      }
      if (Object.keys(classifications).length) record.classifications = classifications;
      const parsed = schemaProblems(contract['clients.create'].input, record, columnOf, ref, findings, flagged) as ClientInput | undefined;
      if (parsed && findings.problems.length === before) plans.push({ ref, input: parsed, lifecycle });
    }
  }
  return { work, findings, plans, decisions, schemes };
}

// ---------------------------------------------------------------------------------------
// Files
export interface FileGroup {
  first: RowRef;
  rows: RowRef[];
  clientId: string;
  clientName: string;
  spec: { title: string; confidentiality?: Confidentiality; retention?: Retention; fileTypeId?: string; remarks?: string; archiveNo?: string };
  signature: Map<string, string>;
  items: { ref: RowRef; fields: { title: string; docNo?: string; responsibleParty?: string; date?: string; pageCount?: number; remarks?: string } }[];
}

const FILE_LEVEL_COMPARED = ['clientName', 'clientCreditCode', 'title', 'confidentiality', 'retention', 'fileType', 'fileRemarks', 'archiveNo'];

/** 30年 typed as ３０年 or "30 年". */
function halfRetention(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

export function analyseFiles(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook) {
  const fields = fileFields();
  const work = prepare(ctx, input, workbook, fields, [['clientName', 'clientCreditCode'], ['title']]);
  const findings = new Findings();
  const types = 'fileTypeCode' in (contract['files.create'].input.shape as Record<string, unknown>) ? listFileTypes(ctx, { includeInactive: true }) : [];
  const byCode = ctx.db.sqlite.prepare('select id, name from clients where credit_code = ?');
  const byName = ctx.db.sqlite.prepare('select id, name from clients where name = ? limit 3');
  const archiveNoTaken = ctx.db.sqlite.prepare('select 1 from files where archive_no = ?');
  // Only files the importing user may see: a hidden file's title match would name its archive number (finding 8).
  const visibleLevels = ctx.visibleLevels();
  const sameTitle = ctx.db.sqlite.prepare(
    `select archive_no as archiveNo, title from files where client_id = ? and confidentiality in (${visibleLevels.map(() => '?').join(', ')})`,
  );
  const titlesOf = new Map<string, Map<string, string>>();
  const groups = new Map<string, FileGroup>();
  const itemSchema = contract['items.add'].input;
  const fileSchema = contract['files.create'].input;
  const today = ctx.today();

  for (const sheet of work.sheets) {
    const headers = sheet.headers;
    const column = (key: string) => headers.get(key) ?? key;
    for (const { row, cells } of sheet.rows) {
      const ref = { sheet, row };
      const flagged = new Set<string>();
      checkExtraCells(ref, cells, findings);
      const values = rowValues(ref, cells, findings, flagged);
      const text = (key: string) => cellText(values.get(key));

      // The client: by credit code (checked against the name when both are given), else by exact name.
      let client: { id: string; name: string } | undefined;
      const code = codeText(values.get('clientCreditCode'));
      const name = text('clientName');
      if (name && nameProblems(ref, column('clientName'), name, findings)) flagged.add('clientName');
      if (codeCellIsNumber(values.get('clientCreditCode'))) {
        findings.add(ref, column('clientCreditCode'), 'import.creditCodeIsNumber', { column: column('clientCreditCode'), value: text('clientCreditCode') });
      } else if (code) {
        const problem = creditCodeProblem(code);
        if (problem) findings.add(ref, column('clientCreditCode'), 'client.badCreditCode', { creditCode: text('clientCreditCode'), problem });
        else {
          client = byCode.get(code) as { id: string; name: string } | undefined;
          if (!client) findings.add(ref, column('clientCreditCode'), 'import.unknownClient', { value: name ? `${name} (${code})` : code });
          else if (name && normalName(name) !== normalName(client.name))
            findings.add(ref, column('clientName'), 'import.clientMismatch', { name, creditCode: code, holder: client.name });
        }
      } else if (name && !flagged.has('clientName')) {
        const matches = byName.all(name) as { id: string; name: string }[];
        if (matches.length === 0) findings.add(ref, column('clientName'), 'import.unknownClient', { value: name });
        else if (matches.length > 1) findings.add(ref, column('clientName'), 'import.ambiguousClient', { value: name, count: matches.length });
        else client = matches[0];
      } else if (!flagged.has('clientName') && !flagged.has('clientCreditCode')) {
        findings.add(ref, headers.get('clientName') ?? headers.get('clientCreditCode') ?? null, 'import.required', {
          column: headers.get('clientName') ?? headers.get('clientCreditCode') ?? '客户名称',
        });
      }

      let confidentiality: Confidentiality | undefined;
      if (text('confidentiality')) {
        confidentiality = parseConfidentiality(text('confidentiality')) ?? undefined;
        if (!confidentiality) findings.add(ref, column('confidentiality'), 'import.badConfidentiality', { value: text('confidentiality') });
        else if (!ctx.canSee(confidentiality)) findings.add(ref, column('confidentiality'), 'file.aboveClearance', { confidentiality: text('confidentiality') });
        flagged.add('confidentiality');
      }
      let retention: Retention | undefined;
      if (text('retention')) {
        retention = parseRetention(halfRetention(text('retention'))) ?? undefined;
        if (!retention) findings.add(ref, column('retention'), 'import.badRetention', { value: text('retention') });
        flagged.add('retention');
      }
      let fileTypeId: string | undefined;
      if (text('fileType')) {
        const wanted = text('fileType').toLowerCase();
        // By code, name or English name (an English export names types in English).
        const type = types.find((t) => t.code.toLowerCase() === wanted || t.name.toLowerCase() === wanted || t.nameEn?.toLowerCase() === wanted);
        if (!type)
          findings.add(ref, column('fileType'), 'import.unknownValue', {
            column: column('fileType'),
            value: text('fileType'),
            accepted: types
              .filter((t) => t.active)
              .map((t) => t.name)
              .join('、'),
          });
        else if (!type.active) findings.add(ref, column('fileType'), 'fileType.inactive', { name: type.name });
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
      if (flagged.has('title')) flagged.add('title');
      const fileColumnOf = (key: string) =>
        ({ title: headers.get('title'), remarks: headers.get('fileRemarks'), confidentiality: headers.get('confidentiality'), retention: headers.get('retention') })[key] ?? null;
      schemaProblems(fileSchema, { clientId: client?.id ?? '-', ...spec }, fileColumnOf, ref, findings, flagged);
      if (archiveNo) {
        if (archiveNo.length > 64) findings.add(ref, column('archiveNo'), 'import.tooLong', { column: column('archiveNo'), max: 64 });
        else if (archiveNoTaken.get(archiveNo)) findings.add(ref, column('archiveNo'), 'file.duplicateArchiveNo', { archiveNo });
      } else if (client && spec.title) {
        // The same file twice: a file of this client with the same title already in the archive.
        let titles = titlesOf.get(client.id);
        if (!titles) {
          titles = new Map(
            (sameTitle.all(client.id, ...visibleLevels) as { archiveNo: string; title: string }[]).map((f) => [normalName(ctx.db.content.open(f.title) ?? ''), f.archiveNo]),
          );
          titlesOf.set(client.id, titles);
        }
        const existing = titles.get(normalName(spec.title));
        if (existing) findings.add(ref, column('title'), 'import.duplicateFile', { client: client.name, title: spec.title, archiveNo: existing });
      }

      // The item of this row, if any of its columns is filled.
      let item: FileGroup['items'][number] | undefined;
      const itemKeys = ['itemTitle', 'docNo', 'responsibleParty', 'date', 'pageCount', 'remarks'];
      if (itemKeys.some((k) => text(k) !== '' || flagged.has(k))) {
        const itemFields: FileGroup['items'][number]['fields'] = { title: text('itemTitle') };
        const itemFlagged = new Set<string>([...flagged].filter((k) => itemKeys.includes(k)).map((k) => (k === 'itemTitle' ? 'title' : k)));
        if (!itemFields.title && !itemFlagged.has('title')) {
          findings.add(ref, headers.get('itemTitle') ?? null, 'import.itemWithoutTitle');
          itemFlagged.add('title');
        }
        if (text('docNo')) itemFields.docNo = text('docNo');
        if (text('responsibleParty')) itemFields.responsibleParty = text('responsibleParty');
        if (text('remarks')) itemFields.remarks = text('remarks');
        if (text('date')) {
          const date = dateField(ref, values.get('date'), column('date'), today, findings);
          if (date) itemFields.date = date;
          itemFlagged.add('date');
        }
        if (text('pageCount')) {
          const count = parseCountCell(values.get('pageCount'));
          if (count === null) findings.add(ref, column('pageCount'), 'import.badCount', { column: column('pageCount'), value: text('pageCount') });
          else itemFields.pageCount = count;
          itemFlagged.add('pageCount');
        }
        const itemColumnOf = (key: string) =>
          ({
            title: headers.get('itemTitle'),
            docNo: headers.get('docNo'),
            responsibleParty: headers.get('responsibleParty'),
            remarks: headers.get('remarks'),
            pageCount: headers.get('pageCount'),
            date: headers.get('date'),
          })[key] ?? null;
        schemaProblems(itemSchema, { archiveNo: 'X', ...itemFields }, itemColumnOf, ref, findings, itemFlagged);
        item = { ref, fields: itemFields };
      }

      if (!client) continue;
      const key = archiveNo ? `no\u0000${archiveNo}` : `ct\u0000${client.id}\u0000${spec.title}\u0000${fileTypeId ?? ''}`;
      const signature = new Map(FILE_LEVEL_COMPARED.map((k) => [k, k === 'clientCreditCode' ? codeText(values.get(k)) : text(k)]));
      let group = groups.get(key);
      if (!group) {
        group = { first: ref, rows: [], clientId: client.id, clientName: client.name, spec: { ...spec, ...(archiveNo ? { archiveNo } : {}) }, signature, items: [] };
        groups.set(key, group);
      } else {
        for (const k of FILE_LEVEL_COMPARED) {
          const mine = signature.get(k) ?? '';
          // A blank repeat of a file column is fine (merged cells export as blanks).
          if (mine !== '' && mine !== (group.signature.get(k) ?? '')) {
            findings.add(ref, column(k), 'import.inconsistentFile', { column: column(k), firstRow: refText(group.first, sheet) });
            break;
          }
        }
        // A sheet of items may repeat only some file columns: the group keeps the fullest.
        for (const [k, v] of signature) if (v !== '' && (group.signature.get(k) ?? '') === '') group.signature.set(k, v);
        if (!group.spec.confidentiality && spec.confidentiality) group.spec.confidentiality = spec.confidentiality;
        if (!group.spec.retention && spec.retention) group.spec.retention = spec.retention;
        if (!group.spec.fileTypeId && spec.fileTypeId) group.spec.fileTypeId = spec.fileTypeId;
        if (!group.spec.remarks && spec.remarks) group.spec.remarks = spec.remarks;
      }
      group.rows.push(ref);
      if (item) group.items.push(item);
    }
  }

  // A file is imported whole or not at all.
  const goodGroups: FileGroup[] = [];
  for (const group of groups.values()) {
    const bad = group.rows.find((r) => findings.has(r));
    if (bad === undefined) {
      goodGroups.push(group);
      continue;
    }
    for (const r of group.rows) if (!findings.has(r)) findings.add(r, null, 'import.fileHasBadRows', { badRow: refText(bad, r.sheet) });
  }
  return { work, findings, plans: goodGroups };
}

// ---------------------------------------------------------------------------------------
// Report and write
export function report(
  kind: ImportKind,
  dryRun: boolean,
  work: Work,
  findings: Findings,
  created: ImportReport['created'],
  extra: Partial<Pick<ImportReport, 'archiveNos' | 'unknownValues' | 'addedValues' | 'valueChoices'>> = {},
): ImportReport {
  const order = new Map(work.sheets.map((s, i) => [s.name, i]));
  const problems = [...findings.problems].sort((a, b) => (order.get(a.sheet ?? null) ?? 0) - (order.get(b.sheet ?? null) ?? 0) || a.row - b.row);
  const first = work.sheets[0]!;
  const totalRows = work.sheets.reduce((n, s) => n + s.rows.length, 0);
  for (const s of work.sheets) work.sheetReports[s.index]!.badRows = findings.badRowsOf(s.index);
  return {
    kind,
    dryRun,
    format: work.workbook.format,
    encoding: work.workbook.encoding,
    sheet: first.name,
    headerRow: first.headerIndex + 1,
    mapping: work.mapping,
    unmappedHeaders: work.unmapped,
    totalRows,
    goodRows: totalRows - findings.badRows.size,
    badRows: findings.badRows.size,
    emptyRows: work.sheets.reduce((n, s) => n + s.emptyRows, 0),
    problems,
    created,
    archiveNos: extra.archiveNos ?? [],
    sheets: work.workbook.format === 'csv' ? [] : work.sheetReports,
    unknownValues: extra.unknownValues ?? [],
    addedValues: extra.addedValues ?? [],
    valueChoices: extra.valueChoices ?? {},
  };
}

export function checkAnalysis(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook): ImportReport {
  if (input.kind === 'clients') {
    const { work, findings, plans, decisions, schemes } = analyseClients(ctx, input, workbook);
    return report(
      'clients',
      true,
      work,
      findings,
      { clients: plans.length, files: 0, items: 0 },
      {
        unknownValues: decisions.report(),
        addedValues: decisions.added(schemes),
        valueChoices: decisions.choices,
      },
    );
  }
  const { work, findings, plans } = analyseFiles(ctx, input, workbook);
  return report('files', true, work, findings, { clients: 0, files: plans.length, items: plans.reduce((n, g) => n + g.items.length, 0) });
}

export function runAnalysis(ctx: OperationContext, input: ImportInputParsed, workbook: Workbook, control: Pick<JobControl, 'checkCancelled' | 'progress'>): ImportReport {
  const created = { clients: 0, files: 0, items: 0 };
  if (input.kind === 'clients') {
    const { work, findings, plans, decisions, schemes } = analyseClients(ctx, input, workbook);
    if (input.mode === 'all-or-nothing' && findings.badRows.size > 0) throw new DossierError('import.rejected', { badRows: findings.badRows.size });
    writeAdditions(ctx, decisions, schemes);
    for (const plan of plans) {
      control.checkCancelled();
      if (created.clients % 100 === 0) control.progress('write', created.clients, plans.length);
      createClientRecord(ctx, plan.input, plan.lifecycle, { import: true });
      created.clients++;
    }
    remember(ctx, input);
    audit(ctx, input, work, findings, created);
    return report('clients', false, work, findings, created, { unknownValues: decisions.report(), addedValues: decisions.added(schemes), valueChoices: decisions.choices });
  }
  const { work, findings, plans } = analyseFiles(ctx, input, workbook);
  if (input.mode === 'all-or-nothing' && findings.badRows.size > 0) throw new DossierError('import.rejected', { badRows: findings.badRows.size });
  const archiveNos: string[] = [];
  for (const group of plans) {
    control.checkCancelled();
    if (created.files % 100 === 0) control.progress('write', created.files, plans.length);
    const { record } = insertFile(ctx, { clientId: group.clientId, ...group.spec });
    auditNewFile(ctx, 'files.create', record, { import: true });
    archiveNos.push(record.archiveNo);
    created.files++;
    if (group.items.length) {
      const items = addItems(
        ctx,
        { id: record.id, archiveNo: record.archiveNo, fileTypeId: record.fileTypeId ?? null },
        group.items.map((i) => i.fields),
      );
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
  remember(ctx, input);
  audit(ctx, input, work, findings, created);
  return report('files', false, work, findings, created, { archiveNos });
}

function remember(ctx: OperationContext, input: ImportInputParsed): void {
  if (input.mapping) writeSetting(ctx, mappingKey(input.kind), input.mapping);
  if (input.valueChoices) writeSetting(ctx, choicesKey(input.kind), { ...rememberedChoices(ctx, input.kind), ...input.valueChoices });
}

function audit(ctx: OperationContext, input: ImportInputParsed, work: Work, findings: Findings, created: ImportReport['created']): void {
  ctx.audit({
    action: 'import.run',
    targetType: input.kind === 'clients' ? 'client' : 'file',
    targetId: null,
    targetLabel: input.fileName.slice(0, 100),
    details: {
      kind: input.kind,
      format: work.workbook.format,
      mode: input.mode,
      rows: work.sheets.reduce((n, s) => n + s.rows.length, 0),
      badRows: findings.badRows.size,
      ...(work.workbook.format !== 'csv' ? { sheets: work.sheets.map((s) => s.name) } : {}),
      ...created,
    },
  });
}
