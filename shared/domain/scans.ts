/**
 * Scanned documents: the types Dossier stores (recognised by content, never by the name's
 * extension), their media types, and what a scan's original name may be.
 */
export const SCAN_KINDS = ['pdf', 'jpeg', 'png', 'tiff'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

export const SCAN_MIME_TYPES: Record<ScanKind, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
};

export const SCAN_SOURCES = ['upload', 'cli', 'watch'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];

/** Default largest scan (MB); administrators change it (scans.setLimits). A 2 GB PDF fits. */
export const DEFAULT_SCAN_MAX_MB = 2048;
export const MAX_SCAN_MAX_MB = 16 * 1024;

/** The type by the first bytes (at least 8 are needed), or null for anything else. */
export function sniffScanKind(head: Uint8Array): ScanKind | null {
  const at = (i: number) => head[i];
  if (head.length >= 5 && at(0) === 0x25 && at(1) === 0x50 && at(2) === 0x44 && at(3) === 0x46 && at(4) === 0x2d) return 'pdf'; // %PDF-
  if (head.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((b, i) => at(i) === b)) return 'png';
  if (head.length >= 4 && ((at(0) === 0x49 && at(1) === 0x49 && at(2) === 0x2a && at(3) === 0x00) || (at(0) === 0x4d && at(1) === 0x4d && at(2) === 0x00 && at(3) === 0x2a)))
    return 'tiff';
  return null;
}

export type ScanNameProblem = 'empty' | 'separator' | 'control' | 'dots' | 'tooLong';

/**
 * Why an original file name cannot be kept, or null. A name is only ever shown and offered
 * back on export; it is refused rather than silently changed when it carries a path
 * (separators, `..`), control or bidirectional-override characters.
 */
export function scanNameProblem(name: string): ScanNameProblem | null {
  if (name.trim() === '') return 'empty';
  if (/[/\\]/.test(name)) return 'separator';
  // C0, DEL, C1 controls and bidirectional overrides/isolates (a name that displays as another).
  if ([...name].some((c) => isHidden(c.codePointAt(0)!))) return 'control';
  if (/^\.+$/.test(name.trim())) return 'dots';
  if ([...name].length > 200) return 'tooLong';
  return null;
}

/** The name as stored: NFC and trimmed (checked first with scanNameProblem). */
export function cleanScanName(name: string): string {
  return name.normalize('NFC').trim();
}

function isHidden(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f;
}

/** A name shown inside an error message: control characters made visible, cut to 80 characters. */
export function visibleName(name: string): string {
  const shown = [...name]
    .map((c) => {
      const code = c.codePointAt(0)!;
      return isHidden(code) ? `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]` : c;
    })
    .join('');
  return [...shown].slice(0, 80).join('');
}
