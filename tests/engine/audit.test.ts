import { describe, expect, it } from 'vitest';
import { countRows, newArchive, personFor, SIGNED } from '../helpers.js';
import { auditHash } from '../../db/audit.js';
import { handlers } from '../../db/handlers/index.js';
import type { Handler } from '../../db/handlers/kit.js';

describe('the audit trail', () => {
  it('leaves exactly one audit row for every write, naming user, action, target and time', async () => {
    const { session } = await newArchive();
    const writes: [string, () => Promise<{ id?: string; archiveNo?: string }>][] = [];
    let clientId = '';
    let archiveNo = '';
    writes.push(['clients.create', async () => await session.call('clients.create', { name: '杭州瑞丰环保科技有限公司' }).then((c) => ((clientId = c.id), c))]);
    writes.push(['files.create', async () => session.call('files.create', { clientId, title: '合同档案' }).then((f) => ((archiveNo = f.archiveNo), f))]);
    const borrower = await personFor(session, '陈静');
    writes.push(['loans.lend', async () => session.call('loans.lend', { archiveNo, borrower, paperApproval: SIGNED })]);
    writes.push(['loans.return', async () => session.call('loans.return', { archiveNo })]);
    writes.push(['users.create', async () => session.call('users.create', { username: 'reader1', displayName: '查阅员', password: 'reader pass', role: 'reader' })]);
    writes.push(['session.changePassword', async () => (await session.call('session.changePassword', { currentPassword: 'correct horse', newPassword: 'correct horse 2' }), {})]);
    for (const [action, write] of writes) {
      const before = countRows(session, 'audit_log');
      await write();
      expect(countRows(session, 'audit_log'), action).toBe(before + 1);
      const [entry] = await session.call('audit.list', { limit: 1 });
      expect(entry).toMatchObject({ action, username: 'admin' });
      expect(Date.parse(entry!.at)).not.toBeNaN();
    }
    const [lend] = (await session.call('audit.list', {})).filter((e) => e.action === 'loans.lend');
    expect(lend).toMatchObject({ targetType: 'file', targetLabel: archiveNo, details: { borrower: '综合部 陈静' } });
  });

  it('writes no audit row for reads', async () => {
    const { session } = await newArchive();
    const before = countRows(session, 'audit_log');
    await session.call('clients.list', {});
    await session.call('loans.list', {});
    await session.call('audit.list', {});
    expect(countRows(session, 'audit_log')).toBe(before);
  });

  it('is hash-chained: verification passes, and a row changed behind the engine is found', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: '成都天成路桥工程有限公司' });
    await session.call('files.create', { clientId: client.id, title: '资质文件' });
    expect(await session.call('audit.verify')).toMatchObject({ ok: true, entries: 3, brokenAtSeq: null, breaks: [] });
    // The table refuses updates and deletes; an attacker with the key could still drop the trigger.
    expect(() => session.db.sqlite.prepare("update audit_log set username = 'mallory' where seq = 2").run()).toThrow(/append-only/);
    expect(() => session.db.sqlite.prepare('delete from audit_log where seq = 3').run()).toThrow(/append-only/);
    session.db.sqlite.exec('drop trigger audit_log_no_update');
    session.db.sqlite.prepare("update audit_log set username = 'mallory' where seq = 2").run();
    // Verification reads on past the break: all three entries, one of them changed.
    expect(await session.call('audit.verify')).toMatchObject({ ok: false, entries: 3, brokenAtSeq: 2, breaks: [{ kind: 'edited', seq: 2, toSeq: null }] });
  });
});

describe('the audit rule is enforced by the engine, not by each handler', () => {
  it('rolls back a write whose handler forgot its audit row', async () => {
    const { session } = await newArchive();
    const original = handlers['clients.create'];
    const silent: Handler<'clients.create'> = (ctx, input) => {
      const now = ctx.now().toISOString();
      ctx.db.run(
        ctx.db.k
          .insertInto('clients')
          .values({ id: 'silent', name: input.name, creditCode: null, category: null, contactPerson: null, contactPhone: null, status: 'active', createdAt: now, updatedAt: now }),
      );
      return { id: 'silent' } as never;
    };
    const before = { clients: countRows(session, 'clients'), audit: countRows(session, 'audit_log') };
    try {
      (handlers as Record<string, unknown>)['clients.create'] = silent;
      await expect(session.call('clients.create', { name: '无审计写入' })).rejects.toMatchObject({ code: 'internal' });
      expect(countRows(session, 'clients')).toBe(before.clients);
      expect(countRows(session, 'audit_log')).toBe(before.audit);
    } finally {
      (handlers as Record<string, unknown>)['clients.create'] = original;
    }
  });
});

describe('the audit hash', () => {
  it('covers a row as stored, under its SQL column names, so existing chains keep verifying', () => {
    const row = {
      at: '2026-03-02T01:00:00.000Z',
      userId: 'u-1',
      username: 'admin',
      action: 'clients.create' as const,
      targetType: 'client',
      targetId: 'c-1',
      targetLabel: '北京宏远建工集团有限公司',
      details: '{"category":"其他客户"}',
    };
    // Computed by the engine before its row types were mapped to camelCase.
    expect(auditHash('0'.repeat(64), 1, row)).toBe('f72deb3d158c0ae7fb009b7c4334ca88e972a58dd7dd7a93d06227a09f0a4e02');
  });
});
