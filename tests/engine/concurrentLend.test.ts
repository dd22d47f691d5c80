import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countRows, newArchive, SIGNED, testClock } from '../helpers.js';

const SCRIPT = path.resolve(__dirname, '../fixtures/lendProcess.ts');

function run(args: string[]): Promise<{ ok: boolean; code?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as { ok: boolean; code?: string }) : reject(new Error(err || `exit ${code}`))));
  });
}

describe('two clerks lending the same file at the same moment', { timeout: 120_000 }, () => {
  it('from two processes: exactly one loan, the other told the file is on loan', async () => {
    const { session, dir } = await newArchive({ clock: testClock() });
    const client = await session.call('clients.create', { name: '广州恒信物业有限公司' });
    const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
    await session.call('departments.add', { name: '销售部' });
    await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
    await session.call('people.add', { kind: 'staff', name: '王芳', department: '销售部', staffNo: 'S002' });
    // The engine's own connection, as a second clerk's program would hold it.
    const key = (session as unknown as { dataKey: Buffer }).dataKey.toString('hex');
    const dbFile = path.join(dir, 'archive.db');
    const user = JSON.stringify(session.user);
    const startAt = String(Date.now() + 4000);
    const lend = (borrower: string) => run([dbFile, key, user, JSON.stringify({ archiveNo: file.archiveNo, borrower, paperApproval: SIGNED }), startAt]);
    const results = await Promise.all([lend('S001'), lend('S002')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(['loan.alreadyOnLoan']);
    expect(countRows(session, 'loans')).toBe(1);
    expect(await session.call('loans.list', { open: true })).toHaveLength(1);
  });
});
