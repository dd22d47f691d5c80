import { sql } from 'kysely';
import type { Client, ClientDetail, ClientSummary } from '../../shared/contract.js';
import { addDays, daysBetween, isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { CLIENT_CORE_FIELDS } from '../../shared/ops/clients.js';
import { OperationContext } from '../context.js';
import { assignedValue, CATEGORY_SCHEME_ID, checkActive, GRADE_SCHEME_ID, planClassifications, writeClassification } from '../records/clientClassifications.js';
import { applyClientFilters, checkCreditCode, clientDetailExtras, clientRecords, getClientRow, loadClient, orderClients } from '../records/clients.js';
import { currentContacts, describeContact, insertContact } from '../records/contacts.js';
import { fileQuery } from '../records/files.js';
import { recordChanges } from '../records/history.js';
import type { FieldChange } from '../records/history.js';
import { loanQuery, toLoan } from '../records/loans.js';
import { managerPersonSql } from '../records/accountManagers.js';
import { personById } from '../records/people.js';
import { borrowerLabel } from '../../shared/domain/borrowing.js';
import { readSettings } from '../records/settings.js';
import type { ClientContactsRow, ClientsRow } from '../schema.js';
import { matchingIds } from '../search/query.js';
import type { Handler } from './kit.js';
import { createClient } from '../records/clients.js';
import type { clientsOps } from '../../shared/ops/clients.js';
import type { HandlersOf } from './kit.js';

// ---------------------------------------------------------------- clients.update
const SCALAR_FIELDS = [
  ['name', 'name'],
  ['creditCode', 'creditCode'],
  ['shortName', 'shortName'],
  ['enterpriseNature', 'enterpriseNature'],
  ['supervisingUnit', 'supervisingUnit'],
  ['address', 'address'],
  ['legalRepresentative', 'legalRepresentative'],
  ['creditStatus', 'creditStatus'],
  ['accountManager', 'accountManager'],
  ['remarks', 'remarks'],
  ['registeredOn', 'registeredOn'],
] as const;

const same = (a: string | null | undefined, b: string | null | undefined) => (a || null) === (b || null);

export const updateClient: Handler<'clients.update'> = (ctx, input) => {
  const row = getClientRow(ctx, input.id);
  const today = ctx.today();
  const changes: FieldChange[] = [];
  const set: Partial<ClientsRow> = {};
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
      if (!plan.value && row.gradeEvaluatedOn) {
        changes.push({ field: 'gradeEvaluatedOn', oldValue: row.gradeEvaluatedOn, newValue: null });
        set.gradeEvaluatedOn = null;
      }
    }
  }
  if (input.gradeEvaluated) {
    if (!gradeAfter) throw new DossierError('validation', { detail: 'gradeEvaluated: the client has no grade' });
    changes.push({ field: 'gradeEvaluatedOn', oldValue: row.gradeEvaluatedOn ?? null, newValue: today });
    set.gradeEvaluatedOn = today;
  }

  // 3. Contacts: ended ones stay as former contacts (valid_to), replacements start today.
  let current = currentContacts(ctx, row.id);
  const end = (contact: ClientContactsRow) => {
    writes.push(() => ctx.db.run(ctx.db.k.updateTable('client_contacts').set({ validTo: today }).where('id', '=', contact.id)));
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
    set.contactPerson = daily?.name ?? null;
    set.contactPhone = daily?.phone ?? null;
  }

  if (changes.length === 0) throw new DossierError('client.noChanges');
  // Refuses (nothing written yet) when a core field changes without a reason.
  recordChanges(ctx, { type: 'client', id: row.id }, changes, input.reason, CLIENT_CORE_FIELDS);
  for (const write of writes) write();
  ctx.db.run(
    ctx.db.k
      .updateTable('clients')
      .set({ ...set, updatedAt: ctx.now().toISOString() })
      .where('id', '=', row.id),
  );
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
  const set: Partial<ClientsRow> = { status: to };
  if (to === 'terminated') {
    if (!input.terminationKind) throw new DossierError('client.terminationKindRequired');
    const on = input.terminatedOn ?? ctx.today();
    if (!isValidDate(on)) throw new DossierError('validation', { detail: `terminatedOn: ${on}` });
    if (on > ctx.today()) throw new DossierError('client.terminatedInFuture', { date: on });
    Object.assign(set, { terminationKind: input.terminationKind, terminatedOn: on, terminationReason: reason || null });
  }
  if (from === 'terminated') {
    // Administrators only: the operation's policy (shared/ops/clients.ts) refused anyone else.
    Object.assign(set, { terminationKind: null, terminatedOn: null, terminationReason: null });
  }
  const changes: FieldChange[] = [
    { field: 'status', oldValue: from, newValue: to },
    ...(['terminationKind', 'terminatedOn'] as const)
      .filter((column) => column in set && !same(row[column], set[column] as string | null))
      .map((column) => ({ field: column === 'terminationKind' ? 'terminationKind' : 'terminatedOn', oldValue: row[column] ?? null, newValue: set[column] as string | null })),
  ];
  const reasonNeeded = to === 'terminated' || from === 'terminated';
  recordChanges(ctx, { type: 'client', id: row.id }, changes, reason, reasonNeeded ? ['status'] : []);
  ctx.db.run(
    ctx.db.k
      .updateTable('clients')
      .set({ ...set, updatedAt: ctx.now().toISOString() })
      .where('id', '=', row.id),
  );
  ctx.audit({
    action: 'clients.setStatus',
    targetType: 'client',
    targetId: row.id,
    targetLabel: row.name,
    details: { from, to, terminationKind: set.terminationKind ?? null, terminatedOn: set.terminatedOn ?? null, reason },
  });
  return loadClient(ctx, row.id);
};

// ---------------------------------------------------------------- re-verification
export const verifyClient: Handler<'clients.verify'> = (ctx, input) => {
  const row = getClientRow(ctx, input.id);
  const today = ctx.today();
  recordChanges(ctx, { type: 'client', id: row.id }, [{ field: 'verifiedOn', oldValue: row.verifiedOn ?? null, newValue: today }], input.remarks);
  ctx.db.run(ctx.db.k.updateTable('clients').set({ verifiedOn: today }).where('id', '=', row.id));
  ctx.audit({
    action: 'clients.verify',
    targetType: 'client',
    targetId: row.id,
    targetLabel: row.name,
    details: { verifiedOn: today, previous: row.verifiedOn ?? null, remarks: input.remarks ?? '' },
  });
  return loadClient(ctx, row.id);
};

export const dueForVerification: Handler<'clients.dueForVerification'> = (ctx, input) => {
  const days = input.days ?? readSettings(ctx.db).verifyIntervalDays;
  const today = ctx.today();
  const cutoff = addDays(today, -days);
  const last = sql<string>`coalesce(clients.verified_on, substr(clients.created_at, 1, 10))`;
  const query = ctx.db.k.selectFrom('clients').where('clients.status', 'in', ['prospect', 'active']).where(last, '<=', cutoff);
  const total = ctx.db.one(query.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = ctx.db.all(query.selectAll('clients').select(last.as('lastVerified')).orderBy(last).orderBy('clients.nameSort').limit(input.limit));
  const records = clientRecords(ctx, rows);
  return {
    days,
    total,
    rows: records.map((client, i) => ({ ...client, lastVerifiedOn: rows[i]!.lastVerified, daysSince: daysBetween(rows[i]!.lastVerified, today) })),
  };
};

// ---------------------------------------------------------------- account managers
export const listAccountManagers: Handler<'clients.accountManagers'> = (ctx) =>
  ctx.db
    .all(
      ctx.db.k
        .selectFrom('clients')
        .select([
          'accountManager',
          (eb) => eb.fn.countAll<number>().as('n'),
          sql<number>`sum(case when status = 'terminated' then 1 else 0 end)`.as('terminated'),
          sql<string | null>`min(${managerPersonSql('clients')})`.as('personId'),
        ])
        .where('accountManager', 'is not', null)
        .groupBy('accountManager')
        .orderBy(sql`dossier_sort_key(account_manager)`),
    )
    .map((r) => ({ name: r.accountManager!, personId: r.personId, clients: r.n, terminated: r.terminated }));

/** A staff member of the people register, as a leaver or the account manager taking over. */
function staffPerson(ctx: OperationContext, id: string) {
  const person = personById(ctx, id);
  if (person.kind !== 'staff') throw new DossierError('client.leaverNotStaff', { name: person.name });
  return person;
}

/** The clients whose account manager text designates the person. */
function clientsOf(ctx: OperationContext, personId: string) {
  return ctx.db.all(
    ctx.db.k
      .selectFrom('clients')
      .select(['id', 'name', 'accountManager'])
      .where('accountManager', 'is not', null)
      .where(sql<boolean>`${managerPersonSql('clients')} = ${personId}`)
      .orderBy('nameSort'),
  );
}

/** The person's open loans and readings by id, files above the user's clearance included. */
function openLoanCount(ctx: OperationContext, personId: string): number {
  return (
    ctx.db.one(
      ctx.db.k
        .selectFrom('loans')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('loans.returnedAt', 'is', null)
        .where('loans.borrowerId', '=', personId),
    )?.n ?? 0
  );
}

export const reassignPreview: Handler<'clients.reassignPreview'> = (ctx, input) => {
  const person = staffPerson(ctx, input.fromPerson);
  const clients = clientsOf(ctx, person.id);
  const openLoans = ctx.db
    .all(loanQuery(ctx).where('loans.returnedAt', 'is', null).where('loans.borrowerId', '=', person.id).orderBy('loans.dueDate').orderBy('files.archiveNo'))
    .map((row) => toLoan(ctx, row));
  return { fromManager: borrowerLabel(person), clients: clients.length, clientNames: clients.map((c) => c.name), openLoans, openLoanCount: openLoanCount(ctx, person.id) };
};

export const reassignClients: Handler<'clients.reassign'> = (ctx, input) => {
  const leaver = staffPerson(ctx, input.fromPerson);
  const successor = staffPerson(ctx, input.toPerson);
  const fromLabel = borrowerLabel(leaver);
  if (leaver.id === successor.id) throw new DossierError('client.sameManager');
  if (!successor.active) throw new DossierError('person.inactive', { name: successor.name });
  const open = openLoanCount(ctx, leaver.id);
  if (open > 0) throw new DossierError('client.leaverHasOpenLoans', { manager: fromLabel, count: open });
  const rows = clientsOf(ctx, leaver.id);
  if (rows.length === 0) throw new DossierError('client.managerHasNoClients', { manager: fromLabel });
  // Written as "department name", which designates the successor alone even beside a namesake.
  const to = borrowerLabel(successor);
  const now = ctx.now().toISOString();
  for (const row of rows) {
    const from = row.accountManager!;
    recordChanges(ctx, { type: 'client', id: row.id }, [{ field: 'accountManager', oldValue: from, newValue: to }], input.reason);
    ctx.db.run(ctx.db.k.updateTable('clients').set({ accountManager: to, updatedAt: now }).where('id', '=', row.id));
    // One audit row per client reassigned (bulk write).
    ctx.audit({
      action: 'clients.reassign',
      targetType: 'client',
      targetId: row.id,
      targetLabel: row.name,
      details: { from, to, fromPersonId: leaver.id, toPersonId: successor.id, reason: input.reason },
    });
  }
  return { reassigned: rows.length };
};

export const getClient: Handler<'clients.get'> = (ctx, input): ClientDetail => {
  const row = getClientRow(ctx, input.id);
  const files = ctx.db.all(fileQuery(ctx).where('files.clientId', '=', row.id).orderBy('files.archiveNo'));
  return { ...clientRecords(ctx, [row])[0]!, files, ...clientDetailExtras(ctx, row.id) };
};

export const listClients: Handler<'clients.list'> = (ctx, input) => {
  const { k } = ctx.db;
  let query = k.selectFrom('clients');
  let capped = false;
  if (input.search?.trim()) {
    // The same query path as the global search box (db/search/query.ts), capped like it: the
    // matching ids are fetched once, so paging a common fragment does not re-run the match.
    const matches = matchingIds(ctx, { q: input.search, kinds: ['client'] });
    capped = matches.capped;
    query = query.where(sql<boolean>`clients.id in (select value from json_each(${JSON.stringify(matches.ids)}))`);
  }
  // Status (default: prospects and active clients), classifications, account manager.
  query = applyClientFilters(ctx, query, input);
  const total = ctx.db.one(query.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  // The page is chosen in the (name_sort, status) index alone, then only its rows are read.
  const page = query
    .select(sql<number>`clients.rowid`.as('rowid'))
    .$call((q) => orderClients(q, input.sort, input.dir))
    .limit(input.limit)
    .offset(input.offset);
  const rows = ctx.db.all(
    k
      .selectFrom('clients')
      .where(sql<boolean>`clients.rowid in (${page})`)
      .selectAll('clients')
      .select([
        sql<number>`(select count(*) from files f where f.client_id = clients.id and ${ctx.fileVisible('f.id', 'f.confidentiality')})`.as('fileCount'),
        sql<number>`(select count(*) from files f where f.client_id = clients.id and f.status = 'on_loan' and ${ctx.fileVisible('f.id', 'f.confidentiality')})`.as('onLoanCount'),
      ])
      .$call((q) => orderClients(q, input.sort, input.dir)),
  );
  const records = clientRecords(ctx, rows);
  const summaries: ClientSummary[] = rows.map((row, i) => ({
    ...records[i]!,
    fileCount: row.fileCount,
    onLoanCount: row.onLoanCount,
  }));
  return { rows: summaries, total, capped };
};

/** The handlers of the `clients.*` operations. */
export const clientsHandlers = {
  'clients.list': listClients,
  'clients.get': getClient,
  'clients.create': createClient,
  'clients.update': updateClient,
  'clients.setStatus': setClientStatus,
  'clients.verify': verifyClient,
  'clients.dueForVerification': dueForVerification,
  'clients.accountManagers': listAccountManagers,
  'clients.reassignPreview': reassignPreview,
  'clients.reassign': reassignClients,
} satisfies HandlersOf<typeof clientsOps>;
