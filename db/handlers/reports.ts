import { sql } from 'kysely';
import { addDays, daysBetween, localDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/i18n/index.js';
import type { Statistics, reportsOps } from '../../shared/ops/reports.js';
import type { OperationContext } from '../context.js';
import { applicationQuery, listApplications } from '../records/applications.js';
import { CATEGORY_SCHEME_ID } from '../records/clientClassifications.js';
import { findFile } from '../records/files.js';
import { dayStart, holdQuery, incidentQuery, ledgerQuery, listHolds, listIncidents, toEntry } from '../records/ledgerReports.js';
import { findPerson, toPerson } from '../records/people.js';
import { runTask } from '../workers/pool.js';
import type { Handler, HandlersOf } from './kit.js';
import { staged } from './kit.js';

/** Open loans (not readings) past their due date, the longest overdue first. */
function overdueEntries(ctx: OperationContext) {
  return ctx.db
    .all(
      ledgerQuery(ctx)
        .where('loans.kind', '=', 'loan')
        .where('loans.returnedAt', 'is', null)
        .where('loans.dueDate', '<', ctx.today())
        .orderBy('loans.dueDate')
        .orderBy('files.archiveNo'),
    )
    .map((row) => toEntry(ctx, row));
}

const desk: Handler<'reports.desk'> = (ctx) => {
  const today = ctx.today();
  const open = (kind: 'loan' | 'read') =>
    ctx.db.one(
      ctx.db.k
        .selectFrom('loans')
        .innerJoin('files', 'files.id', 'loans.fileId')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('loans.returnedAt', 'is', null)
        .where('loans.kind', '=', kind)
        .where(ctx.fileVisible('files.id', 'files.confidentiality')),
    )?.n ?? 0;
  const overdue = overdueEntries(ctx);
  const pending = listApplications(
    ctx,
    applicationQuery(ctx).where('applications.status', '=', 'pending').orderBy('applications.createdAt').orderBy('applications.id').limit(5000),
  );
  return {
    today,
    outNow: open('loan'),
    readingNow: open('read'),
    dueToday: ctx.db
      .all(ledgerQuery(ctx).where('loans.kind', '=', 'loan').where('loans.returnedAt', 'is', null).where('loans.dueDate', '=', today).orderBy('files.archiveNo'))
      .map((row) => toEntry(ctx, row)),
    overdueCount: overdue.length,
    overdue: overdue.slice(0, 20),
    waitingForMe: pending.filter((a) => a.steps.some((s) => s.mine)).slice(0, 50),
    holdsReady: listHolds(ctx, holdQuery(ctx).where('holds.status', '=', 'ready')),
    openIncidents:
      ctx.db.one(
        ctx.db.k
          .selectFrom('incidents')
          .innerJoin('files', 'files.id', 'incidents.fileId')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('incidents.status', '=', 'open')
          .where(ctx.fileVisible('files.id', 'files.confidentiality')),
      )?.n ?? 0,
  };
};

const overdue: Handler<'reports.overdue'> = (ctx, input) => {
  let rows = overdueEntries(ctx);
  if (input.personId) rows = rows.filter((r) => r.borrowerId === input.personId);
  if (input.departmentId) {
    const ids = new Set(ctx.db.all(ctx.db.k.selectFrom('people').select('id').where('departmentId', '=', input.departmentId)).map((p) => p.id));
    rows = rows.filter((r) => r.borrowerId !== null && ids.has(r.borrowerId));
  }
  rows.sort((a, b) => b.daysOverdue - a.daysOverdue || a.archiveNo.localeCompare(b.archiveNo));
  const departmentOf = new Map(
    ctx.db
      .all(ctx.db.k.selectFrom('people').leftJoin('departments', 'departments.id', 'people.departmentId').select(['people.id', 'people.departmentId']))
      .map((p) => [p.id, p.departmentId]),
  );
  const byBorrower = new Map<string, { borrowerId: string | null; borrower: string; department: string | null; files: number; maxDays: number }>();
  const byDepartment = new Map<string, { departmentId: string | null; department: string | null; files: number; borrowers: Set<string>; maxDays: number }>();
  for (const row of rows) {
    const who = row.borrowerId ?? `text:${row.borrower}`;
    const b = byBorrower.get(who) ?? { borrowerId: row.borrowerId, borrower: row.borrower, department: row.borrowerDepartment, files: 0, maxDays: 0 };
    b.files += 1;
    b.maxDays = Math.max(b.maxDays, row.daysOverdue);
    byBorrower.set(who, b);
    const departmentId = row.borrowerId ? (departmentOf.get(row.borrowerId) ?? null) : null;
    const key = departmentId ?? '';
    const d = byDepartment.get(key) ?? { departmentId, department: departmentId ? row.borrowerDepartment : null, files: 0, borrowers: new Set<string>(), maxDays: 0 };
    d.files += 1;
    d.borrowers.add(who);
    d.maxDays = Math.max(d.maxDays, row.daysOverdue);
    byDepartment.set(key, d);
  }
  return {
    today: ctx.today(),
    rows,
    byBorrower: [...byBorrower.values()].sort((a, b) => b.maxDays - a.maxDays || b.files - a.files),
    byDepartment: [...byDepartment.values()].map(({ borrowers, ...d }) => ({ ...d, borrowers: borrowers.size })).sort((a, b) => b.files - a.files || b.maxDays - a.maxDays),
  };
};

const fileHistory: Handler<'reports.fileHistory'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const applicationIds = ctx.db.all(ctx.db.k.selectFrom('application_files').select('applicationId').distinct().where('fileId', '=', file.id)).map((r) => r.applicationId);
  return {
    archiveNo: file.archiveNo,
    title: file.title,
    entries: ctx.db.all(ledgerQuery(ctx).where('loans.fileId', '=', file.id).orderBy('loans.lentAt', 'desc').orderBy('loans.id')).map((row) => toEntry(ctx, row)),
    applications: applicationIds.length
      ? listApplications(ctx, applicationQuery(ctx).where('applications.id', 'in', applicationIds).orderBy('applications.createdAt', 'desc').orderBy('applications.id'))
      : [],
    incidents: listIncidents(ctx, incidentQuery(ctx).where('incidents.fileId', '=', file.id)),
    holds: listHolds(ctx, holdQuery(ctx).where('holds.fileId', '=', file.id)),
  };
};

const personHistory: Handler<'reports.personHistory'> = (ctx, input) => {
  const person = findPerson(ctx, input.person);
  const entries = ctx.db.all(ledgerQuery(ctx).where('loans.borrowerId', '=', person.id).orderBy('loans.lentAt', 'desc').orderBy('loans.id')).map((row) => toEntry(ctx, row));
  return {
    person: toPerson(person),
    current: entries.filter((e) => e.returnedAt === null),
    past: entries.filter((e) => e.returnedAt !== null),
    applications: listApplications(
      ctx,
      applicationQuery(ctx).where('applications.requesterId', '=', person.id).orderBy('applications.createdAt', 'desc').orderBy('applications.id'),
    ),
    incidents: listIncidents(ctx, incidentQuery(ctx).where('incidents.personId', '=', person.id)),
    holds: listHolds(ctx, holdQuery(ctx).where('holds.personId', '=', person.id)),
  };
};

/** The longest period statistics cover in one call (ten years). */
const MAX_PERIOD_DAYS = 3660;

function checkPeriod(from: string, to: string): void {
  if (to < from || daysBetween(from, to) > MAX_PERIOD_DAYS) throw new DossierError('report.badPeriod', { from, to });
}

function tally<K>(rows: readonly { key: K; kind: 'loan' | 'read' }[]): { key: K; loans: number; readings: number }[] {
  const map = new Map<K, { key: K; loans: number; readings: number }>();
  for (const row of rows) {
    const t = map.get(row.key) ?? { key: row.key, loans: 0, readings: 0 };
    if (row.kind === 'loan') t.loans += 1;
    else t.readings += 1;
    map.set(row.key, t);
  }
  return [...map.values()].sort((a, b) => b.loans + b.readings - (a.loans + a.readings));
}

/**
 * Entries begun in the period. A reversing entry and the entry it reverses cancel out: neither
 * counts (the ledger recorded something that did not happen).
 */
function statistics(ctx: OperationContext, from: string, to: string): Statistics {
  checkPeriod(from, to);
  const rows = ctx.db.all(
    ctx.db.k
      .selectFrom('loans')
      .innerJoin('files', 'files.id', 'loans.fileId')
      .leftJoin('people as bp', 'bp.id', 'loans.borrowerId')
      .leftJoin('departments as bd', 'bd.id', 'bp.departmentId')
      .leftJoin('applications as app', 'app.id', 'loans.applicationId')
      .leftJoin('client_classifications as cc', (join) => join.onRef('cc.clientId', '=', 'files.clientId').on('cc.schemeId', '=', CATEGORY_SCHEME_ID))
      .leftJoin('classification_values as cv', 'cv.id', 'cc.valueId')
      .select([
        'loans.kind',
        'loans.purpose',
        'loans.lentAt',
        'loans.dueDate',
        'loans.returnedAt',
        'bp.kind as borrowerKind',
        'bd.name as department',
        'app.kind as applicationKind',
        'cv.label as category',
        'cv.labelEn as categoryEn',
      ])
      .where('loans.lentAt', '>=', dayStart(from))
      .where('loans.lentAt', '<', dayStart(addDays(to, 1)))
      .where('loans.correctsId', 'is', null)
      .where(sql<boolean>`not exists (select 1 from loans c where c.corrects_id = loans.id)`)
      .where(ctx.fileVisible('files.id', 'files.confidentiality')),
  );
  const today = ctx.today();
  const loans = rows.filter((r) => r.kind === 'loan');
  const late = loans.filter((r) => r.dueDate !== null && (r.returnedAt ? localDate(new Date(r.returnedAt)) > r.dueDate : today > r.dueDate));
  const returned = loans.filter((r) => r.returnedAt !== null);
  const days = returned.map((r) => (Date.parse(r.returnedAt!) - Date.parse(r.lentAt)) / 86_400_000);
  const categories = new Map(rows.map((r) => [r.category ?? null, r.categoryEn ?? null]));
  return {
    from,
    to,
    loans: loans.length,
    readings: rows.length - loans.length,
    overdueLoans: late.length,
    overdueRate: loans.length ? late.length / loans.length : 0,
    averageLoanDays: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
    returnedLoans: returned.length,
    byDepartment: tally(rows.map((r) => ({ key: r.department ?? null, kind: r.kind }))).map(({ key, ...t }) => ({ department: key, ...t })),
    byKind: tally(rows.map((r) => ({ key: r.applicationKind ?? (r.kind === 'read' ? ('read' as const) : null), kind: r.kind }))).map(({ key, ...t }) => ({ kind: key, ...t })),
    byPurpose: tally(rows.map((r) => ({ key: r.purpose.trim(), kind: r.kind }))).map(({ key, ...t }) => ({ purpose: key, ...t })),
    byCategory: tally(rows.map((r) => ({ key: r.category ?? null, kind: r.kind }))).map(({ key, ...t }) => ({
      category: key,
      categoryEn: key === null ? null : (categories.get(key) ?? null),
      ...t,
    })),
    byBorrowerKind: tally(rows.map((r) => ({ key: r.borrowerKind ?? null, kind: r.kind }))).map(({ key, ...t }) => ({ borrowerKind: key, ...t })),
  };
}

/** The workbook's sheets, headers and labels in the chosen language. */
function statisticsSheets(stats: Statistics, language: Language) {
  const x = catalogs[language].ui.access.xlsx;
  const none = x.none;
  const percent = (n: number) => Math.round(n * 1000) / 10;
  const counts = (title: string, column: string, rows: { label: string; loans: number; readings: number }[]) => ({
    name: title,
    header: [column, x.loans, x.readings],
    rows: rows.map((r) => [r.label, r.loans, r.readings]),
  });
  return [
    {
      name: x.summary,
      header: [x.measure, x.value],
      rows: [
        [x.period, `${stats.from} – ${stats.to}`],
        [x.loans, stats.loans],
        [x.readings, stats.readings],
        [x.overdueLoans, stats.overdueLoans],
        [x.overdueRate, percent(stats.overdueRate)],
        [x.returnedLoans, stats.returnedLoans],
        [x.averageLoanDays, stats.averageLoanDays],
      ],
    },
    counts(
      x.byDepartment,
      x.department,
      stats.byDepartment.map((r) => ({ ...r, label: r.department ?? x.noDepartment })),
    ),
    counts(
      x.byKind,
      x.kind,
      stats.byKind.map((r) => ({ ...r, label: r.kind ? catalogs[language].ui.access.kind[r.kind] : x.noApplication })),
    ),
    counts(
      x.byPurpose,
      x.purpose,
      stats.byPurpose.map((r) => ({ ...r, label: r.purpose || none })),
    ),
    counts(
      x.byCategory,
      x.category,
      stats.byCategory.map((r) => ({ ...r, label: (language === 'en' ? (r.categoryEn ?? r.category) : r.category) ?? none })),
    ),
    counts(
      x.byBorrowerKind,
      x.borrowerKind,
      stats.byBorrowerKind.map((r) => ({ ...r, label: r.borrowerKind ? catalogs[language].ui.access.personKind[r.borrowerKind] : none })),
    ),
  ];
}

interface BuiltStatistics {
  fileName: string;
  bytes: Uint8Array;
  rows: number;
}

/** Builds the workbook before the transaction; the audit row is written only once it exists. */
const exportStatistics = staged<'reports.exportStatistics', BuiltStatistics, BuiltStatistics>({
  prepare: async (ctx, input, control) => {
    const stats = statistics(ctx, input.from, input.to);
    const sheets = statisticsSheets(stats, input.language);
    const bytes = await runTask('spreadsheet.writeXlsx', { sheets }, { signal: control.signal });
    if (!bytes.ok) throw new DossierError('internal', {}, bytes.detail);
    const title = catalogs[input.language].ui.access.xlsx.fileName;
    return { fileName: `${title}-${input.from}-${input.to}.xlsx`, bytes: bytes.value, rows: stats.loans + stats.readings };
  },
  run: (ctx, input, built) => {
    ctx.audit({
      action: 'reports.exportStatistics',
      targetType: 'loan',
      targetId: null,
      targetLabel: built.fileName,
      details: { from: input.from, to: input.to, rows: built.rows },
    });
    return built;
  },
  finish: async (built) => ({
    fileName: built.fileName,
    contentBase64: Buffer.from(built.bytes).toString('base64'),
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows: built.rows,
  }),
});

export const reportsHandlers = {
  'reports.desk': desk,
  'reports.overdue': overdue,
  'reports.fileHistory': fileHistory,
  'reports.personHistory': personHistory,
  'reports.statistics': (ctx, input) => statistics(ctx, input.from, input.to),
  'reports.exportStatistics': exportStatistics,
} satisfies HandlersOf<typeof reportsOps>;
