/**
 * Reading the audit log: entries as sentences in the reader's language, filtered by user,
 * action, target and period in the engine, paged newest first (`audit.overview` counts them).
 * `export.create` with
 * `list: 'audit'` writes the same filtered log to a spreadsheet.
 */
import { z } from 'zod';
import { DateString, Id, op, trimmed } from './kit.js';

/** What the log can be filtered by (the screen's filters; the export takes the same). */
export const AuditFilter = z.object({
  /** The user who acted (their id; sign-ins that failed have none). */
  userId: Id.optional(),
  /** Actions (an action group is sent as its actions); empty or absent: all. */
  actions: z.array(z.string().min(1).max(64)).max(200).optional(),
  /** What kind of record the entry is about: client, file, item, user, location… */
  targetType: z.string().trim().min(1).max(40).optional(),
  /** Text in the target's name (client name, archive number, user name …) or the details. */
  target: trimmed(200).optional(),
  /** Local calendar days, both included. */
  from: DateString.optional(),
  to: DateString.optional(),
});
export type AuditFilter = z.output<typeof AuditFilter>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  username: z.string(),
  /** The acting user's display name (the user name when the user is unknown). */
  userDisplayName: z.string(),
  action: z.string(),
  /** The action in the requested language. */
  actionLabel: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  /** What happened, as one sentence in the requested language, with names rather than ids. */
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.output<typeof AuditEntry>;

export const auditListOp = op(
  AuditFilter.extend({
    limit: z.number().int().min(1).max(1000).default(200),
    /** Paging: entries older than this one. */
    beforeSeq: z.number().int().optional(),
    language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  }).default({ limit: 200, language: 'zh-CN' }),
  z.array(AuditEntry),
  { capability: 'audit.read' },
);

/** For the log's filter bar: how many entries match, and the users one can filter by. */
export const auditOverviewOp = op(
  AuditFilter.default({}),
  z.object({
    /** Entries matching the filters (all pages). */
    total: z.number().int(),
    /** Every user, by display name in pinyin order. */
    users: z.array(z.object({ id: Id, username: z.string(), displayName: z.string() })),
  }),
  { capability: 'audit.read' },
);
