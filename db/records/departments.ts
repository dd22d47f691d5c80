/** Departments and their heads; the department a file belongs to. */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Department } from '../../shared/ops/departments.js';
import { DossierError } from '../../shared/errors.js';
import type { OperationContext } from '../context.js';

export function departmentQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('departments')
    .leftJoin('users as head', 'head.id', 'departments.headUserId')
    .select([
      'departments.id',
      'departments.name',
      'departments.headUserId',
      'head.username as headUsername',
      'head.displayName as headDisplayName',
      sql<number>`(select count(*) from people p where p.department_id = departments.id and p.active = 1)`.as('staffCount'),
    ]);
}

export function toDepartment(row: { id: string; name: string; headUsername: string | null; headDisplayName: string | null; staffCount: number }): Department {
  return { id: row.id, name: row.name, headUsername: row.headUsername, headDisplayName: row.headDisplayName, staffCount: row.staffCount };
}

export function departmentById(ctx: OperationContext, id: string) {
  const row = ctx.db.one(departmentQuery(ctx).where('departments.id', '=', id));
  if (!row) throw new DossierError('department.notFound', { department: id });
  return row;
}

/** A department by id or by name (names are unique, case-insensitive). */
export function findDepartment(ctx: OperationContext, idOrName: string) {
  const row =
    ctx.db.one(departmentQuery(ctx).where('departments.id', '=', idOrName)) ??
    ctx.db.one(departmentQuery(ctx).where(sql<boolean>`departments.name = ${idOrName.trim()} collate nocase`));
  if (!row) throw new DossierError('department.notFound', { department: idOrName });
  return row;
}

/**
 * The department a file belongs to, as SQL over a `files` row and its `clients` row: set by
 * hand, else the client's account manager's. The account manager is a name as the register
 * keeps it ("张伟", or "销售部 张伟"): a staff person of that name, else a department whose name
 * leads the text.
 */
export function fileDepartmentSql(files: string, clients: string): RawBuilder<string | null> {
  const manager = sql.ref(`${clients}.account_manager`);
  return sql<string | null>`coalesce(${sql.ref(`${files}.department_id`)},
    (select p.department_id from people p join departments pd on pd.id = p.department_id
      where p.kind = 'staff' and p.active = 1 and (p.name = ${manager} or pd.name || ' ' || p.name = ${manager})
      order by p.created_at, p.rowid limit 1),
    (select d.id from departments d where substr(${manager}, 1, length(d.name) + 1) = d.name || ' ' order by length(d.name) desc limit 1))`;
}

/** The file's department as it reads now (explicit or from the account manager). */
export function fileDepartment(ctx: OperationContext, fileId: string) {
  return ctx.db.one(
    ctx.db.k
      .selectFrom('files')
      .innerJoin('clients', 'clients.id', 'files.clientId')
      .select(['files.archiveNo', 'files.departmentId as explicitId', fileDepartmentSql('files', 'clients').as('departmentId')])
      .where('files.id', '=', fileId),
  )!;
}
