/**
 * Sealed originals (原件封存) keep their place: the number and the page range written on the
 * paper. An order of a file's items is acceptable only if every sealed item in it has the
 * same number and pages as before; the engine refuses anything else and screens disable it.
 */

export interface PlacedItem {
  id: string;
  pageCount: number;
  sealed: boolean;
}

function places(items: readonly PlacedItem[]): Map<string, string> {
  const out = new Map<string, string>();
  let page = 0;
  items.forEach((item, i) => {
    const from = item.pageCount > 0 ? page + 1 : null;
    page += item.pageCount;
    out.set(item.id, `${i + 1}:${from ?? ''}-${from === null ? '' : page}`);
  });
  return out;
}

/** The first sealed item of `before` whose number or pages differ in `after` (or that is gone from it), else null. */
export function displacedSealed<T extends PlacedItem>(before: readonly T[], after: readonly PlacedItem[]): T | null {
  const was = places(before);
  const now = places(after);
  return before.find((item) => item.sealed && now.get(item.id) !== was.get(item.id)) ?? null;
}

/** `items` with the one at index `from` moved to index `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item!);
  return out;
}
