/**
 * Account managers are kept on clients as text ("销售部 张伟", or a bare "张伟"); the person that
 * text designates is a staff member of the people register. Reassignment and the leaver's open
 * loans work on that person's id, never on a fragment of a name.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/**
 * The staff person a client's account manager text designates: "department name" exactly,
 * else the bare name (the earliest registered of that name, as the file department rule
 * takes it). Inactive staff count: a leaver may be marked inactive before their clients move.
 */
export function managerPersonSql(clients: string): RawBuilder<string | null> {
  const manager = sql.ref(`${clients}.account_manager`);
  return sql<string | null>`(select p.id from people p join departments pd on pd.id = p.department_id
    where p.kind = 'staff' and (pd.name || ' ' || p.name = ${manager} or p.name = ${manager})
    order by (pd.name || ' ' || p.name = ${manager}) desc, p.active desc, p.created_at, p.rowid limit 1)`;
}
