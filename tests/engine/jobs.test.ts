import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/ops/jobs.js';
import { countRows, expectDossierError, newArchive, TEST_KDF } from '../helpers.js';
import { openArchive } from '../../db/archive.js';

async function clientsWorkbook(rows: number): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(['客户名称', '联系人', '联系电话']);
  for (let i = 1; i <= rows; i++) sheet.addRow([`陕西测试建材有限公司${i}号`, `联系人${i}`, `1390000${String(i).padStart(4, '0')}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

/** A zip whose central directory says its one entry unpacks to 300 MB (what a zip bomb declares). */
function bombXlsx(): string {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.from('<x/>'));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(300 * 1024 * 1024, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(300 * 1024 * 1024, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]).toString('base64');
}

describe('jobs', () => {
  it('start at once, report their phases, and end with the operation’s result', async () => {
    const { session } = await newArchive();
    const events: Job[] = [];
    session.jobs.on((job) => events.push(job));
    const contentBase64 = await clientsWorkbook(300);
    const started = await session.call('jobs.start', { operation: 'import.run', input: { kind: 'clients', fileName: '客户.xlsx', contentBase64 } });
    expect(started.state).toBe('running');
    const done = await session.jobs.settled(started.id);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ goodRows: 300, created: { clients: 300 } });
    expect(countRows(session, 'clients')).toBe(300);
    const phases = [...new Set(events.filter((e) => e.id === started.id).map((e) => e.progress.phase))];
    expect(phases).toEqual(expect.arrayContaining(['start', 'read', 'check', 'done']));
    expect(events.at(-1)).toMatchObject({ id: started.id, state: 'done' });
    expect((await session.call('jobs.list')).map((j) => j.id)).toContain(started.id);
    expect(await session.call('jobs.get', { id: started.id })).toMatchObject({ state: 'done', finishedAt: expect.any(String) });
  });

  it('cancelled while the workbook is read, writes nothing', async () => {
    const { session } = await newArchive();
    const audit = countRows(session, 'audit_log');
    const contentBase64 = await clientsWorkbook(2000);
    const started = await session.call('jobs.start', { operation: 'import.run', input: { kind: 'clients', fileName: '客户.xlsx', contentBase64 } });
    await session.call('jobs.cancel', { id: started.id });
    const ended = await session.jobs.settled(started.id);
    expect(ended).toMatchObject({ state: 'cancelled', error: { code: 'job.cancelled' } });
    expect(countRows(session, 'clients')).toBe(0);
    expect(countRows(session, 'audit_log')).toBe(audit);
  });

  it('a cancelled export leaves no record of an export', async () => {
    const { session } = await newArchive();
    for (let i = 0; i < 50; i++) await session.call('clients.create', { name: `宝鸡测试物流有限公司${i}` });
    const audit = countRows(session, 'audit_log');
    const started = await session.call('jobs.start', { operation: 'export.create', input: { list: 'clients', format: 'xlsx' } });
    await session.call('jobs.cancel', { id: started.id });
    expect((await session.jobs.settled(started.id)).state).toBe('cancelled');
    expect(countRows(session, 'audit_log')).toBe(audit);
  });

  it('refuse at the start what the user may not do, and start nothing', async () => {
    const { dir, session } = await newArchive();
    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader password', role: 'reader' });
    const reader = await openArchive(dir, 'reader', 'reader password', { kdfCost: TEST_KDF });
    await expectDossierError(reader.call('jobs.start', { operation: 'import.run', input: { kind: 'clients', fileName: 'a.csv', contentBase64: '' } }), 'auth.forbidden');
    expect(await reader.call('jobs.list')).toEqual([]);
    await expectDossierError(reader.call('jobs.get', { id: 'no-such-job' }), 'job.notFound');
    reader.close();
  });

  it('end when the session locks', async () => {
    const { dir, session } = await newArchive();
    session.close();
    const again = await openArchive(dir, 'admin', 'correct horse', { kdfCost: TEST_KDF });
    const started = await again.call('jobs.start', { operation: 'import.check', input: { kind: 'clients', fileName: '客户.xlsx', contentBase64: await clientsWorkbook(500) } });
    again.close();
    expect((await again.jobs.settled(started.id)).state).toBe('cancelled');
  });
});

describe('spreadsheets read in a worker', () => {
  it('refuse a workbook that declares more unpacked data than an import reads, before parsing it', async () => {
    const { session } = await newArchive();
    const err = await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'bomb.xlsx', contentBase64: bombXlsx() }), 'import.tooComplex');
    expect(err.params.maxMb).toBe(200);
    // The engine is unharmed.
    expect((await session.call('clients.list')).total).toBe(0);
  });

  it('read a real workbook the same as before', async () => {
    const { session } = await newArchive();
    const report = await session.call('import.check', { kind: 'clients', fileName: '客户.xlsx', contentBase64: await clientsWorkbook(3) });
    expect(report).toMatchObject({ dryRun: true, goodRows: 3, badRows: 0, sheet: '客户' });
  });
});

describe('an import’s transaction on a worker’s own connection', () => {
  async function importJob(rows: number) {
    const { session } = await newArchive();
    // Resolves once the worker is writing (or, so a failure shows at once, when the job ended first).
    const writing = new Promise<void>((resolve, reject) =>
      session.jobs.on((job) => {
        if (job.progress.phase === 'write' && job.progress.done > 0) resolve();
        else if (job.state !== 'running') reject(new Error(`the job ended (${job.state}, ${JSON.stringify(job.error)}) before writing`));
      }),
    );
    const contentBase64 = await clientsWorkbook(rows);
    const job = await session.call('jobs.start', { operation: 'import.run', input: { kind: 'clients', fileName: '客户.xlsx', contentBase64 } });
    return { session, job, writing };
  }

  it('lets the engine answer while it writes, without showing half an import', async () => {
    const { session, job, writing } = await importJob(3000);
    await writing;
    const during = await session.call('clients.list', {});
    expect((await session.call('jobs.get', { id: job.id })).state).toBe('running');
    // Readers see the last committed state: none of the import yet.
    expect(during.total).toBe(0);
    expect((await session.jobs.settled(job.id)).state).toBe('done');
    expect((await session.call('clients.list', {})).total).toBe(3000);
    expect(await session.call('audit.verify')).toMatchObject({ ok: true });
  }, 60_000);

  it('rolls everything back when cancelled halfway through the writing', async () => {
    const { session, job, writing } = await importJob(3000);
    const audit = countRows(session, 'audit_log');
    await writing;
    await session.call('jobs.cancel', { id: job.id });
    expect(await session.jobs.settled(job.id)).toMatchObject({ state: 'cancelled' });
    expect(countRows(session, 'clients')).toBe(0);
    expect(countRows(session, 'audit_log')).toBe(audit);
  }, 60_000);

  it('makes a clerk’s write wait for it, then succeed, with the audit chain intact', async () => {
    const { session, job, writing } = await importJob(3000);
    await writing;
    const created = await session.call('clients.create', { name: '咸阳秦都商混站有限公司' });
    expect((await session.call('jobs.get', { id: job.id })).state).toBe('done');
    expect(created.name).toBe('咸阳秦都商混站有限公司');
    expect(countRows(session, 'clients')).toBe(3001);
    expect(await session.call('audit.verify')).toMatchObject({ ok: true });
  }, 60_000);
});
