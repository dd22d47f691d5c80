import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hold, Incident, Loan, Reading } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError } from './dossier.js';

/** The desk's commands on the demo archive: its loans, people (staff numbers GH-…) and contents lists. */
describe('dossier return / read / renew / hold / incidents / reverse / overdue', { timeout: 420_000 }, () => {
  it('returns with the completeness check, resolves incidents, tells of holds, reads, renews, reverses and lists the overdue', () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common, '--demo']).code).toBe(0);
    const open = json<Loan[]>(['ledger', ...common, '--open']);
    const overdue = open.find((l) => l.overdue)!;
    const current = open.find((l) => !l.overdue)!;
    expect(overdue && current).toBeTruthy();

    // The overdue list, most overdue first, per borrower and department.
    const report = json<{ loans: (Loan & { daysOverdue: number })[]; byBorrower: { name: string }[]; byDepartment: { name: string }[] }>(['overdue', ...common]);
    expect(report.loans.length).toBeGreaterThan(0);
    expect(report.loans.map((l) => l.daysOverdue)).toEqual([...report.loans.map((l) => l.daysOverdue)].sort((a, b) => b - a));
    expect(report.byBorrower.map((g) => g.name)).toContain(overdue.borrower);
    const table = dossier(['overdue', ...common, '--lang', 'zh-CN']);
    expect(table.stdout).toContain('按借阅人');
    expect(table.stdout).toContain(overdue.archiveNo);

    // A borrower with an overdue file borrows nothing more, and is told which file.
    const borrowerNo = json<{ rows: { id: string; staffNo: string | null }[] }>(['people', ...common]).rows.find((p) => p.id === overdue.borrowerId)!.staffNo!;
    const blocked = dossier(['lend', ...common, '--file', open.find((l) => l.archiveNo !== overdue.archiveNo)!.archiveNo, '--borrower', borrowerNo, '--json']);
    expect(jsonError(blocked).code).toMatch(/loan\.(borrowerOverdue|alreadyOnLoan)/);

    // A hold while the file is out; at return the clerk is told.
    const people = json<{ rows: { id: string; staffNo: string | null }[] }>(['people', ...common]).rows.filter((p) => p.staffNo && p.id !== current.borrowerId);
    const waiting = json<Hold>(['hold', ...common, '--file', current.archiveNo, '--for', people[0]!.staffNo!]);
    expect(waiting).toMatchObject({ status: 'waiting', position: 1 });
    const renewHeld = dossier(['renew', ...common, '--file', current.archiveNo, '--json']);
    expect(jsonError(renewHeld).code).toBe('loan.renewHeld');

    // Return with item 1 missing and 2 damaged: two incidents against the borrower, the hold ready.
    const returned = json<Loan & { incidents: Incident[]; holdReady: Hold | null }>([
      'return',
      ...common,
      '--file',
      current.archiveNo,
      '--missing',
      '1',
      '--damaged',
      '2',
      '--note',
      '第2份水渍',
    ]);
    expect(returned.incidents.map((i) => [i.itemSeq, i.kind, i.personId])).toEqual([
      [1, 'missing', current.borrowerId],
      [2, 'damaged', current.borrowerId],
    ]);
    expect(returned.holdReady).toMatchObject({ id: waiting.id, status: 'ready' });
    const noItem = dossier(['return', ...common, '--file', overdue.archiveNo, '--missing', '999', '--json']);
    expect(jsonError(noItem)).toMatchObject({ code: 'return.noSuchItem', params: { seq: 999 } });
    expect(dossier(['return', ...common, '--file', overdue.archiveNo, '--missing', 'x']).code).toBe(2);

    expect(json<Incident[]>(['incidents', ...common, '--open', '--file', current.archiveNo])).toHaveLength(2);
    const [missing, damaged] = returned.incidents;
    const noReason = dossier(['incident', 'resolve', missing!.id, ...common, '--as', 'written-off', '--lang', 'zh-CN']);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('核销必须填写原因');
    expect(json<Incident>(['incident', 'resolve', missing!.id, ...common, '--as', 'written-off', '--reason', '遗失，已登记赔偿']).status).toBe('written_off');
    expect(json<Incident>(['incident', 'resolve', damaged!.id, ...common, '--as', 'replaced']).status).toBe('replaced');
    expect(json<Incident[]>(['incidents', ...common, '--open', '--file', current.archiveNo])).toHaveLength(0);

    // The file is kept for the person who waited.
    const other = dossier(['lend', ...common, '--file', current.archiveNo, '--borrower', people[1]!.staffNo!, '--paper-approval', '赵经理 2026-01-05', '--json']);
    expect(jsonError(other).code).toBe('loan.heldForOther');
    const lent = json<Loan>(['lend', ...common, '--file', current.archiveNo, '--borrower', people[0]!.staffNo!, '--paper-approval', '赵经理 2026-01-05']);
    expect(json<Hold[]>(['holds', ...common, '--ready'])).toHaveLength(0);

    // Renew once (the default limit), then refused.
    const renewed = json<Loan>(['renew', ...common, '--file', current.archiveNo]);
    expect(renewed.renewals).toBe(1);
    expect(renewed.dueDate > lent.dueDate).toBe(true);
    expect(jsonError(dossier(['renew', ...common, '--file', current.archiveNo, '--json'])).code).toBe('loan.renewLimit');

    // A reversing entry corrects the loan; nothing is deleted; it cannot be reversed twice.
    const reversed = json<{ entryId: string; reversal: { reason: string } }>(['reverse', lent.id, ...common, '--reason', '借阅人登记错误']);
    expect(reversed).toMatchObject({ entryId: lent.id, reversal: { reason: '借阅人登记错误' } });
    expect(jsonError(dossier(['reverse', lent.id, ...common, '--reason', '再次', '--json'])).code).toBe('loan.alreadyReversed');
    expect(dossier(['reverse', lent.id, ...common]).code).toBe(2);

    // In-room reading: start and end, no due date.
    const reading = json<Reading>(['read', ...common, '--file', current.archiveNo, '--reader', people[1]!.staffNo!, '--paper-approval', '赵经理 2026-01-05']);
    expect(reading).toMatchObject({ archiveNo: current.archiveNo, endedAt: null });
    expect(jsonError(dossier(['return', ...common, '--file', current.archiveNo, '--json'])).code).toBe('loan.isReading');
    const ended = dossier(['read', ...common, '--file', current.archiveNo, '--end', '--lang', 'zh-CN']);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain('结束查阅');
    expect(ended.stdout).toContain('卷内文件齐全');
    expect(dossier(['read', ...common, '--file', current.archiveNo]).code).toBe(2);
  });
});
