/**
 * An item's page count follows its scans in the engine (scans.add with an item, scans.assign,
 * scans.remove): filled when nobody typed it, kept equal once filled, never overwriting a count
 * the clerk typed or a sealed original (reported instead), with the item's history and audit.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ArchiveSession } from '../../db/archive.js';
import { blobsFor } from '../../db/blobs/store.js';
import { newArchive } from '../helpers.js';
import { pdfBytes, pngBytes } from '../fixtures/scanFiles.js';

async function upload(session: ArchiveSession, bytes: Buffer, name: string): Promise<string> {
  return (await blobsFor(session).receive(Readable.from([bytes]), { name, maxBytes: 100 * 1024 * 1024 })).id;
}

async function setup(confidentiality?: 'confidential') {
  const { session } = await newArchive();
  const client = await session.call('clients.create', { name: '杭州钱塘新材料股份有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料', ...(confidentiality ? { confidentiality } : {}) });
  const items = async () => (await session.call('items.list', { archiveNo: file.archiveNo })).items;
  const audits = (action: string) =>
    session.db
      .all(session.db.k.selectFrom('audit_log').select(['targetId', 'details']).where('action', '=', action).orderBy('seq'))
      .map((r) => ({ targetId: r.targetId, details: JSON.parse(r.details) as Record<string, unknown> }));
  return { session, file, items, audits };
}

describe('item page count from scans', { timeout: 120_000 }, () => {
  it('fills an item added without a page count, follows its scans as they come and go, and records each change', async () => {
    const { session, file, items, audits } = await setup();
    const licence = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照' });
    const lease = await session.call('items.add', { archiveNo: file.archiveNo, title: '租赁合同', pageCount: 2 });
    expect([licence.pageCount, licence.pages, lease.pages]).toEqual([1, '1', '2-3']);

    const added = await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('licence', 3), '执照.pdf')], fileId: file.id, itemId: licence.id });
    expect(added.itemPages).toEqual([{ itemId: licence.id, archiveNo: file.archiveNo, seq: 1, pageCount: 3, previous: 1, scanPages: 3, outcome: 'filled' }]);
    // The contents list's page ranges (页号) follow: item 2 now starts at page 4.
    expect((await items()).map((i) => [i.pageCount, i.pages])).toEqual([
      [3, '1-3'],
      [2, '4-5'],
    ]);

    // A second scan of the same item (a PNG, one page) as a job, as the screen runs it.
    const job = await session.call('jobs.start', {
      operation: 'scans.add',
      input: { uploadIds: [await upload(session, await pngBytes(7), '背面.png')], fileId: file.id, itemId: licence.id },
    });
    const ended = await session.jobs.settled(job.id);
    expect(ended.state).toBe('done');
    expect((ended.result as { itemPages: unknown[] }).itemPages).toMatchObject([{ seq: 1, previous: 3, pageCount: 4, outcome: 'filled' }]);

    // Removing the PDF: the count follows down to the PNG's one page.
    const scans = await session.call('scans.list', { fileId: file.id });
    const pdf = scans.find((s) => s.name === '执照.pdf')!;
    const removed = await session.call('scans.remove', { id: pdf.id });
    expect(removed.itemPages).toMatchObject([{ seq: 1, previous: 4, pageCount: 1, outcome: 'filled' }]);
    expect((await items())[0]).toMatchObject({ pageCount: 1, pages: '1' });

    // History and audit as for an item change: pageCount 1 → 3 → 4 → 1, each an items.update.
    const history = await session.call('items.history', { itemId: licence.id });
    expect(history.changes.filter((c) => c.field === 'pageCount').map((c) => [c.oldValue, c.newValue])).toEqual([
      ['4', '1'],
      ['3', '4'],
      ['1', '3'],
    ]);
    expect(audits('items.update').map((a) => [a.targetId, a.details.changes, a.details.fromScans])).toEqual([
      [licence.id, [{ field: 'pageCount', from: 1, to: 3 }], true],
      [licence.id, [{ field: 'pageCount', from: 3, to: 4 }], true],
      [licence.id, [{ field: 'pageCount', from: 4, to: 1 }], true],
    ]);
  });

  it('keeps a page count the clerk typed and reports the difference; a typed count equal to the scans is left alone', async () => {
    const { session, file, items, audits } = await setup();
    const typed = await session.call('items.add', { archiveNo: file.archiveNo, title: '股东会决议', pageCount: 4 });
    const three = await session.call('items.add', { archiveNo: file.archiveNo, title: '章程', pageCount: 3 });
    const pdf3 = await pdfBytes('resolution', 3);

    const mismatch = await session.call('scans.add', { uploadIds: [await upload(session, pdf3, '决议.pdf')], archiveNo: file.archiveNo, itemSeq: 1 });
    expect(mismatch.itemPages).toEqual([{ itemId: typed.id, archiveNo: file.archiveNo, seq: 1, pageCount: 4, previous: 4, scanPages: 3, outcome: 'typed' }]);
    const matching = await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('articles', 3), '章程.pdf')], fileId: file.id, itemId: three.id });
    expect(matching.itemPages).toEqual([]);
    expect((await items()).map((i) => i.pageCount)).toEqual([4, 3]);
    expect(audits('items.update')).toEqual([]);

    // The clerk edits the count of an item that was filled from scans: from then on it is theirs.
    const filled = await session.call('items.add', { archiveNo: file.archiveNo, title: '授权书' });
    await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('letter', 2), '授权书.pdf')], fileId: file.id, itemId: filled.id });
    expect((await items())[2]!.pageCount).toBe(2);
    await session.call('items.update', { itemId: filled.id, changes: { pageCount: 5 } });
    const more = await session.call('scans.add', { uploadIds: [await upload(session, await pngBytes(9), '附页.png')], fileId: file.id, itemId: filled.id });
    expect(more.itemPages).toMatchObject([{ seq: 3, pageCount: 5, scanPages: 3, outcome: 'typed' }]);
    // A count typed as 0 is empty: the scans fill it.
    const empty = await session.call('items.add', { archiveNo: file.archiveNo, title: '身份证复印件', pageCount: 0 });
    const fillsEmpty = await session.call('scans.add', { uploadIds: [await upload(session, await pngBytes(11), '身份证.png')], fileId: file.id, itemId: empty.id });
    expect(fillsEmpty.itemPages).toMatchObject([{ seq: 4, previous: 0, pageCount: 1, outcome: 'filled' }]);
  });

  it('moves pages with a scan assigned from the inbox and between items', async () => {
    const { session, file, items } = await setup();
    const first = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照' });
    const second = await session.call('items.add', { archiveNo: file.archiveNo, title: '开户许可证' });
    const inbox = await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('permit', 2), 'scan0001.pdf')] });
    expect(inbox.itemPages).toEqual([]);
    const scanId = inbox.scans[0]!.id;

    const assigned = await session.call('scans.assign', { id: scanId, archiveNo: file.archiveNo, itemSeq: 1 });
    expect([assigned.itemSeq, assigned.itemPages]).toEqual([
      1,
      [{ itemId: first.id, archiveNo: file.archiveNo, seq: 1, pageCount: 2, previous: 1, scanPages: 2, outcome: 'filled' }],
    ]);
    // Wrong item: moved to the second, the first has no scans left (0, no page range), the second takes them.
    const moved = await session.call('scans.assign', { id: scanId, fileId: file.id, itemId: second.id });
    expect(moved.itemPages.map((p) => [p.seq, p.previous, p.pageCount, p.outcome])).toEqual([
      [1, 2, 0, 'filled'],
      [2, 1, 2, 'filled'],
    ]);
    expect((await items()).map((i) => [i.pageCount, i.pages])).toEqual([
      [0, ''],
      [2, '1-2'],
    ]);
  });

  it('keeps the scans of a removed item on the file', async () => {
    const { session, file, audits } = await setup();
    const item = await session.call('items.add', { archiveNo: file.archiveNo, title: '作废的登记表' });
    await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('form', 2), '登记表.pdf')], fileId: file.id, itemId: item.id });
    const contents = await session.call('items.remove', { itemId: item.id });
    expect(contents.items).toEqual([]);
    expect((await session.call('scans.list', { fileId: file.id })).map((s) => [s.name, s.itemId, s.itemSeq])).toEqual([['登记表.pdf', null, null]]);
    expect(audits('items.remove').map((a) => a.details.scansKeptOnFile)).toEqual([1]);
  });

  it('never changes a sealed original, nor a count that would move a sealed item’s page numbers', async () => {
    const { session, file, items, audits } = await setup();
    const open = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照' });
    const sealed = await session.call('items.add', { archiveNo: file.archiveNo, title: '开户许可证', pageCount: 2 });
    await session.call('items.seal', { archiveNo: file.archiveNo, itemId: sealed.id });

    const onSealed = await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('permit', 3), '许可证.pdf')], fileId: file.id, itemId: sealed.id });
    expect(onSealed.itemPages).toMatchObject([{ seq: 2, pageCount: 2, scanPages: 3, outcome: 'sealed' }]);
    // Item 1 filling to 4 pages would move sealed item 2 off pages 2-3 written on its paper.
    const before = await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('licence', 4), '执照.pdf')], fileId: file.id, itemId: open.id });
    expect(before.itemPages).toMatchObject([{ seq: 1, pageCount: 1, scanPages: 4, outcome: 'sealedPlace' }]);
    expect((await items()).map((i) => [i.pageCount, i.pages])).toEqual([
      [1, '1'],
      [2, '2-3'],
    ]);
    expect(audits('items.update')).toEqual([]);
    // The scans were stored all the same.
    expect(await session.call('scans.list', { fileId: file.id })).toHaveLength(2);
  });

  it('fills the item of a 机密 file, its history sealed like the file’s other content', async () => {
    const { session, file, items } = await setup('confidential');
    const item = await session.call('items.add', { archiveNo: file.archiveNo, title: '保密协议' });
    const added = await session.call('scans.add', { uploadIds: [await upload(session, await pdfBytes('nda', 3), '保密协议.pdf')], fileId: file.id, itemId: item.id });
    expect(added.itemPages).toMatchObject([{ seq: 1, pageCount: 3, outcome: 'filled' }]);
    expect((await items())[0]).toMatchObject({ pageCount: 3, pages: '1-3', title: '保密协议' });
    const history = await session.call('items.history', { itemId: item.id });
    expect(history.changes.find((c) => c.field === 'pageCount')).toMatchObject({ oldValue: '1', newValue: '3' });
    // Stored sealed: the raw change-log row does not hold the plain value.
    const raw = session.db.sqlite.prepare(`select new_value as v from change_log where entity_id = ? and field = 'pageCount'`).all(item.originId) as { v: string }[];
    expect(raw).toHaveLength(1);
    expect(raw[0]!.v).not.toBe('3');
  });
});
