/**
 * The characters allowed in the codes clerks and administrators type, one place for the
 * operation schemas (shared/ops) and the screens' inline checks. Lengths are the schemas'
 * `max` (the `*_MAX` constants); the patterns only say which characters.
 */

/** A checklist document kind (`business_licence`, `营业执照`): letters, digits, `_`, `.` and `-`. */
export const DOC_KIND_RE = /^[\p{L}\p{N}_.-]+$/u;
export const DOC_KIND_MAX = 50;

/** A file type's code: letters, digits, `_` and `-`. */
export const FILE_TYPE_CODE_RE = /^[\p{L}\p{N}_-]+$/u;
export const FILE_TYPE_CODE_MAX = 32;

/** A handover event kind (`new_contract`): a lower-case letter first, then lower-case letters, digits and `_`. */
export const EVENT_KIND_RE = /^[a-z][a-z0-9_]*$/;
export const EVENT_KIND_MAX = 40;

/** A classification scheme's or value's code: ASCII letters, digits, `_` and `-`. */
export const CLASSIFICATION_CODE_RE = /^[A-Za-z0-9_-]+$/;
export const CLASSIFICATION_CODE_MAX = 40;

/** A user name: letters, digits, `.`, `_`, `@` and `-`. */
export const USERNAME_RE = /^[\p{L}\p{N}._@-]+$/u;
export const USERNAME_MAX = 64;

/** Whether `code` (already trimmed) is non-empty, at most `max` long and made of allowed characters. */
export function isCode(code: string, re: RegExp, max: number): boolean {
  return code.length > 0 && code.length <= max && re.test(code);
}
