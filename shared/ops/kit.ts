/**
 * Building blocks for contract operations: field schemas and `op()`. Each area of the
 * product declares its operations in a module of its own (shared/ops/*.ts) with these;
 * shared/contract.ts gathers them into the one contract.
 */
import { z } from 'zod';
import { CONFIDENTIALITY, FILE_STATUS, RETENTION, ROLES } from '../domain/enums.js';
import type { Confidentiality as Level } from '../domain/enums.js';
import { DATE_RE, isValidDate } from '../domain/dates.js';
import { roleCan } from '../domain/permissions.js';
import type { Capability, PolicyUser } from '../domain/permissions.js';
import type { ErrorCode, ErrorParams } from '../errors.js';

const LONE_SURROGATE = /\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/u;
const LINE_BREAKS = /[\r\n\t\u2028\u2029]/u;

/**
 * The one text type of the contract: well-formed Unicode (a lone surrogate would be stored as
 * U+FFFD and break the audit hash), in NFC, trimmed, without control characters or
 * bidirectional overrides; line breaks only in fields that take several lines.
 */
export const text = (max: number, options: { lines?: boolean } = {}) =>
  z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), 'not well-formed Unicode (a lone surrogate)')
    .normalize('NFC')
    .trim()
    .max(max)
    .refine((s) => !CONTROLS.test(s), 'control characters are not allowed')
    .refine((s) => !BIDI_OVERRIDES.test(s), 'bidirectional override characters are not allowed')
    .refine((s) => options.lines === true || !LINE_BREAKS.test(s), 'line breaks are not allowed here');

/** Free text (remarks, descriptions, reasons): may hold line breaks. */
export const trimmed = (max: number) => text(max, { lines: true });
/** A name or code: one line, not empty. */
export const required = (max: number) => text(max).min(1);
/** A title (题名): not empty; may keep the line breaks of a wrapped spreadsheet cell. */
export const title = (max: number) => text(max, { lines: true }).min(1);
export const optionalText = (max: number) =>
  text(max, { lines: true })
    .optional()
    .transform((v) => (v ? v : undefined));

export const Id = z.string().min(1).max(64);
/** The messages of a date field's refusal, which the engine reports as `date.invalid` with the value typed. */
export const DATE_ISSUES: readonly string[] = ['expected YYYY-MM-DD', 'not a calendar date'];
// A real calendar day: 2026-02-30 has the shape and would be stored, printed and compared as text.
export const DateString = z.string().regex(DATE_RE, DATE_ISSUES[0]).refine(isValidDate, DATE_ISSUES[1]);
export const Confidentiality = z.enum(CONFIDENTIALITY);
export const Retention = z.enum(RETENTION);
export const FileStatus = z.enum(FILE_STATUS);
export const Role = z.enum(ROLES);
export const Username = z
  .string()
  .trim()
  // One form for one name: a decomposed Ä typed on one keyboard is the Ä of another.
  .normalize('NFC')
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
export const Password = z.string().min(1).max(1024);

/**
 * Who may call an operation and how the engine runs it:
 * - `session` (default): an unlocked session's user, through the session's handler table;
 * - `public`: callable while the archive is locked (status, create, unlock, lock): the
 *   archive host runs it, there is no signed-in user yet;
 * - `keys`: a session operation that also needs the key slots (adding a user, changing a
 *   password); only these handlers get the key ring.
 */
export type Access = 'session' | 'public' | 'keys';

/** What a policy knows of the record an operation touches (loaded by the engine). */
export interface PolicyTarget {
  kind: 'client' | 'file';
  id: string;
  status: string;
  confidentiality?: Level;
}

/** How the engine finds the record a policy looks at, from the parsed input. */
export type TargetLocator<I> = { kind: 'client'; id: (input: I) => string } | { kind: 'file'; archiveNo: (input: I) => string };

/** A refusal: the error the user gets, nothing written. */
export interface Refusal {
  code: ErrorCode;
  params?: ErrorParams;
}

/**
 * A rule beyond the role's capability: a function of the user, the input and the record it
 * touches, run by the engine where it checks capabilities (and by the UI to hide what would be
 * refused). Returns null to allow.
 */
export type Policy<I> = (user: PolicyUser, input: I, target: PolicyTarget | null) => Refusal | null;

/** A file a read showed, as its view audit needs it. */
export interface ViewedFile {
  id: string;
  archiveNo: string;
  confidentiality: Level;
}

/**
 * A read that is audited when it shows a file whose level is audited on view (机密/绝密, see
 * `viewIsAudited`): the engine writes one `action` row per such file, in a write
 * transaction, before the output is returned (no audit row, no output). Prints declare the
 * same, so every way a secret file is shown leaves a trace.
 */
export interface ViewAudit<O, A extends string> {
  action: A;
  files: (output: O) => readonly ViewedFile[];
}

interface OpOptions<I, O, A extends string, X extends Access> {
  access?: X;
  /** What the signed-in user must be allowed to do (checked by the engine). */
  capability?: Capability;
  /**
   * Changes the archive: runs in one write transaction that must append exactly one audit
   * row (`true`), or at least one for operations that change many records at once (`'bulk'`,
   * e.g. a spreadsheet import: one row per record written).
   */
  write?: boolean | 'bulk';
  /** Audit actions this operation writes besides its own name (e.g. create/update of a save). */
  audits?: readonly A[];
  target?: TargetLocator<I>;
  policy?: Policy<I>;
  /** Reads only: the audit of showing a confidential or top-secret file (see ViewAudit). */
  view?: ViewAudit<O, A>;
}

export const op = <I extends z.ZodType, O extends z.ZodType, const A extends string = never, const X extends Access = 'session'>(
  input: I,
  output: O,
  options: OpOptions<z.output<I>, z.output<O>, A, X> = {},
) => ({
  input,
  output,
  access: (options.access ?? 'session') as X,
  capability: options.capability ?? ('archive.read' as Capability),
  write: options.write ?? (false as boolean | 'bulk'),
  // The view audit's action is one of the operation's audit actions.
  audits: [...(options.audits ?? []), ...(options.view ? [options.view.action] : [])] as readonly A[],
  target: options.target as TargetLocator<z.output<I>> | undefined,
  policy: options.policy as Policy<z.output<I>> | undefined,
  view: options.view as ViewAudit<unknown, string> | undefined,
});

export type OperationDefinition = ReturnType<typeof op<z.ZodType, z.ZodType, string, Access>>;

/**
 * The whole access rule of one call: the role's capability, then the operation's policy.
 * The engine throws the refusal; the UI uses it to hide or disable what would be refused.
 */
export function accessRefusal<I>(definition: { capability: Capability; policy?: Policy<I> | undefined }, user: PolicyUser, input: I, target: PolicyTarget | null): Refusal | null {
  if (!roleCan(user.role, definition.capability)) return { code: 'auth.forbidden', params: { capability: definition.capability } };
  return definition.policy ? definition.policy(user, input, target) : null;
}

/** One recorded field change (信息变更记录), as shown on client, file and item pages. */
export const HistoryEntry = z.object({
  at: z.string(),
  username: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string(),
});
