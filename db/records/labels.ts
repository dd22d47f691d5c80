/**
 * Label layouts, the fields each kind of label shows, the files (or boxes) a print selects,
 * what each label says, and the record of printed labels that finds the outdated ones.
 * Files come through fileQuery, so a file above the user's clearance is never selected.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { LabelField, LabelKind, LabelLayoutSpec, LabelTemplates } from '../../shared/domain/labels.js';
import { DEFAULT_LABEL_TEMPLATES, LABEL_FIELDS, layoutProblem } from '../../shared/domain/labels.js';
import type { Confidentiality, Retention } from '../../shared/domain/enums.js';
import { confidentialityRank } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { LabelLayout, LabelTemplate } from '../../shared/ops/labels.js';
import type { OperationContext } from '../context.js';
import type { LabelLayoutsTable } from '../schema.js';
import type { LabelLine } from '../print/labels.js';
import { fileQuery, findFile } from './files.js';
import { allLocations, childrenOf, getLocation, subtreeIds } from './locations.js';

type Language = 'zh-CN' | 'en';

// ---------------------------------------------------------------------------------------
// Layouts

function toLayout(row: Selectable<LabelLayoutsTable>): LabelLayout {
  return { ...row, builtin: row.builtin === 1 };
}

export function listLayouts(ctx: OperationContext): LabelLayout[] {
  return ctx.db.all(ctx.db.k.selectFrom('label_layouts').selectAll().orderBy('sortOrder').orderBy('name')).map(toLayout);
}

/** `A4 3x7`, `a4 3×7` and `60*40` name the same layouts as `A4 3×7` and `60×40`. */
function layoutKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[x*×]/g, '×').replace(/\s+/g, '');
}

/** A layout by id or name; the first layout when none is asked for. */
export function findLayout(ctx: OperationContext, idOrName: string | undefined): LabelLayout {
  const layouts = listLayouts(ctx);
  if (idOrName === undefined) {
    const first = layouts[0];
    if (!first) throw new DossierError('labels.layoutNotFound', { layout: '' });
    return first;
  }
  const key = layoutKey(idOrName);
  const found = layouts.find((l) => l.id === idOrName) ?? layouts.find((l) => layoutKey(l.name) === key);
  if (!found) throw new DossierError('labels.layoutNotFound', { layout: idOrName, names: layouts.map((l) => l.name).join('、') });
  return found;
}

export type LayoutInput = Omit<LabelLayoutSpec, 'pitchX' | 'pitchY'> & { id?: string | undefined; pitchX?: number | undefined; pitchY?: number | undefined };

function refuseProblem(spec: LabelLayoutSpec): void {
  const problem = layoutProblem(spec);
  if (problem) throw new DossierError(problem.code, problem.params);
}

/** Creates or changes a layout after checking that its labels lie on the page without overlapping. */
export function saveLayout(ctx: OperationContext, input: LayoutInput): { layout: LabelLayout; created: boolean; before: LabelLayout | null } {
  const roll = input.kind === 'roll';
  const spec: LabelLayoutSpec = roll
    ? {
        ...input,
        pageWidth: input.labelWidth,
        pageHeight: input.labelHeight,
        columns: 1,
        rows: 1,
        marginLeft: 0,
        marginTop: 0,
        pitchX: input.labelWidth,
        pitchY: input.labelHeight,
      }
    : { ...input, pitchX: input.pitchX ?? input.labelWidth, pitchY: input.pitchY ?? input.labelHeight };
  const now = ctx.now().toISOString();
  const clash = listLayouts(ctx).find((l) => l.id !== input.id && layoutKey(l.name) === layoutKey(input.name));
  if (clash) throw new DossierError('labels.duplicateLayout', { name: clash.name });
  const { db } = ctx;
  if (input.id) {
    const before = listLayouts(ctx).find((l) => l.id === input.id);
    if (!before) throw new DossierError('labels.layoutNotFound', { layout: input.id });
    // A shipped layout is a real product's geometry: only its printer offsets are this office's.
    const next: LabelLayoutSpec = before.builtin ? { ...before, offsetX: spec.offsetX, offsetY: spec.offsetY } : spec;
    refuseProblem(next);
    db.run(
      db.k
        .updateTable('label_layouts')
        .set({
          name: before.builtin ? before.name : next.name,
          kind: next.kind,
          pageWidth: next.pageWidth,
          pageHeight: next.pageHeight,
          columns: next.columns,
          rows: next.rows,
          labelWidth: next.labelWidth,
          labelHeight: next.labelHeight,
          marginLeft: next.marginLeft,
          marginTop: next.marginTop,
          pitchX: next.pitchX,
          pitchY: next.pitchY,
          offsetX: next.offsetX,
          offsetY: next.offsetY,
          updatedAt: now,
        })
        .where('id', '=', input.id),
    );
    return { layout: findLayout(ctx, input.id), created: false, before };
  }
  refuseProblem(spec);
  const id = `lay-${randomUUID()}`;
  const maxOrder = db.one(db.k.selectFrom('label_layouts').select((eb) => eb.fn.max('sortOrder').as('n')))?.n ?? 0;
  db.run(
    db.k.insertInto('label_layouts').values({
      id,
      name: spec.name,
      kind: spec.kind,
      pageWidth: spec.pageWidth,
      pageHeight: spec.pageHeight,
      columns: spec.columns,
      rows: spec.rows,
      labelWidth: spec.labelWidth,
      labelHeight: spec.labelHeight,
      marginLeft: spec.marginLeft,
      marginTop: spec.marginTop,
      pitchX: spec.pitchX,
      pitchY: spec.pitchY,
      offsetX: spec.offsetX,
      offsetY: spec.offsetY,
      builtin: 0,
      sortOrder: Number(maxOrder) + 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return { layout: findLayout(ctx, id), created: true, before: null };
}

export function setOffsets(ctx: OperationContext, layout: LabelLayout, offsetX: number, offsetY: number): LabelLayout {
  refuseProblem({ ...layout, offsetX, offsetY });
  ctx.db.run(ctx.db.k.updateTable('label_layouts').set({ offsetX, offsetY, updatedAt: ctx.now().toISOString() }).where('id', '=', layout.id));
  return findLayout(ctx, layout.id);
}

export function removeLayout(ctx: OperationContext, id: string): LabelLayout {
  const layout = findLayout(ctx, id);
  if (layout.builtin) throw new DossierError('labels.builtinLayout', { name: layout.name });
  ctx.db.run(ctx.db.k.deleteFrom('label_layouts').where('id', '=', layout.id));
  return layout;
}

// ---------------------------------------------------------------------------------------
// Templates

export function readTemplates(ctx: OperationContext): LabelTemplates {
  const rows = ctx.db.all(ctx.db.k.selectFrom('label_templates').selectAll());
  const templates: LabelTemplates = { ...DEFAULT_LABEL_TEMPLATES };
  for (const row of rows) {
    const fields = (JSON.parse(row.fields) as string[]).filter((f): f is LabelField => (LABEL_FIELDS as readonly string[]).includes(f));
    templates[row.kind] = { fields, barcode: row.barcode };
  }
  return templates;
}

export function saveTemplate(ctx: OperationContext, template: LabelTemplate): LabelTemplate {
  // Each field once, in the order given.
  const fields = [...new Set(template.fields)];
  const value = { kind: template.kind, fields: JSON.stringify(fields), barcode: template.barcode, updatedAt: ctx.now().toISOString() };
  ctx.db.run(
    ctx.db.k
      .insertInto('label_templates')
      .values(value)
      .onConflict((oc) => oc.column('kind').doUpdateSet({ fields: value.fields, barcode: value.barcode, updatedAt: value.updatedAt })),
  );
  return { kind: template.kind, fields, barcode: template.barcode };
}

// ---------------------------------------------------------------------------------------
// What a label says

export interface FileLabelRow {
  id: string;
  archiveNo: string;
  clientName: string;
  title: string;
  retention: Retention;
  confidentiality: Confidentiality;
  createdAt: string;
  dateFrom: string | null;
  dateTo: string | null;
  locationPath: string | null;
  boxCode: string | null;
}

function labelFileQuery(ctx: OperationContext) {
  return fileQuery(ctx).select(sql<string | null>`(select l.code from locations l where l.id = files.location_id and l.kind = 'box')`.as('boxCode'));
}

function yearOf(row: Pick<FileLabelRow, 'dateFrom' | 'dateTo' | 'createdAt'>): string {
  const from = row.dateFrom?.slice(0, 4);
  const to = row.dateTo?.slice(0, 4);
  if (from && to && from !== to) return `${from}–${to}`;
  return from ?? to ?? row.createdAt.slice(0, 4);
}

function captions(language: Language) {
  return catalogs[language].ui.labelCaptions;
}

function withCaption(language: Language, field: LabelField, value: string): string {
  const caption = captions(language)[field];
  return language === 'en' ? `${caption}: ${value}` : `${caption} ${value}`;
}

/** The lines of a file's label, in the template's order (empty fields left out). */
export function fileLabelLines(row: FileLabelRow, fields: readonly LabelField[], language: Language): LabelLine[] {
  const enums = catalogs[language].enums;
  const value: Record<LabelField, string | null> = {
    archiveNo: row.archiveNo,
    clientName: row.clientName,
    title: row.title,
    year: withCaption(language, 'year', yearOf(row)),
    retention: withCaption(language, 'retention', enums.retention[row.retention]),
    confidentiality: withCaption(language, 'confidentiality', enums.confidentiality[row.confidentiality]),
    location: row.locationPath ? withCaption(language, 'location', row.locationPath) : null,
    boxNo: row.boxCode ? withCaption(language, 'boxNo', row.boxCode) : null,
  };
  return fields.flatMap((field) => {
    const text = value[field];
    return text ? [{ field, text }] : [];
  });
}

export interface BoxLabelRow {
  id: string;
  code: string;
  codePath: string;
  path: string;
  files: FileLabelRow[];
}

/** A box label: the box, where it stands, the range of (visible) archive numbers and years inside. */
export function boxLabelLines(box: BoxLabelRow, fields: readonly LabelField[], language: Language): LabelLine[] {
  const enums = catalogs[language].enums;
  const numbers = box.files.map((f) => f.archiveNo).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const years = box.files.flatMap((f) => yearOf(f).split('–')).sort();
  const retentions = [...new Set(box.files.map((f) => f.retention))];
  const levels = box.files.map((f) => f.confidentiality).sort((a, b) => confidentialityRank(b) - confidentialityRank(a));
  const range = (list: string[]) => (list.length === 0 ? null : list[0] === list[list.length - 1] ? list[0]! : `${list[0]}–${list[list.length - 1]}`);
  const value: Record<LabelField, string | null> = {
    boxNo: withCaption(language, 'boxNo', box.code),
    location: withCaption(language, 'location', box.path),
    archiveNo: range(numbers),
    clientName: null,
    title: null,
    year: range(years) ? withCaption(language, 'year', range(years)!) : null,
    retention: retentions.length ? withCaption(language, 'retention', retentions.map((r) => enums.retention[r]).join('/')) : null,
    confidentiality: levels[0] ? withCaption(language, 'confidentiality', enums.confidentiality[levels[0]]) : null,
  };
  return fields.flatMap((field) => {
    const text = value[field];
    return text ? [{ field, text }] : [];
  });
}

// ---------------------------------------------------------------------------------------
// Selection

export interface SelectionInput {
  kind: LabelKind;
  archiveNos?: string[] | undefined;
  since?: string | undefined;
  locationId?: string | undefined;
  outdated: boolean;
}

/** The start of a local day as the ISO instant files' creation times are compared with. */
function startOfDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

function byArchiveNo(a: FileLabelRow, b: FileLabelRow): number {
  return a.archiveNo.localeCompare(b.archiveNo, 'en', { numeric: true });
}

/** The visible files the criteria select (each criterion narrows the others), in archive-number order. */
export function selectFiles(ctx: OperationContext, input: SelectionInput): FileLabelRow[] {
  if (!input.archiveNos && !input.since && !input.locationId && !input.outdated) throw new DossierError('labels.nothingSelected');
  let query = labelFileQuery(ctx);
  if (input.archiveNos) {
    // Each number must name a visible file: one above clearance reads as not found. Numbers as
    // typed are looked up at once; only the others go through findFile's normalised lookup.
    const typed = [...new Set(input.archiveNos.map((no) => no.trim()))];
    const found = new Map<string, string>();
    for (let i = 0; i < typed.length; i += 500) {
      const chunk = typed.slice(i, i + 500);
      for (const row of ctx.db.all(fileQuery(ctx).where('files.archiveNo', 'in', chunk))) found.set(row.archiveNo, row.id);
    }
    const ids = typed.map((no) => found.get(no) ?? findFile(ctx, no).id);
    query = query.where('files.id', 'in', ids);
  }
  if (input.since) query = query.where('files.createdAt', '>=', startOfDay(input.since));
  if (input.locationId) {
    getLocation(ctx, input.locationId);
    const ids = subtreeIds(childrenOf(allLocations(ctx)), input.locationId);
    query = query.where('files.locationId', 'in', ids);
  }
  let rows = ctx.db.all(query) as FileLabelRow[];
  if (input.archiveNos) {
    // Printed in the order the user listed them.
    const order = new Map(input.archiveNos.map((no, i) => [no.trim().toUpperCase(), i]));
    rows.sort((a, b) => (order.get(a.archiveNo.toUpperCase()) ?? 1e9) - (order.get(b.archiveNo.toUpperCase()) ?? 1e9) || byArchiveNo(a, b));
  } else rows.sort(byArchiveNo);
  if (input.outdated) {
    const stale = new Set(outdatedLabels(ctx, input.kind).map((o) => o.fileId));
    rows = rows.filter((r) => stale.has(r.id));
  }
  return rows;
}

/** The boxes a box-label print selects: the boxes in the location, or those holding the selected files. */
export function selectBoxes(ctx: OperationContext, input: SelectionInput): BoxLabelRow[] {
  const locations = allLocations(ctx);
  const children = childrenOf(locations);
  const byId = new Map(locations.map((l) => [l.id, l]));
  let boxIds: string[];
  if (input.locationId && !input.archiveNos && !input.since && !input.outdated) {
    getLocation(ctx, input.locationId);
    boxIds = subtreeIds(children, input.locationId).filter((id) => byId.get(id)?.kind === 'box');
  } else {
    const files = ctx.db.all(
      labelFileQuery(ctx)
        .select('files.locationId')
        .where(
          'files.id',
          'in',
          selectFiles(ctx, { ...input, kind: 'spine', outdated: false })
            .map((f) => f.id)
            .concat(['']),
        ),
    );
    boxIds = [...new Set(files.map((f) => f.locationId).filter((id): id is string => !!id && byId.get(id)?.kind === 'box'))];
  }
  if (boxIds.length === 0) return [];
  const files = ctx.db.all(labelFileQuery(ctx).select('files.locationId').where('files.locationId', 'in', boxIds)) as (FileLabelRow & { locationId: string | null })[];
  // Box order as on the shelves: the tree's depth-first order.
  const order = subtreeIds(children, '').slice(1);
  const rank = new Map(order.map((id, i) => [id, i]));
  return boxIds
    .sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
    .map((id) => {
      const box = byId.get(id)!;
      return { id, code: box.code, codePath: box.codePath, path: box.path, files: files.filter((f) => f.locationId === id) };
    });
}

// ---------------------------------------------------------------------------------------
// Printed labels

interface Shown {
  language: Language;
  fields: LabelField[];
  lines: Partial<Record<LabelField, string>>;
}

export function recordPrints(
  ctx: OperationContext,
  prints: { fileId: string | null; locationId: string | null; kind: LabelKind; layoutName: string; language: Language; fields: LabelField[]; lines: LabelLine[] }[],
): void {
  const at = ctx.now().toISOString();
  for (const p of prints) {
    const shown: Shown = { language: p.language, fields: p.fields, lines: Object.fromEntries(p.lines.map((l) => [l.field, l.text])) };
    ctx.db.run(
      ctx.db.k.insertInto('label_prints').values({
        fileId: p.fileId,
        locationId: p.locationId,
        kind: p.kind,
        printedAt: at,
        userId: ctx.user.id,
        layoutName: p.layoutName,
        clientName: p.lines.some((l) => l.field === 'clientName') ? (shown.lines.clientName ?? null) : null,
        shown: JSON.stringify(shown),
      }),
    );
  }
}

export interface Outdated {
  fileId: string;
  archiveNo: string;
  kind: LabelKind;
  printedAt: string;
  printedClientName: string | null;
  clientName: string;
  fields: LabelField[];
}

/**
 * The latest label of each visible file (per kind) whose printed text differs from what the
 * label would say now: a client renamed, a file retitled, moved or re-graded since.
 */
export function outdatedLabels(ctx: OperationContext, kind?: LabelKind): Outdated[] {
  const latest = ctx.db.all(
    sql<{ fileId: string; kind: LabelKind; printedAt: string; clientName: string | null; shown: string }>`
      select p.file_id, p.kind, p.printed_at, p.client_name, p.shown from label_prints p
      where p.file_id is not null ${kind ? sql`and p.kind = ${kind}` : sql``}
        and p.id = (select max(q.id) from label_prints q where q.file_id = p.file_id and q.kind = p.kind)`,
  );
  if (latest.length === 0) return [];
  const files = new Map((ctx.db.all(labelFileQuery(ctx).where('files.id', 'in', [...new Set(latest.map((l) => l.fileId))])) as FileLabelRow[]).map((f) => [f.id, f]));
  const out: Outdated[] = [];
  for (const print of latest) {
    const file = files.get(print.fileId);
    if (!file) continue; // above clearance: not the user's to know about
    const shown = JSON.parse(print.shown) as Shown;
    const now = Object.fromEntries(fileLabelLines(file, shown.fields, shown.language).map((l) => [l.field, l.text])) as Partial<Record<LabelField, string>>;
    const changed = shown.fields.filter((f) => (shown.lines[f] ?? null) !== (now[f] ?? null));
    if (changed.length) {
      out.push({
        fileId: file.id,
        archiveNo: file.archiveNo,
        kind: print.kind,
        printedAt: print.printedAt,
        printedClientName: print.clientName,
        clientName: file.clientName,
        fields: changed,
      });
    }
  }
  return out.sort((a, b) => a.archiveNo.localeCompare(b.archiveNo, 'en', { numeric: true }) || a.kind.localeCompare(b.kind));
}
