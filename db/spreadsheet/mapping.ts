/**
 * Column mapping: which spreadsheet column fills which field. Built-in synonyms cover the
 * headers of common Chinese ledgers (客户名称/单位名称/名称 → name, 统一社会信用代码 →
 * creditCode, 档案题名/题名 → title, …) and the labels Dossier's own export writes, in
 * both languages; a user mapping (header → field, or null to ignore a column) overrides
 * them.
 */
import { catalogs } from '../../shared/i18n/index.js';
import type { ImportMapping } from '../../shared/ops/import.js';
import { cellText, halfWidth, isEmptyRow } from './values.js';
import type { Cell } from './xlsx.js';

export type { ImportKind } from '../../shared/ops/import.js';

/** `derived`: a column Dossier's own export writes but the archive computes (recognised, not imported). */
export type FieldType = 'text' | 'creditCode' | 'date' | 'count' | 'confidentiality' | 'retention' | 'classification' | 'clientStatus' | 'terminationKind' | 'derived';

export interface ImportField {
  /** Field key: the operation input's key (`name`, `creditCode`, …; `class.<scheme>` for classifications). */
  key: string;
  type: FieldType;
  synonyms: readonly string[];
  /** For files: does the column describe the file or an item of its contents list. */
  level?: 'file' | 'item';
  /** Classification fields: the scheme's code. */
  scheme?: string;
  /** Shown instead of a catalog label (classification schemes name themselves). */
  label?: string;
  /** Name fields: invisible characters inside are reported. */
  isName?: boolean;
}

/** Client columns; those the current `clients.create` input does not accept are left out at run time. */
export const CLIENT_FIELDS: readonly ImportField[] = [
  {
    key: 'name',
    type: 'text',
    isName: true,
    synonyms: ['客户名称', '单位名称', '名称', '客户', '企业名称', '公司名称', '单位全称', '客户全称', 'name', 'client', 'client name', 'company'],
  },
  { key: 'creditCode', type: 'creditCode', synonyms: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码', '信用代码证号', 'credit code', 'uscc'] },
  { key: 'category', type: 'text', synonyms: ['客户类别', '类别', '客户分类', '分类', '类型', 'category'] },
  { key: 'contactPerson', type: 'text', synonyms: ['联系人', '日常联系人', '联系人姓名', 'contact', 'contact person'] },
  { key: 'contactPhone', type: 'text', synonyms: ['联系电话', '电话', '手机', '联系方式', '手机号码', '电话号码', 'phone', 'telephone', 'contact phone'] },
  { key: 'shortName', type: 'text', synonyms: ['简称', '客户简称', '单位简称', 'short name'] },
  { key: 'legalRepresentative', type: 'text', synonyms: ['法定代表人', '法人代表', '法人', '法定代表人姓名', 'legal representative'] },
  { key: 'address', type: 'text', synonyms: ['地址', '注册地址', '通讯地址', '单位地址', '联系地址', '住所', 'address'] },
  { key: 'enterpriseNature', type: 'text', synonyms: ['企业性质', '单位性质', '企业类型', 'enterprise nature', 'nature'] },
  { key: 'supervisingUnit', type: 'text', synonyms: ['主管单位', '上级单位', '上级主管单位', 'supervising unit'] },
  { key: 'accountManager', type: 'text', synonyms: ['客户经理', '业务员', '负责人', '客户负责人', 'account manager'] },
  { key: 'creditStatus', type: 'text', synonyms: ['信用状况', '资信状况', '信用情况', 'credit status'] },
  { key: 'remarks', type: 'text', synonyms: ['备注', '客户备注', '说明', 'remarks', 'notes'] },
  { key: 'registeredOn', type: 'date', synonyms: ['登记日期', '建档日期', '原登记日期', '入档日期', 'registered on', 'registration date'] },
  // The lifecycle and review columns of Dossier's own export (not `clients.create` fields: the import writes them).
  { key: 'clientStatus', type: 'clientStatus', synonyms: ['客户状态', '状态', 'client status', 'status'] },
  { key: 'terminationKind', type: 'terminationKind', synonyms: ['终止方式', '终止类型', 'termination kind', 'termination'] },
  { key: 'terminatedOn', type: 'date', synonyms: ['终止日期', '退租日期', '注销日期', 'terminated on'] },
  { key: 'terminationReason', type: 'text', synonyms: ['终止原因', 'termination reason'] },
  { key: 'verifiedOn', type: 'date', synonyms: ['复核日期', '最近复核日期', 'verified on', 'last verified'] },
  { key: 'gradeEvaluatedOn', type: 'date', synonyms: ['等级评定日期', '评级日期', 'grade evaluated on'] },
  // Dossier's export writes when the client was registered in the archive: the original registration date when 登记日期 is empty.
  { key: 'createdAt', type: 'date', synonyms: ['登记时间', 'created', 'created at', 'registered at'] },
  { key: 'updatedAt', type: 'derived', synonyms: ['更新时间', 'updated at'] },
];

/** Client fields the import writes beyond `clients.create`'s input. */
export const CLIENT_LIFECYCLE_FIELDS = [
  'clientStatus',
  'terminationKind',
  'terminatedOn',
  'terminationReason',
  'verifiedOn',
  'gradeEvaluatedOn',
  'createdAt',
  'updatedAt',
] as const;

/** File columns (one row per item; the file's columns repeat on each of its rows). */
export const FILE_FIELDS: readonly ImportField[] = [
  { key: 'clientName', type: 'text', level: 'file', isName: true, synonyms: ['客户名称', '单位名称', '客户', '名称', '客户全称', '企业名称', 'client', 'client name'] },
  { key: 'clientCreditCode', type: 'creditCode', level: 'file', synonyms: ['统一社会信用代码', '信用代码', '社会信用代码', 'credit code'] },
  { key: 'title', type: 'text', level: 'file', synonyms: ['档案题名', '案卷题名', '题名', '档案名称', '案卷名称', '案卷标题', 'file title', 'title'] },
  { key: 'confidentiality', type: 'confidentiality', level: 'file', synonyms: ['密级', '保密级别', 'confidentiality'] },
  { key: 'retention', type: 'retention', level: 'file', synonyms: ['保管期限', '期限', '保存期限', 'retention'] },
  { key: 'archiveNo', type: 'text', level: 'file', synonyms: ['档号', '档案号', '案卷号', '档案编号', 'archive no', 'archive number'] },
  { key: 'fileType', type: 'text', level: 'file', synonyms: ['档案类型', '档案类别', '案卷类型', 'file type'] },
  { key: 'fileRemarks', type: 'text', level: 'file', synonyms: ['档案备注', '案卷备注', 'file remarks'] },
  { key: 'itemTitle', type: 'text', level: 'item', synonyms: ['文件题名', '卷内文件题名', '卷内题名', '文件名称', '材料名称', '资料名称', 'item title', 'item'] },
  { key: 'docNo', type: 'text', level: 'item', synonyms: ['文号', '文件编号', '发文字号', '文件号', 'document no', 'doc no'] },
  { key: 'responsibleParty', type: 'text', level: 'item', synonyms: ['责任者', '责任单位', '责任人', 'responsible party'] },
  { key: 'date', type: 'date', level: 'item', synonyms: ['日期', '成文日期', '文件日期', '形成日期', '时间', 'date'] },
  { key: 'pageCount', type: 'count', level: 'item', synonyms: ['页数', '页码数', '张数', 'pages', 'page count'] },
  { key: 'remarks', type: 'text', level: 'item', synonyms: ['备注', 'remarks', 'notes'] },
  { key: 'itemSeq', type: 'derived', level: 'item', synonyms: ['顺序号', '序号', 'no.', 'seq'] },
  // Catalog columns of Dossier's own files export: computed by the archive, recognised and not imported.
  { key: 'itemCount', type: 'derived', level: 'file', synonyms: ['件数', 'items', 'item count'] },
  { key: 'filePageCount', type: 'derived', level: 'file', synonyms: ['总页数', 'total pages'] },
  { key: 'fileStatus', type: 'derived', level: 'file', synonyms: ['状态', 'status'] },
  { key: 'location', type: 'derived', level: 'file', synonyms: ['存放位置', 'location'] },
  { key: 'createdAt', type: 'derived', level: 'file', synonyms: ['登记时间', 'created', 'created at'] },
];

/** A header as compared: half-width, no spaces, required-markers (*), colons or bracketed notes, lower case. */
export function normalizeHeader(header: string): string {
  return halfWidth(header)
    .replace(/[\s*:：]/g, '')
    .toLowerCase();
}

function withoutNotes(header: string): string {
  return header.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '');
}

/** The label of a field in a language (catalog), for headers and messages. */
export function fieldLabel(field: ImportField, language: 'zh-CN' | 'en'): string {
  if (field.label) return field.label;
  const labels = catalogs[language].enums.spreadsheetColumn as Record<string, string>;
  return labels[field.key] ?? field.key;
}

export type Mapping = ImportMapping;

export interface ResolvedMapping {
  /** Column index → field. */
  columns: Map<number, ImportField>;
  /** header as written → field key or null (ignored), for the report. */
  mapping: Mapping;
  unmapped: string[];
  /** A field two columns claim: the first wins, the others are reported. */
  conflicts: { field: string; columns: string[] }[];
}

export class MappingError extends Error {
  constructor(
    readonly header: string,
    readonly field: string,
  ) {
    super(`unknown field ${field} for ${header}`);
  }
}

/** Resolves the columns of a header row: user mapping first, then built-in synonyms and catalog labels. */
export function resolveMapping(header: readonly Cell[], fields: readonly ImportField[], userMapping: Mapping = {}): ResolvedMapping {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const user = new Map<string, string | null>();
  for (const [h, f] of Object.entries(userMapping)) {
    if (f !== null && f !== '' && !byKey.has(f)) throw new MappingError(h, f);
    user.set(normalizeHeader(h), f || null);
  }
  const synonyms = new Map<string, ImportField>();
  for (const field of fields) {
    const names = [...field.synonyms, fieldLabel(field, 'zh-CN'), fieldLabel(field, 'en'), field.key];
    for (const name of names) {
      const key = normalizeHeader(name);
      if (!synonyms.has(key)) synonyms.set(key, field);
    }
  }
  const columns = new Map<number, ImportField>();
  const mapping: Mapping = {};
  const unmapped: string[] = [];
  const taken = new Map<string, string>();
  const conflicts = new Map<string, string[]>();
  header.forEach((cell, index) => {
    const text = cellText(cell);
    if (!text) return;
    const norm = normalizeHeader(text);
    let field: ImportField | undefined;
    if (user.has(norm)) {
      const key = user.get(norm);
      field = key ? byKey.get(key) : undefined;
      if (!key) {
        mapping[text] = null;
        return;
      }
    } else field = synonyms.get(norm) ?? synonyms.get(normalizeHeader(withoutNotes(halfWidth(text))));
    if (!field) {
      unmapped.push(text);
      mapping[text] = null;
      return;
    }
    const first = taken.get(field.key);
    if (first !== undefined) {
      conflicts.set(field.key, [...(conflicts.get(field.key) ?? [first]), text]);
      mapping[text] = null;
      return;
    }
    taken.set(field.key, text);
    columns.set(index, field);
    mapping[text] = field.key;
  });
  return { columns, mapping, unmapped, conflicts: [...conflicts].map(([field, cols]) => ({ field, columns: cols })) };
}

/**
 * Finds the header row: ledgers often have a title row (客户信息一览表) or a blank row
 * above it. The first of the first ten non-empty rows that maps at least two columns (or
 * the only column) is the header; otherwise the first non-empty row.
 */
export function findHeaderRow(rows: readonly (readonly Cell[])[], fields: readonly ImportField[], userMapping: Mapping): number {
  let first = -1;
  let seen = 0;
  for (let i = 0; i < rows.length && seen < 10; i++) {
    const row = rows[i]!;
    if (isEmptyRow(row as Cell[])) continue;
    seen++;
    if (first < 0) first = i;
    const nonEmpty = row.filter((c) => cellText(c) !== '').length;
    let mapped = 0;
    try {
      mapped = resolveMapping(row, fields, userMapping).columns.size;
    } catch {
      mapped = 0;
    }
    if (mapped >= Math.min(2, nonEmpty)) return i;
  }
  return first;
}
