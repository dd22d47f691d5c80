import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { departmentsOps } from '../../shared/ops/departments.js';
import type { OperationContext } from '../context.js';
import { departmentById, departmentQuery, fileDepartment, toDepartment } from '../records/departments.js';
import { sealText } from '../levelKeys.js';
import { findFile } from '../records/files.js';
import type { Handler, HandlersOf } from './kit.js';

/** A head is an active user whose role may decide approvals (else their department's files could never be approved). */
function headUser(ctx: OperationContext, username: string): { id: string; username: string } {
  const user = ctx.db.one(ctx.db.k.selectFrom('users').select(['id', 'username', 'role', 'active']).where('username', '=', username).where('removedAt', 'is', null));
  if (!user) throw new DossierError('user.notFound', { username });
  if (!user.active || !roleCan(user.role, 'approvals.decide')) throw new DossierError('department.headCannotApprove', { username: user.username });
  return user;
}

function assertNameFree(ctx: OperationContext, name: string, exceptId: string): void {
  const taken = ctx.db.one(
    ctx.db.k
      .selectFrom('departments')
      .select('id')
      .where(sql<boolean>`name = ${name} collate nocase`)
      .where('id', '!=', exceptId),
  );
  if (taken) throw new DossierError('department.duplicate', { name });
}

const addDepartment: Handler<'departments.add'> = (ctx, input) => {
  assertNameFree(ctx, input.name, '');
  const head = input.head ? headUser(ctx, input.head) : null;
  const now = ctx.now().toISOString();
  const id = randomUUID();
  ctx.db.run(ctx.db.k.insertInto('departments').values({ id, name: input.name, headUserId: head?.id ?? null, createdAt: now, updatedAt: now }));
  ctx.audit({ action: 'departments.add', targetType: 'department', targetId: id, targetLabel: input.name, details: { head: head?.username ?? null } });
  return toDepartment(departmentById(ctx, id));
};

const updateDepartment: Handler<'departments.update'> = (ctx, input) => {
  const before = departmentById(ctx, input.id);
  const changes: { name?: string; headUserId?: string | null } = {};
  if (input.name !== undefined && input.name !== before.name) {
    assertNameFree(ctx, input.name, before.id);
    changes.name = input.name;
  }
  if (input.head !== undefined) {
    const headUserId = input.head === null ? null : headUser(ctx, input.head).id;
    if (headUserId !== before.headUserId) changes.headUserId = headUserId;
  }
  if (Object.keys(changes).length === 0) throw new DossierError('department.noChanges', { name: before.name });
  ctx.db.run(
    ctx.db.k
      .updateTable('departments')
      .set({ ...changes, updatedAt: ctx.now().toISOString() })
      .where('id', '=', before.id),
  );
  const after = departmentById(ctx, before.id);
  ctx.audit({
    action: 'departments.update',
    targetType: 'department',
    targetId: before.id,
    targetLabel: after.name,
    details: {
      name: changes.name ? { from: before.name, to: after.name } : undefined,
      head: 'headUserId' in changes ? { from: before.headUsername, to: after.headUsername } : undefined,
    },
  });
  return toDepartment(after);
};

const listDepartments: Handler<'departments.list'> = (ctx) => ctx.db.all(departmentQuery(ctx).orderBy('departments.name')).map(toDepartment);

const assignFile: Handler<'departments.assignFile'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const before = fileDepartment(ctx, file.id);
  if (input.departmentId !== null) departmentById(ctx, input.departmentId);
  if (before.explicitId === input.departmentId) throw new DossierError('file.noChanges', { archiveNo: file.archiveNo });
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.updateTable('files').set({ departmentId: input.departmentId, updatedAt: now }).where('id', '=', file.id));
  const after = fileDepartment(ctx, file.id);
  const name = (id: string | null) => (id ? departmentById(ctx, id).name : null);
  ctx.db.run(
    ctx.db.k.insertInto('change_log').values({
      at: now,
      userId: ctx.user.id,
      entityType: 'file',
      entityId: file.id,
      field: 'department',
      oldValue: sealText(ctx, file.id, name(before.departmentId)),
      newValue: sealText(ctx, file.id, name(after.departmentId)),
      reason: '',
    }),
  );
  ctx.audit({
    action: 'departments.assignFile',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { from: name(before.departmentId), to: name(after.departmentId), explicit: input.departmentId !== null },
  });
  return { archiveNo: file.archiveNo, departmentId: after.departmentId, departmentName: name(after.departmentId), explicit: input.departmentId !== null };
};

export const departmentsHandlers = {
  'departments.add': addDepartment,
  'departments.update': updateDepartment,
  'departments.list': listDepartments,
  'departments.assignFile': assignFile,
} satisfies HandlersOf<typeof departmentsOps>;
