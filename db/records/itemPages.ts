/**
 * An item's page count follows its scans (shared/domain/itemPages.ts has the rule): called by
 * the scans handlers in their transaction after scans were added to, moved from or to, or
 * removed from items. A fill is an item change like a clerk's edit: history row and an
 * `items.update` audit entry. Counts that stay different are returned for the screen to say.
 */
import { sql } from 'kysely';
import { displacedSealed } from '../../shared/domain/contentsOrder.js';
import { pageRule } from '../../shared/domain/itemPages.js';
import type { ScanItemPages } from '../../shared/ops/scans.js';
import type { OperationContext } from '../context.js';
import { recordChanges } from './history.js';
import { currentItemRows, itemLabel, itemQuery } from './items.js';

/** The pages of the scans attached to any version of an item. */
function scanPagesOf(ctx: OperationContext, originId: string): number {
  return (
    ctx.db.one(
      sql<{ n: number | null }>`select sum(b.page_count) as n from scans s join blobs b on b.id = s.blob_id
        join file_items v on v.id = s.item_id where v.origin_id = ${originId}`,
    )?.n ?? 0
  );
}

/** Brings the page counts of the items named (any version's id; null ignored) in line with their scans. */
export function followScanPages(ctx: OperationContext, itemIds: readonly (string | null | undefined)[]): ScanItemPages[] {
  const ids = [...new Set(itemIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return [];
  const origins = [...new Set(ctx.db.all(ctx.db.k.selectFrom('file_items').select('originId').where('id', 'in', ids)).map((r) => r.originId))];
  const out: ScanItemPages[] = [];
  for (const originId of origins) {
    const row = ctx.db.one(itemQuery(ctx).where('file_items.originId', '=', originId).where('file_items.supersededById', 'is', null));
    if (!row) continue;
    const scanPages = scanPagesOf(ctx, originId);
    const rule = pageRule({ pageCount: row.pageCount, source: row.pageCountSource, sealed: row.sealedAt !== null }, scanPages);
    const report = { itemId: row.id, archiveNo: row.archiveNo, seq: row.seq, pageCount: row.pageCount, previous: row.pageCount, scanPages };
    if (rule === 'keep') continue;
    if (rule === 'confirm') {
      ctx.db.run(ctx.db.k.updateTable('file_items').set({ pageCountSource: 'scans' }).where('id', '=', row.id));
      continue;
    }
    if (rule === 'typed' || rule === 'sealed') {
      out.push({ ...report, outcome: rule });
      continue;
    }
    // A sealed item further down keeps the page numbers written on its paper.
    const rows = currentItemRows(ctx, row.fileId);
    const placed = (r: (typeof rows)[number]) => ({ id: r.id, sealed: r.sealedAt !== null, pageCount: r.id === row.id ? scanPages : r.pageCount });
    if (
      displacedSealed(
        rows.map((r) => ({ id: r.id, sealed: r.sealedAt !== null, pageCount: r.pageCount })),
        rows.map(placed),
      )
    ) {
      out.push({ ...report, outcome: 'sealedPlace' });
      continue;
    }
    ctx.db.run(ctx.db.k.updateTable('file_items').set({ pageCount: scanPages, pageCountSource: 'scans', updatedAt: ctx.now().toISOString() }).where('id', '=', row.id));
    recordChanges(ctx, { type: 'item', id: originId }, [{ field: 'pageCount', oldValue: row.pageCount, newValue: scanPages }], undefined);
    ctx.audit({
      action: 'items.update',
      targetType: 'item',
      targetId: row.id,
      targetLabel: itemLabel(row, row.seq),
      details: { archiveNo: row.archiveNo, changes: [{ field: 'pageCount', from: row.pageCount, to: scanPages }], fromScans: true },
    });
    out.push({ ...report, pageCount: scanPages, outcome: 'filled' });
  }
  return out.sort((a, b) => a.archiveNo.localeCompare(b.archiveNo) || a.seq - b.seq);
}
