/** Departments and their heads (部门负责人); the department a file belongs to. */
import { z } from 'zod';
import { Id, Username, op, required } from './kit.js';

export const Department = z.object({
  id: Id,
  name: z.string(),
  /** The user who approves applications for this department's files. */
  headUsername: z.string().nullable(),
  headDisplayName: z.string().nullable(),
  staffCount: z.number().int(),
});

export const FileDepartment = z.object({
  archiveNo: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  /** False: the department comes from the client's account manager (the default). */
  explicit: z.boolean(),
});

export const departmentsOps = {
  'departments.add': op(z.object({ name: required(100), head: Username.optional() }), Department, { capability: 'people.manage', write: true }),
  /** `head: null` leaves the department without a head (its files then cannot be routed to one). */
  'departments.update': op(z.object({ id: Id, name: required(100).optional(), head: Username.nullable().optional() }), Department, {
    capability: 'people.manage',
    write: true,
  }),
  'departments.list': op(z.object({}).default({}), z.array(Department)),
  /** Sets the department a file belongs to; `departmentId: null` goes back to the account manager's. */
  'departments.assignFile': op(z.object({ archiveNo: required(64), departmentId: Id.nullable() }), FileDepartment, {
    capability: 'files.write',
    write: true,
    target: { kind: 'file', archiveNo: (input) => input.archiveNo },
  }),
} as const;

export type Department = z.output<typeof Department>;
