/** A client's contact persons and their history (daily, emergency, other). */
import { randomUUID } from 'node:crypto';
import type { ContactInput, ContactRole } from '../../shared/ops/clients.js';
import { OperationContext } from '../context.js';
import type { ClientContactsRow } from '../schema.js';

// ---------------------------------------------------------------- contacts
export function describeContact(c: { name: string; phone?: string | null; position?: string | null }): string {
  return `${c.name}${c.phone ? ` ${c.phone}` : ''}${c.position ? `（${c.position}）` : ''}`;
}

export function insertContact(ctx: OperationContext, clientId: string, role: ContactRole, contact: Pick<ContactInput, 'name'> & Partial<ContactInput>): ClientContactsRow {
  const row: ClientContactsRow = {
    id: randomUUID(),
    clientId: clientId,
    role,
    name: contact.name,
    phone: contact.phone ?? null,
    position: contact.position ?? null,
    remarks: contact.remarks ?? null,
    validFrom: ctx.today(),
    validTo: null,
    createdAt: ctx.now().toISOString(),
  };
  ctx.db.run(ctx.db.k.insertInto('client_contacts').values(row));
  return row;
}

export function currentContacts(ctx: OperationContext, clientId: string): ClientContactsRow[] {
  return ctx.db.all(ctx.db.k.selectFrom('client_contacts').selectAll().where('clientId', '=', clientId).where('validTo', 'is', null).orderBy('createdAt'));
}
