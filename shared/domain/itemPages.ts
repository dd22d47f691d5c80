/**
 * An item's page count (页数) and its scans. Archive software fills the count from the scans
 * when nobody typed it, and then keeps it equal to them; a count the clerk typed (from the paper)
 * is never overwritten: a difference is reported so someone checks the paper or the scan. A
 * sealed original keeps its count (a correction changes it).
 */

export type PageCountSource = 'typed' | 'default' | 'scans';

export interface PagedItem {
  pageCount: number;
  source: PageCountSource;
  sealed: boolean;
}

/**
 * - `fill`: the count becomes the scans' pages (it was the default, empty, or filled from scans).
 * - `confirm`: already equal; a default count is from now on kept equal to the scans.
 * - `keep`: nothing to do (equal, or no scans to compare with).
 * - `typed` / `sealed`: it differs and stays as it is; reported.
 */
export type PageRule = 'fill' | 'confirm' | 'keep' | 'typed' | 'sealed';

export function pageRule(item: PagedItem, scanPages: number): PageRule {
  if (scanPages === item.pageCount) return item.source === 'default' && scanPages > 0 ? 'confirm' : 'keep';
  if (item.sealed) return scanPages > 0 ? 'sealed' : 'keep';
  // A 0 counts as empty whoever wrote it.
  if (item.source === 'scans' || item.pageCount === 0) return 'fill';
  if (item.source === 'default') return scanPages > 0 ? 'fill' : 'keep';
  return scanPages > 0 ? 'typed' : 'keep';
}

const MESSAGE = { filled: 'pagesFilled', typed: 'pagesTyped', sealed: 'pagesSealed', sealedPlace: 'pagesSealedPlace' } as const;

/** The sentence (key under `ui.scanPanel`, plural by `count`) saying what became of an item's page count. */
export function itemPagesMessage(p: { seq: number; previous: number; pageCount: number; scanPages: number; outcome: keyof typeof MESSAGE }) {
  return { key: MESSAGE[p.outcome], params: { seq: p.seq, count: p.scanPages, from: p.previous, typed: p.pageCount } };
}
