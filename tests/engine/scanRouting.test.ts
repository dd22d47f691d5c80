/**
 * The hot folder's routing: a scan whose name holds an archive number goes to that file; one
 * whose first page carries a file's Code 128 (a cover sheet) goes there too; the rest to the inbox.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blobsFor } from '../../db/blobs/store.js';
import { newArchive } from '../helpers.js';
import { coverSheetPdf, pngBytes } from '../fixtures/scanFiles.js';

describe('scan routing', { timeout: 120_000 }, () => {
  it('reads the barcode of a cover sheet and routes by it, by a number in the name, or to the inbox', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: '上海申达物流有限公司' });
    const a = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
    const b = await session.call('files.create', { clientId: client.id, title: '合同' });
    const store = blobsFor(session);
    const cover = await store.receive(Readable.from([await coverSheetPdf(b.archiveNo)]), { name: 'scan0001.pdf', maxBytes: 1 << 30 });
    expect(await store.readBarcodes(cover)).toEqual([b.archiveNo]);
    const named = await store.receive(Readable.from([await pngBytes(21)]), { name: `${a.archiveNo} 营业执照.png`, maxBytes: 1 << 30 });
    const other = await store.receive(Readable.from([await pngBytes(22)]), { name: 'IMG_0042.png', maxBytes: 1 << 30 });
    await store.readBarcodes(other);
    const { scans } = await session.call('scans.add', { uploadIds: [cover.id, named.id, other.id], route: true, source: 'watch' });
    expect(scans.map((s) => [s.name, s.archiveNo])).toEqual([
      ['scan0001.pdf', b.archiveNo],
      [`${a.archiveNo} 营业执照.png`, a.archiveNo],
      ['IMG_0042.png', null],
    ]);
    session.close();
  });
});
