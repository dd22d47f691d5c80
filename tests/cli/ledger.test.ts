import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../shared/ops/applications.js';
import type { Department } from '../../shared/ops/departments.js';
import type { Person } from '../../shared/ops/people.js';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError } from './dossier.js';

describe('dossier person / department', { timeout: 420_000 }, () => {
  it('adds departments with a head, staff and outside people, and lists them', () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common, '--display-name', '管理员']).code).toBe(0);
    expect(
      dossier(['user', 'add', ...common, '--username', 'zhao', '--display-name', '赵经理', '--role', 'department_head'], { DOSSIER_NEW_PASSWORD: 'zhao password 1' }).code,
    ).toBe(0);

    const sales = json<Department>(['department', 'add', ...common, '--name', '销售部', '--head', 'zhao']);
    expect(sales).toMatchObject({ name: '销售部', headUsername: 'zhao', headDisplayName: '赵经理' });
    expect(typeof sales.id).toBe('string');

    const staff = json<Person>(['person', 'add', ...common, '--name', '李明', '--department', '销售部', '--staff-no', 's001', '--card', '0012345678']);
    expect(staff).toMatchObject({ kind: 'staff', name: '李明', departmentName: '销售部', staffNo: 'S001', cardNo: '0012345678' });
    expect(typeof staff.id).toBe('string');
    const outside = json<Person>(['person', 'add', ...common, '--name', '孙律师', '--outside', '--organisation', '天元律师事务所', '--id-no', '110105198001011234']);
    expect(outside).toMatchObject({ kind: 'outside', organisation: '天元律师事务所', idNo: '110105198001011234' });

    const table = dossier(['people', ...common, '--search', '李', '--lang', 'zh-CN']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('李明');
    expect(table.stdout).not.toContain('孙律师');
    expect(json<Department[]>(['departments', ...common]).map((d) => [d.name, d.staffCount])).toEqual([['销售部', 1]]);

    // Usage errors say what is missing; engine errors are translated and name the value.
    const neither = dossier(['person', 'add', ...common, '--name', '王芳']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--department');
    const unknown = dossier(['person', 'add', ...common, '--name', '王芳', '--department', '人事部', '--json']);
    expect(unknown.code).toBe(1);
    expect(jsonError(unknown)).toMatchObject({ code: 'department.notFound', params: { department: '人事部' } });
    const duplicate = dossier(['person', 'add', ...common, '--name', '王芳', '--department', '销售部', '--staff-no', 'S001', '--lang', 'zh-CN']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('编号 S001 已被 李明 使用');
  });

  it('records an application, the department head approves it as themselves, a rejection needs its reason', () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    const as = (user: string) => ['--archive', archive, '--user', user];
    const zhao = { DOSSIER_PASSWORD: 'zhao password 1' };
    expect(dossier(['init', ...common]).code).toBe(0);
    for (const [username, role] of [
      ['zhao', 'department_head'],
      ['gm', 'general_manager'],
    ]) {
      expect(
        dossier(['user', 'add', ...common, '--username', username!, '--display-name', username!, '--role', role!], { DOSSIER_NEW_PASSWORD: `${username} password 1` }).code,
      ).toBe(0);
    }
    json(['department', 'add', ...common, '--name', '销售部', '--head', 'zhao']);
    json(['person', 'add', ...common, '--name', '李明', '--department', '销售部', '--staff-no', 'S001']);
    const client = json<{ id: string }>(['client', 'add', ...common, '--name', '天津金桥物流有限公司']);
    const file = json<{ archiveNo: string }>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料']);
    const other = json<{ archiveNo: string }>(['file', 'add', ...common, '--client', client.id, '--title', '合同']);
    const departmentId = json<Department[]>(['departments', ...common])[0]!.id;
    json(['call', 'departments.assignFile', ...common, '--input', JSON.stringify({ archiveNo: file.archiveNo, departmentId })]);

    const app = json<Application & { pendingSteps: { approver: string }[] }>([
      'apply',
      ...common,
      '--requester',
      's001',
      '--file',
      file.archiveNo,
      '--kind',
      'loan',
      '--purpose',
      '合同核对',
      '--days',
      '3',
    ]);
    expect(app).toMatchObject({ status: 'pending', kind: 'loan', pendingSteps: [{ approver: 'department_head', headDisplayName: 'zhao' }] });
    const printed = dossier(['apply', ...common, '--requester', 'S001', '--file', other.archiveNo, '--kind', 'read', '--purpose', '查阅', '--lang', 'zh-CN']);
    expect(printed.stdout).toMatch(/已登记申请 .+：待审批；待审批：总经理/);
    const secondId = /已登记申请 ([0-9a-f-]+)：/.exec(printed.stdout)![1]!;

    // The department head sees what waits for them, and only that.
    expect(json<Application[]>(['applications', ...as('zhao'), '--pending'], zhao).map((a) => a.id)).toEqual([app.id]);
    expect(json<Application>(['approve', app.id, ...as('zhao'), '--comment', '同意'], zhao)).toMatchObject({
      status: 'approved',
      steps: [{ decision: 'approved', comment: '同意' }],
    });
    const notYours = dossier(['approve', secondId, ...as('zhao'), '--json'], zhao);
    expect(notYours.code).toBe(1);
    expect(jsonError(notYours).code).toBe('approval.notYours');

    const gm = { DOSSIER_PASSWORD: 'gm password 1' };
    const noReason = dossier(['reject', secondId, ...as('gm')], gm);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    expect(json<Application>(['reject', secondId, ...as('gm'), '--reason', '与业务无关'], gm)).toMatchObject({ status: 'rejected', pendingSteps: [] });
    expect(
      json<Application[]>(['applications', ...common])
        .map((a) => a.status)
        .sort(),
    ).toEqual(['approved', 'rejected']);

    // Lending: the approved application is matched; without one the refusal names what is missing.
    const loan = json<{ applicationId: string; borrower: string }>(['lend', ...common, '--file', file.archiveNo, '--borrower', 'S001']);
    expect(loan).toMatchObject({ applicationId: app.id, borrower: '销售部 李明' });
    const refused = dossier(['lend', ...common, '--file', other.archiveNo, '--borrower', 'S001', '--lang', 'zh-CN']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`李明 没有借阅档案 ${other.archiveNo} 的已批准申请`);

    // A paper application signed outside the system.
    const paper = json<Application>([
      'apply',
      ...common,
      '--requester',
      'S001',
      '--file',
      other.archiveNo,
      '--kind',
      'loan',
      '--purpose',
      '核对',
      '--paper-approval',
      'signed by 赵经理 on 2026-01-05',
    ]);
    expect(paper).toMatchObject({ status: 'approved', paper: { signedBy: '赵经理', signedOn: '2026-01-05' }, steps: [] });
    expect(dossier(['apply', ...common, '--requester', 'S001', '--file', other.archiveNo, '--kind', 'borrow', '--purpose', '核对']).code).toBe(2);
  });
});
