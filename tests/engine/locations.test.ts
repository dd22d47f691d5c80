import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { countRows, expectDossierError, newArchive, testClock, personFor, SIGNED } from '../helpers.js';

/** 一号库房 / A柜 / 1架 / 1盒 and 2盒, a second shelf, and the safe; files of one client. */
async function storage(clock = testClock()) {
  const { session, dir } = await newArchive({ clock });
  const save = (input: Parameters<ArchiveSession['call']>[1] & object) => session.call('locations.save', input as never);
  const room = await save({ kind: 'room', code: '1', name: '一号库房' });
  const cabinet = await save({ kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
  const shelf = await save({ kind: 'shelf', parentId: cabinet.id, code: '1', name: '1架' });
  const box1 = await save({ kind: 'box', parentId: shelf.id, code: '1', name: '1盒', capacity: 2 });
  const box2 = await save({ kind: 'box', parentId: shelf.id, code: '2', name: '2盒' });
  const shelf2 = await save({ kind: 'shelf', parentId: cabinet.id, code: '2', name: '2架' });
  const safe = await save({ kind: 'cabinet', parentId: room.id, code: 'S', name: '保险柜' });
  const client = await session.call('clients.create', { name: '杭州瑞丰建材有限公司' });
  const files = [];
  for (const title of ['客户基本资料', '合同及订单档案', '回访记录']) files.push(await session.call('files.create', { clientId: client.id, title }));
  const secret = await session.call('files.create', { clientId: client.id, title: '权证档案', confidentiality: 'confidential' });
  return { session, dir, clock, room, cabinet, shelf, box1, box2, shelf2, safe, client, files: files as [(typeof files)[0], (typeof files)[0], (typeof files)[0]], secret };
}

async function addUsers(session: ArchiveSession) {
  await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader pass', role: 'reader', clearance: 'top_secret' });
  await session.call('users.create', { username: 'clerk', displayName: '档案员小王', password: 'clerk pass 1', role: 'clerk', clearance: 'restricted' });
}

describe('storage locations', () => {
  it('builds the tree room → cabinet → shelf → box in shelf order with paths', async () => {
    const { session, room, box1 } = await storage();
    const { nodes } = await session.call('locations.tree', {});
    expect(nodes.map((n) => `${'  '.repeat(n.depth)}${n.name}`)).toEqual(['一号库房', '  A柜', '    1架', '      1盒', '      2盒', '    2架', '  保险柜']);
    expect(box1).toMatchObject({ path: '一号库房 / A柜 / 1架 / 1盒', codePath: '1-A-1-1', capacity: 2, free: 2, holdsFiles: true, kind: 'box' });
    expect(nodes.find((n) => n.id === room.id)).toMatchObject({ holdsFiles: false, childCount: 2, fileCount: 0, capacity: null, free: null });
  });

  it('enforces nesting: a cabinet only in a room, a shelf only in a cabinet, a box only on a shelf; nothing written', async () => {
    const { session, room, cabinet, shelf, box1 } = await storage();
    const locations = countRows(session, 'locations');
    const audit = countRows(session, 'audit_log');
    await expectDossierError(session.call('locations.save', { kind: 'cabinet', code: 'X', name: '无处安放的柜' }), 'location.badNesting');
    await expectDossierError(session.call('locations.save', { kind: 'shelf', parentId: room.id, code: 'X', name: '架' }), 'location.badNesting');
    await expectDossierError(session.call('locations.save', { kind: 'box', parentId: cabinet.id, code: 'X', name: '盒' }), 'location.badNesting');
    await expectDossierError(session.call('locations.save', { kind: 'room', parentId: room.id, code: 'X', name: '库房中的库房' }), 'location.badNesting');
    await expectDossierError(session.call('locations.save', { kind: 'box', parentId: box1.id, code: 'X', name: '盒中盒' }), 'location.badNesting');
    await expectDossierError(session.call('locations.save', { kind: 'cabinet', parentId: 'no-such-id', code: 'X', name: '柜' }), 'location.notFound');
    // Same code beside an existing sibling (case-insensitive) is refused; under another parent it is fine.
    const dup = await expectDossierError(session.call('locations.save', { kind: 'cabinet', parentId: room.id, code: 'a', name: '另一个A柜' }), 'location.duplicateCode');
    expect(dup.params.path).toBe('一号库房 / A柜');
    // Kind and parent are fixed once created.
    await expectDossierError(session.call('locations.save', { id: shelf.id, parentId: room.id, code: '1', name: '1架' }), 'location.fixedPlace');
    await expectDossierError(session.call('locations.save', { id: shelf.id, kind: 'box', code: '1', name: '1架' }), 'location.fixedPlace');
    expect(countRows(session, 'locations')).toBe(locations);
    expect(countRows(session, 'audit_log')).toBe(audit);
    await session.call('locations.save', { kind: 'box', parentId: (await session.call('locations.tree', {})).nodes.find((n) => n.name === '2架')!.id, code: '1', name: '1盒' });
    expect(countRows(session, 'locations')).toBe(locations + 1);
  });

  it('renames a location and every path inside it, with an audit row', async () => {
    const { session, cabinet, box1, files } = await storage();
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    const renamed = await session.call('locations.save', { id: cabinet.id, code: 'B', name: 'B柜' });
    expect(renamed.path).toBe('一号库房 / B柜');
    const box = (await session.call('locations.tree', {})).nodes.find((n) => n.id === box1.id)!;
    expect(box).toMatchObject({ path: '一号库房 / B柜 / 1架 / 1盒', codePath: '1-B-1-1', capacity: 2 });
    expect((await session.call('files.whereIs', { archiveNo: files[0].archiveNo })).locationPath).toBe('一号库房 / B柜 / 1架 / 1盒');
    const [entry] = await session.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'locations.update', targetType: 'location', targetId: cabinet.id, targetLabel: '一号库房 / B柜' });
    expect(entry!.details).toMatchObject({ changed: { code: { from: 'A', to: 'B' }, name: { from: 'A柜', to: 'B柜' } } });
  });

  it('moves a file, records every move with who, when, from, to and why', async () => {
    const clock = testClock('2026-03-02T09:00:00');
    const { session, box1, box2, files } = await storage(clock);
    const first = await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    expect(first).toMatchObject({ fromPath: null, toPath: '一号库房 / A柜 / 1架 / 1盒', username: '管理员', reason: '' });
    clock.set('2026-03-03T10:30:00');
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box2.id, reason: '1盒受潮，倒盒' });
    const moves = await session.call('files.moves', { archiveNo: files[0].archiveNo });
    expect(moves.map((m) => [m.fromPath, m.toPath, m.reason])).toEqual([
      ['一号库房 / A柜 / 1架 / 1盒', '一号库房 / A柜 / 1架 / 2盒', '1盒受潮，倒盒'],
      [null, '一号库房 / A柜 / 1架 / 1盒', ''],
    ]);
    expect(moves[0]!.at).toBe(new Date('2026-03-03T10:30:00').toISOString());
    // The file's record carries its location wherever files are listed.
    expect((await session.call('files.get', { archiveNo: files[0].archiveNo })).locationPath).toBe('一号库房 / A柜 / 1架 / 2盒');
    expect((await session.call('files.get', { archiveNo: files[1].archiveNo })).locationPath).toBeNull();
    const listed = (await session.call('clients.get', { id: (await session.call('files.get', { archiveNo: files[0].archiveNo })).clientId })).files;
    expect(listed.find((f) => f.archiveNo === files[0].archiveNo)!.locationPath).toBe('一号库房 / A柜 / 1架 / 2盒');
    const [entry] = await session.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'files.move', targetType: 'file', targetLabel: files[0].archiveNo });
    expect(entry!.details).toMatchObject({ from: '一号库房 / A柜 / 1架 / 1盒', to: '一号库房 / A柜 / 1架 / 2盒', reason: '1盒受潮，倒盒' });
    // The file's change history (信息变更记录) shows the location change too.
    const history = session.db.sqlite.prepare("select field, old_value, new_value, reason from change_log where entity_type = 'file' and field = 'location' order by id").all();
    expect(history).toEqual([
      { field: 'location', old_value: null, new_value: '一号库房 / A柜 / 1架 / 1盒', reason: '' },
      { field: 'location', old_value: '一号库房 / A柜 / 1架 / 1盒', new_value: '一号库房 / A柜 / 1架 / 2盒', reason: '1盒受潮，倒盒' },
    ]);
    // The move history is append-only.
    expect(() => session.db.sqlite.prepare('delete from file_moves').run()).toThrow(/append-only/);
  });

  it('refuses a full location and writes nothing; the level above counts too', async () => {
    const { session, shelf, box1, box2, files } = await storage();
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    await session.call('files.move', { archiveNo: files[1].archiveNo, locationId: box1.id });
    let tree = (await session.call('locations.tree', {})).nodes;
    expect(tree.find((n) => n.id === box1.id)).toMatchObject({ fileCount: 2, directFileCount: 2, free: 0 });
    expect(tree.find((n) => n.id === shelf.id)).toMatchObject({ fileCount: 2, directFileCount: 0 });

    const moves = countRows(session, 'file_moves');
    const audit = countRows(session, 'audit_log');
    const err = await expectDossierError(session.call('files.move', { archiveNo: files[2].archiveNo, locationId: box1.id }), 'location.full');
    expect(err.params).toEqual({ path: '一号库房 / A柜 / 1架 / 1盒', capacity: 2 });
    expect(countRows(session, 'file_moves')).toBe(moves);
    expect(countRows(session, 'audit_log')).toBe(audit);
    expect((await session.call('files.whereIs', { archiveNo: files[2].archiveNo })).locationPath).toBeNull();

    // The shelf holds at most 2 files across its boxes: box 2 has room, the shelf does not.
    await session.call('locations.save', { id: shelf.id, code: '1', name: '1架', capacity: 2 });
    const shelfFull = await expectDossierError(session.call('files.move', { archiveNo: files[2].archiveNo, locationId: box2.id }), 'location.full');
    expect(shelfFull.params.path).toBe('一号库房 / A柜 / 1架');
    // Moving a file within the shelf does not count it twice.
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box2.id });
    tree = (await session.call('locations.tree', {})).nodes;
    expect(tree.find((n) => n.id === box1.id)).toMatchObject({ fileCount: 1, free: 1 });
    expect(tree.find((n) => n.id === shelf.id)).toMatchObject({ fileCount: 2, free: 0 });

    // A capacity below what a location already holds is refused.
    await expectDossierError(session.call('locations.save', { id: shelf.id, code: '1', name: '1架', capacity: 1 }), 'location.capacityBelowCount');
    expect(countRows(session, 'audit_log')).toBe(audit + 2);
  });

  it('puts files only on shelves and in boxes, and refuses a move to where the file already is', async () => {
    const { session, room, cabinet, shelf2, files } = await storage();
    await expectDossierError(session.call('files.move', { archiveNo: files[0].archiveNo, locationId: room.id }), 'location.notForFiles');
    await expectDossierError(session.call('files.move', { archiveNo: files[0].archiveNo, locationId: cabinet.id }), 'location.notForFiles');
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: shelf2.id });
    const audit = countRows(session, 'audit_log');
    await expectDossierError(session.call('files.move', { archiveNo: files[0].archiveNo, locationId: shelf2.id }), 'location.sameLocation');
    await expectDossierError(session.call('files.move', { archiveNo: 'KH-1999-0001', locationId: shelf2.id }), 'file.notFound');
    expect(countRows(session, 'audit_log')).toBe(audit);
  });

  it('removes only empty locations; the move history keeps the old path', async () => {
    const { session, shelf, box1, box2, files } = await storage();
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    const notEmpty = await expectDossierError(session.call('locations.remove', { id: box1.id }), 'location.notEmpty');
    expect(notEmpty.params).toMatchObject({ files: 1, children: 0 });
    expect((await expectDossierError(session.call('locations.remove', { id: shelf.id }), 'location.notEmpty')).params).toMatchObject({ children: 2 });
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box2.id });
    await session.call('locations.remove', { id: box1.id });
    expect((await session.call('locations.tree', {})).nodes.some((n) => n.id === box1.id)).toBe(false);
    const [entry] = await session.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'locations.remove', targetLabel: '一号库房 / A柜 / 1架 / 1盒' });
    const moves = await session.call('files.moves', { archiveNo: files[0].archiveNo });
    expect(moves[0]!.fromPath).toBe('一号库房 / A柜 / 1架 / 1盒');
    await expectDossierError(session.call('locations.remove', { id: box1.id }), 'location.notFound');
  });

  it('answers "where is file X?" for a shelved, an unshelved and a lent file', async () => {
    const clock = testClock('2026-03-02T09:00:00');
    const { session, box1, files, client } = await storage(clock);
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    expect(await session.call('files.whereIs', { archiveNo: files[0].archiveNo.toLowerCase() })).toMatchObject({
      archiveNo: files[0].archiveNo,
      title: '客户基本资料',
      clientName: client.name,
      status: 'in_stock',
      locationPath: '一号库房 / A柜 / 1架 / 1盒',
      locationCodePath: '1-A-1-1',
      loan: null,
    });
    expect(await session.call('files.whereIs', { archiveNo: files[1].archiveNo })).toMatchObject({ status: 'in_stock', locationId: null, locationPath: null, loan: null });

    await session.call('loans.lend', { archiveNo: files[0].archiveNo, borrower: await personFor(session, '销售部 李明'), paperApproval: SIGNED, purpose: '合同核对' });
    const lent = await session.call('files.whereIs', { archiveNo: files[0].archiveNo });
    expect(lent).toMatchObject({
      status: 'on_loan',
      locationPath: '一号库房 / A柜 / 1架 / 1盒',
      loan: { borrower: '销售部 李明', purpose: '合同核对', dueDate: '2026-03-05', overdue: false, lentBy: '管理员' },
    });
    clock.set('2026-03-06T09:00:00');
    expect((await session.call('files.whereIs', { archiveNo: files[0].archiveNo })).loan).toMatchObject({ overdue: true });
    // A lent file keeps its place: the box still counts it.
    expect((await session.call('locations.tree', {})).nodes.find((n) => n.id === box1.id)!.fileCount).toBe(1);
  });

  it('lists what a location holds in shelf order, hiding files above the user’s clearance', async () => {
    const { session, dir, room, box1, box2, shelf2, files, secret } = await storage();
    await session.call('files.move', { archiveNo: files[2].archiveNo, locationId: shelf2.id });
    await session.call('files.move', { archiveNo: files[1].archiveNo, locationId: box2.id });
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    await session.call('files.move', { archiveNo: secret.archiveNo, locationId: box1.id });
    const all = await session.call('locations.files', { id: room.id });
    expect(all.map((f) => [f.archiveNo, f.locationPath])).toEqual([
      [files[0].archiveNo, '一号库房 / A柜 / 1架 / 1盒'],
      [secret.archiveNo, '一号库房 / A柜 / 1架 / 1盒'],
      [files[1].archiveNo, '一号库房 / A柜 / 1架 / 2盒'],
      [files[2].archiveNo, '一号库房 / A柜 / 2架'],
    ]);
    await addUsers(session);
    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1');
    try {
      expect((await clerk.call('locations.files', { id: room.id })).map((f) => f.archiveNo)).not.toContain(secret.archiveNo);
      await expectDossierError(clerk.call('files.whereIs', { archiveNo: secret.archiveNo }), 'file.notFound');
      await expectDossierError(clerk.call('files.moves', { archiveNo: secret.archiveNo }), 'file.notFound');
      await expectDossierError(clerk.call('files.move', { archiveNo: secret.archiveNo, locationId: box2.id }), 'file.notFound');
      // A clerk shelves files and keeps the tree.
      await clerk.call('files.move', { archiveNo: files[0].archiveNo, locationId: box2.id });
      await clerk.call('locations.save', { kind: 'box', parentId: shelf2.id, code: '9', name: '9盒' });
    } finally {
      clerk.close();
    }
  });

  it('refuses every storage change to a reader and writes nothing', async () => {
    const { session, dir, cabinet, box1, files } = await storage();
    await session.call('files.move', { archiveNo: files[0].archiveNo, locationId: box1.id });
    await addUsers(session);
    const reader = await openArchive(dir, 'reader', 'reader pass');
    try {
      const audit = countRows(reader, 'audit_log');
      const err = await expectDossierError(reader.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '7', name: '7架' }), 'auth.forbidden');
      expect(err.params.capability).toBe('files.write');
      await expectDossierError(reader.call('locations.save', { id: box1.id, code: '1', name: '改名' }), 'auth.forbidden');
      await expectDossierError(reader.call('locations.remove', { id: box1.id }), 'auth.forbidden');
      await expectDossierError(reader.call('files.move', { archiveNo: files[1].archiveNo, locationId: box1.id }), 'auth.forbidden');
      expect(countRows(reader, 'audit_log')).toBe(audit);
      expect(countRows(reader, 'file_moves')).toBe(1);
      // Reading is allowed.
      expect((await reader.call('locations.tree', {})).nodes).toHaveLength(7);
      expect((await reader.call('files.whereIs', { archiveNo: files[0].archiveNo })).locationPath).toBe('一号库房 / A柜 / 1架 / 1盒');
    } finally {
      reader.close();
    }
  });
});
