/**
 * Building blocks for contract operations: field schemas and `op()`. Each area of the
 * product declares its operations in a module of its own (shared/ops/*.ts) with these;
 * shared/contract.ts gathers them into the one contract.
 */
import { z } from 'zod';
import { CONFIDENTIALITY, FILE_STATUS, RETENTION, ROLES } from '../domain/enums.js';
import { DATE_RE } from '../domain/dates.js';
import type { Capability } from '../domain/permissions.js';

export const trimmed = (max: number) => z.string().trim().max(max);
export const required = (max: number) => trimmed(max).min(1);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const Id = z.string().min(1).max(64);
export const DateString = z.string().regex(DATE_RE, 'expected YYYY-MM-DD');
export const Confidentiality = z.enum(CONFIDENTIALITY);
export const Retention = z.enum(RETENTION);
export const FileStatus = z.enum(FILE_STATUS);
export const Role = z.enum(ROLES);
export const Username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
export const Password = z.string().min(1).max(1024);

interface OpOptions {
  /** Callable while the archive is locked (handled by the archive host, not a session). */
  public?: boolean;
  /** What the signed-in user must be allowed to do (checked by the engine). */
  capability?: Capability;
  /**
   * Changes the archive: runs in one write transaction that must append exactly one audit
   * row (`true`), or at least one for operations that change many records at once (`'bulk'`,
   * e.g. a spreadsheet import: one row per record written).
   */
  write?: boolean | 'bulk';
}

export const op = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, options: OpOptions = {}) => ({
  input,
  output,
  public: options.public ?? false,
  capability: options.capability ?? ('archive.read' as Capability),
  write: options.write ?? (false as boolean | 'bulk'),
});


/** One recorded field change (信息变更记录), as shown on client, file and item pages. */
export const HistoryEntry = z.object({
  at: z.string(),
  username: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string(),
});
