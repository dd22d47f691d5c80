import { z } from 'zod';
import { Confidentiality, DateString, Id, op, trimmed } from './kit.js';

/** 'scan': a scanned document of a file, by its name and the text OCR read on its pages. */
export const SEARCH_KINDS = ['client', 'file', 'item', 'scan'] as const;
export const SearchKind = z.enum(SEARCH_KINDS);

export const SearchFilters = z.object({
  kinds: z.array(SearchKind).max(4).optional(),
  /** Client lifecycle or file status values (prospect/active/terminated, in_stock/on_loan). */
  status: z.array(z.string().max(32)).max(10).optional(),
  confidentiality: z.array(Confidentiality).max(4).optional(),
  /** Classification value ids: a client (or the client of a file/item) must carry every one. */
  classificationValueIds: z.array(Id).max(20).optional(),
  /** Files (and their items) stored at this location or below it. */
  locationId: Id.optional(),
  dateFrom: DateString.optional(),
  dateTo: DateString.optional(),
});

export const SearchHit = z.object({
  kind: SearchKind,
  id: Id,
  label: z.string(),
  clientId: Id,
  clientName: z.string(),
  archiveNo: z.string().nullable(),
  confidentiality: Confidentiality.nullable(),
  status: z.string().nullable(),
  date: z.string().nullable(),
});

export const searchOps = {
  'search.query': op(
    SearchFilters.extend({
      q: trimmed(200),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    z.object({ hits: z.array(SearchHit), total: z.number().int(), capped: z.boolean() }),
  ),
} as const;

export type SearchFilters = z.output<typeof SearchFilters>;
export type SearchHit = z.output<typeof SearchHit>;
