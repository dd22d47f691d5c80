/**
 * The people register: borrowers and requesters are people, not text. Staff (department, staff
 * number, the card barcode a scanner reads) and outside people (organisation, ID or work-card
 * number, introduction letter number). A user account may be linked to its staff person.
 */
import { z } from 'zod';
import { PERSON_KINDS } from '../domain/borrowing.js';
import { Id, Username, op, required, trimmed } from './kit.js';

export const PersonKind = z.enum(PERSON_KINDS);
/** A staff number, card number or person id, as typed or scanned. */
export const PersonRef = required(64);
/** Staff, card, ID and letter numbers: one line, no spaces inside once normalised. */
const PersonNo = required(64);

export const Person = z.object({
  id: Id,
  kind: PersonKind,
  name: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  staffNo: z.string().nullable(),
  cardNo: z.string().nullable(),
  organisation: z.string(),
  idNo: z.string(),
  letterNo: z.string(),
  remarks: z.string(),
  active: z.boolean(),
  /** The user account linked to this staff person, if any. */
  username: z.string().nullable(),
  createdAt: z.string(),
});

const Staff = z.object({
  kind: z.literal('staff'),
  name: required(100),
  /** The department's name or id. */
  department: required(100),
  staffNo: PersonNo.optional(),
  cardNo: PersonNo.optional(),
  remarks: trimmed(500).default(''),
});

const Outside = z.object({
  kind: z.literal('outside'),
  name: required(100),
  organisation: required(200),
  /** ID card or work-card number (身份证 / 工作证). */
  idNo: PersonNo,
  /** Introduction letter number (介绍信编号), when one was shown. */
  letterNo: trimmed(64).default(''),
  remarks: trimmed(500).default(''),
});

export const peopleOps = {
  'people.add': op(z.discriminatedUnion('kind', [Staff, Outside]), Person, { capability: 'people.manage', write: true }),
  /** The fields given change; `null` clears a staff or card number. */
  'people.update': op(
    z.object({
      id: Id,
      name: required(100).optional(),
      department: required(100).optional(),
      staffNo: PersonNo.nullable().optional(),
      cardNo: PersonNo.nullable().optional(),
      organisation: required(200).optional(),
      idNo: PersonNo.optional(),
      letterNo: trimmed(64).optional(),
      remarks: trimmed(500).optional(),
      active: z.boolean().optional(),
    }),
    Person,
    { capability: 'people.manage', write: true },
  ),
  /** Search by name, staff or card number, organisation or department (a fragment of any length). */
  'people.list': op(
    z
      .object({
        search: trimmed(100).optional(),
        kind: PersonKind.optional(),
        departmentId: Id.optional(),
        includeInactive: z.boolean().default(false),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .default({ includeInactive: false, limit: 200 }),
    z.object({ rows: z.array(Person), total: z.number().int() }),
  ),
  /** One person by staff number, card number or id (what the desk's scanner reads). */
  'people.get': op(z.object({ person: PersonRef }), Person),
  /** Links a user account to its staff person (`username: null` unlinks); one person per account. */
  'people.linkUser': op(z.object({ id: Id, username: Username.nullable() }), Person, { capability: 'users.manage', write: true }),
} as const;

export type Person = z.output<typeof Person>;
