import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { DossierError } from '../../shared/errors.js';
import { nextSortOrder, toScheme, toValue } from '../records/classifications.js';
import type { SchemeRow, ValueRow } from '../records/classifications.js';
import { CATEGORY_SCHEME_ID } from '../records/clientClassifications.js';
import type { Handler } from './kit.js';
import { listClassifications } from '../records/classifications.js';
import type { classificationsOps } from '../../shared/ops/classifications.js';
import type { HandlersOf } from './kit.js';

export const saveScheme: Handler<'classifications.saveScheme'> = (ctx, input) => {
  const clash = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').select('id').where('code', '=', input.code));
  if (clash && clash.id !== input.id) throw new DossierError('classification.duplicateCode', { code: input.code });
  let row: SchemeRow;
  let previous: SchemeRow | undefined;
  if (input.id) {
    previous = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('id', '=', input.id));
    if (!previous) throw new DossierError('classification.notFound', { scheme: input.id, value: '' });
    row = { ...previous, code: input.code, label: input.label, labelEn: input.labelEn ?? null, active: input.active ? 1 : 0, sortOrder: input.sortOrder ?? previous.sortOrder };
    ctx.db.run(ctx.db.k.updateTable('classification_schemes').set(row).where('id', '=', row.id));
  } else {
    row = {
      id: randomUUID(),
      code: input.code,
      label: input.label,
      labelEn: input.labelEn ?? null,
      active: input.active ? 1 : 0,
      sortOrder: input.sortOrder ?? nextSortOrder(ctx, 'classification_schemes'),
    };
    ctx.db.run(ctx.db.k.insertInto('classification_schemes').values(row));
  }
  ctx.audit({
    action: 'classifications.saveScheme',
    targetType: 'classificationScheme',
    targetId: row.id,
    targetLabel: row.label,
    details: {
      code: row.code,
      label: row.label,
      labelEn: row.labelEn,
      active: row.active === 1,
      ...(previous ? { previousLabel: previous.label, previousCode: previous.code, previousActive: previous.active === 1 } : { created: true }),
    },
  });
  const values = ctx.db.all(ctx.db.k.selectFrom('classification_values').selectAll().where('schemeId', '=', row.id).orderBy('sortOrder').orderBy('code'));
  return toScheme(row, values);
};

export const saveValue: Handler<'classifications.saveValue'> = (ctx, input) => {
  const scheme = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('id', '=', input.schemeId));
  if (!scheme) throw new DossierError('classification.notFound', { scheme: input.schemeId, value: input.code });
  const clash = ctx.db.one(
    ctx.db.k
      .selectFrom('classification_values')
      .select('id')
      .where('schemeId', '=', scheme.id)
      .where(sql<string>`lower(code)`, '=', input.code.toLowerCase()),
  );
  if (clash && clash.id !== input.id) throw new DossierError('classification.duplicateCode', { code: input.code });
  let row: ValueRow;
  let previous: ValueRow | undefined;
  if (input.id) {
    previous = ctx.db.one(ctx.db.k.selectFrom('classification_values').selectAll().where('id', '=', input.id).where('schemeId', '=', scheme.id));
    if (!previous) throw new DossierError('classification.notFound', { scheme: scheme.label, value: input.id });
    row = { ...previous, code: input.code, label: input.label, labelEn: input.labelEn ?? null, active: input.active ? 1 : 0, sortOrder: input.sortOrder ?? previous.sortOrder };
    ctx.db.run(ctx.db.k.updateTable('classification_values').set(row).where('id', '=', row.id));
    if (scheme.id === CATEGORY_SCHEME_ID && previous.label !== row.label) {
      // The legacy category text follows the value's label.
      ctx.db.run(
        ctx.db.k
          .updateTable('clients')
          .set({ category: row.label })
          .where('id', 'in', (eb) => eb.selectFrom('client_classifications').select('clientId').where('valueId', '=', row.id)),
      );
    }
  } else {
    row = {
      id: randomUUID(),
      schemeId: scheme.id,
      code: input.code,
      label: input.label,
      labelEn: input.labelEn ?? null,
      active: input.active ? 1 : 0,
      sortOrder: input.sortOrder ?? nextSortOrder(ctx, 'classification_values', scheme.id),
    };
    ctx.db.run(ctx.db.k.insertInto('classification_values').values(row));
  }
  ctx.audit({
    action: 'classifications.saveValue',
    targetType: 'classificationValue',
    targetId: row.id,
    targetLabel: `${scheme.label}: ${row.label}`,
    details: {
      scheme: scheme.code,
      code: row.code,
      label: row.label,
      labelEn: row.labelEn,
      active: row.active === 1,
      ...(previous ? { previousLabel: previous.label, previousCode: previous.code, previousActive: previous.active === 1 } : { created: true }),
    },
  });
  return toValue(row);
};

/** The handlers of the `classifications.*` operations. */
export const classificationsHandlers = {
  'classifications.list': listClassifications,
  'classifications.saveScheme': saveScheme,
  'classifications.saveValue': saveValue,
} satisfies HandlersOf<typeof classificationsOps>;
