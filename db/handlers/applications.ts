import { randomUUID } from 'node:crypto';
import { applicationTransition, decisionRefusal, routeApplication, ruleSetProblem } from '../../shared/domain/borrowing.js';
import type { ApprovalRule } from '../../shared/domain/borrowing.js';
import { addDays } from '../../shared/domain/dates.js';
import { confidentialityRank } from '../../shared/domain/enums.js';
import { clearanceAllows, roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { Application } from '../../shared/ops/applications.js';
import type { applicationsOps } from '../../shared/ops/applications.js';
import type { OperationContext } from '../context.js';
import { applicationById, applicationQuery, headOf, listApplications, readApprovalRules, waitingForNames, writeApprovalRules } from '../records/applications.js';
import { fileDepartment } from '../records/departments.js';
import { findFile } from '../records/files.js';
import { findPerson } from '../records/people.js';
import { readSettings } from '../records/settings.js';
import type { Handler, HandlersOf } from './kit.js';

/**
 * The audit row of an application names its most confidential file: the log hides the row from
 * anyone not cleared for that file (and so for every file of the application).
 */
function audit(
  ctx: OperationContext,
  action: 'applications.create' | 'applications.approve' | 'applications.reject' | 'applications.withdraw',
  application: Application,
  details: Record<string, unknown>,
) {
  const top = [...application.files].sort((a, b) => confidentialityRank(b.confidentiality) - confidentialityRank(a.confidentiality))[0]!;
  const file = ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archiveNo', '=', top.archiveNo))!;
  ctx.audit({
    action,
    targetType: 'file',
    targetId: file.id,
    targetLabel: top.archiveNo,
    details: {
      applicationId: application.id,
      requester: application.requester.name,
      kind: application.kind,
      archiveNos: application.files.map((f) => f.archiveNo),
      status: application.status,
      ...details,
    },
  });
}

const createApplication: Handler<'applications.create'> = (ctx, input) => {
  const requester = findPerson(ctx, input.requester);
  if (!requester.active) throw new DossierError('person.inactive', { name: requester.name });
  // A clerk records applications for anyone; anyone else applies for the person their account is linked to.
  if (!roleCan(ctx.user.role, 'people.manage') && requester.userId !== ctx.user.id) throw new DossierError('application.notYourself', { name: requester.name });
  if (input.paper && !roleCan(ctx.user.role, 'loans.circulate')) throw new DossierError('auth.forbidden', { capability: 'loans.circulate' });
  const today = ctx.today();
  if (input.paper && input.paper.signedOn > today) throw new DossierError('application.paperInFuture', { date: input.paper.signedOn });

  const letterNo = input.letterNo ?? requester.letterNo;
  if (requester.kind === 'outside' && !letterNo) throw new DossierError('application.letterRequired', { name: requester.name });

  const wantedFrom = input.wantedFrom ?? today;
  if (wantedFrom < today && !input.paper) throw new DossierError('application.periodInPast', { date: wantedFrom });
  const wantedUntil = input.wantedUntil ?? addDays(wantedFrom, input.days ?? readSettings(ctx.db).loanDays);
  if (wantedUntil < wantedFrom) throw new DossierError('application.badPeriod', { from: wantedFrom, until: wantedUntil });

  const seen = new Set<string>();
  const files = input.files.flatMap((wanted) => {
    const file = findFile(ctx, wanted.archiveNo);
    const key = `${file.id}/${wanted.itemId ?? ''}`;
    if (seen.has(key)) return [];
    seen.add(key);
    if (wanted.itemId) {
      const item = ctx.db.one(ctx.db.k.selectFrom('file_items').select('id').where('id', '=', wanted.itemId).where('fileId', '=', file.id).where('supersededById', 'is', null));
      if (!item) throw new DossierError('application.itemNotInFile', { archiveNo: file.archiveNo });
    }
    return [{ file, itemId: wanted.itemId ?? null, departmentId: fileDepartment(ctx, file.id).departmentId }];
  });

  let steps: ReturnType<typeof routeApplication> & { ok: true };
  if (input.paper) {
    steps = { ok: true, steps: [] };
  } else {
    const routed = routeApplication(readApprovalRules(ctx).rules, {
      requesterDepartmentId: requester.kind === 'staff' ? requester.departmentId : null,
      kind: input.kind,
      files: files.map((f) => ({ archiveNo: f.file.archiveNo, departmentId: f.departmentId, confidentiality: f.file.confidentiality })),
    });
    if (!routed.ok) {
      if (routed.problem === 'noDepartment') throw new DossierError('application.noDepartment', { archiveNo: routed.archiveNo });
      throw new DossierError('application.noRoute', {});
    }
    const level = files.map((f) => f.file.confidentiality).sort((a, b) => confidentialityRank(b) - confidentialityRank(a))[0]!;
    for (const step of routed.steps) {
      if (step.approver === 'department_head') {
        if (headOf(ctx, step.departmentId!) === null) {
          const name = ctx.db.one(ctx.db.k.selectFrom('departments').select('name').where('id', '=', step.departmentId!))!.name;
          throw new DossierError('application.noDepartmentHead', { department: name });
        }
        continue;
      }
      // A step only a role decides needs an active holder who may see the files, or the application waits for no one.
      const holders = ctx.db.all(ctx.db.k.selectFrom('users').select('clearance').where('role', '=', step.approver).where('active', '=', 1).where('removedAt', 'is', null));
      if (!holders.some((u) => clearanceAllows(u.clearance, level))) throw new DossierError('application.noApprover', { role: step.approver, level });
    }
    steps = routed;
  }

  const now = ctx.now().toISOString();
  const id = randomUUID();
  ctx.db.run(
    ctx.db.k.insertInto('applications').values({
      id,
      requesterId: requester.id,
      kind: input.kind,
      purpose: input.purpose,
      wantedFrom,
      wantedUntil,
      letterNo: letterNo ?? '',
      status: input.paper ? 'approved' : 'pending',
      paperSignedBy: input.paper?.signedBy ?? null,
      paperSignedOn: input.paper?.signedOn ?? null,
      createdAt: now,
      createdBy: ctx.user.id,
      decidedAt: input.paper ? now : null,
    }),
  );
  for (const f of files) ctx.db.run(ctx.db.k.insertInto('application_files').values({ applicationId: id, fileId: f.file.id, itemId: f.itemId }));
  steps.steps.forEach((step, i) =>
    ctx.db.run(
      ctx.db.k.insertInto('approval_steps').values({
        id: randomUUID(),
        applicationId: id,
        seq: i + 1,
        ruleId: step.ruleId,
        approver: step.approver,
        departmentId: step.departmentId,
        purpose: step.purpose,
        decision: null,
        decidedBy: null,
        decidedAt: null,
      }),
    ),
  );
  const application = applicationById(ctx, id);
  audit(ctx, 'applications.create', application, { ...(input.paper ? { paper: `${input.paper.signedBy} ${input.paper.signedOn}` } : {}), steps: steps.steps.length });
  return application;
};

/** The undecided steps of an application the signed-in user may decide (refused with why, if none). */
function stepsToDecide(ctx: OperationContext, id: string) {
  const application = applicationById(ctx, id);
  if (application.status !== 'pending') throw new DossierError('application.notPending', { id, status: application.status });
  const rows = ctx.db.all(ctx.db.k.selectFrom('approval_steps').select(['id', 'approver', 'departmentId', 'decision']).where('applicationId', '=', id).orderBy('seq'));
  const requesterUserId = ctx.db.one(
    ctx.db.k.selectFrom('applications').innerJoin('people', 'people.id', 'applications.requesterId').select('people.userId').where('applications.id', '=', id),
  )!.userId;
  const facts = { headOf: (d: string) => headOf(ctx, d), requesterUserId };
  const refusals = rows.map((row) => decisionRefusal({ approver: row.approver, departmentId: row.departmentId, decision: row.decision }, ctx.user, facts));
  const mine = rows.filter((_, i) => refusals[i] === null);
  if (mine.length === 0) {
    if (refusals.includes('approval.ownApplication')) throw new DossierError('approval.ownApplication', { id });
    throw new DossierError('approval.notYours', { waitingFor: waitingForNames(ctx, id) });
  }
  const undecided = rows.filter((r) => r.decision === null).length;
  return { application, mine, remainingAfter: undecided - mine.length };
}

function decide(ctx: OperationContext, id: string, decision: 'approved' | 'rejected', comment: string): Application {
  const { mine, remainingAfter } = stepsToDecide(ctx, id);
  const before = applicationById(ctx, id);
  const next = applicationTransition(before.status, { type: 'decide', decision, remainingAfter, reason: comment });
  if (!next.ok) throw new DossierError(next.code, { id });
  const now = ctx.now().toISOString();
  for (const step of mine) {
    ctx.db.run(ctx.db.k.updateTable('approval_steps').set({ decision, decidedBy: ctx.user.id, decidedAt: now, comment }).where('id', '=', step.id).where('decision', 'is', null));
  }
  if (next.status !== before.status) ctx.db.run(ctx.db.k.updateTable('applications').set({ status: next.status, decidedAt: now }).where('id', '=', id));
  const after = applicationById(ctx, id);
  audit(ctx, decision === 'approved' ? 'applications.approve' : 'applications.reject', after, { decision, comment, steps: mine.length });
  return after;
}

const approve: Handler<'applications.approve'> = (ctx, input) => decide(ctx, input.id, 'approved', input.comment);

const reject: Handler<'applications.reject'> = (ctx, input) => {
  if (input.reason.trim() === '') throw new DossierError('approval.reasonRequired', { id: input.id });
  return decide(ctx, input.id, 'rejected', input.reason);
};

const withdraw: Handler<'applications.withdraw'> = (ctx, input) => {
  const before = applicationById(ctx, input.id);
  const requesterUserId = ctx.db.one(ctx.db.k.selectFrom('people').select('userId').where('id', '=', before.requester.id))!.userId;
  const createdBy = ctx.db.one(ctx.db.k.selectFrom('applications').select('createdBy').where('id', '=', input.id))!.createdBy;
  if (!roleCan(ctx.user.role, 'people.manage') && requesterUserId !== ctx.user.id && createdBy !== ctx.user.id)
    throw new DossierError('application.notYourself', { name: before.requester.name });
  const next = applicationTransition(before.status, { type: 'withdraw' });
  if (!next.ok) throw new DossierError(next.code, { id: input.id, status: before.status });
  ctx.db.run(ctx.db.k.updateTable('applications').set({ status: next.status, decidedAt: ctx.now().toISOString() }).where('id', '=', input.id));
  const after = applicationById(ctx, input.id);
  audit(ctx, 'applications.withdraw', after, {});
  return after;
};

const list: Handler<'applications.list'> = (ctx, input) => {
  let query = applicationQuery(ctx);
  if (input.status) query = query.where('applications.status', '=', input.status);
  if (input.mine) query = query.where((eb) => eb.or([eb('applications.createdBy', '=', ctx.user.id), eb('requester.userId', '=', ctx.user.id)]));
  if (input.forMe) query = query.where('applications.status', '=', 'pending');
  const rows = listApplications(
    ctx,
    query
      .orderBy('applications.createdAt', 'desc')
      .orderBy('applications.id')
      .limit(input.forMe ? 5000 : input.limit),
  );
  return input.forMe ? rows.filter((a) => a.steps.some((s) => s.mine)).slice(0, input.limit) : rows;
};

const get: Handler<'applications.get'> = (ctx, input) => applicationById(ctx, input.id);

const rules: Handler<'applications.rules'> = (ctx) => readApprovalRules(ctx);

const updateRules: Handler<'applications.updateRules'> = (ctx, input) => {
  const before = readApprovalRules(ctx);
  if (input.reset) {
    writeApprovalRules(ctx, null);
  } else {
    if (!input.rules) throw new DossierError('approval.badRules', { problem: 'empty' });
    const problem = ruleSetProblem(input.rules as ApprovalRule[]);
    if (problem) throw new DossierError('approval.badRules', { problem });
    writeApprovalRules(ctx, input.rules as ApprovalRule[]);
  }
  const after = readApprovalRules(ctx);
  ctx.audit({
    action: 'applications.updateRules',
    targetType: 'settings',
    targetId: 'approvalRules',
    targetLabel: null,
    details: { before: before.rules, after: after.rules, defaults: after.defaults },
  });
  return after;
};

export const applicationsHandlers = {
  'applications.create': createApplication,
  'applications.list': list,
  'applications.get': get,
  'applications.approve': approve,
  'applications.reject': reject,
  'applications.withdraw': withdraw,
  'applications.rules': rules,
  'applications.updateRules': updateRules,
} satisfies HandlersOf<typeof applicationsOps>;
