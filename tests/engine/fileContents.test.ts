import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { ADMIN, countRows, expectDossierError, newArchive, testClock } from '../helpers.js';

const YEAR = 2026;

async function archiveWithClient() {
  const clock = testClock('2026-03-02T09:00:00');
  const { session, dir } = await newArchive({ clock });
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
  return { session, dir, client, clock };
}

async function archiveWithFile() {
  const base = await archiveWithClient();
  const file = await base.session.call('files.create', { clientId: base.client.id, title: '客户基本资料' });
  return { ...base, file };
}

function lastAudit(session: ArchiveSession) {
  return session.call('audit.list', { limit: 1 }).then((rows) => rows[0]!);
}

function itemHistoryRows(session: ArchiveSession, originId: string): { field: string; old_value: string | null; new_value: string | null; reason: string }[] {
  return session.db.sqlite.prepare(`select field, old_value, new_value, reason from change_log where entity_type = 'item' and entity_id = ? order by id`).all(originId) as never;
}

/** Counts every table a refused item operation might have touched. */
function snapshot(session: ArchiveSession) {
  return {
    items: countRows(session, 'file_items'),
    audit: countRows(session, 'audit_log'),
    history: countRows(session, 'change_log'),
    rows: JSON.stringify(session.db.sqlite.prepare('select * from file_items order by id').all()),
  };
}

describe('file types', () => {
  it('ships the client file with the seeds’ checklist and the certificates file', async () => {
    const { session } = await archiveWithClient();
    const types = await session.call('fileTypes.list', {});
    expect(types.map((t) => [t.code, t.name])).toEqual([
      ['client', '客户档案'],
      ['certificates', '权证档案'],
    ]);
    const client = types[0]!;
    expect(client.checklist.map((c) => c.label)).toEqual([
      '营业执照',
      '税务登记证',
      '组织机构代码证',
      '银行开户许可证',
      '一般纳税人资格证明',
      '开票资料',
      '法定代表人身份证明或授权委托书',
      '合同',
    ]);
    // The client file follows the archive-wide pattern of the settings.
    expect(client.archiveNoPattern).toBeNull();
    expect(client.effectivePattern).toBe('KH-{year}-{seq:4}');
    expect(types[1]).toMatchObject({ archiveNoPattern: 'QZ-{year}-{seq:4}', defaultConfidentiality: 'confidential', defaultRetention: 'permanent' });
  });

  it('gives the shipped types English names (English mode only); an administrator sets and clears one, and a file carries its type’s', async () => {
    const { session, client } = await archiveWithClient();
    const types = await session.call('fileTypes.list', {});
    expect(types.map((t) => [t.name, t.nameEn])).toEqual([
      ['客户档案', 'Client file'],
      ['权证档案', 'Title certificates'],
    ]);
    const dealer = await session.call('fileTypes.save', { code: 'dealer', name: '经销商档案', nameEn: '  Dealer file ' });
    expect(dealer.nameEn).toBe('Dealer file');
    const file = await session.call('files.create', { clientId: client.id, title: '经销商资料', fileTypeId: dealer.id });
    expect(file).toMatchObject({ fileTypeName: '经销商档案', fileTypeNameEn: 'Dealer file' });
    const [entry] = await session.call('audit.list', { limit: 1, language: 'en' });
    expect(entry!.summary).toContain('(Dealer file, ');
    const [zh] = await session.call('audit.list', { limit: 1, language: 'zh-CN' });
    expect(zh!.summary).toContain('（经销商档案，');
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).fileTypeNameEn).toBe('Dealer file');
    // Saved without one: none (English mode falls back to the Chinese name).
    const cleared = await session.call('fileTypes.save', { id: dealer.id, code: 'dealer', name: '经销商档案', nameEn: '' });
    expect(cleared.nameEn).toBeNull();
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).fileTypeNameEn).toBeNull();
  });

  it('lets an administrator add and change a type, audited; refuses bad patterns and duplicate codes, writing nothing', async () => {
    const { session } = await archiveWithClient();
    const saved = await session.call('fileTypes.save', {
      code: 'dealer',
      name: '经销商新客户档案',
      archiveNoPattern: 'JX-{year}-{seq:3}',
      checklist: [{ label: '营业执照' }, { kind: 'deposit', label: '保证金收据' }],
    });
    expect(saved.checklist).toEqual([
      { kind: '营业执照', label: '营业执照', labelEn: null },
      { kind: 'deposit', label: '保证金收据', labelEn: null },
    ]);
    expect((await lastAudit(session)).action).toBe('fileTypes.save');

    const before = countRows(session, 'audit_log');
    await expectDossierError(session.call('fileTypes.save', { code: 'bad', name: '错误', archiveNoPattern: 'X-{year}' }), 'file.badPattern');
    await expectDossierError(session.call('fileTypes.save', { code: 'DEALER', name: '重复' }), 'fileType.duplicateCode');
    await expectDossierError(
      session.call('fileTypes.save', {
        code: 'dup',
        name: '重复种类',
        checklist: [
          { kind: 'a', label: '甲' },
          { kind: 'a', label: '乙' },
        ],
      }),
      'fileType.badChecklist',
    );
    expect(countRows(session, 'audit_log')).toBe(before);
    expect(countRows(session, 'file_types')).toBe(3);

    const renamed = await session.call('fileTypes.save', { id: saved.id, code: 'dealer', name: '经销商档案', archiveNoPattern: 'JX-{year}-{seq:3}', active: false });
    expect(renamed).toMatchObject({ name: '经销商档案', active: false });
    expect((await session.call('fileTypes.list', {})).map((t) => t.code)).not.toContain('dealer');
    expect((await session.call('fileTypes.list', { includeInactive: true })).map((t) => t.code)).toContain('dealer');
  });

  it('is configuration for administrators only: a clerk and a reader are refused', async () => {
    const { session, dir } = await archiveWithClient();
    await session.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk pass 1', role: 'clerk' });
    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader pass', role: 'reader' });
    session.close();
    for (const [name, password] of [
      ['clerk', 'clerk pass 1'],
      ['reader', 'reader pass'],
    ] as const) {
      const user = await openArchive(dir, name, password);
      const audit = countRows(user, 'audit_log');
      const err = await expectDossierError(user.call('fileTypes.save', { code: 'x', name: 'x' }), 'auth.forbidden');
      expect(err.params.capability).toBe('settings.manage');
      expect(countRows(user, 'audit_log')).toBe(audit);
      // Everyone may read the types: a clerk picks one when making a file.
      expect(await user.call('fileTypes.list', {})).toHaveLength(2);
      user.close();
    }
  });
});

describe('archive numbers per file type', () => {
  it('numbers each type from its own pattern and never reuses a number, even after a file row is gone', async () => {
    const { session, client } = await archiveWithClient();
    const a = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
    const b = await session.call('files.create', { clientId: client.id, title: '权证', fileTypeCode: 'certificates' });
    const c = await session.call('files.create', { clientId: client.id, title: '客户基本资料二' });
    expect([a.archiveNo, b.archiveNo, c.archiveNo]).toEqual([`KH-${YEAR}-0001`, `QZ-${YEAR}-0001`, `KH-${YEAR}-0002`]);
    expect(a).toMatchObject({ fileTypeCode: 'client', fileTypeName: '客户档案', confidentiality: 'normal', retention: '30y' });
    // The type's defaults apply unless the clerk chose otherwise.
    expect(b).toMatchObject({ fileTypeCode: 'certificates', confidentiality: 'confidential', retention: 'permanent' });

    session.db.sqlite.prepare('delete from files where archive_no = ?').run(c.archiveNo);
    session.db.sqlite.prepare('delete from files where archive_no = ?').run(b.archiveNo);
    expect((await session.call('files.create', { clientId: client.id, title: '新卷' })).archiveNo).toBe(`KH-${YEAR}-0003`);
    const types = await session.call('fileTypes.list', {});
    expect((await session.call('files.create', { clientId: client.id, title: '新权证', fileTypeId: types[1]!.id })).archiveNo).toBe(`QZ-${YEAR}-0002`);
  });

  it('refuses an unknown or disabled type and writes nothing', async () => {
    const { session, client } = await archiveWithClient();
    const t = await session.call('fileTypes.save', { code: 'old', name: '旧类型', active: false });
    const before = { files: countRows(session, 'files'), audit: countRows(session, 'audit_log') };
    await expectDossierError(session.call('files.create', { clientId: client.id, title: 'x', fileTypeCode: 'nope' }), 'fileType.notFound');
    await expectDossierError(session.call('files.create', { clientId: client.id, title: 'x', fileTypeId: t.id }), 'fileType.inactive');
    expect({ files: countRows(session, 'files'), audit: countRows(session, 'audit_log') }).toEqual(before);
  });
});

describe('volumes sharing the main file’s number', () => {
  it('makes volumes with the same number and a suffix, unique, audited, listed on every file of the group', async () => {
    const { session, client, file } = await archiveWithFile();
    const v1 = await session.call('files.addVolume', { archiveNo: file.archiveNo, fileTypeCode: 'certificates', title: '权证（保险柜）' });
    expect(v1).toMatchObject({ archiveNo: `${file.archiveNo}-1`, parentArchiveNo: file.archiveNo, clientId: client.id, confidentiality: 'confidential' });
    expect(await lastAudit(session)).toMatchObject({ action: 'files.addVolume', targetLabel: v1.archiveNo, details: { parentArchiveNo: file.archiveNo } });

    const v2 = await session.call('files.create', { clientId: client.id, title: '权证副卷', parentArchiveNo: file.archiveNo, volumeSuffix: '权' });
    expect(v2.archiveNo).toBe(`${file.archiveNo}-权`);
    const other = await session.call('clients.create', { name: '上海中诚置业有限公司' });
    const before = { files: countRows(session, 'files'), audit: countRows(session, 'audit_log') };
    const dup = await expectDossierError(session.call('files.addVolume', { archiveNo: file.archiveNo, suffix: '权' }), 'file.duplicateArchiveNo');
    expect(dup.params.archiveNo).toBe(`${file.archiveNo}-权`);
    await expectDossierError(session.call('files.addVolume', { archiveNo: v1.archiveNo }), 'file.volumeOfVolume');
    await expectDossierError(session.call('files.create', { clientId: other.id, title: 'x', parentArchiveNo: file.archiveNo }), 'file.clientMismatch');
    expect({ files: countRows(session, 'files'), audit: countRows(session, 'audit_log') }).toEqual(before);

    // Volume numbers are not reused either.
    session.db.sqlite.prepare('delete from files where id = ?').run(v1.id);
    expect((await session.call('files.addVolume', { archiveNo: file.archiveNo })).archiveNo).toBe(`${file.archiveNo}-2`);

    const main = await session.call('files.get', { archiveNo: file.archiveNo });
    expect(main.volumes.map((v) => v.archiveNo)).toEqual([`${file.archiveNo}-2`, `${file.archiveNo}-权`]);
    const vol = await session.call('files.get', { archiveNo: v2.archiveNo });
    expect(vol.volumes.map((v) => v.archiveNo)).toEqual([file.archiveNo, `${file.archiveNo}-2`]);
  });
});

describe('the contents list', () => {
  it('numbers items in order with page ranges continuing across items, following reorder and removal', async () => {
    const { session, file } = await archiveWithFile();
    const a = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照副本', pageCount: 3, docKind: 'business_licence', date: '2025-06-01' });
    const b = await session.call('items.add', {
      archiveNo: file.archiveNo,
      title: '购销合同',
      docNo: '(2026)第012号',
      responsibleParty: '北京宏远建工集团有限公司',
      pageCount: 7,
      docKind: 'contract',
      date: '2026-01-15',
    });
    const c = await session.call('items.add', { archiveNo: file.archiveNo, title: '开票资料', pageCount: 1, docKind: 'invoicing_details' });
    expect([a, b, c].map((i) => [i.seq, i.pages])).toEqual([
      [1, '1-3'],
      [2, '4-10'],
      [3, '11'],
    ]);
    expect(await lastAudit(session)).toMatchObject({ action: 'items.add', targetId: c.id, targetLabel: `${file.archiveNo} #3` });

    // Insert at a position: later items move down, pages follow.
    const d = await session.call('items.add', { archiveNo: file.archiveNo, title: '法定代表人身份证复印件', pageCount: 2, position: 1 });
    let list = await session.call('items.list', { archiveNo: file.archiveNo });
    expect(list.items.map((i) => [i.title, i.seq, i.pages])).toEqual([
      ['法定代表人身份证复印件', 1, '1-2'],
      ['营业执照副本', 2, '3-5'],
      ['购销合同', 3, '6-12'],
      ['开票资料', 4, '13'],
    ]);
    expect(list.pageCount).toBe(13);

    list = await session.call('items.reorder', { itemId: c.id, position: 2 });
    expect(list.items.map((i) => [i.title, i.pages])).toEqual([
      ['法定代表人身份证复印件', '1-2'],
      ['开票资料', '3'],
      ['营业执照副本', '4-6'],
      ['购销合同', '7-13'],
    ]);
    expect(await lastAudit(session)).toMatchObject({ action: 'items.reorder', details: { from: 4, to: 2 } });
    expect(itemHistoryRows(session, c.id)).toEqual([{ field: 'seq', old_value: '4', new_value: '2', reason: '' }]);

    list = await session.call('items.remove', { itemId: d.id });
    expect(list.items.map((i) => [i.seq, i.title, i.pages])).toEqual([
      [1, '开票资料', '1'],
      [2, '营业执照副本', '2-4'],
      [3, '购销合同', '5-11'],
    ]);
    expect(await lastAudit(session)).toMatchObject({ action: 'items.remove', details: { title: '法定代表人身份证复印件' } });

    const detail = await session.call('files.get', { archiveNo: file.archiveNo });
    expect(detail.items.map((i) => i.id)).toEqual([c.id, a.id, b.id]);
    expect(detail).toMatchObject({ itemCount: 3, pageCount: 11, dateFrom: '2025-06-01', dateTo: '2026-01-15' });
    expect(detail.items[2]).toMatchObject({ docNo: '(2026)第012号', responsibleParty: '北京宏远建工集团有限公司', docKindLabel: '合同', date: '2026-01-15' });
  });

  it('adds several items in one step, one audit row each, or none at all when one is wrong', async () => {
    const { session, file } = await archiveWithFile();
    const before = snapshot(session);
    await expectDossierError(
      session.call('items.addMany', {
        archiveNo: file.archiveNo,
        items: [
          { title: '开票资料', docKind: 'invoicing_details' },
          { title: '保证金收据', docKind: 'deposit' },
        ],
      }),
      'item.badKind',
    );
    expect(snapshot(session)).toEqual(before);
    const list = await session.call('items.addMany', {
      archiveNo: file.archiveNo,
      items: [
        { title: '开票资料', docKind: 'invoicing_details', pageCount: 1 },
        { title: '购销合同 (2026)第031号', docNo: '(2026)第031号', docKind: 'contract', pageCount: 9 },
      ],
    });
    expect(list.items.map((i) => [i.seq, i.title, i.pages])).toEqual([
      [1, '开票资料', '1'],
      [2, '购销合同 (2026)第031号', '2-10'],
    ]);
    const audit = await session.call('audit.list', { limit: 2 });
    expect(audit.map((a) => [a.action, a.targetId])).toEqual([
      ['items.add', list.items[1]!.id],
      ['items.add', list.items[0]!.id],
    ]);
  });

  it('updates an unsealed item with history rows and refuses unknown kinds and impossible dates, writing nothing', async () => {
    const { session, file } = await archiveWithFile();
    const item = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照', pageCount: 2 });
    const updated = await session.call('items.update', { itemId: item.id, changes: { title: '营业执照副本', pageCount: 3, docKind: 'business_licence' } });
    expect(updated).toMatchObject({ title: '营业执照副本', pages: '1-3', docKind: 'business_licence', version: 1 });
    expect(itemHistoryRows(session, item.id)).toEqual([
      { field: 'title', old_value: '营业执照', new_value: '营业执照副本', reason: '' },
      { field: 'pageCount', old_value: '2', new_value: '3', reason: '' },
      { field: 'docKind', old_value: null, new_value: 'business_licence', reason: '' },
    ]);
    expect(await lastAudit(session)).toMatchObject({ action: 'items.update', targetId: item.id });

    const before = snapshot(session);
    await expectDossierError(session.call('items.update', { itemId: item.id, changes: { docKind: '保证金' } }), 'item.badKind');
    await expectDossierError(session.call('items.update', { itemId: item.id, changes: { date: '2026-02-30' } }), 'date.invalid');
    await expectDossierError(session.call('items.update', { itemId: item.id, changes: { title: '营业执照副本' } }), 'item.noChanges');
    await expectDossierError(session.call('items.add', { archiveNo: file.archiveNo, title: 'x', docKind: 'nope' }), 'item.badKind');
    await expectDossierError(session.call('items.update', { itemId: 'missing', changes: { title: 'x' } }), 'item.notFound');
    expect(snapshot(session)).toEqual(before);
  });
});

describe('completeness against the checklist', () => {
  it('shows which checklist documents are present and which are missing', async () => {
    const { session, file } = await archiveWithFile();
    let detail = await session.call('files.get', { archiveNo: file.archiveNo });
    expect(detail.complete).toBe(false);
    expect(detail.missing).toHaveLength(8);
    expect(detail.checklist.every((c) => !c.present)).toBe(true);

    const kinds = detail.checklist.map((c) => c.kind);
    for (const kind of kinds.slice(0, 7)) await session.call('items.add', { archiveNo: file.archiveNo, title: `文件 ${kind}`, docKind: kind });
    // An "other" document does not count for the checklist.
    await session.call('items.add', { archiveNo: file.archiveNo, title: '回访记录', docKind: 'other' });
    detail = await session.call('files.get', { archiveNo: file.archiveNo });
    expect(detail.complete).toBe(false);
    expect(detail.missing).toEqual(['contract']);
    expect(detail.checklist.find((c) => c.kind === 'contract')).toEqual({ kind: 'contract', label: '合同', labelEn: 'Contract', present: false });

    // The kind may also be given by its label, as a clerk reads it.
    const contract = await session.call('items.add', { archiveNo: file.archiveNo, title: '购销合同 (2026)第031号', docKind: '合同' });
    expect(contract.docKind).toBe('contract');
    detail = await session.call('files.get', { archiveNo: file.archiveNo });
    expect(detail).toMatchObject({ complete: true, missing: [] });

    await session.call('items.remove', { itemId: contract.id });
    expect((await session.call('items.list', { archiveNo: file.archiveNo })).missing).toEqual(['contract']);
  });

  it('a type without a checklist is always complete', async () => {
    const { session, client } = await archiveWithClient();
    const safe = await session.call('files.create', { clientId: client.id, title: '权证', fileTypeCode: 'certificates' });
    expect(await session.call('files.get', { archiveNo: safe.archiveNo })).toMatchObject({ complete: true, missing: [], checklist: [] });
  });
});

describe('sealed originals and corrections', () => {
  async function sealedFile() {
    const base = await archiveWithFile();
    const { session, file } = base;
    const licence = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照副本', pageCount: 2, docKind: 'business_licence' });
    const contract = await session.call('items.add', { archiveNo: file.archiveNo, title: '购销合同', docNo: '(2026)第007号', pageCount: 5, docKind: 'contract' });
    const loose = await session.call('items.add', { archiveNo: file.archiveNo, title: '回访记录', pageCount: 1 });
    return { ...base, licence, contract, loose };
  }

  it('seals one item or all of a file, audited with history rows', async () => {
    const { session, file, licence, contract, loose } = await sealedFile();
    let list = await session.call('items.seal', { archiveNo: file.archiveNo, itemId: licence.id });
    expect(list.items.map((i) => i.sealed)).toEqual([true, false, false]);
    expect(list.items[0]!.sealedBy).toBe(ADMIN.displayName);
    expect(await lastAudit(session)).toMatchObject({ action: 'items.seal', targetLabel: file.archiveNo, details: { count: 1 } });
    expect(itemHistoryRows(session, licence.id).map((r) => r.field)).toEqual(['sealed']);

    list = await session.call('items.seal', { archiveNo: file.archiveNo });
    expect(list.items.every((i) => i.sealed)).toBe(true);
    expect((await lastAudit(session)).details).toMatchObject({ count: 2 });
    expect(itemHistoryRows(session, contract.id).map((r) => r.field)).toEqual(['sealed']);
    expect(itemHistoryRows(session, loose.id).map((r) => r.field)).toEqual(['sealed']);

    const before = snapshot(session);
    await expectDossierError(session.call('items.seal', { archiveNo: file.archiveNo }), 'item.nothingToSeal');
    expect(snapshot(session)).toEqual(before);
  });

  it('refuses to edit, remove or move a sealed item, and writes nothing', async () => {
    const { session, file, contract } = await sealedFile();
    await session.call('items.seal', { archiveNo: file.archiveNo, itemId: contract.id });
    const before = snapshot(session);
    const err = await expectDossierError(session.call('items.update', { itemId: contract.id, changes: { title: '改过的合同' } }), 'item.sealed');
    expect(err.params).toMatchObject({ seq: 2, title: '购销合同' });
    await expectDossierError(session.call('items.remove', { itemId: contract.id }), 'item.sealed');
    await expectDossierError(session.call('items.reorder', { itemId: contract.id, position: 1 }), 'item.sealed');
    expect(snapshot(session)).toEqual(before);
    // The database itself refuses to change a sealed row in place.
    expect(() => session.db.sqlite.prepare('update file_items set title = ? where id = ?').run('x', contract.id)).toThrow(/sealed/);
    expect(() => session.db.sqlite.prepare('delete from file_items where id = ?').run(contract.id)).toThrow(/sealed/);
  });

  it("keeps a sealed original's number and pages: moving, inserting, removing or resizing a neighbour that would change them is refused", async () => {
    const { session, file, licence, contract, loose } = await sealedFile();
    await session.call('items.seal', { archiveNo: file.archiveNo, itemId: contract.id });
    const before = snapshot(session);
    // licence (1, pp. 1-2) · contract sealed (2, pp. 3-7) · loose (3, p. 8)
    const err = await expectDossierError(session.call('items.reorder', { itemId: licence.id, position: 3 }), 'item.sealedPlace');
    expect(err.params).toMatchObject({ seq: 2, title: '购销合同' });
    await expectDossierError(session.call('items.reorder', { itemId: loose.id, position: 1 }), 'item.sealedPlace');
    await expectDossierError(session.call('items.add', { archiveNo: file.archiveNo, title: '补充材料', position: 1 }), 'item.sealedPlace');
    await expectDossierError(session.call('items.add', { archiveNo: file.archiveNo, title: '补充材料', position: 2 }), 'item.sealedPlace');
    await expectDossierError(session.call('items.remove', { itemId: licence.id }), 'item.sealedPlace');
    await expectDossierError(session.call('items.update', { itemId: licence.id, changes: { pageCount: 3 } }), 'item.sealedPlace');
    expect(snapshot(session)).toEqual(before);

    // After the sealed item everything may change; before it, what keeps its pages may too.
    await session.call('items.add', { archiveNo: file.archiveNo, title: '补充材料', position: 3 });
    await session.call('items.remove', { itemId: loose.id });
    await session.call('items.update', { itemId: licence.id, changes: { title: '营业执照（副本）', pageCount: 2 } });
    const list = await session.call('items.list', { archiveNo: file.archiveNo });
    expect(list.items.map((i) => [i.title, i.seq, i.pages])).toEqual([
      ['营业执照（副本）', 1, '1-2'],
      ['购销合同', 2, '3-7'],
      ['补充材料', 3, '8'],
    ]);
  });

  it('corrects a sealed item as a new version with a reason; the old version stays, superseded and linked', async () => {
    const { session, file, contract, clock } = await sealedFile();
    await session.call('items.seal', { archiveNo: file.archiveNo });
    clock.set('2026-03-03T10:00:00');

    const before = snapshot(session);
    const noReason = await expectDossierError(session.call('items.correct', { itemId: contract.id, changes: { pageCount: 6 }, reason: '  ' }), 'history.reasonRequired');
    expect(noReason.params.field).toBe('pageCount');
    await expectDossierError(session.call('items.correct', { itemId: contract.id, changes: { pageCount: 5 }, reason: '无变化' }), 'item.noChanges');
    expect(snapshot(session)).toEqual(before);
    // A correction is for sealed originals; an unsealed one is simply edited.
    const fresh = await session.call('items.add', { archiveNo: file.archiveNo, title: '满意度调查表' });
    await expectDossierError(session.call('items.correct', { itemId: fresh.id, changes: { title: 'x' }, reason: '笔误' }), 'item.notSealed');

    const corrected = await session.call('items.correct', {
      itemId: contract.id,
      changes: { pageCount: 6, docNo: '(2026)第008号' },
      reason: '原登记页数及文号有误，经核对原件更正',
    });
    expect(corrected).toMatchObject({
      version: 2,
      originId: contract.id,
      previousVersionId: contract.id,
      current: true,
      sealed: true,
      seq: 2,
      pageCount: 6,
      pages: '3-8',
      docNo: '(2026)第008号',
      title: '购销合同',
      correctionReason: '原登记页数及文号有误，经核对原件更正',
    });
    expect(corrected.id).not.toBe(contract.id);
    expect(await lastAudit(session)).toMatchObject({ action: 'items.correct', targetId: corrected.id, details: { previousVersionId: contract.id, version: 2 } });

    // The contents list shows the current version only; pages after it follow.
    const detail = await session.call('files.get', { archiveNo: file.archiveNo });
    expect(detail.items.map((i) => [i.id, i.pages])).toEqual([
      [detail.items[0]!.id, '1-2'],
      [corrected.id, '3-8'],
      [detail.items[2]!.id, '9'],
      [fresh.id, '10'],
    ]);

    // The old version is untouched apart from being marked superseded.
    const history = await session.call('items.history', { itemId: corrected.id });
    expect(history.versions.map((v) => [v.version, v.pageCount, v.docNo, v.current, v.supersededById])).toEqual([
      [1, 5, '(2026)第007号', false, corrected.id],
      [2, 6, '(2026)第008号', true, null],
    ]);
    expect(history.versions[0]!.supersededAt).not.toBeNull();
    expect(
      history.changes
        .filter((c) => c.reason === '原登记页数及文号有误，经核对原件更正')
        .map((c) => c.field)
        .sort(),
    ).toEqual(['docNo', 'pageCount', 'version']);
    // Asking by the old version's id shows the same history.
    expect((await session.call('items.history', { itemId: contract.id })).versions).toHaveLength(2);

    // The superseded version cannot be changed; the new one is sealed too.
    await expectDossierError(session.call('items.correct', { itemId: contract.id, changes: { pageCount: 7 }, reason: '再改' }), 'item.superseded');
    await expectDossierError(session.call('items.update', { itemId: corrected.id, changes: { title: 'x' } }), 'item.sealed');
    const third = await session.call('items.correct', { itemId: corrected.id, changes: { title: '购销合同（补充协议）' }, reason: '题名补全' });
    expect(third.version).toBe(3);
  });
});

describe('files.update', () => {
  it('changes title, retention and remarks with history and audit; confidentiality needs a reason', async () => {
    const { session, file } = await archiveWithFile();
    const updated = await session.call('files.update', { archiveNo: file.archiveNo, title: '客户基本资料（2026）', retention: 'permanent', remarks: '缺开户许可证原件' });
    expect(updated).toMatchObject({ title: '客户基本资料（2026）', retention: 'permanent', remarks: '缺开户许可证原件' });
    expect(updated.history.map((h) => h.field).sort()).toEqual(['remarks', 'retention', 'title']);
    expect(await lastAudit(session)).toMatchObject({ action: 'files.update', targetLabel: file.archiveNo });

    const before = { audit: countRows(session, 'audit_log'), history: countRows(session, 'change_log') };
    const err = await expectDossierError(session.call('files.update', { archiveNo: file.archiveNo, confidentiality: 'confidential' }), 'history.reasonRequired');
    expect(err.params.field).toBe('confidentiality');
    await expectDossierError(session.call('files.update', { archiveNo: file.archiveNo, title: '客户基本资料（2026）' }), 'file.noChanges');
    expect({ audit: countRows(session, 'audit_log'), history: countRows(session, 'change_log') }).toEqual(before);
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).confidentiality).toBe('normal');

    const secret = await session.call('files.update', { archiveNo: file.archiveNo, confidentiality: 'confidential', reason: '含银行账户信息' });
    expect(secret.confidentiality).toBe('confidential');
    expect(secret.history[0]).toMatchObject({ field: 'confidentiality', oldValue: 'normal', newValue: 'confidential', reason: '含银行账户信息' });
  });
});

describe('permissions and clearance', () => {
  async function archiveWithUsers() {
    const { session, dir, client, file } = await archiveWithFile();
    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader pass', role: 'reader', clearance: 'top_secret' });
    await session.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk pass 1', role: 'clerk', clearance: 'restricted' });
    const item = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照副本', docKind: 'business_licence' });
    const safe = await session.call('files.addVolume', { archiveNo: file.archiveNo, fileTypeCode: 'certificates' });
    const secretItem = await session.call('items.add', { archiveNo: safe.archiveNo, title: '土地使用权证', docNo: '京国用(2019)第0123号' });
    session.close();
    return { dir, client, file, item, safe, secretItem };
  }

  it('refuses every contents write to a reader and writes nothing', async () => {
    const { dir, client, file, item } = await archiveWithUsers();
    const reader = await openArchive(dir, 'reader', 'reader pass');
    const before = snapshot(reader);
    const files = countRows(reader, 'files');
    const attempts: Promise<unknown>[] = [
      reader.call('items.add', { archiveNo: file.archiveNo, title: 'x' }),
      reader.call('items.addMany', { archiveNo: file.archiveNo, items: [{ title: 'x' }] }),
      reader.call('items.update', { itemId: item.id, changes: { title: 'x' } }),
      reader.call('items.remove', { itemId: item.id }),
      reader.call('items.reorder', { itemId: item.id, position: 1 }),
      reader.call('items.seal', { archiveNo: file.archiveNo }),
      reader.call('items.correct', { itemId: item.id, changes: { title: 'x' }, reason: 'x' }),
      reader.call('files.update', { archiveNo: file.archiveNo, title: 'x' }),
      reader.call('files.addVolume', { archiveNo: file.archiveNo }),
      reader.call('files.create', { clientId: client.id, title: 'x', fileTypeCode: 'certificates' }),
    ];
    for (const attempt of attempts) await expectDossierError(attempt, 'auth.forbidden');
    expect(snapshot(reader)).toEqual(before);
    expect(countRows(reader, 'files')).toBe(files);
    // Reading is allowed.
    expect((await reader.call('items.list', { archiveNo: file.archiveNo })).items).toHaveLength(1);
    reader.close();
  });

  it('hides the items of files above a user’s clearance', async () => {
    const { dir, file, safe, secretItem } = await archiveWithUsers();
    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1');
    await expectDossierError(clerk.call('items.list', { archiveNo: safe.archiveNo }), 'file.notFound');
    await expectDossierError(clerk.call('items.history', { itemId: secretItem.id }), 'item.notFound');
    const before = snapshot(clerk);
    await expectDossierError(clerk.call('items.update', { itemId: secretItem.id, changes: { title: 'x' } }), 'item.notFound');
    await expectDossierError(clerk.call('items.remove', { itemId: secretItem.id }), 'item.notFound');
    await expectDossierError(clerk.call('items.add', { archiveNo: safe.archiveNo, title: 'x' }), 'file.notFound');
    expect(snapshot(clerk)).toEqual(before);
    // The volume in the safe is not listed among the main file's volumes either.
    expect((await clerk.call('files.get', { archiveNo: file.archiveNo })).volumes).toEqual([]);
    // A clerk may not make a file above their own clearance (the certificates type defaults to 机密).
    await expectDossierError(clerk.call('files.addVolume', { archiveNo: file.archiveNo, fileTypeCode: 'certificates' }), 'file.aboveClearance');
    await expectDossierError(clerk.call('files.update', { archiveNo: file.archiveNo, confidentiality: 'confidential', reason: '涉密' }), 'file.aboveClearance');
    expect(snapshot(clerk)).toEqual(before);
    const volume = await clerk.call('files.addVolume', { archiveNo: file.archiveNo, fileTypeCode: 'certificates', confidentiality: 'restricted' });
    expect(volume.archiveNo).toBe(`${file.archiveNo}-2`);
    clerk.close();

    const admin = await openArchive(dir, ADMIN.username, ADMIN.password);
    expect((await admin.call('items.list', { archiveNo: safe.archiveNo })).items.map((i) => i.docNo)).toEqual(['京国用(2019)第0123号']);
    admin.close();
  });
});
