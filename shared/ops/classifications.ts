/**
 * Classification schemes (客户类别, 销量, 结算方式, grades, ...) and their values: configuration,
 * not code, since every company keeps its own lists.
 */
import { z } from 'zod';
import { Id, op, optionalText, required } from './kit.js';

/** A code of a classification scheme or value: letters, digits, `_` and `-`. */
export const ClassificationCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const ClassificationValue = z.object({
  id: Id,
  schemeId: Id,
  code: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type ClassificationValue = z.output<typeof ClassificationValue>;

export const ClassificationScheme = z.object({
  id: Id,
  code: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  values: z.array(ClassificationValue),
});
export type ClassificationScheme = z.output<typeof ClassificationScheme>;

export const classificationsOps = {
  'classifications.list': op(z.object({ includeInactive: z.boolean().default(true) }).default({ includeInactive: true }), z.array(ClassificationScheme)),
  /** Adds a scheme (no id) or renames/(de)activates one. */
  'classifications.saveScheme': op(
    z.object({
      id: Id.optional(),
      code: ClassificationCode,
      label: required(50),
      labelEn: optionalText(50),
      active: z.boolean().default(true),
      sortOrder: z.number().int().min(0).max(100000).optional(),
    }),
    ClassificationScheme,
    { capability: 'settings.manage', write: true },
  ),
  /** Adds a value to a scheme (no id) or renames/(de)activates one. */
  'classifications.saveValue': op(
    z.object({
      id: Id.optional(),
      schemeId: Id,
      code: ClassificationCode,
      label: required(50),
      labelEn: optionalText(50),
      active: z.boolean().default(true),
      sortOrder: z.number().int().min(0).max(100000).optional(),
    }),
    ClassificationValue,
    { capability: 'settings.manage', write: true },
  ),
} as const;
