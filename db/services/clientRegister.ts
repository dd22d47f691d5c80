/**
 * The client register: full client records, contacts with their history, classifications
 * (configuration: schemes and values an administrator edits), lifecycle, re-verification
 * and the reassignment of a leaving account manager's clients.
 *
 * Decisions:
 * - The legacy free-text `clients.category` column is kept equal to the Chinese label of
 *   the client's value in the category scheme (seeded id `scheme-category`), also when the
 *   value is renamed. A client without a category value keeps whatever text it had (old
 *   archives, `clients.create { category }` text that names no category value).
 * - `clients.contact_person`/`contact_phone` always mirror the current daily contact.
 * - Lifecycle: prospect → active, prospect/active → terminated (退租/注销: kind, date and
 *   reason required), terminated → active only by an administrator (reason required). A
 *   client never goes back to prospect.
 * - A grade (seeded scheme `scheme-grade`) is provisional until marked evaluated
 *   (`clients.update { gradeEvaluated: true }`); review due six months after registration
 *   while provisional, a year after the last evaluation otherwise.
 * - Reassigning a leaver's clients is refused while any open loan's borrower text contains
 *   the leaver's name (the last word of the manager text, e.g. 张伟 of 销售部 张伟), counting
 *   files above the user's clearance too (only visible ones are listed).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { Client, ClientDetail } from '../../shared/contract.js';
import { addDays, daysBetween, isValidDate, localDate } from '../../shared/domain/dates.js';
import { roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import { CLIENT_CORE_FIELDS } from '../../shared/ops/clients.js';
import type { ClassificationScheme, ClassificationValue } from '../../shared/ops/classifications.js';
import type { ClientClassification, Contact, ContactInput, ContactRole } from '../../shared/ops/clients.js';
import type { ClassificationSchemesTable, ClassificationValuesTable, ClientContactsTable, ClientsTable, Database } from '../schema.js';
import { checkCreditCode, getClientRow, toClient } from './clients.js';
import type { Handler, ServiceContext } from './context.js';
import { historyOf, recordChanges } from './history.js';
import type { FieldChange } from './history.js';
import { loanQuery, toLoan } from './loans.js';
import { readSettings } from './settings.js';

export const CATEGORY_SCHEME_ID = 'scheme-category';
export const GRADE_SCHEME_ID = 'scheme-grade';

// ---------------------------------------------------------------- reading clients

interface AssignedRow {
  client_id: string;
  scheme_id: string;
  scheme_code: string;
  value_code: string;
}

/** Scheme code → value code of each client. */
export function classificationsOf(ctx: ServiceContext, clientIds: readonly string[]): Map<string, AssignedRow[]> {
  const result = new Map<string, AssignedRow[]>();
  for (let i = 0; i < clientIds.length; i += 500) {
    const chunk = clientIds.slice(i, i + 500);
    const rows = ctx.db.all(
      ctx.db.k
        .selectFrom('client_classifications as cc')
        .innerJoin('classification_schemes as s', 's.id', 'cc.scheme_id')
        .innerJoin('classification_values as v', 'v.id', 'cc.value_id')
        .select(['cc.client_id', 'cc.scheme_id', 's.code as scheme_code', 'v.code as value_code'])
        .where('cc.client_id', 'in', chunk),
    );
    for (const row of rows) {
      const list = result.get(row.client_id) ?? [];
      list.push(row);
      result.set(row.client_id, list);
    }
  }
  return result;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(y, m - 1 + months, 1);
  const last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  return localDate(new Date(target.getFullYear(), target.getMonth(), Math.min(d, last)));
}

/** The contract's client record from a `clients` row and its classifications. */
export function clientRecord(row: ClientsTable, assigned: readonly AssignedRow[]): Client {
  const hasGrade = assigned.some((a) => a.scheme_id === GRADE_SCHEME_ID);
  const evaluated = row.grade_evaluated_on ?? null;
  const registered = localDate(new Date(row.created_at));
  return toClient(row, {
    classifications: Object.fromEntries(assigned.map((a) => [a.scheme_code, a.value_code])),
    gradeProvisional: hasGrade && !evaluated,
    gradeReviewDue: hasGrade ? (evaluated ? addMonths(evaluated, 12) : addMonths(registered, 6)) : null,
  });
}

export function clientRecords<R extends ClientsTable>(ctx: ServiceContext, rows: readonly R[]): Client[] {
  const assigned = classificationsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((row) => clientRecord(row, assigned.get(row.id) ?? []));
}

export function loadClient(ctx: ServiceContext, id: string): Client {
  return clientRecords(ctx, [getClientRow(ctx, id)])[0]!;
}

function toContact(row: ClientContactsTable): Contact {
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    phone: row.phone,
    position: row.position,
    remarks: row.remarks,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

function classificationDetails(ctx: ServiceContext, clientId: string): ClientClassification[] {
  return ctx.db
    .all(
      ctx.db.k
        .selectFrom('client_classifications as cc')
        .innerJoin('classification_schemes as s', 's.id', 'cc.scheme_id')
        .innerJoin('classification_values as v', 'v.id', 'cc.value_id')
        .select([
          's.id as scheme_id',
          's.code as scheme_code',
          's.label as scheme_label',
          's.label_en as scheme_label_en',
          'v.id as value_id',
          'v.code as value_code',
          'v.label',
          'v.label_en',
          'v.active',
        ])
        .where('cc.client_id', '=', clientId)
        .orderBy('s.sort_order')
        .orderBy('s.code'),
    )
    .map((r) => ({
      schemeId: r.scheme_id,
      schemeCode: r.scheme_code,
      schemeLabel: r.scheme_label,
      schemeLabelEn: r.scheme_label_en,
      valueId: r.value_id,
      valueCode: r.value_code,
      label: r.label,
      labelEn: r.label_en,
      active: r.active === 1,
    }));
}

/** The register part of `clients.get`: contacts (current and former), classifications, history. */
export function clientDetailExtras(ctx: ServiceContext, clientId: string): Pick<ClientDetail, 'contacts' | 'formerContacts' | 'classificationDetails' | 'history'> {
  const contacts = ctx.db.all(
    ctx.db.k
      .selectFrom('client_contacts')
      .selectAll()
      .where('client_id', '=', clientId)
      .orderBy(sql`case role when 'daily' then 0 when 'emergency' then 1 else 2 end`)
      .orderBy('valid_from', 'desc')
      .orderBy('created_at', 'desc'),
  );
  return {
    contacts: contacts.filter((c) => c.valid_to === null).map(toContact),
    formerContacts: contacts
      .filter((c) => c.valid_to !== null)
      .sort((a, b) => (b.valid_to! < a.valid_to! ? -1 : b.valid_to! > a.valid_to! ? 1 : b.created_at.localeCompare(a.created_at)))
      .map(toContact),
    classificationDetails: classificationDetails(ctx, clientId),
    history: historyOf(ctx, 'client', clientId),
  };
}

// ---------------------------------------------------------------- list filters

type ClientFilterInput = {
  status?: Client['status'] | Client['status'][];
  classifications?: Record<string, string | string[]>;
  classificationValueIds?: string[];
  accountManager?: string;
};

/** `clients.list` filters: status (default prospects and active clients), classifications, account manager. */
export function applyClientFilters<O>(ctx: ServiceContext, query: SelectQueryBuilder<Database, 'clients', O>, input: ClientFilterInput) {
  const statuses = input.status === undefined ? ['prospect', 'active'] : Array.isArray(input.status) ? input.status : [input.status];
  // `+status`: keeps SQLite on the name index (the list is ordered by name) instead of the status
  // index plus a sort of every matching row, which costs ~0.3 s per page at 100,000 clients.
  let q = query.where(sql.raw('+clients.status'), 'in', statuses as Client['status'][]);
  for (const [schemeCode, wanted] of Object.entries(input.classifications ?? {})) {
    const codes = (Array.isArray(wanted) ? wanted : [wanted]).map((c) => c.toLowerCase());
    const ids = ctx.db
      .all(
        ctx.db.k
          .selectFrom('classification_values as v')
          .innerJoin('classification_schemes as s', 's.id', 'v.scheme_id')
          .select('v.id')
          .where('s.code', '=', schemeCode)
          .where(sql<string>`lower(v.code)`, 'in', codes),
      )
      .map((r) => r.id);
    q = ids.length
      ? q.where(sql<boolean>`exists (select 1 from client_classifications cc where cc.client_id = clients.id and cc.value_id in (${sql.join(ids)}))`)
      : q.where(sql<boolean>`0`);
  }
  for (const id of input.classificationValueIds ?? []) {
    q = q.where(sql<boolean>`exists (select 1 from client_classifications cc where cc.client_id = clients.id and cc.value_id = ${id})`);
  }
  if (input.accountManager) q = q.where('clients.account_manager', '=', input.accountManager);
  return q;
}

// ---------------------------------------------------------------- classifications

type SchemeRow = ClassificationSchemesTable;
type ValueRow = ClassificationValuesTable;

function findScheme(ctx: ServiceContext, code: string): SchemeRow {
  const scheme = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('code', '=', code));
  if (!scheme) throw new DossierError('classification.notFound', { scheme: code, value: '' });
  return scheme;
}

function findValue(ctx: ServiceContext, scheme: SchemeRow, code: string): ValueRow {
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

interface ClassificationPlan {
  scheme: SchemeRow;
  value: ValueRow | null;
}

/** Resolves scheme code → value code (or null) to rows; refuses unknown and inactive choices. */
function planClassifications(ctx: ServiceContext, wanted: Record<string, string | null>): ClassificationPlan[] {
  return Object.entries(wanted).map(([schemeCode, valueCode]) => {
    const scheme = findScheme(ctx, schemeCode);
    if (valueCode === null) return { scheme, value: null };
    const value = findValue(ctx, scheme, valueCode);
    return { scheme, value };
  });
}

function assignedValue(ctx: ServiceContext, clientId: string, schemeId: string): ValueRow | undefined {
  return ctx.db.one(
    ctx.db.k
      .selectFrom('client_classifications as cc')
      .innerJoin('classification_values as v', 'v.id', 'cc.value_id')
      .selectAll('v')
      .where('cc.client_id', '=', clientId)
      .where('cc.scheme_id', '=', schemeId),
  );
}

function checkActive(plan: ClassificationPlan): void {
  if (plan.scheme.active !== 1) throw new DossierError('classification.inactive', { label: plan.scheme.label });
  if (plan.value && plan.value.active !== 1) throw new DossierError('classification.inactive', { label: plan.value.label });
}

function writeClassification(ctx: ServiceContext, clientId: string, plan: ClassificationPlan): void {
  ctx.db.run(ctx.db.k.deleteFrom('client_classifications').where('client_id', '=', clientId).where('scheme_id', '=', plan.scheme.id));
  if (plan.value) {
    ctx.db.run(ctx.db.k.insertInto('client_classifications').values({ client_id: clientId, scheme_id: plan.scheme.id, value_id: plan.value.id }));
  }
}

/**
 * For `clients.create`: the classifications asked for, plus a category value named by the
 * legacy `category` text (label, English label or code) when no category value is given.
 */
export function planNewClientClassifications(ctx: ServiceContext, wanted: Record<string, string> | undefined, categoryText: string | undefined): ClassificationPlan[] {
  const plans = planClassifications(ctx, wanted ?? {});
  plans.forEach(checkActive);
  if (categoryText && !plans.some((p) => p.scheme.id === CATEGORY_SCHEME_ID)) {
    const text = categoryText.trim().toLowerCase();
    const value = ctx.db.one(
      ctx.db.k
        .selectFrom('classification_values')
        .selectAll()
        .where('scheme_id', '=', CATEGORY_SCHEME_ID)
        .where('active', '=', 1)
        .where((eb) => eb.or([eb(sql<string>`lower(label)`, '=', text), eb(sql<string>`lower(label_en)`, '=', text), eb(sql<string>`lower(code)`, '=', text)])),
    );
    const scheme = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('id', '=', CATEGORY_SCHEME_ID));
    if (value && scheme && scheme.active === 1) plans.push({ scheme, value });
  }
  return plans;
}

export function writeNewClientClassifications(ctx: ServiceContext, clientId: string, plans: ClassificationPlan[]): void {
  for (const plan of plans) writeClassification(ctx, clientId, plan);
}

/** The category label to keep in the legacy `category` column, if the plans set one. */
export function categoryLabel(plans: ClassificationPlan[]): string | null | undefined {
  const plan = plans.find((p) => p.scheme.id === CATEGORY_SCHEME_ID);
  return plan ? (plan.value?.label ?? null) : undefined;
}

function toValue(row: ValueRow): ClassificationValue {
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

function toScheme(row: SchemeRow, values: ValueRow[]): ClassificationScheme {
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

function nextSortOrder(ctx: ServiceContext, table: 'classification_schemes' | 'classification_values', schemeId?: string): number {
  let query = ctx.db.k.selectFrom(table).select((eb) => eb.fn.max<number>('sort_order').as('n'));
  if (schemeId) query = query.where('scheme_id' as never, '=', schemeId as never);
  return (ctx.db.one(query)?.n ?? 0) + 10;
}

export const saveScheme: Handler<'classifications.saveScheme'> = (ctx, input) => {
  const clash = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').select('id').where('code', '=', input.code));
  if (clash && clash.id !== input.id) throw new DossierError('classification.duplicateCode', { code: input.code });
  let row: SchemeRow;
  let previous: SchemeRow | undefined;
  if (input.id) {
    previous = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('id', '=', input.id));
    if (!previous) throw new DossierError('classification.notFound', { scheme: input.id, value: '' });
    row = { ...previous, code: input.code, label: input.label, label_en: input.labelEn ?? null, active: input.active ? 1 : 0, sort_order: input.sortOrder ?? previous.sort_order };
    ctx.db.run(ctx.db.k.updateTable('classification_schemes').set(row).where('id', '=', row.id));
  } else {
    row = {
      id: randomUUID(),
      code: input.code,
      label: input.label,
      label_en: input.labelEn ?? null,
      active: input.active ? 1 : 0,
      sort_order: input.sortOrder ?? nextSortOrder(ctx, 'classification_schemes'),
    };
    ctx.db.run(ctx.db.k.insertInto('classification_schemes').values(row));
  }
  ctx.audit({
    action: 'classifications.saveScheme',
    targetType: 'classificationScheme',
    targetId: row.id,
    targetLabel: row.label,
    details: { code: row.code, label: row.label, labelEn: row.label_en, active: row.active === 1, ...(previous ? { previousLabel: previous.label, previousCode: previous.code, previousActive: previous.active === 1 } : { created: true }) },
  });
  const values = ctx.db.all(ctx.db.k.selectFrom('classification_values').selectAll().where('scheme_id', '=', row.id).orderBy('sort_order').orderBy('code'));
  return toScheme(row, values);
};

export const saveValue: Handler<'classifications.saveValue'> = (ctx, input) => {
  const scheme = ctx.db.one(ctx.db.k.selectFrom('classification_schemes').selectAll().where('id', '=', input.schemeId));
  if (!scheme) throw new DossierError('classification.notFound', { scheme: input.schemeId, value: input.code });
  const clash = ctx.db.one(
    ctx.db.k
      .selectFrom('classification_values')
      .select('id')
      .where('scheme_id', '=', scheme.id)
      .where(sql<string>`lower(code)`, '=', input.code.toLowerCase()),
  );
  if (clash && clash.id !== input.id) throw new DossierError('classification.duplicateCode', { code: input.code });
  let row: ValueRow;
  let previous: ValueRow | undefined;
  if (input.id) {
    previous = ctx.db.one(ctx.db.k.selectFrom('classification_values').selectAll().where('id', '=', input.id).where('scheme_id', '=', scheme.id));
    if (!previous) throw new DossierError('classification.notFound', { scheme: scheme.label, value: input.id });
    row = { ...previous, code: input.code, label: input.label, label_en: input.labelEn ?? null, active: input.active ? 1 : 0, sort_order: input.sortOrder ?? previous.sort_order };
    ctx.db.run(ctx.db.k.updateTable('classification_values').set(row).where('id', '=', row.id));
    if (scheme.id === CATEGORY_SCHEME_ID && previous.label !== row.label) {
      // The legacy category text follows the value's label.
      ctx.db.run(
        ctx.db.k
          .updateTable('clients')
          .set({ category: row.label })
          .where('id', 'in', (eb) => eb.selectFrom('client_classifications').select('client_id').where('value_id', '=', row.id)),
      );
    }
  } else {
    row = {
      id: randomUUID(),
      scheme_id: scheme.id,
      code: input.code,
      label: input.label,
      label_en: input.labelEn ?? null,
      active: input.active ? 1 : 0,
      sort_order: input.sortOrder ?? nextSortOrder(ctx, 'classification_values', scheme.id),
    };
    ctx.db.run(ctx.db.k.insertInto('classification_values').values(row));
  }
  ctx.audit({
    action: 'classifications.saveValue',
    targetType: 'classificationValue',
    targetId: row.id,
    targetLabel: `${scheme.label}: ${row.label}`,
    details: { scheme: scheme.code, code: row.code, label: row.label, labelEn: row.label_en, active: row.active === 1, ...(previous ? { previousLabel: previous.label, previousCode: previous.code, previousActive: previous.active === 1 } : { created: true }) },
  });
  return toValue(row);
};

// ---------------------------------------------------------------- contacts

export function describeContact(c: { name: string; phone?: string | null; position?: string | null }): string {
  return `${c.name}${c.phone ? ` ${c.phone}` : ''}${c.position ? `（${c.position}）` : ''}`;
}

export function insertContact(ctx: ServiceContext, clientId: string, role: ContactRole, contact: Pick<ContactInput, 'name'> & Partial<ContactInput>): ClientContactsTable {
  const row: ClientContactsTable = {
    id: randomUUID(),
    client_id: clientId,
    role,
    name: contact.name,
    phone: contact.phone ?? null,
    position: contact.position ?? null,
    remarks: contact.remarks ?? null,
    valid_from: ctx.today(),
    valid_to: null,
    created_at: ctx.now().toISOString(),
  };
  ctx.db.run(ctx.db.k.insertInto('client_contacts').values(row));
  return row;
}

function currentContacts(ctx: ServiceContext, clientId: string): ClientContactsTable[] {
  return ctx.db.all(ctx.db.k.selectFrom('client_contacts').selectAll().where('client_id', '=', clientId).where('valid_to', 'is', null).orderBy('created_at'));
}

// ---------------------------------------------------------------- clients.update

const SCALAR_FIELDS = [
  ['name', 'name'],
  ['creditCode', 'credit_code'],
  ['shortName', 'short_name'],
  ['enterpriseNature', 'enterprise_nature'],
  ['supervisingUnit', 'supervising_unit'],
  ['address', 'address'],
  ['legalRepresentative', 'legal_representative'],
  ['creditStatus', 'credit_status'],
  ['accountManager', 'account_manager'],
] as const;

const same = (a: string | null | undefined, b: string | null | undefined) => (a || null) === (b || null);

export const updateClient: Handler<'clients.update'> = (ctx, input) => {
  const row = getClientRow(ctx, input.id);
  const today = ctx.today();
  const changes: FieldChange[] = [];
  const set: Partial<ClientsTable> = {};
  const writes: (() => void)[] = [];

  // 1. Plain fields.
  for (const [field, column] of SCALAR_FIELDS) {
    const raw = input[field];
    if (raw === undefined) continue;
    let value = raw === null || raw === '' ? null : raw;
    if (field === 'creditCode' && value) value = checkCreditCode(ctx, value, row.id);
    if (same(row[column], value)) continue;
    changes.push({ field, oldValue: row[column] ?? null, newValue: value });
    set[column] = value as never;
  }

  // 2. Classifications (the category value also sets the legacy category text).
  let gradeAfter = assignedValue(ctx, row.id, GRADE_SCHEME_ID) ?? null;
  for (const plan of planClassifications(ctx, input.classifications ?? {})) {
    const current = assignedValue(ctx, row.id, plan.scheme.id);
    if ((current?.id ?? null) === (plan.value?.id ?? null)) continue;
    if (plan.value) checkActive(plan);
    changes.push({ field: `classification.${plan.scheme.code}`, oldValue: current?.label ?? null, newValue: plan.value?.label ?? null });
    writes.push(() => writeClassification(ctx, row.id, plan));
    if (plan.scheme.id === CATEGORY_SCHEME_ID) set.category = plan.value?.label ?? null;
    if (plan.scheme.id === GRADE_SCHEME_ID) {
      gradeAfter = plan.value;
      if (!plan.value && row.grade_evaluated_on) {
        changes.push({ field: 'gradeEvaluatedOn', oldValue: row.grade_evaluated_on, newValue: null });
        set.grade_evaluated_on = null;
      }
    }
  }
  if (input.gradeEvaluated) {
    if (!gradeAfter) throw new DossierError('validation', { detail: 'gradeEvaluated: the client has no grade' });
    changes.push({ field: 'gradeEvaluatedOn', oldValue: row.grade_evaluated_on ?? null, newValue: today });
    set.grade_evaluated_on = today;
  }

  // 3. Contacts: ended ones stay as former contacts (valid_to), replacements start today.
  let current = currentContacts(ctx, row.id);
  const end = (contact: ClientContactsTable) => {
    writes.push(() => ctx.db.run(ctx.db.k.updateTable('client_contacts').set({ valid_to: today }).where('id', '=', contact.id)));
    current = current.filter((c) => c.id !== contact.id);
  };
  const endedDaily = current.find((c) => c.role === 'daily' && input.endContacts?.includes(c.id));
  for (const id of input.endContacts ?? []) {
    const contact = current.find((c) => c.id === id);
    if (!contact) throw new DossierError('client.contactNotFound', { id });
    changes.push({ field: `contact.${contact.role}`, oldValue: describeContact(contact), newValue: null });
    end(contact);
  }
  // The current daily contact after this update (mirrored in contact_person/contact_phone).
  let daily: { name: string; phone?: string | null } | null = current.find((c) => c.role === 'daily') ?? null;
  let dailyTouched = endedDaily !== undefined;
  for (const role of ['daily', 'emergency'] as const) {
    const wanted = role === 'daily' ? input.dailyContact : input.emergencyContact;
    if (wanted === undefined) continue;
    const existing = current.find((c) => c.role === role);
    if (wanted === null) {
      if (!existing) continue;
      changes.push({ field: `contact.${role}`, oldValue: describeContact(existing), newValue: null });
      end(existing);
    } else if (existing && existing.name.trim().toLowerCase() === wanted.name.trim().toLowerCase()) {
      // The same person with new details: corrected in place (the history keeps the old details).
      if (same(existing.phone, wanted.phone) && same(existing.position, wanted.position) && same(existing.remarks, wanted.remarks) && existing.name === wanted.name) continue;
      changes.push({ field: `contact.${role}`, oldValue: describeContact(existing), newValue: describeContact(wanted) });
      writes.push(() =>
        ctx.db.run(
          ctx.db.k
            .updateTable('client_contacts')
            .set({ name: wanted.name, phone: wanted.phone ?? null, position: wanted.position ?? null, remarks: wanted.remarks ?? null })
            .where('id', '=', existing.id),
        ),
      );
    } else {
      changes.push({ field: `contact.${role}`, oldValue: existing ? describeContact(existing) : null, newValue: describeContact(wanted) });
      if (existing) end(existing);
      writes.push(() => insertContact(ctx, row.id, role, wanted));
    }
    if (role === 'daily') {
      daily = wanted;
      dailyTouched = true;
    }
  }
  for (const contact of input.addContacts ?? []) {
    changes.push({ field: 'contact.other', oldValue: null, newValue: describeContact(contact) });
    writes.push(() => insertContact(ctx, row.id, 'other', contact));
  }
  if (dailyTouched) {
    set.contact_person = daily?.name ?? null;
    set.contact_phone = daily?.phone ?? null;
  }

  if (changes.length === 0) throw new DossierError('client.noChanges');
  // Refuses (nothing written yet) when a core field changes without a reason.
  recordChanges(ctx, { type: 'client', id: row.id }, changes, input.reason, CLIENT_CORE_FIELDS);
  for (const write of writes) write();
  ctx.db.run(ctx.db.k.updateTable('clients').set({ ...set, updated_at: ctx.now().toISOString() }).where('id', '=', row.id));
  ctx.audit({
    action: 'clients.update',
    targetType: 'client',
    targetId: row.id,
    targetLabel: set.name ?? row.name,
    details: { fields: changes.map((c) => c.field), reason: input.reason ?? '' },
  });
  return loadClient(ctx, row.id);
};

// ---------------------------------------------------------------- lifecycle

const TRANSITIONS: Record<Client['status'], readonly Client['status'][]> = {
  prospect: ['active', 'terminated'],
  active: ['terminated'],
  terminated: ['active'],
};

export const setClientStatus: Handler<'clients.setStatus'> = (ctx, input) => {
  const row = getClientRow(ctx, input.id);
  const from = row.status;
  const to = input.status;
  if (!TRANSITIONS[from].includes(to)) throw new DossierError('client.badTransition', { from, to });
  const reason = input.reason?.trim() ?? '';
  const set: Partial<ClientsTable> = { status: to };
  if (to === 'terminated') {
    if (!input.terminationKind) throw new DossierError('client.terminationKindRequired');
    const on = input.terminatedOn ?? ctx.today();
    if (!isValidDate(on)) throw new DossierError('validation', { detail: `terminatedOn: ${on}` });
    if (on > ctx.today()) throw new DossierError('client.terminatedInFuture', { date: on });
    Object.assign(set, { termination_kind: input.terminationKind, terminated_on: on, termination_reason: reason || null });
  }
  if (from === 'terminated') {
    if (!roleCan(ctx.user.role, 'settings.manage')) throw new DossierError('client.reactivationAdminOnly');
    Object.assign(set, { termination_kind: null, terminated_on: null, termination_reason: null });
  }
  const changes: FieldChange[] = [
    { field: 'status', oldValue: from, newValue: to },
    ...(['termination_kind', 'terminated_on'] as const)
      .filter((column) => column in set && !same(row[column], set[column] as string | null))
      .map((column) => ({ field: column === 'termination_kind' ? 'terminationKind' : 'terminatedOn', oldValue: row[column] ?? null, newValue: set[column] as string | null })),
  ];
  const reasonNeeded = to === 'terminated' || from === 'terminated';
  recordChanges(ctx, { type: 'client', id: row.id }, changes, reason, reasonNeeded ? ['status'] : []);
  ctx.db.run(ctx.db.k.updateTable('clients').set({ ...set, updated_at: ctx.now().toISOString() }).where('id', '=', row.id));
  ctx.audit({
    action: 'clients.setStatus',
    targetType: 'client',
    targetId: row.id,
    targetLabel: row.name,
    details: { from, to, terminationKind: set.termination_kind ?? null, terminatedOn: set.terminated_on ?? null, reason },
  });
  return loadClient(ctx, row.id);
};

// ---------------------------------------------------------------- re-verification

export const verifyClient: Handler<'clients.verify'> = (ctx, input) => {
  const row = getClientRow(ctx, input.id);
  const today = ctx.today();
  recordChanges(ctx, { type: 'client', id: row.id }, [{ field: 'verifiedOn', oldValue: row.verified_on ?? null, newValue: today }], input.remarks);
  ctx.db.run(ctx.db.k.updateTable('clients').set({ verified_on: today }).where('id', '=', row.id));
  ctx.audit({ action: 'clients.verify', targetType: 'client', targetId: row.id, targetLabel: row.name, details: { verifiedOn: today, previous: row.verified_on ?? null, remarks: input.remarks ?? '' } });
  return loadClient(ctx, row.id);
};

export const dueForVerification: Handler<'clients.dueForVerification'> = (ctx, input) => {
  const days = input.days ?? readSettings(ctx.db).verifyIntervalDays;
  const today = ctx.today();
  const cutoff = addDays(today, -days);
  const last = sql<string>`coalesce(clients.verified_on, substr(clients.created_at, 1, 10))`;
  const query = ctx.db.k
    .selectFrom('clients')
    .where('clients.status', 'in', ['prospect', 'active'])
    .where(last, '<=', cutoff);
  const total = ctx.db.one(query.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = ctx.db.all(query.selectAll('clients').select(last.as('last_verified')).orderBy(last).orderBy('clients.name').limit(input.limit));
  const records = clientRecords(ctx, rows);
  return {
    days,
    total,
    rows: records.map((client, i) => ({ ...client, lastVerifiedOn: rows[i]!.last_verified, daysSince: daysBetween(rows[i]!.last_verified, today) })),
  };
};

// ---------------------------------------------------------------- account managers

export const listAccountManagers: Handler<'clients.accountManagers'> = (ctx) =>
  ctx.db
    .all(
      ctx.db.k
        .selectFrom('clients')
        .select([
          'account_manager',
          (eb) => eb.fn.countAll<number>().as('n'),
          sql<number>`sum(case when status = 'terminated' then 1 else 0 end)`.as('terminated'),
        ])
        .where('account_manager', 'is not', null)
        .groupBy('account_manager')
        .orderBy('account_manager'),
    )
    .map((r) => ({ name: r.account_manager!, clients: r.n, terminated: r.terminated }));

/** The leaver's name as it appears in a borrower text: the last word of the manager text. */
function leaverName(manager: string): string {
  const words = manager.trim().split(/\s+/);
  return words[words.length - 1] ?? manager.trim();
}

/**
 * Loans whose borrower is the leaver: the bare name, or (when the manager text names a
 * department, 销售部 张伟) that department followed by the name, so 物业管理部 张伟, another
 * person of the same name, does not hold up the reassignment.
 */
function borrowerLike(manager: string) {
  const escape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const name = leaverName(manager);
  const department = manager.trim().slice(0, manager.trim().length - name.length).trim();
  if (!department) return sql<boolean>`loans.borrower like ${`%${escape(name)}%`} escape '\\'`;
  return sql<boolean>`(trim(loans.borrower) = ${name} or loans.borrower like ${`%${escape(department)}%${escape(name)}%`} escape '\\')`;
}

/** Every open loan naming the leaver, files above the user's clearance included. */
function openLoanCount(ctx: ServiceContext, manager: string): number {
  return ctx.db.one(ctx.db.k.selectFrom('loans').select((eb) => eb.fn.countAll<number>().as('n')).where('loans.returned_at', 'is', null).where(borrowerLike(manager)))?.n ?? 0;
}

export const reassignPreview: Handler<'clients.reassignPreview'> = (ctx, input) => {
  const from = input.fromManager;
  const clients = ctx.db.all(ctx.db.k.selectFrom('clients').select('name').where('account_manager', '=', from).orderBy('name'));
  const openLoans = ctx.db
    .all(loanQuery(ctx).where('loans.returned_at', 'is', null).where(borrowerLike(from)).orderBy('loans.due_date').orderBy('files.archive_no'))
    .map((row) => toLoan(ctx, row));
  return { fromManager: from, clients: clients.length, clientNames: clients.map((c) => c.name), openLoans, openLoanCount: openLoanCount(ctx, from) };
};

export const reassignClients: Handler<'clients.reassign'> = (ctx, input) => {
  const from = input.fromManager;
  const to = input.toManager;
  if (from === to) throw new DossierError('client.sameManager');
  const open = openLoanCount(ctx, from);
  if (open > 0) throw new DossierError('client.leaverHasOpenLoans', { manager: from, count: open });
  const rows = ctx.db.all(ctx.db.k.selectFrom('clients').select(['id', 'name']).where('account_manager', '=', from).orderBy('name'));
  if (rows.length === 0) throw new DossierError('client.managerHasNoClients', { manager: from });
  const now = ctx.now().toISOString();
  for (const row of rows) {
    recordChanges(ctx, { type: 'client', id: row.id }, [{ field: 'accountManager', oldValue: from, newValue: to }], input.reason);
    ctx.db.run(ctx.db.k.updateTable('clients').set({ account_manager: to, updated_at: now }).where('id', '=', row.id));
    // One audit row per client reassigned (bulk write).
    ctx.audit({ action: 'clients.reassign', targetType: 'client', targetId: row.id, targetLabel: row.name, details: { from, to, reason: input.reason } });
  }
  return { reassigned: rows.length };
};

export const clientRegisterHandlers = {
  'clients.update': updateClient,
  'clients.setStatus': setClientStatus,
  'clients.verify': verifyClient,
  'clients.dueForVerification': dueForVerification,
  'clients.accountManagers': listAccountManagers,
  'clients.reassignPreview': reassignPreview,
  'clients.reassign': reassignClients,
  'classifications.list': listClassifications,
  'classifications.saveScheme': saveScheme,
  'classifications.saveValue': saveValue,
};
