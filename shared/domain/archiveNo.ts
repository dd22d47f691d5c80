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

export function normalizeArchiveNo(input: string): string {
  return input.trim().toUpperCase();
}
