/** Pure display helpers (tested in node). */
import type { Catalog } from '../../shared/i18n/index.js';
import type { Loan } from '../../shared/contract.js';
import { localDate } from '../../shared/domain/dates.js';
import { CONFIDENTIALITY, RETENTION, ROLES } from '../../shared/domain/enums.js';
import { dayOfWeek } from '../../shared/domain/workdays.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as the clerk's local time, `YYYY-MM-DD HH:mm`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO instant as the local calendar date. */
export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso).slice(0, 10);
}

/** Short weekday name in the interface language, from a YYYY-MM-DD date. */
export function weekdayName(date: string, language: string): string {
  // 2023-01-01 was a Sunday: pick the same weekday in that week, at noon UTC.
  const day = new Date(Date.UTC(2023, 0, 1 + dayOfWeek(date), 12));
  return new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(day);
}

/** Whether a returned loan came back after its due date (the engine's `overdue` covers open loans). */
export function returnedLate(loan: Pick<Loan, 'dueDate' | 'returnedAt' | 'overdue'>, now: Date = new Date()): boolean {
  if (loan.overdue) return true;
  const returned = loan.returnedAt ? new Date(loan.returnedAt) : now;
  if (Number.isNaN(returned.getTime())) return false;
  return loan.dueDate < localDate(returned);
}

/** A classification scheme's or value's name in the interface language (the Chinese one when there is no English). */
export function schemeLabel(entry: { label: string; labelEn: string | null }, language: string): string {
  return language === 'en' && entry.labelEn ? entry.labelEn : entry.label;
}

/** A configured name in the interface language: its English name in English mode when it has one, never English in Chinese mode. */
export function localName(name: string, nameEn: string | null | undefined, language: string): string {
  return language === 'en' && nameEn ? nameEn : name;
}

export function auditActionLabel(catalog: Catalog, action: string): string {
  const actions: Record<string, string> = catalog.ui.audit.actions;
  return actions[action] ?? action;
}

/** Keys that are internal ids: never shown to the clerk. */
const HIDDEN_DETAIL_KEYS = new Set(['loanId', 'clientId', 'userId', 'fileId']);

function detailValue(catalog: Catalog, key: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? catalog.ui.common.yes : catalog.ui.common.no;
  if (typeof value === 'string') {
    if ((key === 'confidentiality' || key === 'clearance') && (CONFIDENTIALITY as readonly string[]).includes(value)) {
      return catalog.enums.confidentiality[value as (typeof CONFIDENTIALITY)[number]];
    }
    if (key === 'retention' && (RETENTION as readonly string[]).includes(value)) {
      return catalog.enums.retention[value as (typeof RETENTION)[number]];
    }
    if (key === 'role' && (ROLES as readonly string[]).includes(value)) {
      return catalog.enums.role[value as (typeof ROLES)[number]];
    }
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** An audit entry's details as one line: `借阅人：王芳；用途：审计查阅；应还：2026-11-21`. */
export function auditDetailsSummary(catalog: Catalog, details: Record<string, unknown>): string {
  const labels: Record<string, string> = catalog.ui.audit.detailKeys;
  const chinese = /[\u4e00-\u9fff]/.test(catalog.ui.audit.title);
  const [colon, separator] = chinese ? ['：', '；'] : [': ', '; '];
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (HIDDEN_DETAIL_KEYS.has(key)) continue;
    const text = detailValue(catalog, key, value);
    if (text === null) continue;
    parts.push(`${labels[key] ?? key}${colon}${text}`);
  }
  return parts.join(separator);
}
