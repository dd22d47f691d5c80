import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Client, ClientDetail, ClientSummary } from '../../shared/contract.js';
import { creditCodeProblem, normalizeCreditCode } from '../../shared/domain/creditCode.js';
import { DossierError } from '../../shared/errors.js';
import type { ClientsTable } from '../schema.js';
import { matchingIds } from '../search/query.js';
import type { Handler, ServiceContext } from './context.js';
import { fileQuery, toFileRecord } from './files.js';
import {
  applyClientFilters,
  categoryLabel,
  clientDetailExtras,
  clientRecords,
  insertContact,
  loadClient,
  planNewClientClassifications,
  writeNewClientClassifications,
} from './clientRegister.js';

/** Computed parts of a client record (see clientRegister.ts `clientRecord`, which callers use). */
type ClientExtras = Pick<Client, 'classifications' | 'gradeProvisional' | 'gradeReviewDue'>;

export function toClient(row: ClientsTable, extras: ClientExtras): Client {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    category: row.category,
    contactPerson: row.contact_person,
    contactPhone: row.contact_phone,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    shortName: row.short_name ?? null,
    enterpriseNature: row.enterprise_nature ?? null,
    supervisingUnit: row.supervising_unit ?? null,
    address: row.address ?? null,
    legalRepresentative: row.legal_representative ?? null,
    creditStatus: row.credit_status ?? null,
    accountManager: row.account_manager ?? null,
    terminationKind: row.termination_kind ?? null,
    terminatedOn: row.terminated_on ?? null,
    terminationReason: row.termination_reason ?? null,
    verifiedOn: row.verified_on ?? null,
    gradeEvaluatedOn: row.grade_evaluated_on ?? null,
    ...extras,
  };
}

export function checkCreditCode(ctx: ServiceContext, raw: string, exceptClientId?: string): string {
  const code = normalizeCreditCode(raw);
  const problem = creditCodeProblem(code);
  if (problem) throw new DossierError('client.badCreditCode', { creditCode: raw, problem });
  const holder = ctx.db.one(ctx.db.k.selectFrom('clients').select(['id', 'name']).where('credit_code', '=', code));
  if (holder && holder.id !== exceptClientId) {
    throw new DossierError('client.duplicateCreditCode', { creditCode: code, name: holder.name });
  }
  return code;
}

export const createClient: Handler<'clients.create'> = (ctx, input) => {
  const creditCode = input.creditCode ? checkCreditCode(ctx, input.creditCode) : null;
  // Validated before anything is written: unknown or inactive classification values refuse.
  const classifications = planNewClientClassifications(ctx, input.classifications, input.category);
  const daily = input.dailyContact ?? (input.contactPerson ? { name: input.contactPerson, phone: input.contactPhone } : undefined);
  const now = ctx.now().toISOString();
  const row: ClientsTable = {
    id: randomUUID(),
    name: input.name,
    credit_code: creditCode,
    // The legacy category text follows the category value when there is one.
    category: categoryLabel(classifications) ?? input.category ?? null,
    contact_person: daily?.name ?? null,
    contact_phone: daily ? (daily.phone ?? null) : (input.contactPhone ?? null),
    status: input.status ?? 'active',
    created_at: now,
    updated_at: now,
    short_name: input.shortName ?? null,
    enterprise_nature: input.enterpriseNature ?? null,
    supervising_unit: input.supervisingUnit ?? null,
    address: input.address ?? null,
    legal_representative: input.legalRepresentative ?? null,
    credit_status: input.creditStatus ?? null,
    account_manager: input.accountManager ?? null,
  };
  ctx.db.run(ctx.db.k.insertInto('clients').values(row));
  writeNewClientClassifications(ctx, row.id, classifications);
  if (daily) insertContact(ctx, row.id, 'daily', daily);
  if (input.emergencyContact) insertContact(ctx, row.id, 'emergency', input.emergencyContact);
  for (const contact of input.otherContacts ?? []) insertContact(ctx, row.id, 'other', contact);
  ctx.audit({
    action: 'clients.create',
    targetType: 'client',
    targetId: row.id,
    targetLabel: row.name,
    details: {
      creditCode,
      category: row.category,
      status: row.status,
      accountManager: row.account_manager,
      classifications: Object.fromEntries(classifications.map((p) => [p.scheme.code, p.value?.code ?? null])),
    },
  });
  return loadClient(ctx, row.id);
};

export function getClientRow(ctx: ServiceContext, id: string): ClientsTable {
  const row = ctx.db.one(ctx.db.k.selectFrom('clients').selectAll().where('id', '=', id));
  if (!row) throw new DossierError('client.notFound', { id });
  return row;
}

export const getClient: Handler<'clients.get'> = (ctx, input): ClientDetail => {
  const row = getClientRow(ctx, input.id);
  const files = ctx.db.all(fileQuery(ctx).where('files.client_id', '=', row.id).orderBy('files.archive_no')).map(toFileRecord);
  return { ...clientRecords(ctx, [row])[0]!, files, ...clientDetailExtras(ctx, row.id) };
};

export const listClients: Handler<'clients.list'> = (ctx, input) => {
  const { k } = ctx.db;
  const levels = ctx.visibleLevels();
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
  // The page is chosen in the (name, status) index alone, then only its rows are read.
  const page = query.select(sql<number>`clients.rowid`.as('rowid')).orderBy('clients.name').limit(input.limit).offset(input.offset);
  const rows = ctx.db.all(
    k
      .selectFrom('clients')
      .where(sql<boolean>`clients.rowid in (${page})`)
      .selectAll('clients')
      .select([
        sql<number>`(select count(*) from files f where f.client_id = clients.id and f.confidentiality in (${sql.join(levels)}))`.as(
          'file_count',
        ),
        sql<number>`(select count(*) from files f where f.client_id = clients.id and f.status = 'on_loan' and f.confidentiality in (${sql.join(levels)}))`.as(
          'on_loan_count',
        ),
      ])
      .orderBy('clients.name'),
  );
  const records = clientRecords(ctx, rows);
  const summaries: ClientSummary[] = rows.map((row, i) => ({
    ...records[i]!,
    fileCount: row.file_count,
    onLoanCount: row.on_loan_count,
  }));
  return { rows: summaries, total, capped };
};
