/** Pure rules of the administrator settings screens (tested in node; the engine checks again). */
import { archiveNoPatternProblem, formatArchiveNo } from '../../shared/domain/archiveNo.js';
import type { ArchiveNoPatternProblem } from '../../shared/domain/archiveNo.js';
import { DOC_KIND_MAX, DOC_KIND_RE, isCode } from '../../shared/domain/codes.js';
import { isWeekend } from '../../shared/domain/workdays.js';
import type { CalendarDayKind } from '../../shared/domain/workdays.js';
import { OTHER_DOC_KIND } from '../../shared/ops/fileTypes.js';

// ---------------------------------------------------------------- archive-number patterns

export type PatternProblem = ArchiveNoPatternProblem;

export type PatternPreview = { ok: true; first: string; next: string } | { ok: false; problem: PatternProblem };

/** What the numbers of `pattern` look like in `year`: the first two numbers, or why the pattern is refused. */
export function previewPattern(pattern: string, year: number): PatternPreview {
  const problem = patternProblem(pattern);
  if (problem) return { ok: false, problem };
  return { ok: true, first: formatArchiveNo(pattern, { year }, 1), next: formatArchiveNo(pattern, { year }, 2) };
}

/** The engine's pattern check, as a code the catalogs can phrase. */
export const patternProblem = archiveNoPatternProblem;

// ---------------------------------------------------------------- checklists

export interface ChecklistDraft {
  /** Stable key for React while the list is edited. */
  key: string;
  label: string;
  /** '' lets the engine derive the code from the label. */
  kind: string;
  /** The name in the English interface ('' or absent: none). */
  labelEn?: string;
}

export type ChecklistProblem =
  | { code: 'emptyLabel'; index: number }
  | { code: 'badKind'; index: number; kind: string }
  | { code: 'reservedKind'; index: number }
  | { code: 'duplicateKind'; index: number; kind: string };

/** Problems of a checklist being edited, first per row (index is 0-based). */
export function checklistProblems(list: readonly ChecklistDraft[]): ChecklistProblem[] {
  const problems: ChecklistProblem[] = [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const label = entry.label.trim();
    const kind = entry.kind.trim();
    if (!label) {
      problems.push({ code: 'emptyLabel', index });
      return;
    }
    if (kind && !isCode(kind, DOC_KIND_RE, DOC_KIND_MAX)) {
      problems.push({ code: 'badKind', index, kind });
      return;
    }
    if (kind.toLowerCase() === OTHER_DOC_KIND) {
      problems.push({ code: 'reservedKind', index });
      return;
    }
    // A blank kind becomes the label (roughly) in the engine: compare on that too.
    const key = (kind || label).toLowerCase();
    if (seen.has(key)) problems.push({ code: 'duplicateKind', index, kind: kind || label });
    seen.add(key);
  });
  return problems;
}

/** Moves one entry up (-1) or down (+1); out of range leaves the list as it is. */
export function moveEntry<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  const [entry] = next.splice(index, 1);
  next.splice(target, 0, entry!);
  return next;
}

/** The checklist as `fileTypes.save` takes it. */
export function checklistInput(list: readonly ChecklistDraft[]): { kind?: string; label: string; labelEn?: string }[] {
  return list.map((entry) => {
    const kind = entry.kind.trim();
    const labelEn = entry.labelEn?.trim();
    return { ...(kind ? { kind } : {}), label: entry.label.trim(), ...(labelEn ? { labelEn } : {}) };
  });
}

// ---------------------------------------------------------------- codes

/** A code from an (English) label: `Key account` → `key_account`; '' when nothing usable is left. */
export function codeFromLabel(label: string, max = 40): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max)
    .replace(/_+$/, '');
}

/** `base`, or `base_2`, `base_3`… if taken (case-insensitive). */
export function uniqueCode(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((c) => c.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

// ---------------------------------------------------------------- holiday calendar

/**
 * A day entered in the calendar that changes nothing: a holiday on a weekend, or a make-up
 * working day (调休) on a weekday. Shown as a hint; saving is still allowed.
 */
export function calendarRedundancy(date: string, kind: CalendarDayKind): 'holidayOnWeekend' | 'workdayOnWeekday' | null {
  const weekend = isWeekend(date);
  if (kind === 'holiday' && weekend) return 'holidayOnWeekend';
  if (kind === 'workday' && !weekend) return 'workdayOnWeekday';
  return null;
}

/** The years offered in the calendar's year picker: around the current one and any already used. */
export function calendarYears(current: number, used: Iterable<number> = []): number[] {
  const years = new Set<number>([current - 1, current, current + 1, ...used]);
  return [...years].sort((a, b) => a - b);
}
