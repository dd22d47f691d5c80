/** The people register: queries, the one lookup of a typed or scanned person, row mapping. */
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { normalizePersonNo } from '../../shared/domain/borrowing.js';
import type { Person } from '../../shared/ops/people.js';
import { DossierError } from '../../shared/errors.js';
import type { OperationContext } from '../context.js';

export function personQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('people')
    .leftJoin('departments', 'departments.id', 'people.departmentId')
    .leftJoin('users', 'users.id', 'people.userId')
    .select([
      'people.id',
      'people.kind',
      'people.name',
      'people.departmentId',
      'departments.name as departmentName',
      'people.staffNo',
      'people.cardNo',
      'people.organisation',
      'people.idNo',
      'people.letterNo',
      'people.remarks',
      'people.active',
      'people.userId',
      'users.username',
      'people.createdAt',
    ]);
}

export type PersonRow = InferResult<ReturnType<typeof personQuery>>[number];

export function toPerson(row: PersonRow): Person {
  const { userId: _userId, ...rest } = row;
  return { ...rest, active: row.active === 1 };
}

export function personById(ctx: OperationContext, id: string): PersonRow {
  const row = ctx.db.one(personQuery(ctx).where('people.id', '=', id));
  if (!row) throw new DossierError('person.notFound', { person: id });
  return row;
}

/** A person by id, staff number or card number (as a scanner or a hand typed it). */
export function findPerson(ctx: OperationContext, ref: string): PersonRow {
  const typed = ref.trim();
  const no = normalizePersonNo(typed);
  const row =
    ctx.db.one(personQuery(ctx).where('people.id', '=', typed)) ??
    ctx.db.one(personQuery(ctx).where('people.staffNo', '=', no)) ??
    ctx.db.one(personQuery(ctx).where('people.cardNo', '=', no));
  if (!row) throw new DossierError('person.notFound', { person: typed });
  return row;
}

/** A person's staff or card number is one nobody else has (as a staff number or a card number). */
export function assertNumberFree(ctx: OperationContext, no: string, exceptId: string | null): void {
  const taken = ctx.db.one(
    ctx.db.k
      .selectFrom('people')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('staffNo', '=', no), eb('cardNo', '=', no)]))
      .where('id', '!=', exceptId ?? ''),
  );
  if (taken) throw new DossierError('person.duplicateNumber', { number: no, name: taken.name });
}

/** Text search over name, numbers, organisation and department, by substring (any length). */
export function personSearch(ctx: OperationContext, search: string) {
  const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const upper = `%${normalizePersonNo(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(people.name like ${like} escape '\\' or people.organisation like ${like} escape '\\'
    or departments.name like ${like} escape '\\' or people.staff_no like ${upper} escape '\\' or people.card_no like ${upper} escape '\\'
    or people.id_no like ${upper} escape '\\')`;
}
