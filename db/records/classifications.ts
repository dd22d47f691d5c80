/** Classification schemes and their values (configuration an administrator edits). */
import { sql } from 'kysely';
import { DossierError } from '../../shared/errors.js';
import type { ClassificationScheme, ClassificationValue } from '../../shared/ops/classifications.js';
import { OperationContext } from '../context.js';
import type { Handler } from '../handlers/kit.js';
import type { ClassificationSchemesRow, ClassificationValuesRow } from '../schema.js';

// ---------------------------------------------------------------- classifications
export type SchemeRow = ClassificationSchemesRow;

export type ValueRow = ClassificationValuesRow;

export function findScheme(ctx: OperationContext, code: string): SchemeRow {
  const scheme = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('code', '=', code));
  if (!scheme) throw new DossierError('classification.notFound', { scheme: code, value: '' });
  return scheme;
}

export function findValue(ctx: OperationContext, scheme: SchemeRow, code: string): ValueRow {
  const value = ctx.db.one(
    ctx.db.k
      .selectFrom('classification_values')
      .selectAll()
      .where('schemeId', '=', scheme.id)
      .where(sql<string>`lower(code)`, '=', code.toLowerCase()),
  );
  if (!value) throw new DossierError('classification.notFound', { scheme: scheme.label, value: code });
  return value;
}

export function toValue(row: ValueRow): ClassificationValue {
  return {
    id: row.id,
    schemeId: row.schemeId,
    code: row.code,
    label: row.label,
    labelEn: row.labelEn,
    active: row.active === 1,
    sortOrder: row.sortOrder,
  };
}

export function toScheme(row: SchemeRow, values: ValueRow[]): ClassificationScheme {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    labelEn: row.labelEn,
    active: row.active === 1,
    sortOrder: row.sortOrder,
    values: values.map(toValue),
  };
}

export const listClassifications: Handler<'classifications.list'> = (ctx, input) => {
  let schemes = ctx.db.k.selectFrom('classification_schemes').selectAll().orderBy('sortOrder').orderBy('code');
  let values = ctx.db.k.selectFrom('classification_values').selectAll().orderBy('sortOrder').orderBy('code');
  if (!input.includeInactive) {
    schemes = schemes.where('active', '=', 1);
    values = values.where('active', '=', 1);
  }
  const byScheme = new Map<string, ValueRow[]>();
  for (const value of ctx.db.all(values)) byScheme.set(value.schemeId, [...(byScheme.get(value.schemeId) ?? []), value]);
  return ctx.db.all(schemes).map((s) => toScheme(s, byScheme.get(s.id) ?? []));
};

export function nextSortOrder(ctx: OperationContext, table: 'classification_schemes' | 'classification_values', schemeId?: string): number {
  let query = ctx.db.k.selectFrom(table).select((eb) => eb.fn.max<number>('sortOrder').as('n'));
  if (schemeId) query = query.where('schemeId' as never, '=', schemeId as never);
  return (ctx.db.one(query)?.n ?? 0) + 10;
}
