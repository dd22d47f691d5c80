import { randomUUID } from 'node:crypto';
import { normalizePersonNo } from '../../shared/domain/borrowing.js';
import { DossierError } from '../../shared/errors.js';
import type { peopleOps } from '../../shared/ops/people.js';
import type { OperationContext } from '../context.js';
import { findDepartment } from '../records/departments.js';
import { assertNumberFree, findPerson, personById, personQuery, personSearch, toPerson } from '../records/people.js';
import type { Handler, HandlersOf } from './kit.js';

/** Staff and card numbers are stored normalised, and unique across both. */
function checkedNumbers(ctx: OperationContext, staffNo: string | null | undefined, cardNo: string | null | undefined, exceptId: string | null) {
  const staff = staffNo ? normalizePersonNo(staffNo) : staffNo;
  const card = cardNo ? normalizePersonNo(cardNo) : cardNo;
  if (staff && card && staff === card) throw new DossierError('person.duplicateNumber', { number: staff, name: '' });
  if (staff) assertNumberFree(ctx, staff, exceptId);
  if (card) assertNumberFree(ctx, card, exceptId);
  return { staff, card };
}

/** A borrower's number is never shaped like an archive number: the desk tells the two apart by the text. */
function refuseFileNumber(ctx: OperationContext, no: string | null | undefined): void {
  if (!no) return;
  const file = ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archiveNo', '=', no));
  if (file) throw new DossierError('person.numberIsArchiveNo', { number: no });
}

const addPerson: Handler<'people.add'> = (ctx, input) => {
  const now = ctx.now().toISOString();
  const id = randomUUID();
  if (input.kind === 'staff') {
    const department = findDepartment(ctx, input.department);
    const { staff, card } = checkedNumbers(ctx, input.staffNo, input.cardNo, null);
    refuseFileNumber(ctx, staff);
    refuseFileNumber(ctx, card);
    ctx.db.run(
      ctx.db.k.insertInto('people').values({
        id,
        kind: 'staff',
        name: input.name,
        departmentId: department.id,
        staffNo: staff ?? null,
        cardNo: card ?? null,
        userId: null,
        remarks: input.remarks,
        createdAt: now,
        updatedAt: now,
      }),
    );
  } else {
    ctx.db.run(
      ctx.db.k.insertInto('people').values({
        id,
        kind: 'outside',
        name: input.name,
        departmentId: null,
        staffNo: null,
        cardNo: null,
        organisation: input.organisation,
        idNo: normalizePersonNo(input.idNo),
        letterNo: input.letterNo,
        userId: null,
        remarks: input.remarks,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }
  const person = toPerson(personById(ctx, id));
  ctx.audit({
    action: 'people.add',
    targetType: 'person',
    targetId: id,
    targetLabel: person.name,
    details: { kind: person.kind, department: person.departmentName, staffNo: person.staffNo, cardNo: person.cardNo, organisation: person.organisation },
  });
  return person;
};

const updatePerson: Handler<'people.update'> = (ctx, input) => {
  const before = personById(ctx, input.id);
  const changes: Record<string, string | number | null> = {};
  if (input.name !== undefined && input.name !== before.name) changes.name = input.name;
  if (before.kind === 'staff') {
    if (input.department !== undefined) {
      const department = findDepartment(ctx, input.department);
      if (department.id !== before.departmentId) changes.departmentId = department.id;
    }
    const { staff, card } = checkedNumbers(ctx, input.staffNo, input.cardNo, before.id);
    refuseFileNumber(ctx, staff);
    refuseFileNumber(ctx, card);
    if (staff !== undefined && staff !== before.staffNo) changes.staffNo = staff;
    if (card !== undefined && card !== before.cardNo) changes.cardNo = card;
    if ((staff ?? before.staffNo) !== null && (staff ?? before.staffNo) === (card ?? before.cardNo))
      throw new DossierError('person.duplicateNumber', { number: String(staff ?? card), name: before.name });
  } else {
    if (input.organisation !== undefined && input.organisation !== before.organisation) changes.organisation = input.organisation;
    if (input.idNo !== undefined && normalizePersonNo(input.idNo) !== before.idNo) changes.idNo = normalizePersonNo(input.idNo);
    if (input.letterNo !== undefined && input.letterNo !== before.letterNo) changes.letterNo = input.letterNo;
  }
  if (input.remarks !== undefined && input.remarks !== before.remarks) changes.remarks = input.remarks;
  if (input.active !== undefined && (input.active ? 1 : 0) !== before.active) changes.active = input.active ? 1 : 0;
  if (Object.keys(changes).length === 0) throw new DossierError('person.noChanges', { name: before.name });
  ctx.db.run(
    ctx.db.k
      .updateTable('people')
      .set({ ...changes, updatedAt: ctx.now().toISOString() })
      .where('id', '=', before.id),
  );
  ctx.audit({ action: 'people.update', targetType: 'person', targetId: before.id, targetLabel: before.name, details: { changes } });
  return toPerson(personById(ctx, before.id));
};

const listPeople: Handler<'people.list'> = (ctx, input) => {
  let query = personQuery(ctx);
  if (!input.includeInactive) query = query.where('people.active', '=', 1);
  if (input.kind) query = query.where('people.kind', '=', input.kind);
  if (input.departmentId) query = query.where('people.departmentId', '=', input.departmentId);
  if (input.search) query = query.where(personSearch(ctx, input.search));
  const total = ctx.db.one(query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = ctx.db.all(query.orderBy('people.name').orderBy('people.id').limit(input.limit));
  return { rows: rows.map(toPerson), total };
};

const getPerson: Handler<'people.get'> = (ctx, input) => toPerson(findPerson(ctx, input.person));

const linkUser: Handler<'people.linkUser'> = (ctx, input) => {
  const person = personById(ctx, input.id);
  let userId: string | null = null;
  if (input.username !== null) {
    if (person.kind !== 'staff') throw new DossierError('person.notStaff', { name: person.name });
    const user = ctx.db.one(ctx.db.k.selectFrom('users').select(['id']).where('username', '=', input.username).where('removedAt', 'is', null));
    if (!user) throw new DossierError('user.notFound', { username: input.username });
    const linked = ctx.db.one(ctx.db.k.selectFrom('people').select(['id', 'name']).where('userId', '=', user.id).where('id', '!=', person.id));
    if (linked) throw new DossierError('person.userLinked', { username: input.username, name: linked.name });
    userId = user.id;
  }
  if (userId === person.userId) throw new DossierError('person.noChanges', { name: person.name });
  ctx.db.run(ctx.db.k.updateTable('people').set({ userId, updatedAt: ctx.now().toISOString() }).where('id', '=', person.id));
  ctx.audit({ action: 'people.linkUser', targetType: 'person', targetId: person.id, targetLabel: person.name, details: { username: input.username, previous: person.username } });
  return toPerson(personById(ctx, person.id));
};

export const peopleHandlers = {
  'people.add': addPerson,
  'people.update': updatePerson,
  'people.list': listPeople,
  'people.get': getPerson,
  'people.linkUser': linkUser,
} satisfies HandlersOf<typeof peopleOps>;
