import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Client, ClientDetail, ClientSummary } from '../../shared/contract.js';
import { creditCodeProblem, normalizeCreditCode } from '../../shared/domain/creditCode.js';
import { DossierError } from '../../shared/errors.js';
import type { ClientsTable } from '../schema.js';
import { matchCondition } from '../search/query.js';
import type { Handler, ServiceContext } from './context.js';
import { fileQuery, toFileRecord } from './files.js';

export function toClient(row: ClientsTable): Client {
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
  const now = ctx.now().toISOString();
  const row: ClientsTable = {
    id: randomUUID(),
    name: input.name,
    credit_code: creditCode,
    category: input.category ?? null,
    contact_person: input.contactPerson ?? null,
    contact_phone: input.contactPhone ?? null,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  ctx.db.run(ctx.db.k.insertInto('clients').values(row));
  ctx.audit({
    action: 'clients.create',
    targetType: 'client',
    targetId: row.id,
    targetLabel: row.name,
    details: { creditCode, category: row.category },
  });
  return toClient(row);
};

export function getClientRow(ctx: ServiceContext, id: string): ClientsTable {
  const row = ctx.db.one(ctx.db.k.selectFrom('clients').selectAll().where('id', '=', id));
  if (!row) throw new DossierError('client.notFound', { id });
  return row;
}

export const getClient: Handler<'clients.get'> = (ctx, input): ClientDetail => {
  const row = getClientRow(ctx, input.id);
  const files = ctx.db.all(fileQuery(ctx).where('files.client_id', '=', row.id).orderBy('files.archive_no')).map(toFileRecord);
  return { ...toClient(row), files };
};

export const listClients: Handler<'clients.list'> = (ctx, input) => {
  const { k } = ctx.db;
  const levels = ctx.visibleLevels();
  let query = k.selectFrom('clients');
  if (input.search?.trim()) {
    // The same query path as the global search box (db/search/query.ts).
    const { where } = matchCondition(ctx, { q: input.search, kinds: ['client'] });
    query = query.where(sql<boolean>`clients.id in (select d.ref_id from search_docs d where ${where})`);
  }
  const total = ctx.db.one(query.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = ctx.db.all(
    query
      .selectAll('clients')
      .select([
        sql<number>`(select count(*) from files f where f.client_id = clients.id and f.confidentiality in (${sql.join(levels)}))`.as(
          'file_count',
        ),
        sql<number>`(select count(*) from files f where f.client_id = clients.id and f.status = 'on_loan' and f.confidentiality in (${sql.join(levels)}))`.as(
          'on_loan_count',
        ),
      ])
      .orderBy('clients.name')
      .limit(input.limit)
      .offset(input.offset),
  );
  const summaries: ClientSummary[] = rows.map((row) => ({
    ...toClient(row),
    fileCount: row.file_count,
    onLoanCount: row.on_loan_count,
  }));
  return { rows: summaries, total };
};
