import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Department } from '../../shared/ops/departments.js';
import type { Person } from '../../shared/ops/people.js';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError } from './dossier.js';

describe('dossier person / department', { timeout: 180_000 }, () => {
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
});
