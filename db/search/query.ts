/**
 * The one query path for search: every search box (clients list, global search) goes
 * through `matchDocs`, which applies the text match, the filters and the user's clearance
 * in one place.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { SearchFilters, SearchHit } from '../../shared/ops/search.js';
import type { OperationContext } from '../context.js';
import { grantedMatches, levelIndexSchemas } from '../levelKeys.js';
import { isGramTerm, normalizeSearchText } from './normalize.js';

/**
 * How many matches a search examines. Ranking reads each candidate's row, so a common
 * two-character fragment (tens of thousands of matches) stays fast; beyond the limit the
 * result says `capped` and the clerk types more. The client list pages through up to
 * LIST_LIMIT matching clients.
 */
export const CANDIDATE_LIMIT = 1000;
export const LIST_LIMIT = 5000;

function phrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Row ids of search_docs matching one normalized term in one index (the main one, or a level index `s`). */
function indexSource(term: string, s: string | null): RawBuilder<unknown> {
  const t = (name: string) => sql.raw(s ? `${s}.${name}` : name);
  const [trigram, grams, docs] = s ? ['docs_trigram', 'docs_grams', 'docs'] : ['search_trigram', 'search_grams', 'search_docs'];
  if ([...term].length >= 3) return sql`select rowid as id from ${t(trigram)} where ${sql.raw(trigram)} match ${phrase(term)}`;
  if (isGramTerm(term)) return sql`select rowid as id from ${t(grams)} where ${sql.raw(grams)} match ${phrase(term)}`;
  return sql`select id from ${t(docs)} where text like ${likePattern(term)} escape '\\'`;
}

/**
 * Row ids of search_docs matching one normalized term: the main index (普通/内部 content),
 * the level indexes this session holds the key of (机密/绝密 content), and sealed files
 * granted to the user (matched in memory; see db/levelKeys.ts).
 */
function termSource(ctx: OperationContext, term: string): RawBuilder<unknown> {
  const parts = [indexSource(term, null), ...levelIndexSchemas(ctx.db).map((s) => indexSource(term, s))];
  const granted = grantedMatches(ctx, term);
  if (granted.length) parts.push(sql`select value as id from json_each(${JSON.stringify(granted)})`);
  return parts.length === 1 ? parts[0]! : sql.join(parts, sql` union all `);
}

export interface MatchOptions extends SearchFilters {
  q: string;
}

/**
 * The FROM and WHERE clauses shared by every search: the first term's index drives the
 * query (so a common fragment streams instead of being collected whole), further terms,
 * filters and clearance narrow it. Rows are `search_docs d`.
 */
export function matchCondition(ctx: OperationContext, options: MatchOptions): { terms: string[]; from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const terms = normalizeSearchText(options.q).split(' ').filter(Boolean);
  const parts: RawBuilder<unknown>[] = [sql`1`];
  const [first, ...rest] = terms;
  const from = first === undefined ? sql`search_docs d` : sql`(${termSource(ctx, first)}) m join search_docs d on d.id = m.id`;
  for (const term of rest) parts.push(sql`d.id in (${termSource(ctx, term)})`);
  parts.push(sql`(d.confidentiality is null or ${ctx.fileVisible('d.file_id', 'd.confidentiality')})`);
  if (options.kinds?.length) parts.push(sql`d.kind in (${sql.join(options.kinds)})`);
  if (options.status?.length) parts.push(sql`d.status in (${sql.join(options.status)})`);
  if (options.confidentiality?.length) parts.push(sql`d.confidentiality in (${sql.join(options.confidentiality)})`);
  if (options.dateFrom) parts.push(sql`d.doc_date >= ${options.dateFrom}`);
  if (options.dateTo) parts.push(sql`d.doc_date <= ${options.dateTo}`);
  for (const valueId of options.classificationValueIds ?? []) {
    parts.push(sql`d.client_id in (select client_id from client_classifications where value_id = ${valueId})`);
  }
  if (options.locationId) {
    parts.push(sql`d.file_id in (
      with recursive under(id) as (select ${options.locationId} union all select l.id from locations l join under on l.parent_id = under.id)
      select f.id from files f where f.location_id in (select id from under))`);
  }
  return { terms, from, where: sql.join(parts, sql` and `) };
}

/** The record ids (clients, files or items) matching a search, at most LIST_LIMIT of them. */
export function matchingIds(ctx: OperationContext, options: MatchOptions): { ids: string[]; capped: boolean } {
  const { terms, from, where } = matchCondition(ctx, options);
  if (terms.length === 0) return { ids: [], capped: false };
  const rows = ctx.db.all(sql<{ refId: string }>`select d.ref_id from ${from} where ${where} limit ${LIST_LIMIT + 1}`);
  return { ids: rows.slice(0, LIST_LIMIT).map((r) => r.refId), capped: rows.length > LIST_LIMIT };
}

interface Candidate {
  kind: SearchHit['kind'];
  refId: string;
  clientId: string;
  fileId: string | null;
  confidentiality: SearchHit['confidentiality'];
  status: string | null;
  docDate: string | null;
  label: string;
  text: string;
}

const KIND_ORDER: Record<SearchHit['kind'], number> = { client: 0, file: 1, item: 2, scan: 3 };

/** Whole-text matches first, then texts that start with the query, clients before files before items, shorter first. */
function compareCandidates(q: string) {
  const score = (c: Candidate) => (c.text === q ? 0 : c.text.startsWith(q) ? 1 : 2);
  return (a: Candidate, b: Candidate) =>
    score(a) - score(b) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.label.length - b.label.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

export function searchDocs(ctx: OperationContext, options: MatchOptions & { limit: number }): { hits: SearchHit[]; total: number; capped: boolean } {
  const { terms, from, where } = matchCondition(ctx, options);
  if (terms.length === 0) return { hits: [], total: 0, capped: false };
  // At most CANDIDATE_LIMIT + 1 rows stream from the index; ranking them in memory is cheap.
  // A sealed row's text is in its level index (the main row holds none).
  const levelTexts = levelIndexSchemas(ctx.db).map((s) => sql`(select t.text from ${sql.raw(s)}.docs t where t.id = d.id)`);
  const text = levelTexts.length ? sql`coalesce(nullif(d.text, ''), ${sql.join(levelTexts)}, '')` : sql`d.text`;
  const candidates = ctx.db.all(
    sql<Candidate>`select d.kind, d.ref_id, d.client_id, d.file_id, d.confidentiality, d.status, d.doc_date, d.label, ${text} as text
      from ${from} where ${where} limit ${CANDIDATE_LIMIT + 1}`,
  );
  const capped = candidates.length > CANDIDATE_LIMIT;
  const top = candidates
    .slice(0, CANDIDATE_LIMIT)
    .sort(compareCandidates(terms.join(' ')))
    .slice(0, options.limit);
  const names = new Map(
    ctx.db
      .all(sql<{ id: string; name: string }>`select id, name from clients where id in (select value from json_each(${JSON.stringify([...new Set(top.map((c) => c.clientId))])}))`)
      .map((r) => [r.id, r.name]),
  );
  const fileIds = top.map((c) => c.fileId).filter((id): id is string => id !== null);
  const archiveNos = new Map(
    ctx.db
      .all(sql<{ id: string; archiveNo: string }>`select id, archive_no from files where id in (select value from json_each(${JSON.stringify([...new Set(fileIds)])}))`)
      .map((r) => [r.id, r.archiveNo]),
  );
  return {
    hits: top.map((c) => ({
      kind: c.kind,
      id: c.refId,
      label: c.label,
      clientId: c.clientId,
      clientName: names.get(c.clientId) ?? '',
      archiveNo: c.fileId ? (archiveNos.get(c.fileId) ?? null) : null,
      confidentiality: c.confidentiality,
      status: c.status,
      date: c.docDate,
    })),
    total: Math.min(candidates.length, CANDIDATE_LIMIT),
    capped,
  };
}
