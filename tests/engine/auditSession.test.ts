import { rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { anchorDir } from '../../db/anchors.js';
import { openArchive } from '../../db/archive.js';
import { auditHash } from '../../db/audit.js';
import type { ArchiveDb } from '../../db/connection.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive } from '../helpers.js';

function dropTriggers(db: ArchiveDb): void {
  db.sqlite.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
}

/** What someone with the data key and no signing key can do: recompute every hash from `fromSeq` on. */
function rehashFrom(db: ArchiveDb, fromSeq: number): void {
  const rows = db.all(db.k.selectFrom('audit_log').selectAll().orderBy('seq'));
  let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
  const update = db.sqlite.prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?');
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const hash = auditHash(prev, row.seq, row);
    update.run(prev, hash, row.seq);
    prev = hash;
  }
}

async function busyArchive() {
  const { dir, session } = await newArchive();
  const client = await session.call('clients.create', { name: '成都天成路桥工程有限公司' });
  await session.call('files.create', { clientId: client.id, title: '资质文件' });
  await session.call('files.create', { clientId: client.id, title: '合同档案' });
  await session.call('clients.update', { id: client.id, address: '成都市武侯区' });
  return { dir, session };
}

describe('the audit chain of a signed archive', () => {
  it('signs every entry the session writes with the user’s key, and verifies them', async () => {
    const { session } = await busyArchive();
    const result = await session.call('audit.verify');
    expect(result).toMatchObject({ ok: true, breaks: [], anchorRemembered: true });
    expect(result.signedEntries).toBeGreaterThanOrEqual(4);
    expect(result.entries).toBe(result.head.count);
    expect(result.anchors).toEqual([expect.objectContaining({ source: 'remembered', count: result.head.count, result: 'matches' })]);
    const rows = session.db.sqlite.prepare("select signature from audit_log where action in ('clients.create', 'files.create', 'clients.update')").all() as {
      signature: string | null;
    }[];
    expect(rows.every((r) => r.signature !== null && Buffer.from(r.signature, 'base64').length === 64)).toBe(true);
  });

  it('finds a row edited and the rest rehashed with the data key: the signatures fail', async () => {
    const { session } = await busyArchive();
    const edited = session.db.sqlite.prepare("select seq from audit_log where action = 'files.create' order by seq limit 1").get() as { seq: number };
    dropTriggers(session.db);
    session.db.sqlite.prepare("update audit_log set target_label = '无此档案' where seq = ?").run(edited.seq);
    rehashFrom(session.db, edited.seq);
    const result = await session.call('audit.verify');
    expect(result.ok).toBe(false);
    expect(result.breaks[0]).toEqual({ kind: 'badSignature', seq: edited.seq, toSeq: result.head.count });
  });

  it('finds every signature stripped and the chain rewritten, even on a computer that remembers no anchor', async () => {
    const { session } = await busyArchive();
    dropTriggers(session.db);
    session.db.sqlite.exec("update audit_log set signature = null, signer_key = null, username = 'nobody'");
    rehashFrom(session.db, 1);
    rmSync(path.join(anchorDir(), `${session.archiveId}.json`));
    const result = await session.call('audit.verify');
    expect(result).toMatchObject({ ok: false, anchorRemembered: false, signedEntries: 0, beforeSigning: 0 });
    expect(result.breaks).toEqual([{ kind: 'unsigned', seq: 1, toSeq: result.head.count }]);
  });

  it('finds the tail cut off against the anchor this computer remembers and against a written-down code', async () => {
    const { session } = await busyArchive();
    const { code, count } = await session.call('audit.anchor');
    dropTriggers(session.db);
    session.db.sqlite.prepare('delete from audit_log where seq > ?').run(count - 2);
    const result = await session.call('audit.verify', { anchor: code.toLowerCase().replace(/-/g, ' ') });
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([{ kind: 'truncated', seq: count - 1, toSeq: count }]);
    expect(result.anchors.map((a) => [a.source, a.result])).toEqual([
      ['given', 'truncated'],
      ['remembered', 'truncated'],
    ]);
  });

  it('finds everything deleted, and keeps the evidence across later sessions', async () => {
    const { dir, session } = await busyArchive();
    const { count } = await session.call('audit.anchor');
    dropTriggers(session.db);
    session.db.sqlite.exec('delete from audit_log');
    session.close();
    const again = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    // Signing in started a new chain; the anchor remembered is not replaced by the shorter one.
    const result = await again.call('audit.verify');
    expect(result.ok).toBe(false);
    expect(result.breaks).toContainEqual({ kind: 'truncated', seq: result.head.count + 1, toSeq: count });
    expect(result.anchors).toEqual([expect.objectContaining({ source: 'remembered', count, result: 'truncated' })]);
    again.close();
  });

  it('signs the entries an import writes in its worker thread too', async () => {
    const { session } = await newArchive();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '联系人']);
    sheet.addRow(['陕西测试建材有限公司', '张伟']);
    const contentBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const job = await session.call('jobs.start', { operation: 'import.run', input: { kind: 'clients', fileName: '客户.xlsx', contentBase64 } });
    expect((await session.jobs.settled(job.id)).state).toBe('done');
    const rows = session.db.sqlite.prepare("select signature from audit_log where action = 'import.run'").all() as { signature: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.signature !== null)).toBe(true);
    expect(await session.call('audit.verify')).toMatchObject({ ok: true, breaks: [] });
  });

  it('records the anchor in every exported audit report (its own sheet), covering every entry listed', async () => {
    const { session } = await busyArchive();
    const anchor = await session.call('audit.anchor');
    const out = await session.call('export.create', { list: 'audit', format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(out.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计锚点')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '锚点码', '记录条数', '最后一条的哈希', '导出时间']);
    expect(sheet.getRow(2).getCell(1).value).toBe(anchor.code);
    expect(sheet.getRow(2).getCell(2).value).toBe(anchor.count);
    expect(sheet.getRow(2).getCell(3).value).toBe(anchor.head);
    // The newest entry listed is the anchor's.
    expect(workbook.worksheets[0]!.getRow(2).getCell(1).value).toBe(anchor.count);
  });

  it('a CSV export of the audit log ends with the anchor: its title, header and values after an empty line', async () => {
    const { session } = await busyArchive();
    const anchor = await session.call('audit.anchor');
    const out = await session.call('export.create', { list: 'audit', format: 'csv' });
    const lines = Buffer.from(out.contentBase64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines.slice(-4, -1)).toEqual(['', '审计锚点', '锚点码,记录条数,最后一条的哈希,导出时间']);
    expect(lines.at(-1)!.split(',').slice(0, 3)).toEqual([anchor.code, String(anchor.count), anchor.head]);
    // The newest entry listed is the anchor's.
    expect(lines[1]!.split(',')[0]).toBe(String(anchor.count));
    const en = Buffer.from((await session.call('export.create', { list: 'audit', format: 'csv', language: 'en' })).contentBase64, 'base64').toString('utf8');
    expect(en).toMatch(/\r\n\r\nAudit anchor\r\nAnchor code,Entries,/);
  });

  it('says a typed code is mistyped or not a code at all', async () => {
    const { session } = await busyArchive();
    const { code } = await session.call('audit.anchor');
    const last = code.at(-1) === '0' ? '1' : '0';
    await expectDossierError(session.call('audit.verify', { anchor: code.slice(0, -1) + last }), 'audit.anchorMistyped');
    await expectDossierError(session.call('audit.verify', { anchor: 'DA-12' }), 'audit.anchorInvalid');
  });
});

describe('an archive made by the previous engine', () => {
  it('still verifies: its unsigned entries are reported as written before signing, later ones are signed', async () => {
    const { dir, session } = await newArchive({ migrations: MIGRATIONS.filter((m) => m.version < 13) });
    const client = await session.call('clients.create', { name: '南京嘉禾水务集团有限公司' });
    await session.call('clients.update', { id: client.id, address: '南京市建邺区' });
    const before = (session.db.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    session.close();

    const upgraded = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    await upgraded.call('clients.update', { id: client.id, address: '南京市鼓楼区' });
    const result = await upgraded.call('audit.verify');
    expect(result).toMatchObject({ ok: true, breaks: [], beforeSigning: before });
    expect(result.signedEntries).toBeGreaterThanOrEqual(1);
    upgraded.close();
  });
});
