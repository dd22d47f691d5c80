/**
 * Reading the audit log: the filters (user, actions, target, local period) as SQL, one page
 * newest first, and each entry as a sentence in the reader's language with names, not ids.
 * The audit.list handler and the audit export share it.
 */
import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { AuditEntry, AuditFilter } from '../../shared/ops/auditList.js';
import { addDays } from '../../shared/domain/dates.js';
import { CONFIDENTIALITY, RETENTION, ROLES } from '../../shared/domain/enums.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { Catalog, Language } from '../../shared/i18n/index.js';
import type { OperationContext } from '../context.js';
import type { AuditLogRow, Database } from '../schema.js';

export type AuditQuery = SelectQueryBuilder<Database, 'audit_log', object>;

/**
 * The file an audit row is about, if any: a file's own row, an item's file, a handover's file.
 * Rows about files the user may not see are left out (need-to-know holds in the log too).
 */
export const fileOfRow = sql<string | null>`case audit_log.target_type
  when 'file' then audit_log.target_id
  when 'item' then (select i.file_id from file_items i where i.id = audit_log.target_id)
  when 'handover' then (select h.file_id from handovers h where h.id = audit_log.target_id)
end`;

/** The log as this user may read it. */
export function visibleAudit(ctx: OperationContext): AuditQuery {
  ctx.db.content.warm();
  let query: AuditQuery = ctx.db.k.selectFrom('audit_log');
  if (ctx.visibleLevels().length < CONFIDENTIALITY.length) {
    query = query.where(sql<boolean>`not exists (select 1 from files f where f.id = ${fileOfRow} and not ${ctx.fileVisible('f.id', 'f.confidentiality')})`);
  }
  return query;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A local calendar day's first instant as the stored UTC ISO text (`at` compares as text). */
function dayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** The filters of the screen and the export, in SQL. */
export function applyAuditFilter(query: AuditQuery, filter: AuditFilter): AuditQuery {
  let q = query;
  if (filter.userId) q = q.where('audit_log.userId', '=', filter.userId);
  if (filter.actions?.length) q = q.where('audit_log.action', 'in', filter.actions);
  if (filter.targetType) q = q.where('audit_log.targetType', '=', filter.targetType);
  const text = filter.target?.normalize('NFKC').trim();
  if (text) {
    const pattern = likePattern(text);
    // Details about a 机密/绝密 file are sealed: matched as the reader's keys open them (see visibleAudit).
    q = q.where(sql<boolean>`(audit_log.target_label like ${pattern} escape '\\' or dossier_open(audit_log.details) like ${pattern} escape '\\')`);
  }
  if (filter.from) q = q.where('audit_log.at', '>=', dayStart(filter.from));
  if (filter.to) q = q.where('audit_log.at', '<', dayStart(addDays(filter.to, 1)));
  return q;
}

type Row = AuditLogRow & { userDisplayName: string | null };

/** The matching entries (newest first, older than `beforeSeq`) as sentences. */
export function auditPage(ctx: OperationContext, visible: AuditQuery, input: AuditFilter & { limit: number; beforeSeq?: number | undefined; language: Language }): AuditEntry[] {
  const filtered = applyAuditFilter(visible, input);
  let page = filtered
    .leftJoin('users', 'users.id', 'audit_log.userId')
    .selectAll('audit_log')
    .select('users.displayName as userDisplayName')
    .orderBy('audit_log.seq', 'desc')
    .limit(input.limit);
  if (input.beforeSeq !== undefined) page = page.where('audit_log.seq', '<', input.beforeSeq);
  const rows = ctx.db.all(page) as Row[];
  const describe = auditDescriber(ctx, input.language);
  return rows.map((row) => describe(row));
}

/** How many visible entries match the filters. */
export function auditCount(ctx: OperationContext, visible: AuditQuery, filter: AuditFilter): number {
  return ctx.db.one(applyAuditFilter(visible, filter).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
}

/** Everyone who can appear in the log, by display name in pinyin order (for the user filter). */
export function auditUsers(ctx: OperationContext): { id: string; username: string; displayName: string }[] {
  return ctx.db.all(
    ctx.db.k
      .selectFrom('users')
      .select(['id', 'username', 'displayName'])
      .orderBy(sql`dossier_sort_key(display_name)`)
      .orderBy('username'),
  );
}

// ---------------------------------------------------------------------------------------
// Sentences

/** Internal keys never shown (the sentence names the record instead). */
const HIDDEN = new Set(['loanId', 'applicationId', 'borrowerId', 'clientId', 'userId', 'fileId', 'toLocationId', 'parentId', 'previousVersionId', 'import', 'created', 'before']);

type Params = Record<string, string>;

/**
 * Fills `{{name}}`; a `[…]` segment is left out when a value named in it is empty, so optional
 * details need no second template. Returns the text and the names it used.
 */
export function fillSentence(template: string, params: Params): { text: string; used: Set<string> } {
  const used = new Set<string>();
  const fill = (part: string) =>
    part.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      used.add(key);
      return params[key] ?? '';
    });
  const text = template.replace(/\[([^\]]*)\]/g, (_, segment: string) => {
    const names = [...segment.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    names.forEach((n) => used.add(n));
    return names.every((n) => params[n]) ? fill(segment) : '';
  });
  return { text: fill(text), used };
}

interface Lookups {
  schemes: Map<string, { label: string; labelEn: string | null; values: Map<string, { label: string; labelEn: string | null }> }>;
  kinds: Map<string, { name: string; nameEn: string | null }>;
  fileTypes: Map<string, { name: string; nameEn: string | null }>;
  docKinds: Map<string, { label: string; labelEn: string | null }>;
}

function loadLookups(ctx: OperationContext): Lookups {
  const { k } = ctx.db;
  const schemes: Lookups['schemes'] = new Map();
  const byId = new Map<string, string>();
  for (const s of ctx.db.all(k.selectFrom('classification_schemes').select(['id', 'code', 'label', 'labelEn']))) {
    schemes.set(s.code, { label: s.label, labelEn: s.labelEn, values: new Map() });
    byId.set(s.id, s.code);
  }
  for (const v of ctx.db.all(k.selectFrom('classification_values').select(['schemeId', 'code', 'label', 'labelEn']))) {
    schemes.get(byId.get(v.schemeId) ?? '')?.values.set(v.code, { label: v.label, labelEn: v.labelEn });
  }
  const kinds = new Map(ctx.db.all(k.selectFrom('handover_event_kinds').select(['code', 'name', 'nameEn'])).map((r) => [r.code, { name: r.name, nameEn: r.nameEn }]));
  const docKinds: Lookups['docKinds'] = new Map();
  const fileTypes: Lookups['fileTypes'] = new Map();
  for (const t of ctx.db.all(k.selectFrom('file_types').select(['code', 'name', 'nameEn', 'checklist']))) {
    fileTypes.set(t.code, { name: t.name, nameEn: t.nameEn });
    try {
      for (const c of JSON.parse(t.checklist) as { kind: string; label: string; labelEn?: string | null }[]) {
        if (!docKinds.has(c.kind)) docKinds.set(c.kind, { label: c.label, labelEn: c.labelEn ?? null });
      }
    } catch {
      // A damaged checklist names no kinds.
    }
  }
  return { schemes, kinds, fileTypes, docKinds };
}

const isEnum = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

/** Returns a function that turns a stored row into an entry with its sentence. */
export function auditDescriber(ctx: OperationContext, language: Language): (row: Row) => AuditEntry {
  const catalog: Catalog = catalogs[language];
  const a = catalog.ui.audit;
  const zh = language === 'zh-CN';
  const [colon, sep, list] = zh ? ['：', '；', '、'] : [': ', '; ', ', '];
  let lookups: Lookups | null = null;
  const look = () => (lookups ??= loadLookups(ctx));
  const en = (entry: { label: string; labelEn: string | null }) => (!zh && entry.labelEn ? entry.labelEn : entry.label);
  const detailLabel = (key: string) => (a.detailKeys as Record<string, string>)[key] ?? (catalog.ui.historyFields as Record<string, string>)[key] ?? key;
  const fieldLabel = (field: string): string => {
    const labels = catalog.ui.historyFields as Record<string, string>;
    if (labels[field]) return labels[field];
    const [head, tail] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
    if (head === 'classification') {
      const scheme = look().schemes.get(tail);
      if (scheme) return en(scheme);
    }
    if (head === 'contact' && tail in catalog.enums.contactRole) return catalog.enums.contactRole[tail as keyof Catalog['enums']['contactRole']];
    return labels[head] ? `${labels[head]} · ${tail}` : field;
  };

  /** A value as the reader's words: enumerations and configured codes by their labels. */
  function valueText(key: string, value: unknown): string {
    if (value === null || value === undefined || value === '') return '';
    if (typeof value === 'boolean') return value ? catalog.ui.common.yes : catalog.ui.common.no;
    if (Array.isArray(value))
      return value
        .map((v) => valueText(key, v))
        .filter(Boolean)
        .join(list);
    if (typeof value === 'object') {
      return Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !HIDDEN.has(k))
        .map(([k, v]) => [detailLabel(k), valueText(k, v)])
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}${colon}${v}`)
        .join(list);
    }
    const text = String(value);
    if (/^(confidentiality|clearance|defaultConfidentiality|highestConfidentiality)$/.test(key) && isEnum(CONFIDENTIALITY, text)) return catalog.enums.confidentiality[text];
    if (/^(retention|defaultRetention)$/.test(key) && isEnum(RETENTION, text)) return catalog.enums.retention[text];
    if (key === 'role' && isEnum(ROLES, text)) return catalog.enums.role[text];
    if (key === 'terminationKind' && text in catalog.enums.terminationKind) return catalog.enums.terminationKind[text as keyof Catalog['enums']['terminationKind']];
    if (key === 'status' && text in catalog.enums.clientStatus) return catalog.enums.clientStatus[text as keyof Catalog['enums']['clientStatus']];
    if (key === 'eventKind') {
      const kind = look().kinds.get(text);
      return kind ? (!zh && kind.nameEn ? kind.nameEn : kind.name) : text;
    }
    if (key === 'docKind') {
      const kind = look().docKinds.get(text);
      return kind ? en(kind) : text === 'other' ? (zh ? '其他' : 'other') : text;
    }
    if (key === 'fileType') {
      const type = look().fileTypes.get(text);
      return type ? (!zh && type.nameEn ? type.nameEn : type.name) : text;
    }
    if (/At$/.test(key) && /^\d{4}-\d\d-\d\dT/.test(text)) return localTime(text);
    return text;
  }

  /** `field: old → new` for each change, with the field's label. */
  function changesText(changes: unknown): string {
    if (!Array.isArray(changes)) return valueText('changes', changes);
    return (changes as { field: string; from: unknown; to: unknown }[])
      .map((c) => `${fieldLabel(c.field)}${colon}${valueText(c.field, c.from) || catalog.ui.common.dash} → ${valueText(c.field, c.to) || catalog.ui.common.dash}`)
      .join(sep);
  }

  /** The action-specific words: codes of the action's own vocabulary, nested records. */
  function specialParams(action: string, d: Record<string, unknown>): Params {
    const p: Params = {};
    const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    if ('changes' in d) p.changes = changesText(d.changes);
    if (Array.isArray(d.fields)) p.fields = (d.fields as string[]).map(fieldLabel).join(list);
    if (d.classifications && typeof d.classifications === 'object') {
      p.classifications = Object.entries(d.classifications as Record<string, string | null>)
        .filter(([, v]) => v)
        .map(([scheme, value]) => {
          const s = look().schemes.get(scheme);
          const v = s?.values.get(value!);
          return `${s ? en(s) : scheme}${colon}${v ? en(v) : value}`;
        })
        .join(list);
      // The legacy category text repeats the category value.
      if ('category' in (d.classifications as object)) p.category = '';
    }
    const counted = (word: 'documents' | 'rows' | 'pages', n: unknown) =>
      typeof n === 'number' ? (n === 1 ? a.counted[`${word}_one`] : a.counted[word]).replace('{{count}}', String(n)) : '';
    if (typeof d.rows === 'number') p.rows = counted('rows', d.rows);
    if (typeof d.badRows === 'number') p.badRows = d.badRows > 0 ? counted('rows', d.badRows) : '';
    if (typeof d.pageCount === 'number') p.pageCount = d.pageCount > 0 ? counted('pages', d.pageCount) : '';
    // A form's pages (print.*: 共 {{pages}}); scans, labels and OCR say 页 in their own template.
    if (typeof d.pages === 'number' && action.startsWith('print.')) p.pages = counted('pages', d.pages);
    if ('active' in d) p.activeText = d.active === false ? a.inactive : a.active;
    p.createdText = d.created === false ? a.changed : a.created;
    switch (action) {
      case 'clients.setStatus':
        p.from = valueText('status', d.from);
        p.to = valueText('status', d.to);
        break;
      case 'classifications.saveValue': {
        const scheme = look().schemes.get(str(d.scheme));
        p.scheme = scheme ? en(scheme) : str(d.scheme);
        if (d.created !== true) p.createdText = a.changed;
        break;
      }
      case 'fileTypes.save':
        p.createdText = d.created ? a.created : a.changed;
        break;
      case 'locations.create':
      case 'locations.update':
      case 'locations.remove':
        p.kind = str(d.kind) in catalog.enums.locationKind ? catalog.enums.locationKind[str(d.kind) as keyof Catalog['enums']['locationKind']] : str(d.kind);
        if (d.changed && typeof d.changed === 'object') {
          p.changed = Object.entries(d.changed as Record<string, { from: unknown; to: unknown }>)
            .map(([k, c]) => `${detailLabel(k)}${colon}${valueText(k, c.from) || catalog.ui.common.dash} → ${valueText(k, c.to) || catalog.ui.common.dash}`)
            .join(sep);
        }
        break;
      case 'loans.return':
        p.overdueText = d.overdue === true ? a.overdueReturn : '';
        break;
      case 'incidents.resolve':
        p.resolution =
          str(d.resolution) in catalog.enums.incidentStatus ? catalog.enums.incidentStatus[str(d.resolution) as keyof Catalog['enums']['incidentStatus']] : str(d.resolution);
        break;
      case 'items.seal':
        p.items = Array.isArray(d.items) ? (d.items as { seq: number; title: string }[]).map((i) => `#${i.seq} ${i.title}`).join(list) : '';
        break;
      case 'handovers.register':
        p.onTimeText = d.onTime === false ? a.late : a.onTime;
        p.items = counted('documents', d.items);
        break;
      case 'handovers.createKind':
      case 'handovers.updateKind': {
        const after = (d.after ?? {}) as Record<string, unknown>;
        const before = (d.before ?? null) as Record<string, unknown> | null;
        const kf = a.kindFields as Record<string, string>;
        p.after = Object.keys(kf)
          .filter((key) => !before || before[key] !== after[key])
          .filter((key) => after[key] !== null && after[key] !== undefined && key !== 'sortOrder')
          .map((key) => `${kf[key]}${colon}${before && key in before ? `${valueText(key, before[key]) || catalog.ui.common.dash} → ` : ''}${valueText(key, after[key])}`)
          .join(sep);
        break;
      }
      case 'calendar.save':
      case 'calendar.remove': {
        const day = ((d.after ?? d.before ?? {}) as { date?: string; kind?: string; name?: string }) ?? {};
        p.date = str(day.date);
        p.name = str(day.name);
        p.dayKind = day.kind && day.kind in catalog.enums.calendarDayKind ? catalog.enums.calendarDayKind[day.kind as keyof Catalog['enums']['calendarDayKind']] : str(day.kind);
        break;
      }
      case 'settings.update': {
        const keys = a.settingKeys as Record<string, string>;
        p.changes = Object.entries(d)
          .map(([k, c]) => {
            const change = (c ?? {}) as { from?: unknown; to?: unknown };
            return `${keys[k] ?? k}${colon}${valueText(k, change.from) || catalog.ui.common.dash} → ${valueText(k, change.to) || catalog.ui.common.dash}`;
          })
          .join(sep);
        break;
      }
      case 'import.run':
      case 'import.check':
        p.kind = str(d.kind) in a.importKinds ? a.importKinds[str(d.kind) as keyof typeof a.importKinds] : str(d.kind);
        break;
      case 'export.create':
      case 'export.failed':
        p.list = str(d.list) in a.exportLists ? a.exportLists[str(d.list) as keyof typeof a.exportLists] : str(d.list);
        p.format = str(d.format).toUpperCase();
        break;
      case 'session.unlockFailed':
        p.firstAt = valueText('firstAt', d.firstAt);
        p.lastAt = valueText('lastAt', d.lastAt);
        break;
      default:
        break;
    }
    return p;
  }

  return (row: Row): AuditEntry => {
    let details: Record<string, unknown>;
    try {
      const parsed = JSON.parse(row.details) as unknown;
      details = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      details = {};
    }
    const params: Params = { target: row.targetLabel ?? '' };
    for (const [key, value] of Object.entries(details)) params[key] = valueText(key, value);
    Object.assign(params, specialParams(row.action, details));
    const sentences = a.sentences as Record<string, string>;
    const count = typeof details.count === 'number' ? details.count : null;
    const template = (count === 1 ? sentences[`${row.action}_one`] : undefined) ?? sentences[row.action];
    const actionLabel = (a.actions as Record<string, string>)[row.action] ?? row.action;
    const { text, used } = template ? fillSentence(template, params) : { text: actionLabel + (row.targetLabel ? ` ${row.targetLabel}` : ''), used: new Set<string>() };
    // Details the sentence does not name stay readable, by their labels.
    const consumed = template
      ? new Set([...used, 'changed', 'after', 'before', 'items', 'kind', 'list', 'format', 'from', 'to', 'active', 'overdue', 'onTime', 'category'])
      : new Set<string>();
    const rest = Object.keys(details)
      .filter((key) => !HIDDEN.has(key) && !consumed.has(key) && !(row.action === 'settings.update'))
      .map((key) => [detailLabel(key), key in params ? params[key]! : valueText(key, details[key])] as const)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}${colon}${v}`);
    const summary = rest.length ? `${text}${zh ? `（${rest.join(sep)}）` : ` (${rest.join(sep)})`}` : text;
    return {
      seq: row.seq,
      at: row.at,
      username: row.username,
      userDisplayName: row.userDisplayName ?? row.username,
      action: row.action,
      actionLabel,
      targetType: row.targetType,
      targetId: row.targetId,
      targetLabel: row.targetLabel,
      summary,
      details,
      hash: row.hash,
    };
  };
}

function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** How often rows of authority were found changed outside Dossier and put back (`authority.tampered`), and the last time. */
export function authorityRepairs(ctx: OperationContext): { repaired: number; lastRepairedAt: string | null } {
  const row = ctx.db.one(sql<{ n: number; last: string | null }>`select count(*) as n, max(at) as last from audit_log where action = 'authority.tampered'`);
  return { repaired: row?.n ?? 0, lastRepairedAt: row?.last ?? null };
}

/** The archive numbers of those files the user may see (id → number); hidden files are left out. */
export function visibleArchiveNos(ctx: OperationContext, ids: string[]): Map<string, string> {
  if (!ids.length) return new Map();
  const rows = ctx.db.all(
    sql<{ id: string; archiveNo: string }>`select f.id, f.archive_no from files f where f.id in (${sql.join(ids)}) and ${ctx.fileVisible('f.id', 'f.confidentiality')}`,
  );
  return new Map(rows.map((r) => [r.id, r.archiveNo]));
}
