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

export function validateArchiveNoPattern(pattern: string): string | null {
  const tokens = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const seqCount = tokens.filter((t) => /^seq(:\d{1,2})?$/.test(t)).length;
  if (seqCount !== 1) return 'pattern must contain exactly one {seq} or {seq:N}';
  const unknown = tokens.find((t) => !/^(year|seq(:\d{1,2})?)$/.test(t));
  if (unknown !== undefined) return `unknown token {${unknown}}`;
  if (!/^[\p{L}\p{N}\-_./{}:]+$/u.test(pattern)) return 'pattern contains characters not allowed in an archive number';
  return null;
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
