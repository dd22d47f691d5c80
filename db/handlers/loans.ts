import { randomUUID } from 'node:crypto';
import { looksLikeArchiveNo, normalizeArchiveNo } from '../../shared/domain/archiveNo.js';
import { sql } from 'kysely';
import { applicationCovers, borrowerLabel, dueDateAfter, ledgerTransition, loanPeriodFor } from '../../shared/domain/borrowing.js';
import { isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';
import { waitingForNames } from '../records/applications.js';
import { workCalendar } from '../records/calendar.js';
import { findFile } from '../records/files.js';
import type { FileRow } from '../records/files.js';
import { loanById, loanQuery, openLoanOf, readLendingPolicy, toLoan, writeLendingPolicy } from '../records/loans.js';
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
function matchApplication(ctx: OperationContext, file: FileRow, person: PersonRow, applicationId: string | undefined) {
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
      .select(sql<number>`exists (select 1 from loans l where l.application_id = applications.id and l.file_id = ${file.id} and l.corrects_id is null)`.as('used'))
      .where('af.fileId', '=', file.id)
      .where((eb) => (applicationId ? eb('applications.id', '=', applicationId) : eb('applications.requesterId', '=', person.id)))
      .orderBy('applications.createdAt', 'desc'),
  );
  if (applicationId) {
    const given = candidates[0];
    if (!given || given.requesterId !== person.id) throw new DossierError('loan.applicationNotForThis', { id: applicationId, archiveNo: file.archiveNo, borrower: person.name });
    if (given.used) throw new DossierError('loan.applicationUsed', { id: applicationId, archiveNo: file.archiveNo });
    const cover = applicationCovers(given, 'loan', today);
    if (cover === 'notApproved') throw new DossierError('loan.applicationNotApproved', { id: applicationId, status: given.status });
    if (cover === 'wrongKind') throw new DossierError('loan.applicationIsForReading', { id: applicationId });
    if (cover === 'outsidePeriod') throw new DossierError('loan.applicationOutsidePeriod', { id: applicationId, from: given.wantedFrom, until: given.wantedUntil });
    return given;
  }
  const match = candidates.find((c) => !c.used && applicationCovers(c, 'loan', today) === 'ok');
  if (match) return match;
  return { missing: candidates.find((c) => c.status === 'pending') ?? null };
}

/** The refusal naming what is missing for a loan without an approved application. */
function noApplication(ctx: OperationContext, file: FileRow, person: PersonRow, pending: { id: string } | null): DossierError {
  if (pending)
    return new DossierError('loan.applicationPending', { archiveNo: file.archiveNo, borrower: person.name, id: pending.id, waitingFor: waitingForNames(ctx, pending.id) });
  return new DossierError('loan.noApplication', { archiveNo: file.archiveNo, borrower: person.name });
}

export const lendFile: Handler<'loans.lend'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  refuseArchiveNoAsBorrower(ctx, input.borrower);
  const person = findPerson(ctx, input.borrower);
  if (!person.active) throw new DossierError('person.inactive', { name: person.name });
  const open = openLoanOf(ctx, file.id);
  const moved = ledgerTransition(open || file.status === 'on_loan' ? 'on_loan' : 'in_stock', 'lend');
  if (!moved.ok) throw new DossierError('loan.alreadyOnLoan', { archiveNo: file.archiveNo, borrower: open?.borrower ?? '', dueDate: open?.dueDate ?? '' });

  const policy = readLendingPolicy(ctx);
  const now = ctx.now().toISOString();
  let application: { id: string; kind: 'read' | 'loan' | 'copy'; wantedUntil: string; purpose: string } | null = null;
  if (input.paperApproval) {
    if (input.paperApproval.signedOn > ctx.today()) throw new DossierError('application.paperInFuture', { date: input.paperApproval.signedOn });
    const id = randomUUID();
    const until = dueDateAfter(ctx.today(), loanPeriodFor(policy, 'loan', file.confidentiality), workCalendar(ctx));
    ctx.db.run(
      ctx.db.k.insertInto('applications').values({
        id,
        requesterId: person.id,
        kind: 'loan',
        purpose: input.purpose,
        wantedFrom: ctx.today(),
        wantedUntil: until,
        letterNo: person.letterNo,
        status: 'approved',
        paperSignedBy: input.paperApproval.signedBy,
        paperSignedOn: input.paperApproval.signedOn,
        createdAt: now,
        createdBy: ctx.user.id,
        decidedAt: now,
      }),
    );
    ctx.db.run(ctx.db.k.insertInto('application_files').values({ applicationId: id, fileId: file.id, itemId: null }));
    application = { id, kind: 'loan', wantedUntil: until, purpose: input.purpose };
  } else {
    const matched = policy.requireApplication || input.applicationId ? matchApplication(ctx, file, person, input.applicationId) : null;
    if (matched && 'missing' in matched) {
      if (policy.requireApplication) throw noApplication(ctx, file, person, matched.missing);
    } else if (matched) {
      application = matched;
    }
  }

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

  const id = randomUUID();
  const borrower = borrowerLabel(person);
  const purpose = input.purpose || application?.purpose || '';
  try {
    ctx.db.run(
      ctx.db.k.insertInto('loans').values({
        id,
        fileId: file.id,
        kind: 'loan',
        borrower,
        borrowerId: person.id,
        applicationId: application?.id ?? null,
        purpose,
        lentAt: now,
        lentBy: ctx.user.id,
        dueDate,
        returnedAt: null,
        returnedBy: null,
      }),
    );
  } catch (err) {
    // Another clerk lent it between our check and this insert: the unique index of open loans decides.
    if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new DossierError('loan.alreadyOnLoan', { archiveNo: file.archiveNo, borrower: '', dueDate: '' });
    }
    throw err;
  }
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'on_loan', updatedAt: now }).where('id', '=', file.id));
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
    },
  });
  return loanById(ctx, id);
};

export const returnFile: Handler<'loans.return'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const open = openLoanOf(ctx, file.id);
  if (!open) throw new DossierError('loan.notOnLoan', { archiveNo: file.archiveNo });
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.updateTable('loans').set({ returnedAt: now, returnedBy: ctx.user.id }).where('id', '=', open.id));
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'in_stock', updatedAt: now }).where('id', '=', file.id));
  ctx.audit({
    action: 'loans.return',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { loanId: open.id, borrower: open.borrower, overdue: open.dueDate < ctx.today() },
  });
  return loanById(ctx, open.id);
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
} satisfies HandlersOf<typeof loansOps>;
