/** Pure logic of the search page (tested in node): the form's state → the `search.query` input. */
import type { OpInput } from '../../shared/contract.js';
import { FILE_STATUS } from '../../shared/domain/enums.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { CLIENT_STATUS } from '../../shared/ops/clients.js';
import type { LocationNode } from '../../shared/ops/locations.js';
import type { SearchHit } from '../../shared/ops/search.js';

export type SearchKind = SearchHit['kind'];

export const SEARCH_PAGE_LIMIT = 200;

export type StatusValue = (typeof CLIENT_STATUS)[number] | (typeof FILE_STATUS)[number];

export interface SearchForm {
  q: string;
  /** Empty: every kind. */
  kinds: SearchKind[];
  /** Empty: any status. */
  status: StatusValue[];
  /** Empty: any level. */
  confidentiality: Confidentiality[];
  /** '' : any classification. */
  classificationValueId: string;
  /** '' : anywhere. */
  locationId: string;
  dateFrom: string;
  dateTo: string;
}

export function emptyForm(q = ''): SearchForm {
  return { q, kinds: [], status: [], confidentiality: [], classificationValueId: '', locationId: '', dateFrom: '', dateTo: '' };
}

/** Whether any filter beyond the query text is set. */
export function hasFilters(form: SearchForm): boolean {
  return (
    form.kinds.length > 0 ||
    form.status.length > 0 ||
    form.confidentiality.length > 0 ||
    form.classificationValueId !== '' ||
    form.locationId !== '' ||
    form.dateFrom !== '' ||
    form.dateTo !== ''
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The `search.query` input for the form, or null when there is nothing to search for yet. */
export function searchInput(form: SearchForm, limit = SEARCH_PAGE_LIMIT): OpInput<'search.query'> | null {
  const q = form.q.trim();
  if (!q) return null;
  const input: OpInput<'search.query'> = { q, limit };
  if (form.kinds.length) input.kinds = [...form.kinds];
  if (form.status.length) input.status = [...form.status];
  if (form.confidentiality.length) input.confidentiality = [...form.confidentiality];
  if (form.classificationValueId) input.classificationValueIds = [form.classificationValueId];
  if (form.locationId) input.locationId = form.locationId;
  let from = DATE.test(form.dateFrom) ? form.dateFrom : '';
  let to = DATE.test(form.dateTo) ? form.dateTo : '';
  // A range typed the wrong way round still means the days between the two dates.
  if (from && to && from > to) [from, to] = [to, from];
  if (from) input.dateFrom = from;
  if (to) input.dateTo = to;
  return input;
}

/** Adds or removes one value of a multi-choice filter, keeping the given order of choices. */
export function toggle<T extends string>(list: readonly T[], value: T, on: boolean, order: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(value);
  else set.delete(value);
  return order.filter((v) => set.has(v));
}

/** Which status choices make sense for the kinds chosen (client lifecycle, file status, or both). */
export function statusChoices(kinds: readonly SearchKind[]): { client: boolean; file: boolean } {
  if (kinds.length === 0) return { client: true, file: true };
  return { client: kinds.includes('client'), file: kinds.includes('file') };
}

/** Statuses chosen that no longer apply once the kinds change are dropped. */
export function applicableStatus(status: readonly StatusValue[], kinds: readonly SearchKind[]): StatusValue[] {
  const choices = statusChoices(kinds);
  return status.filter((s) => ((CLIENT_STATUS as readonly string[]).includes(s) ? choices.client : choices.file));
}

/** Location choices in tree order, indented by depth (files stored at a place or below it). */
export function locationOptions(nodes: readonly Pick<LocationNode, 'id' | 'name' | 'code' | 'depth' | 'fileCount'>[]): { id: string; label: string }[] {
  return nodes.map((n) => ({ id: n.id, label: `${'\u3000'.repeat(n.depth)}${n.name}${n.fileCount ? ` (${n.fileCount})` : ''}` }));
}

/** A stable key for a hit (a client and a file may share no id, but keep kinds apart anyway). */
export function hitKey(hit: Pick<SearchHit, 'kind' | 'id'>): string {
  return `${hit.kind}-${hit.id}`;
}
