/**
 * Archive numbers (档号) come from a configurable pattern, e.g. `KH-{year}-{seq:4}`.
 * Tokens: {year}, {seq} or {seq:N} (zero-padded to N digits). The sequence counts
 * per "scope" (the pattern with {seq} left in and the other tokens filled), so a new
 * year starts again at 1 while a number, once issued, is never issued again.
 */
const TOKEN = /\{(year|seq)(?::(\d{1,2}))?\}/g;

export interface ArchiveNoContext {
  year: number;
}

/** Why a pattern is refused: not exactly one sequence token, an unknown token (as written, braces included), or a character not allowed. */
export type ArchiveNoPatternProblem = { code: 'seq' } | { code: 'token'; token: string } | { code: 'chars' };

export function archiveNoPatternProblem(pattern: string): ArchiveNoPatternProblem | null {
  const tokens = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const seqCount = tokens.filter((t) => /^seq(:\d{1,2})?$/.test(t)).length;
  if (seqCount !== 1) return { code: 'seq' };
  const unknown = tokens.find((t) => !/^(year|seq(:\d{1,2})?)$/.test(t));
  if (unknown !== undefined) return { code: 'token', token: `{${unknown}}` };
  if (!/^[\p{L}\p{N}\-_./{}:]+$/u.test(pattern)) return { code: 'chars' };
  return null;
}

/** The problem in English words (engine messages and logs); screens phrase `archiveNoPatternProblem` themselves. */
export function validateArchiveNoPattern(pattern: string): string | null {
  const problem = archiveNoPatternProblem(pattern);
  if (!problem) return null;
  if (problem.code === 'seq') return 'pattern must contain exactly one {seq} or {seq:N}';
  if (problem.code === 'token') return `unknown token ${problem.token}`;
  return 'pattern contains characters not allowed in an archive number';
}

/** The key the sequence counter is kept under: everything except the sequence filled in. */
export function archiveNoScope(pattern: string, ctx: ArchiveNoContext): string {
  return pattern.replace(TOKEN, (whole, name: string) => (name === 'year' ? String(ctx.year) : '{seq}'));
}

export function formatArchiveNo(pattern: string, ctx: ArchiveNoContext, seq: number): string {
  return pattern.replace(TOKEN, (whole, name: string, width?: string) => {
    if (name === 'year') return String(ctx.year);
    return String(seq).padStart(width ? Number(width) : 1, '0');
  });
}

// Dashes a keyboard, an IME or a word processor may put where an archive number has '-'
// (hyphen, non-breaking hyphen, figure dash, en and em dash, bar, minus, small and full-width hyphen-minus).
const DASH_VARIANTS = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+/g;

/**
 * An archive number as typed or scanned, in the one form every lookup uses: full-width
 * characters half-width (ＫＨ２０２６ → KH2026), every dash variant '-', no white space, upper case.
 */
export function normalizeArchiveNo(input: string): string {
  return input.normalize('NFKC').replace(DASH_VARIANTS, '-').replace(/\s+/g, '').toUpperCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern as a regular expression source: literal text, {year} four digits, {seq:N} at least N digits, a volume's `-<suffix>`. */
function patternSource(pattern: string): string {
  let source = '';
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    source += escapeRegExp(pattern.slice(last, match.index));
    source += match[1] === 'year' ? '\\d{4}' : match[2] ? `\\d{${Number(match[2])},}` : '\\d+';
    last = match.index + match[0].length;
  }
  return `${source}${escapeRegExp(pattern.slice(last))}(?:-[0-9A-Z]{1,10})?`;
}

/** What the numbers of a pattern look like, case-insensitive. */
export function archiveNoPatternRegExp(pattern: string): RegExp {
  return new RegExp(`^${patternSource(pattern)}$`, 'i');
}

// Letters, a year or short number and a sequence, dash-separated: KH-2026-0004, HT-26-015-2.
const ARCHIVE_NO_SHAPE = '[A-Z]{1,10}-\\d{2,4}-\\d{2,}(?:-[0-9A-Z]{1,10})?';

/**
 * Whether text is, or holds, something shaped like an archive number: one of the archive's
 * patterns, or the usual letters-year-sequence shape. A borrower never is (it is a scan that
 * landed in the wrong field, alone or after a name typed there).
 */
export function looksLikeArchiveNo(text: string, patterns: readonly string[] = []): boolean {
  const normalized = normalizeArchiveNo(text);
  if (normalized.length < 4 || !/\d/.test(normalized)) return false;
  // Anywhere in the text, not inside a longer run of letters or digits.
  const within = (source: string) => new RegExp(`(?:^|[^0-9A-Z])${source}(?![0-9])`, 'i').test(normalized);
  return within(ARCHIVE_NO_SHAPE) || patterns.some((pattern) => within(patternSource(pattern)));
}
