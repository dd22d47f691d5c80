import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Where a contents-list item's page count (页数) came from. Frozen.
 * - `typed`: a clerk typed it (or it predates this column): scans never overwrite it, a
 *   difference from its scans' pages is reported instead.
 * - `default`: nobody typed it (an item added without a page count gets 1): its scans fill it.
 * - `scans`: the engine filled it from the item's scans: it follows them when scans are added,
 *   moved or removed.
 * Items that already hold exactly their scans' pages (the screens filled them before the engine
 * did) start as `scans`.
 */
export const m0027_item_page_source: Migration = {
  version: 27,
  name: 'item_page_source',
  up({ exec }) {
    exec(sql`alter table file_items add column page_count_source text not null default 'typed'
      check (page_count_source in ('typed','default','scans'))`);
    exec(sql`update file_items set page_count_source = 'scans'
      where sealed_at is null and superseded_by_id is null and page_count > 0
        and page_count = (select sum(b.page_count) from scans s join blobs b on b.id = s.blob_id
          join file_items v on v.id = s.item_id where v.origin_id = file_items.origin_id)`);
  },
};
