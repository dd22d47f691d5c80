import { describe, expect, it } from 'vitest';
import { catalogs } from '../../shared/i18n/index.js';
import { auditActionLabel, auditDetailsSummary, formatDate, formatDateTime, returnedLate } from './format.js';
import { MIN_PASSWORD_LENGTH } from '../../shared/domain/passwords.js';
import { passwordProblems, roleMayCall } from './rules.js';

const zh = catalogs['zh-CN'];
const en = catalogs.en;

describe('dates', () => {
  it('formats ISO instants in local time', () => {
    const d = new Date(2026, 10, 24, 9, 5);
    expect(formatDateTime(d.toISOString())).toBe('2026-11-24 09:05');
    expect(formatDate(d.toISOString())).toBe('2026-11-24');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('garbage')).toBe('garbage');
  });
  it('knows when a loan came back late', () => {
    const returnedAt = new Date(2026, 10, 24, 10).toISOString();
    expect(returnedLate({ dueDate: '2026-11-21', returnedAt, overdue: false })).toBe(true);
    expect(returnedLate({ dueDate: '2026-11-24', returnedAt, overdue: false })).toBe(false);
    expect(returnedLate({ dueDate: '2026-12-01', returnedAt: null, overdue: true })).toBe(true);
  });
});

describe('audit display', () => {
  it('translates action names, leaving unknown ones as they are', () => {
    expect(auditActionLabel(zh, 'loans.lend')).toBe('借出');
    expect(auditActionLabel(zh, 'loans.return')).toBe('归还');
    expect(auditActionLabel(zh, 'clients.create')).toBe('新建客户');
    expect(auditActionLabel(zh, 'files.create')).toBe('新建档案');
    expect(auditActionLabel(zh, 'session.unlock')).toBe('登录');
    expect(auditActionLabel(zh, 'archive.create')).toBe('创建档案库');
    expect(auditActionLabel(en, 'loans.lend')).toBe('Lent');
    expect(auditActionLabel(zh, 'something.new')).toBe('something.new');
  });
  it('summarises details without internal ids, with enum labels', () => {
    const details = { loanId: 'x-1', borrower: '财务部 王芳', dueDate: '2026-11-27', purpose: '审计查阅' };
    expect(auditDetailsSummary(zh, details)).toBe('借阅人：财务部 王芳；应还：2026-11-27；用途：审计查阅');
    expect(auditDetailsSummary(en, details)).toBe('borrower: 财务部 王芳; due: 2026-11-27; purpose: 审计查阅');
    expect(auditDetailsSummary(zh, { clientId: 'c', confidentiality: 'top_secret', overdue: true, category: null })).toBe('密级：绝密；逾期：是');
    expect(auditDetailsSummary(en, { role: 'clerk', formatVersion: 1 })).toBe('role: Archive clerk; format version: 1');
  });
});

describe('rules', () => {
  it('flags short and mismatching passwords only once typed', () => {
    expect(passwordProblems('', '')).toEqual({ tooShort: false, mismatch: false });
    expect(passwordProblems('short', '')).toEqual({ tooShort: true, mismatch: false });
    expect(passwordProblems('a'.repeat(MIN_PASSWORD_LENGTH), 'b')).toEqual({ tooShort: false, mismatch: true });
    expect(passwordProblems('密码密码密码密码', '密码密码密码密码')).toEqual({ tooShort: false, mismatch: false });
  });
  it('shows the audit log and circulation only to roles that may use them', () => {
    expect(roleMayCall('admin', 'audit.list')).toBe(true);
    expect(roleMayCall('approver', 'audit.list')).toBe(true);
    expect(roleMayCall('clerk', 'audit.list')).toBe(false);
    expect(roleMayCall('clerk', 'loans.lend')).toBe(true);
    expect(roleMayCall('reader', 'loans.lend')).toBe(false);
    expect(roleMayCall('reader', 'clients.list')).toBe(true);
    expect(roleMayCall(undefined, 'clients.list')).toBe(false);
  });
});
