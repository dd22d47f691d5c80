/** The pure rules of the borrowing ledger: routing, the application state machine, who decides, what an approval covers. */
import { describe, expect, it } from 'vitest';
import {
  applicationCovers,
  applicationTransition,
  DEFAULT_APPROVAL_RULES,
  daysOverdue,
  DEFAULT_LENDING_POLICY,
  decisionRefusal,
  dueDateAfter,
  fileFlagged,
  holdTransition,
  HOLD_STATUSES,
  incidentTransition,
  INCIDENT_RESOLUTIONS,
  INCIDENT_STATUSES,
  ledgerTransition,
  renewalRefusal,
  reversalRefusal,
  loanPeriodFor,
  routeApplication,
  ruleSetProblem,
} from '../../shared/domain/borrowing.js';
import { makeCalendar } from '../../shared/domain/workdays.js';
import type { ApplicationKind, ApplicationStatus, RoutedFile } from '../../shared/domain/borrowing.js';
import type { Confidentiality } from '../../shared/domain/enums.js';

const SALES = 'dep-sales';
const FINANCE = 'dep-finance';
const file = (archiveNo: string, departmentId: string | null, confidentiality: Confidentiality = 'normal'): RoutedFile => ({ archiveNo, departmentId, confidentiality });
const route = (requesterDepartmentId: string | null, kind: ApplicationKind, files: RoutedFile[]) => {
  const result = routeApplication(DEFAULT_APPROVAL_RULES, { requesterDepartmentId, kind, files });
  if (!result.ok) throw new Error(`not routed: ${result.problem}`);
  return result.steps.map((s) => [s.approver, s.departmentId, s.purpose, s.archiveNos.join(' ')]);
};

describe('approval routing with the seeds’ rules', () => {
  it('own department’s file → that department’s head', () => {
    expect(route(SALES, 'read', [file('KH-1', SALES)])).toEqual([['department_head', SALES, 'access', 'KH-1']]);
  });

  it('another department’s file, a file of no department, or an outside requester → the general manager', () => {
    expect(route(SALES, 'loan', [file('KH-2', FINANCE)])).toEqual([['general_manager', null, 'access', 'KH-2']]);
    expect(route(SALES, 'loan', [file('KH-3', null)])).toEqual([['general_manager', null, 'access', 'KH-3']]);
    expect(route(null, 'read', [file('KH-4', SALES)])).toEqual([['general_manager', null, 'access', 'KH-4']]);
  });

  it('机密 and 绝密 → the archive manager as well; 秘密 does not', () => {
    expect(route(SALES, 'loan', [file('KH-5', SALES, 'confidential')])).toEqual([
      ['department_head', SALES, 'access', 'KH-5'],
      ['archive_manager', null, 'access', 'KH-5'],
    ]);
    expect(route(SALES, 'read', [file('KH-6', FINANCE, 'top_secret')])).toEqual([
      ['general_manager', null, 'access', 'KH-6'],
      ['archive_manager', null, 'access', 'KH-6'],
    ]);
    expect(route(SALES, 'read', [file('KH-7', SALES, 'restricted')])).toEqual([['department_head', SALES, 'access', 'KH-7']]);
  });

  it('copying or excerpting 机密/绝密 → an explicit copy step; copying a normal file does not', () => {
    expect(route(SALES, 'copy', [file('KH-8', SALES, 'top_secret')])).toEqual([
      ['department_head', SALES, 'access', 'KH-8'],
      ['archive_manager', null, 'access', 'KH-8'],
      ['archive_manager', null, 'copy', 'KH-8'],
    ]);
    expect(route(SALES, 'copy', [file('KH-9', SALES)])).toEqual([['department_head', SALES, 'access', 'KH-9']]);
  });

  it('one step per approver, department and purpose, covering several files', () => {
    expect(route(SALES, 'read', [file('KH-1', SALES), file('KH-2', SALES), file('KH-3', FINANCE), file('KH-4', 'dep-legal'), file('KH-5', SALES, 'confidential')])).toEqual([
      ['department_head', SALES, 'access', 'KH-1 KH-2 KH-5'],
      ['general_manager', null, 'access', 'KH-3 KH-4'],
      ['archive_manager', null, 'access', 'KH-5'],
    ]);
  });

  it('an edited rule set: a head rule for any file needs the file’s department; no matching rule is refused', () => {
    const headForAll = [{ id: 'all-heads', department: 'any' as const, levels: [], kinds: [], approver: 'department_head' as const, purpose: 'access' as const }];
    expect(routeApplication(headForAll, { requesterDepartmentId: SALES, kind: 'read', files: [file('KH-1', FINANCE)] })).toMatchObject({
      ok: true,
      steps: [{ departmentId: FINANCE }],
    });
    expect(routeApplication(headForAll, { requesterDepartmentId: SALES, kind: 'read', files: [file('KH-2', null)] })).toEqual({
      ok: false,
      problem: 'noDepartment',
      archiveNo: 'KH-2',
      ruleId: 'all-heads',
    });
    const onlySecret = [{ id: 'secret', department: 'any' as const, levels: ['top_secret' as const], kinds: [], approver: 'archive_manager' as const, purpose: 'access' as const }];
    expect(routeApplication(onlySecret, { requesterDepartmentId: SALES, kind: 'read', files: [file('KH-3', SALES)] })).toEqual({ ok: false, problem: 'noRoute' });
  });

  it('checks an edited rule set', () => {
    expect(ruleSetProblem(DEFAULT_APPROVAL_RULES)).toBeNull();
    expect(ruleSetProblem([])).toBe('empty');
    expect(ruleSetProblem([DEFAULT_APPROVAL_RULES[0]!, DEFAULT_APPROVAL_RULES[0]!])).toBe('duplicate:own-department');
    expect(ruleSetProblem([{ ...DEFAULT_APPROVAL_RULES[0]!, department: 'other' }])).toBe('headOfOther:own-department');
  });
});

describe('the application state machine', () => {
  const states: ApplicationStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];

  it('pending: an approval with steps left stays pending; the last one approves', () => {
    expect(applicationTransition('pending', { type: 'decide', decision: 'approved', remainingAfter: 1 })).toEqual({ ok: true, status: 'pending' });
    expect(applicationTransition('pending', { type: 'decide', decision: 'approved', remainingAfter: 0 })).toEqual({ ok: true, status: 'approved' });
  });

  it('pending: a rejection with a reason rejects; without one it is refused', () => {
    expect(applicationTransition('pending', { type: 'decide', decision: 'rejected', remainingAfter: 2, reason: '用途不明确' })).toEqual({ ok: true, status: 'rejected' });
    expect(applicationTransition('pending', { type: 'decide', decision: 'rejected', remainingAfter: 0, reason: '  ' })).toEqual({ ok: false, code: 'approval.reasonRequired' });
    expect(applicationTransition('pending', { type: 'decide', decision: 'rejected', remainingAfter: 0 })).toEqual({ ok: false, code: 'approval.reasonRequired' });
  });

  it('pending: withdrawing withdraws', () => {
    expect(applicationTransition('pending', { type: 'withdraw' })).toEqual({ ok: true, status: 'withdrawn' });
  });

  it('approved, rejected and withdrawn are final: every event is refused', () => {
    for (const status of states.filter((s) => s !== 'pending')) {
      for (const event of [
        { type: 'decide', decision: 'approved', remainingAfter: 0 },
        { type: 'decide', decision: 'rejected', remainingAfter: 0, reason: '理由' },
        { type: 'withdraw' },
      ] as const) {
        expect(applicationTransition(status, event), `${status} ${JSON.stringify(event)}`).toEqual({ ok: false, code: 'application.notPending' });
      }
    }
  });
});

describe('who decides a step', () => {
  const heads: Record<string, string> = { [SALES]: 'u-zhao' };
  const facts = { headOf: (d: string) => heads[d] ?? null, requesterUserId: 'u-li' };
  it('a department head’s step: only the user the department names as head', () => {
    const step = { approver: 'department_head' as const, departmentId: SALES, decision: null };
    expect(decisionRefusal(step, { id: 'u-zhao', role: 'department_head' }, facts)).toBeNull();
    expect(decisionRefusal(step, { id: 'u-qian', role: 'department_head' }, facts)).toBe('approval.notYours');
    expect(decisionRefusal(step, { id: 'u-admin', role: 'admin' }, facts)).toBe('approval.notYours');
  });

  it('a role’s step: a holder of that role', () => {
    const step = { approver: 'general_manager' as const, departmentId: null, decision: null };
    expect(decisionRefusal(step, { id: 'u-gm', role: 'general_manager' }, facts)).toBeNull();
    expect(decisionRefusal(step, { id: 'u-am', role: 'archive_manager' }, facts)).toBe('approval.notYours');
    expect(decisionRefusal({ ...step, approver: 'archive_manager' }, { id: 'u-am', role: 'archive_manager' }, facts)).toBeNull();
  });

  it('never one’s own application; never a decided step', () => {
    expect(decisionRefusal({ approver: 'general_manager', departmentId: null, decision: null }, { id: 'u-li', role: 'general_manager' }, facts)).toBe('approval.ownApplication');
    expect(decisionRefusal({ approver: 'general_manager', departmentId: null, decision: 'approved' }, { id: 'u-gm', role: 'general_manager' }, facts)).toBe(
      'approval.alreadyDecided',
    );
  });
});

describe('what an approved application covers', () => {
  const approved = { status: 'approved' as const, kind: 'loan' as const, wantedFrom: '2026-03-02', wantedUntil: '2026-03-05' };
  it('a loan within the period wanted, by a loan application only; reading by any approved kind', () => {
    expect(applicationCovers(approved, 'loan', '2026-03-02')).toBe('ok');
    expect(applicationCovers(approved, 'loan', '2026-03-05')).toBe('ok');
    expect(applicationCovers(approved, 'loan', '2026-03-06')).toBe('outsidePeriod');
    expect(applicationCovers(approved, 'loan', '2026-03-01')).toBe('outsidePeriod');
    expect(applicationCovers({ ...approved, kind: 'read' }, 'loan', '2026-03-02')).toBe('wrongKind');
    expect(applicationCovers({ ...approved, kind: 'copy' }, 'loan', '2026-03-02')).toBe('ok');
    expect(applicationCovers({ ...approved, kind: 'copy' }, 'read', '2026-03-02')).toBe('ok');
    for (const status of ['pending', 'rejected', 'withdrawn'] as const) expect(applicationCovers({ ...approved, status }, 'loan', '2026-03-02')).toBe('notApproved');
  });
});

describe('the loan state machine', () => {
  it('allows exactly these transitions', () => {
    expect(ledgerTransition('in_stock', 'lend')).toEqual({ ok: true, state: 'on_loan' });
    expect(ledgerTransition('in_stock', 'read')).toEqual({ ok: true, state: 'reading' });
    expect(ledgerTransition('on_loan', 'return')).toEqual({ ok: true, state: 'in_stock' });
    expect(ledgerTransition('on_loan', 'renew')).toEqual({ ok: true, state: 'on_loan' });
    expect(ledgerTransition('reading', 'endReading')).toEqual({ ok: true, state: 'in_stock' });
  });

  it('refuses every other event with the reason the clerk is told', () => {
    expect(ledgerTransition('on_loan', 'lend')).toEqual({ ok: false, code: 'loan.alreadyOnLoan' });
    expect(ledgerTransition('on_loan', 'read')).toEqual({ ok: false, code: 'loan.alreadyOnLoan' });
    // A file being read is named as such (no borrower, no due date to tell of).
    expect(ledgerTransition('reading', 'lend')).toEqual({ ok: false, code: 'reading.inProgress' });
    expect(ledgerTransition('reading', 'read')).toEqual({ ok: false, code: 'reading.inProgress' });
    expect(ledgerTransition('in_stock', 'return')).toEqual({ ok: false, code: 'loan.notOnLoan' });
    expect(ledgerTransition('reading', 'return')).toEqual({ ok: false, code: 'loan.isReading' });
    expect(ledgerTransition('in_stock', 'endReading')).toEqual({ ok: false, code: 'reading.notReading' });
    expect(ledgerTransition('on_loan', 'endReading')).toEqual({ ok: false, code: 'reading.notReading' });
    expect(ledgerTransition('in_stock', 'renew')).toEqual({ ok: false, code: 'loan.notOnLoan' });
    expect(ledgerTransition('reading', 'renew')).toEqual({ ok: false, code: 'reading.cannotRenew' });
  });
});

describe('loan periods and due dates', () => {
  const policy = {
    ...DEFAULT_LENDING_POLICY,
    rules: [
      { level: 'top_secret' as const, kind: 'copy' as const, days: 0, unit: 'calendar' as const },
      { level: 'top_secret' as const, days: 1, unit: 'working' as const },
      { kind: 'copy' as const, days: 5, unit: 'calendar' as const },
    ],
  };
  it('the most specific rule wins; the seeds’ default is three calendar days', () => {
    expect(loanPeriodFor(DEFAULT_LENDING_POLICY, 'loan', 'normal')).toEqual({ days: 3, unit: 'calendar' });
    expect(loanPeriodFor(policy, 'copy', 'top_secret')).toEqual({ days: 0, unit: 'calendar' });
    expect(loanPeriodFor(policy, 'loan', 'top_secret')).toEqual({ days: 1, unit: 'working' });
    expect(loanPeriodFor(policy, 'copy', 'normal')).toEqual({ days: 5, unit: 'calendar' });
    expect(loanPeriodFor(policy, 'loan', 'confidential')).toEqual({ days: 3, unit: 'calendar' });
  });

  it('counts across weekends and holidays in working days; calendar days run straight through', () => {
    // Friday 2026-10-02 in the National Day week; Saturday 10-10 a make-up working day.
    const calendar = makeCalendar([
      ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({ date, kind: 'holiday' as const })),
      { date: '2026-10-10', kind: 'workday' as const },
    ]);
    expect(dueDateAfter('2026-09-30', { days: 3, unit: 'calendar' }, calendar)).toBe('2026-10-03');
    expect(dueDateAfter('2026-09-30', { days: 1, unit: 'working' }, calendar)).toBe('2026-10-08');
    expect(dueDateAfter('2026-09-30', { days: 3, unit: 'working' }, calendar)).toBe('2026-10-10');
    // Friday + 1 working day over an ordinary weekend: Monday.
    expect(dueDateAfter('2026-03-06', { days: 1, unit: 'working' }, makeCalendar([]))).toBe('2026-03-09');
  });
});

describe('renewals, the reversal rule, incidents and holds', () => {
  it('renews within the policy count and only while nobody else waits', () => {
    expect(DEFAULT_LENDING_POLICY).toMatchObject({ maxRenewals: 1, blockOverdue: true });
    expect(renewalRefusal({ renewals: 0 }, { maxRenewals: 1 }, 0)).toBeNull();
    expect(renewalRefusal({ renewals: 1 }, { maxRenewals: 1 }, 0)).toBe('loan.renewLimit');
    expect(renewalRefusal({ renewals: 0 }, { maxRenewals: 0 }, 0)).toBe('loan.renewLimit');
    expect(renewalRefusal({ renewals: 0 }, { maxRenewals: 3 }, 1)).toBe('loan.renewHeld');
  });

  it('counts days overdue from the day after the due date', () => {
    expect(daysOverdue('2026-03-05', '2026-03-05')).toBe(0);
    expect(daysOverdue('2026-03-05', '2026-03-06')).toBe(1);
    expect(daysOverdue('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysOverdue('2026-03-09', '2026-03-02')).toBe(0);
  });

  it('reverses an original entry once, with a reason; a reversing entry is never reversed', () => {
    expect(reversalRefusal({ correctsId: null, reversed: false }, '档号扫错')).toBeNull();
    expect(reversalRefusal({ correctsId: null, reversed: false }, '  ')).toBe('loan.reasonRequired');
    expect(reversalRefusal({ correctsId: null, reversed: true }, '档号扫错')).toBe('loan.alreadyReversed');
    expect(reversalRefusal({ correctsId: 'e1', reversed: false }, '档号扫错')).toBe('loan.isReversal');
  });

  it('resolves an open incident once; writing off needs a reason; the file is flagged while any is open', () => {
    for (const resolution of INCIDENT_RESOLUTIONS) {
      expect(incidentTransition('open', resolution, '无法找回')).toEqual({ ok: true, status: resolution });
      for (const status of INCIDENT_STATUSES.filter((s) => s !== 'open')) {
        expect(incidentTransition(status, resolution, '无法找回'), `${status} ${resolution}`).toEqual({ ok: false, code: 'incident.alreadyResolved' });
      }
    }
    expect(incidentTransition('open', 'written_off', ' ')).toEqual({ ok: false, code: 'incident.reasonRequired' });
    expect(incidentTransition('open', 'found', '')).toEqual({ ok: true, status: 'found' });
    expect(fileFlagged([])).toBe(false);
    expect(fileFlagged([{ status: 'found' }, { status: 'written_off' }])).toBe(false);
    expect(fileFlagged([{ status: 'found' }, { status: 'open' }])).toBe(true);
  });

  it('moves a hold waiting → ready → fulfilled, or to cancelled, and never back', () => {
    const allowed: Record<string, string> = {
      'waiting ready': 'ready',
      'waiting cancel': 'cancelled',
      'ready fulfil': 'fulfilled',
      'ready cancel': 'cancelled',
    };
    for (const status of HOLD_STATUSES) {
      for (const event of ['ready', 'fulfil', 'cancel'] as const) {
        const result = holdTransition(status, event);
        const to = allowed[`${status} ${event}`];
        if (to) expect(result, `${status} ${event}`).toEqual({ ok: true, status: to });
        else expect(result.ok, `${status} ${event}`).toBe(false);
      }
    }
    expect(holdTransition('waiting', 'fulfil')).toEqual({ ok: false, code: 'hold.notReady' });
    expect(holdTransition('fulfilled', 'cancel')).toEqual({ ok: false, code: 'hold.notActive' });
  });
});
