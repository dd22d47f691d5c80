/**
 * The borrowing ledger's pure rules: people, access applications (借阅申请), approval routing
 * (审批) and the application state machine. The engine and the screens share them; the
 * engine is the guard.
 */
import type { Confidentiality, Role } from './enums.js';
import { addDays, daysBetween } from './dates.js';
import { addWorkingDays } from './workdays.js';
import type { WorkCalendar } from './workdays.js';

export const PERSON_KINDS = ['staff', 'outside'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** 查阅 read in the archive room · 外借 take out · 复制摘抄 copy or excerpt. */
export const APPLICATION_KINDS = ['read', 'loan', 'copy'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Who a step is routed to: the head of a department, or the holder of a role. */
export const APPROVER_KINDS = ['department_head', 'general_manager', 'archive_manager'] as const;
export type ApproverKind = (typeof APPROVER_KINDS)[number];

/** What a step approves: access at all, or (the explicit step) copying or excerpting. */
export const STEP_PURPOSES = ['access', 'copy'] as const;
export type StepPurpose = (typeof STEP_PURPOSES)[number];

export const DECISIONS = ['approved', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Which files a rule looks at, seen from the requester: their own department's, another's (or none), or any. */
export const RULE_DEPARTMENTS = ['own', 'other', 'any'] as const;
export type RuleDepartment = (typeof RULE_DEPARTMENTS)[number];

/**
 * One routing rule: for every file of an application that matches (department, confidentiality
 * levels, kinds; an empty list matches all), a step for `approver` with `purpose`.
 */
export interface ApprovalRule {
  id: string;
  department: RuleDepartment;
  levels: Confidentiality[];
  kinds: ApplicationKind[];
  approver: ApproverKind;
  purpose: StepPurpose;
}

/**
 * The seeds' rules (seed 001 §1.5, 第18-22条; DOMAIN "Access and lending"): a department's own
 * files → its head; another department's → the general manager; 机密/绝密 → the archive manager as
 * well; copying or excerpting 机密/绝密 → an explicit approval step.
 */
export const DEFAULT_APPROVAL_RULES: readonly ApprovalRule[] = [
  { id: 'own-department', department: 'own', levels: [], kinds: [], approver: 'department_head', purpose: 'access' },
  { id: 'other-department', department: 'other', levels: [], kinds: [], approver: 'general_manager', purpose: 'access' },
  { id: 'confidential', department: 'any', levels: ['confidential', 'top_secret'], kinds: [], approver: 'archive_manager', purpose: 'access' },
  { id: 'copy-confidential', department: 'any', levels: ['confidential', 'top_secret'], kinds: ['copy'], approver: 'archive_manager', purpose: 'copy' },
];

export interface RoutedFile {
  archiveNo: string;
  /** The file's department (its own, or its client's account manager's); null when it has none. */
  departmentId: string | null;
  confidentiality: Confidentiality;
}

export interface RouteRequest {
  /** The requester's department; null for an outside person. */
  requesterDepartmentId: string | null;
  kind: ApplicationKind;
  files: readonly RoutedFile[];
}

export interface RoutedStep {
  ruleId: string;
  approver: ApproverKind;
  /** For a department head: whose head. */
  departmentId: string | null;
  purpose: StepPurpose;
  /** The files this step covers (one step per approver, department and purpose). */
  archiveNos: string[];
}

export type RouteResult = { ok: true; steps: RoutedStep[] } | { ok: false; problem: 'noRoute' } | { ok: false; problem: 'noDepartment'; archiveNo: string; ruleId: string };

function ruleMatches(rule: ApprovalRule, request: RouteRequest, file: RoutedFile): boolean {
  const own = file.departmentId !== null && file.departmentId === request.requesterDepartmentId;
  if (rule.department === 'own' && !own) return false;
  if (rule.department === 'other' && own) return false;
  if (rule.levels.length > 0 && !rule.levels.includes(file.confidentiality)) return false;
  if (rule.kinds.length > 0 && !rule.kinds.includes(request.kind)) return false;
  return true;
}

/**
 * The approval steps an application needs, in rule order. Steps for the same approver,
 * department and purpose are one step covering several files. An application no rule
 * routes is refused (it would otherwise be approved by nobody).
 */
export function routeApplication(rules: readonly ApprovalRule[], request: RouteRequest): RouteResult {
  const steps: RoutedStep[] = [];
  for (const rule of rules) {
    for (const file of request.files) {
      if (!ruleMatches(rule, request, file)) continue;
      if (rule.approver === 'department_head' && file.departmentId === null) return { ok: false, problem: 'noDepartment', archiveNo: file.archiveNo, ruleId: rule.id };
      const departmentId = rule.approver === 'department_head' ? file.departmentId : null;
      const same = steps.find((s) => s.approver === rule.approver && s.departmentId === departmentId && s.purpose === rule.purpose);
      if (same) {
        if (!same.archiveNos.includes(file.archiveNo)) same.archiveNos.push(file.archiveNo);
      } else {
        steps.push({ ruleId: rule.id, approver: rule.approver, departmentId, purpose: rule.purpose, archiveNos: [file.archiveNo] });
      }
    }
  }
  return steps.length > 0 ? { ok: true, steps } : { ok: false, problem: 'noRoute' };
}

/** A rule set is usable when its ids are unique and every rule is well formed. Returns the first problem. */
export function ruleSetProblem(rules: readonly ApprovalRule[]): string | null {
  if (rules.length === 0) return 'empty';
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) return `duplicate:${rule.id}`;
    ids.add(rule.id);
    if (rule.approver === 'department_head' && rule.department === 'other') return `headOfOther:${rule.id}`;
  }
  return null;
}

/** The application state machine: what each event does in each state. */
export type ApplicationEvent = { type: 'decide'; decision: Decision; remainingAfter: number; reason?: string } | { type: 'withdraw' };

export type Transition = { ok: true; status: ApplicationStatus } | { ok: false; code: 'application.notPending' | 'approval.reasonRequired' };

export function applicationTransition(status: ApplicationStatus, event: ApplicationEvent): Transition {
  if (status !== 'pending') return { ok: false, code: 'application.notPending' };
  if (event.type === 'withdraw') return { ok: true, status: 'withdrawn' };
  if (event.decision === 'rejected') {
    if (!event.reason || event.reason.trim() === '') return { ok: false, code: 'approval.reasonRequired' };
    return { ok: true, status: 'rejected' };
  }
  return { ok: true, status: event.remainingAfter === 0 ? 'approved' : 'pending' };
}

export interface StepForDecision {
  approver: ApproverKind;
  departmentId: string | null;
  decision: Decision | null;
}

export interface Decider {
  id: string;
  role: Role;
}

/**
 * Whether a user may decide a step: a department head's step by the user the department
 * names as head; a role's step by a holder of that role. Nobody decides their own
 * application, and a decided step stays decided.
 */
export function decisionRefusal(
  step: StepForDecision,
  user: Decider,
  facts: { headOf: (departmentId: string) => string | null; requesterUserId: string | null },
): 'approval.alreadyDecided' | 'approval.notYours' | 'approval.ownApplication' | null {
  if (step.decision !== null) return 'approval.alreadyDecided';
  if (facts.requesterUserId !== null && facts.requesterUserId === user.id) return 'approval.ownApplication';
  const mine = step.approver === 'department_head' ? step.departmentId !== null && facts.headOf(step.departmentId) === user.id : user.role === step.approver;
  return mine ? null : 'approval.notYours';
}

/** Whether a loan or reading may be made against an application, as of `today`. */
export function applicationCovers(
  application: { status: ApplicationStatus; kind: ApplicationKind; wantedFrom: string; wantedUntil: string },
  use: 'loan' | 'read',
  today: string,
): 'ok' | 'notApproved' | 'wrongKind' | 'outsidePeriod' {
  if (application.status !== 'approved') return 'notApproved';
  // Taking a file out needs a loan or copy application (copies are made outside the room); reading is covered by any approval.
  if (use === 'loan' && application.kind === 'read') return 'wrongKind';
  if (today < application.wantedFrom || today > application.wantedUntil) return 'outsidePeriod';
  return 'ok';
}

/** Staff and card numbers as the people register compares them (a scanner may add spaces or change case). */
export function normalizePersonNo(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Due dates count calendar days or working days (the holiday calendar's). */
export const DAY_UNITS = ['calendar', 'working'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];

export interface LoanPeriod {
  days: number;
  unit: DayUnit;
}

/** A loan period for loans of one application kind and/or one confidentiality level. */
export interface DueRule extends LoanPeriod {
  kind?: 'loan' | 'copy';
  level?: Confidentiality;
}

/**
 * How lending works: whether a loan needs an approved application (the seeds: it does), the
 * loan period (seed 001 第19条: at most three days), and periods per kind and level.
 */
export interface LendingPolicy {
  requireApplication: boolean;
  period: LoanPeriod;
  rules: DueRule[];
  /** How many times one loan may be renewed (续借); 0: never. */
  maxRenewals: number;
  /** Whether a borrower with an overdue file is refused further loans (the seeds: loans are returned in time). */
  blockOverdue: boolean;
}

export const DEFAULT_LENDING_POLICY: LendingPolicy = { requireApplication: true, period: { days: 3, unit: 'calendar' }, rules: [], maxRenewals: 1, blockOverdue: true };

/** The most specific rule wins: kind and level, then level, then kind, then the policy's period. */
export function loanPeriodFor(policy: LendingPolicy, kind: 'loan' | 'copy', level: Confidentiality): LoanPeriod {
  const both = policy.rules.find((r) => r.kind === kind && r.level === level);
  const byLevel = policy.rules.find((r) => r.kind === undefined && r.level === level);
  const byKind = policy.rules.find((r) => r.kind === kind && r.level === undefined);
  const rule = both ?? byLevel ?? byKind ?? policy.period;
  return { days: rule.days, unit: rule.unit };
}

export function dueDateAfter(today: string, period: LoanPeriod, calendar: WorkCalendar): string {
  return period.unit === 'working' ? addWorkingDays(today, period.days, calendar) : addDays(today, period.days);
}

/** Where a file stands in the ledger: on the shelf, lent out, or being read in the room. */
export type LedgerState = 'in_stock' | 'on_loan' | 'reading';
export type LedgerEvent = 'lend' | 'read' | 'return' | 'endReading' | 'renew';

export type LedgerTransition =
  | { ok: true; state: LedgerState }
  | { ok: false; code: 'loan.alreadyOnLoan' | 'loan.notOnLoan' | 'reading.notReading' | 'reading.cannotRenew' | 'reading.inProgress' | 'loan.isReading' };

/** The loan state machine: every event in every state, allowed or refused. */
export function ledgerTransition(state: LedgerState, event: LedgerEvent): LedgerTransition {
  switch (event) {
    case 'lend':
    case 'read':
      if (state === 'reading') return { ok: false, code: 'reading.inProgress' };
      return state === 'in_stock' ? { ok: true, state: event === 'lend' ? 'on_loan' : 'reading' } : { ok: false, code: 'loan.alreadyOnLoan' };
    case 'return':
      // A reading is ended, not returned: it has no due date and never left the room.
      return state === 'on_loan' ? { ok: true, state: 'in_stock' } : { ok: false, code: state === 'reading' ? 'loan.isReading' : 'loan.notOnLoan' };
    case 'endReading':
      return state === 'reading' ? { ok: true, state: 'in_stock' } : { ok: false, code: 'reading.notReading' };
    case 'renew':
      return state === 'on_loan' ? { ok: true, state: 'on_loan' } : { ok: false, code: state === 'reading' ? 'reading.cannotRenew' : 'loan.notOnLoan' };
  }
}

/** The borrower as the ledger writes the name: department (or organisation) and name, "销售部 李明". */
export function borrowerLabel(person: { kind: PersonKind; name: string; departmentName: string | null; organisation: string }): string {
  const where = person.kind === 'staff' ? person.departmentName : person.organisation;
  return where ? `${where} ${person.name}` : person.name;
}

/** Days past the due date as of `today` (0 when not overdue). */
export function daysOverdue(dueDate: string, today: string): number {
  return dueDate < today ? daysBetween(dueDate, today) : 0;
}

/**
 * Whether an open loan may be renewed: within the policy's count, and not while someone else
 * waits for the file (their hold comes first). The new due date counts from the later of today
 * and the current due date.
 */
export function renewalRefusal(loan: { renewals: number }, policy: Pick<LendingPolicy, 'maxRenewals'>, othersWaiting: number): 'loan.renewLimit' | 'loan.renewHeld' | null {
  if (loan.renewals >= policy.maxRenewals) return 'loan.renewLimit';
  if (othersWaiting > 0) return 'loan.renewHeld';
  return null;
}

/**
 * The reversal rule: an entry is corrected by a new, reversing entry with a reason, never by
 * changing or deleting it. A reversing entry is not itself reversed (record the entry again),
 * and an entry is reversed once.
 */
export function reversalRefusal(
  entry: { correctsId: string | null; reversed: boolean },
  reason: string,
): 'loan.isReversal' | 'loan.alreadyReversed' | 'loan.reasonRequired' | null {
  if (entry.correctsId !== null) return 'loan.isReversal';
  if (entry.reversed) return 'loan.alreadyReversed';
  if (reason.trim() === '') return 'loan.reasonRequired';
  return null;
}

/** An item missing or damaged at return (an incident against the loan and the borrower). */
export const INCIDENT_KINDS = ['missing', 'damaged'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_STATUSES = ['open', 'found', 'replaced', 'written_off'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** How an incident is resolved: the item was found, replaced, or written off (with a reason). */
export const INCIDENT_RESOLUTIONS = ['found', 'replaced', 'written_off'] as const;
export type IncidentResolution = (typeof INCIDENT_RESOLUTIONS)[number];

export function incidentTransition(
  status: IncidentStatus,
  resolution: IncidentResolution,
  reason: string,
): { ok: true; status: IncidentStatus } | { ok: false; code: 'incident.alreadyResolved' | 'incident.reasonRequired' } {
  if (status !== 'open') return { ok: false, code: 'incident.alreadyResolved' };
  if (resolution === 'written_off' && reason.trim() === '') return { ok: false, code: 'incident.reasonRequired' };
  return { ok: true, status: resolution };
}

/** A file is flagged while any incident against it is open. */
export function fileFlagged(incidents: readonly { status: IncidentStatus }[]): boolean {
  return incidents.some((i) => i.status === 'open');
}

/** Holds (预约): waiting in a queue per file, ready once the file is back, then fulfilled by the loan or cancelled. */
export const HOLD_STATUSES = ['waiting', 'ready', 'fulfilled', 'cancelled'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
export type HoldEvent = 'ready' | 'fulfil' | 'cancel';

export function holdTransition(status: HoldStatus, event: HoldEvent): { ok: true; status: HoldStatus } | { ok: false; code: 'hold.notActive' | 'hold.notReady' } {
  if (status === 'fulfilled' || status === 'cancelled') return { ok: false, code: 'hold.notActive' };
  switch (event) {
    case 'ready':
      return status === 'waiting' ? { ok: true, status: 'ready' } : { ok: false, code: 'hold.notActive' };
    case 'fulfil':
      return status === 'ready' ? { ok: true, status: 'fulfilled' } : { ok: false, code: 'hold.notReady' };
    case 'cancel':
      return { ok: true, status: 'cancelled' };
  }
}
