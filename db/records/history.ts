/** The change log behind every history (信息变更记录): what changed, when, why, by whom. */
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';
import { fileOfHistory, sealText } from '../levelKeys.js';
import type { ChangeLogRow } from '../schema.js';

export type HistoryEntity = ChangeLogRow['entityType'];

export type Value = string | number | boolean | null | undefined;

export interface FieldChange {
  field: string;
  oldValue: Value;
  newValue: Value;
}

function text(value: Value): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** The fields whose values differ between `before` and `after` (only keys present in `after`). */
export function diffFields<T extends Record<string, Value>>(before: T, after: Partial<T>): FieldChange[] {
  return Object.keys(after)
    .filter((field) => after[field] !== undefined && text(before[field]) !== text(after[field]))
    .map((field) => ({ field, oldValue: before[field], newValue: after[field] }));
}

/**
 * Records each change; refuses (nothing written) when a field in `reasonRequiredFor`
 * changes without a reason.
 */
export function recordChanges(
  ctx: OperationContext,
  entity: { type: HistoryEntity; id: string },
  changes: FieldChange[],
  reason: string | undefined,
  reasonRequiredFor: readonly string[] = [],
): void {
  const why = (reason ?? '').trim();
  const needing = changes.find((c) => reasonRequiredFor.includes(c.field));
  if (needing && !why) throw new DossierError('history.reasonRequired', { field: needing.field });
  const at = ctx.now().toISOString();
  // History values of a 机密/绝密 file or item are sealed like the content they record.
  const fileId = changes.length ? fileOfHistory(ctx.db, entity.type, entity.id) : null;
  const stored = (v: Value) => (fileId ? sealText(ctx, fileId, text(v)) : text(v));
  for (const change of changes) {
    ctx.db.run(
      ctx.db.k.insertInto('change_log').values({
        at,
        userId: ctx.user.id,
        entityType: entity.type,
        entityId: entity.id,
        field: change.field,
        oldValue: stored(change.oldValue),
        newValue: stored(change.newValue),
        reason: why,
      }),
    );
  }
}

export interface HistoryEntry {
  at: string;
  username: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
}

export function historyOf(ctx: OperationContext, type: HistoryEntity, id: string): HistoryEntry[] {
  return ctx.db
    .all(
      ctx.db.k
        .selectFrom('change_log')
        .innerJoin('users', 'users.id', 'change_log.userId')
        .select(['change_log.at', 'users.displayName as username', 'change_log.field', 'change_log.oldValue', 'change_log.newValue', 'change_log.reason'])
        .where('change_log.entityType', '=', type)
        .where('change_log.entityId', '=', id)
        .orderBy('change_log.id', 'desc'),
    )
    .map((r) => ({ at: r.at, username: r.username, field: r.field, oldValue: r.oldValue, newValue: r.newValue, reason: r.reason }));
}
