/** How the command line shows values in its tables. */

/** An ISO timestamp as local date and minute (2026-03-02 09:00); empty for null. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Control characters, C1 controls and bidirectional overrides a terminal would act on. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as the command line prints it: line breaks and tabs stay, every other control or bidi
 * character is shown as [U+XXXX], so a name stored by an older engine or by raw SQL cannot move
 * the cursor, recolour the terminal or reorder what follows it (issue 8, finding 4).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}
