/** Classification schemes and their values (configuration an administrator edits). */
import { sql } from 'kysely';
import { DossierError } from '../../shared/errors.js';
import type { ClassificationScheme, ClassificationValue } from '../../shared/ops/classifications.js';
import { OperationContext } from '../context.js';
import type { Handler } from '../handlers/kit.js';
import type { ClassificationSchemesTable, ClassificationValuesTable } from '../schema.js';

// ---------------------------------------------------------------- classifications
export type SchemeRow = ClassificationSchemesTable;

export type ValueRow = ClassificationValuesTable;

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
      .where('scheme_id', '=', scheme.id)
      .where(sql<string>`lower(code)`, '=', code.toLowerCase()),
  );
  if (!value) throw new DossierError('classification.notFound', { scheme: scheme.label, value: code });
  return value;
}

export function toValue(row: ValueRow): ClassificationValue {
  return {
    id: row.id,
    schemeId: row.scheme_id,
    code: row.code,
    label: row.label,
    labelEn: row.label_en,
    active: row.active === 1,
    sortOrder: row.sort_order,
  };
}

export function toScheme(row: SchemeRow, values: ValueRow[]): ClassificationScheme {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    labelEn: row.label_en,
    active: row.active === 1,
    sortOrder: row.sort_order,
    values: values.map(toValue),
  };
}

export const listClassifications: Handler<'classifications.list'> = (ctx, input) => {
  let schemes = ctx.db.k.selectFrom('classification_schemes').selectAll().orderBy('sort_order').orderBy('code');
  let values = ctx.db.k.selectFrom('classification_values').selectAll().orderBy('sort_order').orderBy('code');
  if (!input.includeInactive) {
    schemes = schemes.where('active', '=', 1);
    values = values.where('active', '=', 1);
  }
  const byScheme = new Map<string, ValueRow[]>();
  for (const value of ctx.db.all(values)) byScheme.set(value.scheme_id, [...(byScheme.get(value.scheme_id) ?? []), value]);
  return ctx.db.all(schemes).map((s) => toScheme(s, byScheme.get(s.id) ?? []));
};

export function nextSortOrder(ctx: OperationContext, table: 'classification_schemes' | 'classification_values', schemeId?: string): number {
  let query = ctx.db.k.selectFrom(table).select((eb) => eb.fn.max<number>('sort_order').as('n'));
  if (schemeId) query = query.where('scheme_id' as never, '=', schemeId as never);
  return (ctx.db.one(query)?.n ?? 0) + 10;
}
