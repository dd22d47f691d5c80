/** A client's contact persons and their history (daily, emergency, other). */
import { randomUUID } from 'node:crypto';
import type { Contact, ContactInput, ContactRole } from '../../shared/ops/clients.js';
import { OperationContext } from '../context.js';
import type { ClientContactsTable } from '../schema.js';

export function toContact(row: ClientContactsTable): Contact {
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

// ---------------------------------------------------------------- contacts
export function describeContact(c: { name: string; phone?: string | null; position?: string | null }): string {
  return `${c.name}${c.phone ? ` ${c.phone}` : ''}${c.position ? `（${c.position}）` : ''}`;
}

export function insertContact(ctx: OperationContext, clientId: string, role: ContactRole, contact: Pick<ContactInput, 'name'> & Partial<ContactInput>): ClientContactsTable {
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

export function currentContacts(ctx: OperationContext, clientId: string): ClientContactsTable[] {
  return ctx.db.all(ctx.db.k.selectFrom('client_contacts').selectAll().where('client_id', '=', clientId).where('valid_to', 'is', null).orderBy('created_at'));
}
