/** Access applications and their approval steps, as the user may see them (an application naming a file above their clearance is none). */
import { sql } from 'kysely';
import type { InferResult, SqlBool } from 'kysely';
import { DEFAULT_APPROVAL_RULES, decisionRefusal } from '../../shared/domain/borrowing.js';
import type { ApprovalRule } from '../../shared/domain/borrowing.js';
import type { Application } from '../../shared/ops/applications.js';
import { DossierError } from '../../shared/errors.js';
import type { OperationContext } from '../context.js';

const RULES_KEY = 'approvalRules';

/** The routing rule set: the administrator's, or the seeds' defaults. */
export function readApprovalRules(ctx: OperationContext): { rules: ApprovalRule[]; defaults: boolean } {
  const row = ctx.db.one(ctx.db.k.selectFrom('settings').select('value').where('key', '=', RULES_KEY));
  if (!row) return { rules: DEFAULT_APPROVAL_RULES.map((r) => ({ ...r, levels: [...r.levels], kinds: [...r.kinds] })), defaults: true };
  return { rules: JSON.parse(row.value) as ApprovalRule[], defaults: false };
}

export function writeApprovalRules(ctx: OperationContext, rules: ApprovalRule[] | null): void {
  if (rules === null) {
    ctx.db.run(ctx.db.k.deleteFrom('settings').where('key', '=', RULES_KEY));
    return;
  }
  const value = JSON.stringify(rules);
  ctx.db.run(
    ctx.db.k
      .insertInto('settings')
      .values({ key: RULES_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}

/** Every file of the application is one the user may see. */
function allFilesVisible(ctx: OperationContext): ReturnType<typeof sql<SqlBool>> {
  return sql<SqlBool>`not exists (select 1 from application_files af join files f on f.id = af.file_id
    where af.application_id = applications.id and not ${ctx.fileVisible('f.id', 'f.confidentiality')})`;
}

export function applicationQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('applications')
    .innerJoin('people as requester', 'requester.id', 'applications.requesterId')
    .leftJoin('departments as rd', 'rd.id', 'requester.departmentId')
    .innerJoin('users as creator', 'creator.id', 'applications.createdBy')
    .select([
      'applications.id',
      'applications.status',
      'applications.kind',
      'applications.purpose',
      'applications.wantedFrom',
      'applications.wantedUntil',
      'applications.letterNo',
      'applications.paperSignedBy',
      'applications.paperSignedOn',
      'applications.createdAt',
      'applications.createdBy as createdById',
      'creator.displayName as createdBy',
      'applications.decidedAt',
      'requester.id as requesterId',
      'requester.kind as requesterKind',
      'requester.name as requesterName',
      'requester.organisation as requesterOrganisation',
      'requester.staffNo as requesterStaffNo',
      'requester.userId as requesterUserId',
      'rd.name as requesterDepartmentName',
    ])
    .where(allFilesVisible(ctx));
}

type ApplicationRow = InferResult<ReturnType<typeof applicationQuery>>[number];

export function headOf(ctx: OperationContext, departmentId: string): string | null {
  return ctx.db.one(ctx.db.k.selectFrom('departments').select('headUserId').where('id', '=', departmentId))?.headUserId ?? null;
}

/** The steps and files of the rows, and whether the signed-in user may decide each step. */
export function toApplications(ctx: OperationContext, rows: readonly ApplicationRow[]): Application[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const files = ctx.db.all(
    ctx.db.k
      .selectFrom('application_files as af')
      .innerJoin('files', 'files.id', 'af.fileId')
      .leftJoin('file_items as item', 'item.id', 'af.itemId')
      .select(['af.applicationId', 'files.archiveNo', 'files.title', 'files.confidentiality', 'af.itemId', 'item.title as itemTitle'])
      .where('af.applicationId', 'in', ids)
      .orderBy('af.id'),
  );
  const steps = ctx.db.all(
    ctx.db.k
      .selectFrom('approval_steps as s')
      .leftJoin('departments as d', 'd.id', 's.departmentId')
      .leftJoin('users as head', 'head.id', 'd.headUserId')
      .leftJoin('users as decider', 'decider.id', 's.decidedBy')
      .select([
        's.id',
        's.applicationId',
        's.seq',
        's.ruleId',
        's.approver',
        's.departmentId',
        'd.name as departmentName',
        'head.displayName as headDisplayName',
        's.purpose',
        's.decision',
        'decider.displayName as decidedBy',
        's.decidedAt',
        's.comment',
      ])
      .where('s.applicationId', 'in', ids)
      .orderBy('s.seq'),
  );
  return rows.map((row) => {
    const facts = { headOf: (id: string) => headOf(ctx, id), requesterUserId: row.requesterUserId };
    return {
      id: row.id,
      status: row.status,
      kind: row.kind,
      purpose: row.purpose,
      wantedFrom: row.wantedFrom,
      wantedUntil: row.wantedUntil,
      letterNo: row.letterNo,
      requester: {
        id: row.requesterId,
        kind: row.requesterKind,
        name: row.requesterName,
        departmentName: row.requesterDepartmentName,
        organisation: row.requesterOrganisation,
        staffNo: row.requesterStaffNo,
      },
      files: files.filter((f) => f.applicationId === row.id).map(({ applicationId: _a, ...f }) => f),
      steps: steps
        .filter((s) => s.applicationId === row.id)
        .map(({ applicationId: _a, departmentId, ...s }) => ({
          ...s,
          mine: row.status === 'pending' && decisionRefusal({ approver: s.approver, departmentId, decision: s.decision }, ctx.user, facts) === null,
        })),
      paper: row.paperSignedBy !== null && row.paperSignedOn !== null ? { signedBy: row.paperSignedBy, signedOn: row.paperSignedOn } : null,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      decidedAt: row.decidedAt,
    };
  });
}

export function applicationById(ctx: OperationContext, id: string): Application {
  const row = ctx.db.one(applicationQuery(ctx).where('applications.id', '=', id));
  if (!row) throw new DossierError('application.notFound', { id });
  return toApplications(ctx, [row])[0]!;
}

export function listApplications(ctx: OperationContext, query: ReturnType<typeof applicationQuery>): Application[] {
  return toApplications(ctx, ctx.db.all(query));
}

/** Who a step waits for, by name: the department's head, or the active users holding the role (never a code). */
export function waitingForNames(ctx: OperationContext, applicationId: string): string {
  const steps = ctx.db.all(
    ctx.db.k
      .selectFrom('approval_steps as s')
      .leftJoin('departments as d', 'd.id', 's.departmentId')
      .leftJoin('users as head', 'head.id', 'd.headUserId')
      .select(['s.approver', 'head.displayName as head'])
      .where('s.applicationId', '=', applicationId)
      .where('s.decision', 'is', null)
      .orderBy('s.seq'),
  );
  const names = steps.flatMap((step) => {
    if (step.approver === 'department_head') return step.head ? [step.head] : [];
    const holders = ctx.db
      .all(ctx.db.k.selectFrom('users').select('displayName').where('role', '=', step.approver).where('active', '=', 1).where('removedAt', 'is', null).orderBy('displayName'))
      .map((u) => u.displayName);
    // Nobody holds the role now (the only one was disabled): the role itself, which the message translates.
    return holders.length ? holders : [`role:${step.approver}`];
  });
  return [...new Set(names)].join('、');
}
