/** The classification values a client carries, and planning changes to them before anything is written. */
import { sql } from 'kysely';
import { DossierError } from '../../shared/errors.js';
import type { ClientClassification } from '../../shared/ops/clients.js';
import { OperationContext } from '../context.js';
import { findScheme, findValue } from './classifications.js';
import type { SchemeRow, ValueRow } from './classifications.js';

export const CATEGORY_SCHEME_ID = 'scheme-category';

export const GRADE_SCHEME_ID = 'scheme-grade';

// ---------------------------------------------------------------- reading clients
export interface AssignedRow {
  clientId: string;
  schemeId: string;
  schemeCode: string;
  valueCode: string;
}

/** Scheme code → value code of each client. */
export function classificationsOf(ctx: OperationContext, clientIds: readonly string[]): Map<string, AssignedRow[]> {
  const result = new Map<string, AssignedRow[]>();
  for (let i = 0; i < clientIds.length; i += 500) {
    const chunk = clientIds.slice(i, i + 500);
    const rows = ctx.db.all(
      ctx.db.k
        .selectFrom('client_classifications as cc')
        .innerJoin('classification_schemes as s', 's.id', 'cc.schemeId')
        .innerJoin('classification_values as v', 'v.id', 'cc.valueId')
        .select(['cc.clientId', 'cc.schemeId', 's.code as schemeCode', 'v.code as valueCode'])
        .where('cc.clientId', 'in', chunk),
    );
    for (const row of rows) {
      const list = result.get(row.clientId) ?? [];
      list.push(row);
      result.set(row.clientId, list);
    }
  }
  return result;
}

export function classificationDetails(ctx: OperationContext, clientId: string): ClientClassification[] {
  return ctx.db
    .all(
      ctx.db.k
        .selectFrom('client_classifications as cc')
        .innerJoin('classification_schemes as s', 's.id', 'cc.schemeId')
        .innerJoin('classification_values as v', 'v.id', 'cc.valueId')
        .select([
          's.id as schemeId',
          's.code as schemeCode',
          's.label as schemeLabel',
          's.labelEn as schemeLabelEn',
          'v.id as valueId',
          'v.code as valueCode',
          'v.label',
          'v.labelEn',
          'v.active',
        ])
        .where('cc.clientId', '=', clientId)
        .orderBy('s.sortOrder')
        .orderBy('s.code'),
    )
    .map((r) => ({
      schemeId: r.schemeId,
      schemeCode: r.schemeCode,
      schemeLabel: r.schemeLabel,
      schemeLabelEn: r.schemeLabelEn,
      valueId: r.valueId,
      valueCode: r.valueCode,
      label: r.label,
      labelEn: r.labelEn,
      active: r.active === 1,
    }));
}

interface ClassificationPlan {
  scheme: SchemeRow;
  value: ValueRow | null;
}

/** Resolves scheme code → value code (or null) to rows; refuses unknown and inactive choices. */
export function planClassifications(ctx: OperationContext, wanted: Record<string, string | null>): ClassificationPlan[] {
  return Object.entries(wanted).map(([schemeCode, valueCode]) => {
    const scheme = findScheme(ctx, schemeCode);
    if (valueCode === null) return { scheme, value: null };
    const value = findValue(ctx, scheme, valueCode);
    return { scheme, value };
  });
}

export function assignedValue(ctx: OperationContext, clientId: string, schemeId: string): ValueRow | undefined {
  return ctx.db.one(
    ctx.db.k
      .selectFrom('client_classifications as cc')
      .innerJoin('classification_values as v', 'v.id', 'cc.valueId')
      .selectAll('v')
      .where('cc.clientId', '=', clientId)
      .where('cc.schemeId', '=', schemeId),
  );
}

export function checkActive(plan: ClassificationPlan): void {
  if (plan.scheme.active !== 1) throw new DossierError('classification.inactive', { label: plan.scheme.label });
  if (plan.value && plan.value.active !== 1) throw new DossierError('classification.inactive', { label: plan.value.label });
}

export function writeClassification(ctx: OperationContext, clientId: string, plan: ClassificationPlan): void {
  ctx.db.run(ctx.db.k.deleteFrom('client_classifications').where('clientId', '=', clientId).where('schemeId', '=', plan.scheme.id));
  if (plan.value) {
    ctx.db.run(ctx.db.k.insertInto('client_classifications').values({ clientId: clientId, schemeId: plan.scheme.id, valueId: plan.value.id }));
  }
}

/**
 * For `clients.create`: the classifications asked for, plus a category value named by the
 * legacy `category` text (label, English label or code) when no category value is given.
 */
export function planNewClientClassifications(ctx: OperationContext, wanted: Record<string, string> | undefined, categoryText: string | undefined): ClassificationPlan[] {
  const plans = planClassifications(ctx, wanted ?? {});
  plans.forEach(checkActive);
  if (categoryText && !plans.some((p) => p.scheme.id === CATEGORY_SCHEME_ID)) {
    const text = categoryText.trim().toLowerCase();
    const value = ctx.db.one(
      ctx.db.k
        .selectFrom('classification_values')
        .selectAll()
        .where('schemeId', '=', CATEGORY_SCHEME_ID)
        .where('active', '=', 1)
        .where((eb) => eb.or([eb(sql<string>`lower(label)`, '=', text), eb(sql<string>`lower(label_en)`, '=', text), eb(sql<string>`lower(code)`, '=', text)])),
    );
    const scheme = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('id', '=', CATEGORY_SCHEME_ID));
    if (value && scheme && scheme.active === 1) plans.push({ scheme, value });
  }
  return plans;
}

export function writeNewClientClassifications(ctx: OperationContext, clientId: string, plans: ClassificationPlan[]): void {
  for (const plan of plans) writeClassification(ctx, clientId, plan);
}

/** The category label to keep in the legacy `category` column, if the plans set one. */
export function categoryLabel(plans: ClassificationPlan[]): string | null | undefined {
  const plan = plans.find((p) => p.scheme.id === CATEGORY_SCHEME_ID);
  return plan ? (plan.value?.label ?? null) : undefined;
}
