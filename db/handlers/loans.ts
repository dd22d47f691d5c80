import { randomUUID } from 'node:crypto';
import { looksLikeArchiveNo, normalizeArchiveNo } from '../../shared/domain/archiveNo.js';
import { sql } from 'kysely';
import { applicationCovers, borrowerLabel, daysOverdue, dueDateAfter, ledgerTransition, loanPeriodFor, renewalRefusal, reversalRefusal } from '../../shared/domain/borrowing.js';
import type { IncidentKind, LendingPolicy } from '../../shared/domain/borrowing.js';
import { isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';
import { waitingForNames } from '../records/applications.js';
import { workCalendar } from '../records/calendar.js';
import { findFile } from '../records/files.js';
import type { FileRow } from '../records/files.js';
import { activeHolds, moveHold, readyNextHold } from '../records/holds.js';
import { recordIncidents } from '../records/incidents.js';
import { currentItemRows } from '../records/items.js';
import { currentLocationId, getLocation, placeFile } from '../records/locations.js';
import { ledgerStateOf, loanById, loanQuery, openEntryOf, readingById, readingQuery, readLendingPolicy, toLoan, toReading, writeLendingPolicy } from '../records/loans.js';
import { findPerson } from '../records/people.js';
import type { PersonRow } from '../records/people.js';
import { readSettings } from '../records/settings.js';
import type { Handler } from './kit.js';
import type { loansOps } from '../../shared/ops/loans.js';
import type { HandlersOf } from './kit.js';

/** The archive's number patterns: the default and every file type's own. */
function archiveNoPatterns(ctx: OperationContext): string[] {
  const own = ctx.db.all(ctx.db.k.selectFrom('file_types').select('archiveNoPattern').where('archiveNoPattern', 'is not', null));
  return [readSettings(ctx.db).archiveNoPattern, ...own.map((r) => r.archiveNoPattern!).filter(Boolean)];
}

/** A scan that landed in the borrower field is never a borrower. */
function refuseArchiveNoAsBorrower(ctx: OperationContext, borrower: string): void {
  const isNumber =
    looksLikeArchiveNo(borrower, archiveNoPatterns(ctx)) || !!ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archiveNo', '=', normalizeArchiveNo(borrower)));
  if (isNumber) throw new DossierError('loan.borrowerIsArchiveNo', { borrower });
}

/** The application a loan is made against: the one given, or the newest approved one that covers it. */
function matchApplication(ctx: OperationContext, file: FileRow, person: PersonRow, applicationId: string | undefined, use: 'loan' | 'read') {
  const today = ctx.today();
  const candidates = ctx.db.all(
    ctx.db.k
      .selectFrom('applications')
      .innerJoin('application_files as af', 'af.applicationId', 'applications.id')
      .select([
        'applications.id',
        'applications.status',
        'applications.kind',
        'applications.wantedFrom',
        'applications.wantedUntil',
        'applications.requesterId',
        'applications.purpose',
      ])
      // Used: an entry was made against it for this file and not reversed (a reversed entry gives the approval back).
      .select(
        sql<number>`exists (select 1 from loans l where l.application_id = applications.id and l.file_id = ${file.id} and l.corrects_id is null
          and not exists (select 1 from loans r where r.corrects_id = l.id))`.as('used'),
      )
      .where('af.fileId', '=', file.id)
      .where((eb) => (applicationId ? eb('applications.id', '=', applicationId) : eb('applications.requesterId', '=', person.id)))
      .orderBy('applications.createdAt', 'desc'),
  );
  if (applicationId) {
    const given = candidates[0];
    if (!given || given.requesterId !== person.id) throw new DossierError('loan.applicationNotForThis', { id: applicationId, archiveNo: file.archiveNo, borrower: person.name });
    if (given.used) throw new DossierError('loan.applicationUsed', { id: applicationId, archiveNo: file.archiveNo });
    const cover = applicationCovers(given, use, today);
    if (cover === 'notApproved') throw new DossierError('loan.applicationNotApproved', { id: applicationId, status: given.status });
    if (cover === 'wrongKind') throw new DossierError('loan.applicationIsForReading', { id: applicationId });
    if (cover === 'outsidePeriod') throw new DossierError('loan.applicationOutsidePeriod', { id: applicationId, from: given.wantedFrom, until: given.wantedUntil });
    return given;
  }
  const match = candidates.find((c) => !c.used && applicationCovers(c, use, today) === 'ok');
  if (match) return match;
  return { missing: candidates.find((c) => c.status === 'pending') ?? null };
}

/** The refusal naming what is missing for a loan without an approved application. */
function noApplication(ctx: OperationContext, file: FileRow, person: PersonRow, pending: { id: string } | null, use: 'loan' | 'read'): DossierError {
  if (pending)
    return new DossierError(use === 'loan' ? 'loan.applicationPending' : 'reading.applicationPending', {
      archiveNo: file.archiveNo,
      borrower: person.name,
      id: pending.id,
      waitingFor: waitingForNames(ctx, pending.id),
    });
  return new DossierError(use === 'loan' ? 'loan.noApplication' : 'reading.noApplication', { archiveNo: file.archiveNo, borrower: person.name });
}

type Matched = { id: string; kind: 'read' | 'loan' | 'copy'; wantedUntil: string; purpose: string };

/** A paper application signed outside the system, recorded as approved for this one file. */
function paperApplication(
  ctx: OperationContext,
  file: FileRow,
  person: PersonRow,
  kind: 'read' | 'loan',
  purpose: string,
  paper: { signedBy: string; signedOn: string },
  until: string,
): Matched {
  if (paper.signedOn > ctx.today()) throw new DossierError('application.paperInFuture', { date: paper.signedOn });
  const id = randomUUID();
  const now = ctx.now().toISOString();
  ctx.db.run(
    ctx.db.k.insertInto('applications').values({
      id,
      requesterId: person.id,
      kind,
      purpose,
      wantedFrom: ctx.today(),
      wantedUntil: until,
      letterNo: person.letterNo,
      status: 'approved',
      paperSignedBy: paper.signedBy,
      paperSignedOn: paper.signedOn,
      createdAt: now,
      createdBy: ctx.user.id,
      decidedAt: now,
    }),
  );
  ctx.db.run(ctx.db.k.insertInto('application_files').values({ applicationId: id, fileId: file.id, itemId: null }));
  return { id, kind, wantedUntil: until, purpose };
}

/** The application an entry is made against, or null where the policy lets it go without one. */
function applicationFor(
  ctx: OperationContext,
  policy: LendingPolicy,
  file: FileRow,
  person: PersonRow,
  input: { applicationId?: string; paperApproval?: { signedBy: string; signedOn: string }; purpose: string },
  use: 'loan' | 'read',
): Matched | null {
  if (input.paperApproval) {
    const until = use === 'read' ? ctx.today() : dueDateAfter(ctx.today(), loanPeriodFor(policy, 'loan', file.confidentiality), workCalendar(ctx));
    return paperApplication(ctx, file, person, use, input.purpose, input.paperApproval, until);
  }
  if (!policy.requireApplication && !input.applicationId) return null;
  const matched = matchApplication(ctx, file, person, input.applicationId, use);
  if ('missing' in matched) {
    if (policy.requireApplication) throw noApplication(ctx, file, person, matched.missing, use);
    return null;
  }
  return matched;
}

/**
 * A hold decides who gets a file that is back: while one is ready, only its person may take
 * it (their entry fulfils it). Returns that hold when it is this person's.
 */
function holdFor(ctx: OperationContext, file: FileRow, person: PersonRow, now: string) {
  const ready = readyNextHold(ctx, file.id, now);
  if (!ready) return null;
  if (ready.personId !== person.id) throw new DossierError('loan.heldForOther', { archiveNo: file.archiveNo, person: ready.person });
  return ready;
}

/** The policy's overdue block: a borrower with an overdue file borrows nothing more, and is told which. */
function refuseOverdueBorrower(ctx: OperationContext, person: PersonRow): void {
  const overdue = ctx.db.all(
    ctx.db.k
      .selectFrom('loans')
      .innerJoin('files', 'files.id', 'loans.fileId')
      .select(['files.id', 'files.archiveNo', 'files.confidentiality'])
      .where('loans.borrowerId', '=', person.id)
      .where('loans.returnedAt', 'is', null)
      .where('loans.kind', '=', 'loan')
      .where('loans.dueDate', '<', ctx.today())
      .orderBy('loans.dueDate'),
  );
  if (overdue.length === 0) return;
  // Only files the clerk may see are named; the others are counted.
  const visible = new Set(
    ctx.db
      .all(
        ctx.db.k
          .selectFrom('files')
          .select('id')
          .where(
            'id',
            'in',
            overdue.map((o) => o.id),
          )
          .where(ctx.fileVisible('files.id', 'files.confidentiality')),
      )
      .map((r) => r.id),
  );
  const named = overdue.filter((o) => visible.has(o.id)).map((o) => o.archiveNo);
  const hidden = overdue.length - named.length;
  const files = [...named, ...(hidden > 0 ? [`+${hidden}`] : [])].join(', ');
  throw new DossierError('loan.borrowerOverdue', { borrower: borrowerLabel(person), files, count: overdue.length });
}

export const lendFile: Handler<'loans.lend'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  refuseArchiveNoAsBorrower(ctx, input.borrower);
  const person = findPerson(ctx, input.borrower);
  if (!person.active) throw new DossierError('person.inactive', { name: person.name });
  const open = openEntryOf(ctx, file.id);
  const moved = ledgerTransition(ledgerStateOf(open), 'lend');
  if (!moved.ok) throw refusalOf(moved.code, file, open);

  const policy = readLendingPolicy(ctx);
  const now = ctx.now().toISOString();
  if (policy.blockOverdue) refuseOverdueBorrower(ctx, person);
  const hold = holdFor(ctx, file, person, now);
  const application = applicationFor(ctx, policy, file, person, input, 'loan');

  // The period by the application's kind and the file's level; never beyond what was applied for.
  const period = loanPeriodFor(policy, application?.kind === 'copy' ? 'copy' : 'loan', file.confidentiality);
  let latest = dueDateAfter(ctx.today(), period, workCalendar(ctx));
  if (application && application.wantedUntil < latest && application.wantedUntil >= ctx.today()) latest = application.wantedUntil;
  let dueDate = latest;
  if (input.dueDate !== undefined) {
    if (!isValidDate(input.dueDate)) throw new DossierError('loan.badDate', { value: input.dueDate });
    if (input.dueDate < ctx.today()) throw new DossierError('loan.dueInPast', { dueDate: input.dueDate });
    if (input.dueDate > latest) throw new DossierError('loan.dueTooLate', { maxDays: period.days, latest });
    dueDate = input.dueDate;
  }

  const borrower = borrowerLabel(person);
  const purpose = input.purpose || application?.purpose || '';
  const id = openEntry(ctx, { kind: 'loan', file, person, hold, applicationId: application?.id ?? null, purpose, dueDate, now });
  ctx.audit({
    action: 'loans.lend',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    // A paper approval is recorded with the loan, in its one audit row.
    details: {
      loanId: id,
      borrower,
      borrowerId: person.id,
      applicationId: application?.id ?? null,
      purpose,
      dueDate,
      ...(input.paperApproval ? { paper: `${input.paperApproval.signedBy} ${input.paperApproval.signedOn}` } : {}),
      ...(hold ? { holdId: hold.id } : {}),
    },
  });
  return loanById(ctx, id);
};

/**
 * Writes a new ledger entry (a loan or a reading), takes the file off the shelf and fulfils
 * the borrower's hold. Two clerks lending at once: the unique index of open entries decides.
 */
function openEntry(
  ctx: OperationContext,
  entry: {
    kind: 'loan' | 'read';
    file: FileRow;
    person: PersonRow;
    hold: ReturnType<typeof holdFor>;
    applicationId: string | null;
    purpose: string;
    dueDate: string | null;
    now: string;
  },
): string {
  const id = randomUUID();
  try {
    ctx.db.run(
      ctx.db.k.insertInto('loans').values({
        id,
        fileId: entry.file.id,
        kind: entry.kind,
        borrower: borrowerLabel(entry.person),
        borrowerId: entry.person.id,
        applicationId: entry.applicationId,
        purpose: entry.purpose,
        lentAt: entry.now,
        lentBy: ctx.user.id,
        dueDate: entry.dueDate,
        returnedAt: null,
        returnedBy: null,
      }),
    );
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new DossierError('loan.alreadyOnLoan', { archiveNo: entry.file.archiveNo, borrower: '', dueDate: '' });
    }
    throw err;
  }
  // Out of the shelf while it is lent or read (the entry's kind says where).
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'on_loan', updatedAt: entry.now }).where('id', '=', entry.file.id));
  if (entry.hold) moveHold(ctx, entry.hold, 'fulfil', entry.now);
  return id;
}

/** The clerk's message for a refused transition, naming who has the file. */
function refusalOf(code: string, file: FileRow, open: ReturnType<typeof openEntryOf>): DossierError {
  switch (code) {
    case 'loan.alreadyOnLoan':
      return new DossierError('loan.alreadyOnLoan', { archiveNo: file.archiveNo, borrower: open?.borrower ?? '', dueDate: open?.dueDate ?? '' });
    case 'reading.inProgress':
      return new DossierError('reading.inProgress', { archiveNo: file.archiveNo, reader: open?.borrower ?? '' });
    case 'loan.isReading':
      return new DossierError('loan.isReading', { archiveNo: file.archiveNo });
    case 'loan.notOnLoan':
      return new DossierError('loan.notOnLoan', { archiveNo: file.archiveNo });
    case 'reading.cannotRenew':
      return new DossierError('reading.cannotRenew', { archiveNo: file.archiveNo });
    default:
      return new DossierError('reading.notReading', { archiveNo: file.archiveNo });
  }
}

export const startReading: Handler<'loans.read'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  refuseArchiveNoAsBorrower(ctx, input.reader);
  const person = findPerson(ctx, input.reader);
  if (!person.active) throw new DossierError('person.inactive', { name: person.name });
  const open = openEntryOf(ctx, file.id);
  const moved = ledgerTransition(ledgerStateOf(open), 'read');
  if (!moved.ok) throw refusalOf(moved.code, file, open);
  const policy = readLendingPolicy(ctx);
  const now = ctx.now().toISOString();
  const hold = holdFor(ctx, file, person, now);
  const application = applicationFor(ctx, policy, file, person, input, 'read');
  const reader = borrowerLabel(person);
  const purpose = input.purpose || application?.purpose || '';
  // In-room reading has no due date.
  const id = openEntry(ctx, { kind: 'read', file, person, hold, applicationId: application?.id ?? null, purpose, dueDate: null, now });
  ctx.audit({
    action: 'loans.read',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: {
      loanId: id,
      reader,
      readerId: person.id,
      applicationId: application?.id ?? null,
      purpose,
      ...(input.paperApproval ? { paper: `${input.paperApproval.signedBy} ${input.paperApproval.signedOn}` } : {}),
    },
  });
  return readingById(ctx, id);
};

interface ReturnCheckInput {
  archiveNo: string;
  missing: number[];
  damaged: number[];
  note: string;
  locationId?: string;
}

/** The items the clerk marked, by sequence number in the current contents list; a number not in it is refused. */
function markedItems(ctx: OperationContext, file: FileRow, input: ReturnCheckInput): { itemId: string; seq: number; kind: IncidentKind }[] {
  const missing = [...new Set(input.missing)];
  const damaged = [...new Set(input.damaged)];
  const both = missing.find((seq) => damaged.includes(seq));
  if (both !== undefined) throw new DossierError('return.itemTwice', { seq: both });
  if (missing.length + damaged.length === 0) return [];
  const bySeq = new Map(currentItemRows(ctx, file.id).map((r) => [r.seq, r.id]));
  const marked = [...missing.map((seq) => ({ seq, kind: 'missing' as const })), ...damaged.map((seq) => ({ seq, kind: 'damaged' as const }))];
  return marked.map((m) => {
    const itemId = bySeq.get(m.seq);
    if (!itemId) throw new DossierError('return.noSuchItem', { archiveNo: file.archiveNo, seq: m.seq });
    return { itemId, seq: m.seq, kind: m.kind };
  });
}

/**
 * Closes (注销) the file's open entry after the completeness check: incidents for what is
 * missing or damaged, the file back on its shelf (or a confirmed other one), the next hold ready.
 */
function closeEntry(ctx: OperationContext, input: ReturnCheckInput, event: 'return' | 'endReading') {
  const file = findFile(ctx, input.archiveNo);
  const open = openEntryOf(ctx, file.id);
  const moved = ledgerTransition(ledgerStateOf(open), event);
  if (!moved.ok || !open) throw refusalOf(moved.ok ? 'loan.notOnLoan' : moved.code, file, open);
  const marked = markedItems(ctx, file, input);
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.updateTable('loans').set({ returnedAt: now, returnedBy: ctx.user.id, returnNote: input.note }).where('id', '=', open.id));
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'in_stock', updatedAt: now }).where('id', '=', file.id));
  const incidents = recordIncidents(ctx, { id: open.id, fileId: file.id, borrowerId: open.borrowerId }, marked, input.note, now);

  // Back to its home location, unless the clerk confirmed another one (a move is recorded).
  const home = currentLocationId(ctx, file.id);
  let locationPath = home ? getLocation(ctx, home).path : null;
  let movedTo: string | null = null;
  if (input.locationId && input.locationId !== home) {
    const placed = placeFile(ctx, file, input.locationId, input.note);
    locationPath = placed.target.path;
    movedTo = placed.target.path;
  }
  const holdReady = readyNextHold(ctx, file.id, now);
  const overdue = open.kind === 'loan' && open.dueDate !== null && open.dueDate < ctx.today();
  ctx.audit({
    action: event === 'return' ? 'loans.return' : 'loans.endReading',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: {
      loanId: open.id,
      borrower: open.borrower,
      ...(event === 'return' ? { overdue } : {}),
      ...(marked.length ? { missing: marked.filter((m) => m.kind === 'missing').map((m) => m.seq), damaged: marked.filter((m) => m.kind === 'damaged').map((m) => m.seq) } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(movedTo ? { movedTo } : {}),
      ...(holdReady ? { holdReadyFor: holdReady.person } : {}),
    },
  });
  return { entryId: open.id, after: { incidents, holdReady, locationPath, moved: movedTo !== null } };
}

export const returnFile: Handler<'loans.return'> = (ctx, input) => {
  const { entryId, after } = closeEntry(ctx, input, 'return');
  return { ...loanById(ctx, entryId), ...after };
};

const endReading: Handler<'loans.endReading'> = (ctx, input) => {
  const { entryId, after } = closeEntry(ctx, input, 'endReading');
  return { ...readingById(ctx, entryId), ...after };
};

const renewLoan: Handler<'loans.renew'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const open = openEntryOf(ctx, file.id);
  const moved = ledgerTransition(ledgerStateOf(open), 'renew');
  if (!moved.ok || !open) throw refusalOf(moved.ok ? 'loan.notOnLoan' : moved.code, file, open);
  const policy = readLendingPolicy(ctx);
  const waiting = activeHolds(ctx, file.id).filter((h) => h.personId !== open.borrowerId).length;
  const refusal = renewalRefusal(open, policy, waiting);
  if (refusal === 'loan.renewLimit') throw new DossierError(refusal, { archiveNo: file.archiveNo, count: open.renewals, max: policy.maxRenewals });
  if (refusal === 'loan.renewHeld') throw new DossierError(refusal, { archiveNo: file.archiveNo, count: waiting });
  const kind = open.applicationId ? ctx.db.one(ctx.db.k.selectFrom('applications').select('kind').where('id', '=', open.applicationId))?.kind : undefined;
  const period = loanPeriodFor(policy, kind === 'copy' ? 'copy' : 'loan', file.confidentiality);
  const from = open.dueDate! > ctx.today() ? open.dueDate! : ctx.today();
  const dueDate = dueDateAfter(from, period, workCalendar(ctx));
  ctx.db.run(
    ctx.db.k
      .updateTable('loans')
      .set({ dueDate, renewals: open.renewals + 1 })
      .where('id', '=', open.id),
  );
  ctx.audit({
    action: 'loans.renew',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { loanId: open.id, borrower: open.borrower, from: open.dueDate, dueDate, renewals: open.renewals + 1 },
  });
  return loanById(ctx, open.id);
};

const reverseEntry: Handler<'loans.reverse'> = (ctx, input) => {
  const entry = ctx.db.one(ctx.db.k.selectFrom('loans').selectAll().where('id', '=', input.id));
  // An entry of a file the user may not see does not exist for them.
  const file =
    entry && ctx.db.one(ctx.db.k.selectFrom('files').select(['id', 'archiveNo']).where('id', '=', entry.fileId).where(ctx.fileVisible('files.id', 'files.confidentiality')));
  if (!entry || !file) throw new DossierError('loan.notFound', { id: input.id });
  const reversing = ctx.db.one(ctx.db.k.selectFrom('loans').select(['id', 'correctionReason']).where('correctsId', '=', entry.id));
  const refusal = reversalRefusal({ correctsId: entry.correctsId, reversed: reversing !== undefined }, input.reason);
  if (refusal === 'loan.alreadyReversed') throw new DossierError(refusal, { id: entry.id, reason: reversing?.correctionReason ?? '' });
  if (refusal) throw new DossierError(refusal, { id: entry.id });

  const now = ctx.now().toISOString();
  const wasOpen = entry.returnedAt === null;
  // An open entry is closed by its reversal (the file is back on the shelf); a closed one stays as it is.
  if (wasOpen) {
    ctx.db.run(ctx.db.k.updateTable('loans').set({ returnedAt: now, returnedBy: ctx.user.id }).where('id', '=', entry.id));
    ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'in_stock', updatedAt: now }).where('id', '=', file.id));
  }
  const id = randomUUID();
  ctx.db.run(
    ctx.db.k.insertInto('loans').values({
      id,
      fileId: entry.fileId,
      kind: entry.kind,
      borrower: entry.borrower,
      borrowerId: entry.borrowerId,
      applicationId: null,
      purpose: '',
      lentAt: now,
      lentBy: ctx.user.id,
      dueDate: entry.dueDate,
      returnedAt: now,
      returnedBy: ctx.user.id,
      correctsId: entry.id,
      correctionReason: input.reason,
    }),
  );
  if (wasOpen) readyNextHold(ctx, file.id, now);
  ctx.audit({
    action: 'loans.reverse',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { entryId: entry.id, reversalId: id, kind: entry.kind, borrower: entry.borrower, lentAt: entry.lentAt, wasOpen, reason: input.reason },
  });
  return { reversal: { id, at: now, by: ctx.user.displayName, reason: input.reason }, entryId: entry.id, archiveNo: file.archiveNo, kind: entry.kind };
};

const overdueLoans: Handler<'loans.overdue'> = (ctx) => {
  const today = ctx.today();
  const rows = ctx.db.all(
    loanQuery(ctx)
      .leftJoin('people', 'people.id', 'loans.borrowerId')
      .leftJoin('departments', 'departments.id', 'people.departmentId')
      .select(['departments.id as departmentId', 'departments.name as departmentName', 'people.kind as personKind', 'people.organisation'])
      .where('loans.returnedAt', 'is', null)
      .where('loans.dueDate', '<', today)
      .orderBy('loans.dueDate')
      .orderBy('files.archiveNo'),
  );
  const loans = rows.map(({ departmentId: _d, personKind: _k, organisation: _o, departmentName, ...row }) => ({
    ...toLoan(ctx, row),
    daysOverdue: daysOverdue(row.dueDate, today),
    departmentName: departmentName ?? null,
  }));
  const group = (keyOf: (i: number) => { key: string | null; name: string }) => {
    const groups = new Map<string, { key: string | null; name: string; count: number; maxDaysOverdue: number; archiveNos: string[] }>();
    loans.forEach((loan, i) => {
      const { key, name } = keyOf(i);
      const id = key ?? `name:${name}`;
      const g = groups.get(id) ?? { key, name, count: 0, maxDaysOverdue: 0, archiveNos: [] };
      g.count += 1;
      g.maxDaysOverdue = Math.max(g.maxDaysOverdue, loan.daysOverdue);
      g.archiveNos.push(loan.archiveNo);
      groups.set(id, g);
    });
    return [...groups.values()].sort((a, b) => b.maxDaysOverdue - a.maxDaysOverdue || b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));
  };
  return {
    asOf: today,
    loans,
    byBorrower: group((i) => ({ key: loans[i]!.borrowerId, name: loans[i]!.borrower })),
    // Outside people are grouped under their organisation; loans before people existed under no department.
    byDepartment: group((i) => {
      const r = rows[i]!;
      return r.departmentId ? { key: r.departmentId, name: r.departmentName ?? '' } : { key: null, name: r.personKind === 'outside' ? (r.organisation ?? '') : '' };
    }),
  };
};

const listReadings: Handler<'loans.readings'> = (ctx, input) => {
  let query = readingQuery(ctx);
  query = input.open ? query.where('loans.returnedAt', 'is', null).orderBy('loans.lentAt') : query.orderBy('loans.lentAt', 'desc');
  return ctx.db.all(query.limit(input.limit)).map(toReading);
};

const policyOf: Handler<'loans.policy'> = (ctx) => readLendingPolicy(ctx);

const updatePolicy: Handler<'loans.updatePolicy'> = (ctx, input) => {
  const before = readLendingPolicy(ctx);
  const after = { ...before, ...input };
  writeLendingPolicy(ctx, after);
  ctx.audit({ action: 'loans.updatePolicy', targetType: 'settings', targetId: 'lendingPolicy', targetLabel: null, details: { before, after } });
  return after;
};

export const listLoans: Handler<'loans.list'> = (ctx, input) => {
  let query = loanQuery(ctx);
  if (input.borrower) query = query.where('loans.borrowerId', '=', findPerson(ctx, input.borrower).id);
  if (input.archiveNo) query = query.where('loans.fileId', '=', findFile(ctx, input.archiveNo).id);
  if (input.open) query = query.where('loans.returnedAt', 'is', null).orderBy('loans.dueDate').orderBy('files.archiveNo');
  else query = query.orderBy('loans.lentAt', 'desc');
  return ctx.db.all(query.limit(input.limit)).map((row) => toLoan(ctx, row));
};

/** The handlers of the `loans.*` operations. */
export const loansHandlers = {
  'loans.lend': lendFile,
  'loans.return': returnFile,
  'loans.list': listLoans,
  'loans.policy': policyOf,
  'loans.updatePolicy': updatePolicy,
  'loans.read': startReading,
  'loans.endReading': endReading,
  'loans.readings': listReadings,
  'loans.renew': renewLoan,
  'loans.reverse': reverseEntry,
  'loans.overdue': overdueLoans,
} satisfies HandlersOf<typeof loansOps>;
