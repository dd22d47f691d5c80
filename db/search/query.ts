/**
 * The one query path for search: every search box (clients list, global search) goes
 * through `matchDocs`, which applies the text match, the filters and the user's clearance
 * in one place.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { SearchFilters, SearchHit } from '../../shared/ops/search.js';
import type { ServiceContext } from '../services/context.js';
import { isGramTerm, normalizeSearchText } from './normalize.js';

/** Candidates examined per query: ranking a common two-character fragment stays bounded. */
export const CANDIDATE_LIMIT = 5000;

function phrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Row ids of search_docs matching one normalized term. */
function termSource(term: string): RawBuilder<unknown> {
  if ([...term].length >= 3) return sql`select rowid as id from search_trigram where search_trigram match ${phrase(term)}`;
  if (isGramTerm(term)) return sql`select rowid as id from search_grams where search_grams match ${phrase(term)}`;
  return sql`select id from search_docs where text like ${likePattern(term)} escape '\\'`;
}

export interface MatchOptions extends SearchFilters {
  q: string;
}

/**
 * The FROM and WHERE clauses shared by every search: the first term's index drives the
 * query (so a common fragment streams instead of being collected whole), further terms,
 * filters and clearance narrow it. Rows are `search_docs d`.
 */
export function matchCondition(ctx: ServiceContext, options: MatchOptions): { terms: string[]; from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const terms = normalizeSearchText(options.q).split(' ').filter(Boolean);
  const parts: RawBuilder<unknown>[] = [sql`1`];
  const [first, ...rest] = terms;
  const from = first === undefined ? sql`search_docs d` : sql`(${termSource(first)}) m join search_docs d on d.id = m.id`;
  for (const term of rest) parts.push(sql`d.id in (${termSource(term)})`);
  const levels = ctx.visibleLevels();
  parts.push(sql`(d.confidentiality is null or d.confidentiality in (${sql.join(levels)}))`);
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

/** The record ids (clients, files or items) matching a search, at most CANDIDATE_LIMIT of them. */
export function matchingIds(ctx: ServiceContext, options: MatchOptions): { ids: string[]; capped: boolean } {
  const { terms, from, where } = matchCondition(ctx, options);
  if (terms.length === 0) return { ids: [], capped: false };
  const rows = ctx.db.all(sql<{ ref_id: string }>`select d.ref_id from ${from} where ${where} limit ${CANDIDATE_LIMIT + 1}`);
  return { ids: rows.slice(0, CANDIDATE_LIMIT).map((r) => r.ref_id), capped: rows.length > CANDIDATE_LIMIT };
}

export function searchDocs(ctx: ServiceContext, options: MatchOptions & { limit: number }): { hits: SearchHit[]; total: number; capped: boolean } {
  const { terms, from, where } = matchCondition(ctx, options);
  if (terms.length === 0) return { hits: [], total: 0, capped: false };
  const q = terms.join(' ');
  const candidates = sql`select d.* from ${from} where ${where} limit ${CANDIDATE_LIMIT + 1}`;
  const rows = ctx.db.all(
    sql<{
      kind: SearchHit['kind'];
      ref_id: string;
      label: string;
      client_id: string;
      client_name: string;
      archive_no: string | null;
      confidentiality: SearchHit['confidentiality'];
      status: string | null;
      doc_date: string | null;
      n: number;
    }>`with hits as (${candidates}),
      top as (
        select h.*, row_number() over (order by
          (h.text = ${q}) desc,
          (h.text like ${`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\') desc,
          case h.kind when 'client' then 0 when 'file' then 1 else 2 end,
          length(h.label),
          h.label) as rank
        from hits h order by rank limit ${options.limit})
      select t.kind, t.ref_id, t.label, t.client_id, c.name as client_name, f.archive_no, t.confidentiality, t.status, t.doc_date,
        (select count(*) from hits) as n
      from top t
      join clients c on c.id = t.client_id
      left join files f on f.id = t.file_id
      order by t.rank`,
  );
  const total = rows[0]?.n ?? 0;
  return {
    hits: rows.map((r) => ({
      kind: r.kind,
      id: r.ref_id,
      label: r.label,
      clientId: r.client_id,
      clientName: r.client_name,
      archiveNo: r.archive_no,
      confidentiality: r.confidentiality,
      status: r.status,
      date: r.doc_date,
    })),
    total: Math.min(total, CANDIDATE_LIMIT),
    capped: total > CANDIDATE_LIMIT,
  };
}
