/**
 * OCR of scans: a scanned PDF (an image of a Chinese letter, no text layer) attached to an item
 * is read in a background job; the clerk then finds the scan by a phrase printed on it (3+
 * characters, 1-2 characters, typed in Traditional characters), and the viewer learns where on
 * the page it is. A 普通 reader never finds the same text on a 绝密 file's scan; a cancelled run
 * writes nothing; a second scan of the same document is not read again; no OCR text reaches the
 * archive folder in plaintext.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { blobsFor } from '../../db/blobs/store.js';
import { AUTHORISATION, CONTRACT, renderOcrPage, scannedPdf } from '../fixtures/ocr/pages.js';
import { catalogs } from '../../shared/i18n/index.js';
import { countRows, expectDossierError, newArchive, TEST_KDF } from '../helpers.js';

async function upload(session: ArchiveSession, name: string, bytes: Buffer): Promise<string> {
  const staged = await blobsFor(session).receive(
    (async function* () {
      yield bytes;
    })(),
    { name, maxBytes: 100 * 1024 * 1024 },
  );
  return staged.id;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('OCR of scans into search', { timeout: 240_000 }, () => {
  it('reads a scanned PDF in a job, finds it by a printed phrase, and shows where', async () => {
    const { session, dir } = await newArchive();
    const client = await session.call('clients.create', { name: '上海浦江物流股份有限公司' });
    const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
    const item = await session.call('items.add', { archiveNo: file.archiveNo, title: '授权委托书' });
    const pdf = await scannedPdf([await renderOcrPage(AUTHORISATION, 'stamped')]);

    const added = await session.call('scans.add', { uploadIds: [await upload(session, '授权委托书.pdf', pdf)], fileId: file.id, itemId: item.id });
    const scan = added.scans[0]!;
    expect((await session.call('ocr.status', { fileId: file.id }))[0]).toMatchObject({ scanId: scan.id, state: 'pending' });

    // A cancelled run writes nothing.
    const cancelled = await session.call('jobs.start', { operation: 'ocr.run', input: { fileId: file.id } });
    await session.call('jobs.cancel', { id: cancelled.id });
    expect((await session.jobs.settled(cancelled.id)).state).toBe('cancelled');
    expect(countRows(session, 'scan_pages')).toBe(0);
    expect(countRows(session, 'scan_ocr')).toBe(0);

    const events: { id: string; phase: string }[] = [];
    const off = session.jobs.on((j) => events.push({ id: j.id, phase: j.progress.phase }));
    const job = await session.call('jobs.start', { operation: 'ocr.run', input: { fileId: file.id } });
    const done = await session.jobs.settled(job.id);
    off();
    expect(done.state).toBe('done');
    // The tray and the CLI say what happens: reading text (识别文字), not reading a file (读取文件).
    const phases = [...new Set(events.filter((e) => e.id === job.id).map((e) => e.phase))];
    expect(phases).toContain('recognize');
    expect(phases).not.toContain('read');
    expect([catalogs['zh-CN'].ui.jobs.phase.recognize, catalogs.en.ui.jobs.phase.recognize]).toEqual(['识别文字', 'Reading text']);
    expect(done.result).toMatchObject({ scans: 1, pages: 1, failed: [] });
    expect((await session.call('ocr.status', { fileId: file.id }))[0]).toMatchObject({ state: 'done', pages: 1 });

    // Found by a phrase of the letter: long, short, and typed in Traditional characters.
    for (const q of ['客户档案查阅', '复印', '檔案查閱', '浦江物流']) {
      const hits = (await session.call('search.query', { q })).hits.filter((h) => h.kind === 'scan');
      expect(
        hits.map((h) => [h.id, h.archiveNo]),
        q,
      ).toEqual([[scan.id, file.archiveNo]]);
    }
    // A phrase the line end breaks ("办理" ends line 3, "客户档案" begins line 4).
    expect((await session.call('search.query', { q: '办理客户档案' })).hits.some((h) => h.id === scan.id)).toBe(true);

    // Where: line 4 of the letter (drawn at y ≈ 315 of 1000), the left part of the line.
    const found = await session.call('ocr.find', { scanId: scan.id, q: '客户档案查阅' });
    expect(found.hits).toHaveLength(1);
    const [x, y, w, h] = found.hits[0]!.box;
    const { width, height } = found.hits[0]!;
    expect(y / height).toBeGreaterThan(0.27);
    expect((y + h) / height).toBeLessThan(0.38);
    expect(x / width).toBeLessThan(0.1);
    expect(w / width).toBeGreaterThan(0.1);
    expect(w / width).toBeLessThan(0.3);
    const page = await session.call('ocr.page', { scanId: scan.id, page: 1 });
    expect(page.source).toBe('ocr');
    expect(page.lines.map((l) => l.text).join('')).toContain('作为我单位的合法代理人，前往贵公司办理客户档案查阅及复印事宜');

    // The same document in the 绝密 file is stored apart, in that file's key scope (no blob shared across scopes):
    // its text is read again, not copied from the ordinary scan.
    const secret = await session.call('files.create', { clientId: client.id, title: '并购底稿', confidentiality: 'top_secret' });
    const secretAdd = await session.call('scans.add', { uploadIds: [await upload(session, '授权委托书.pdf', pdf)], fileId: secret.id });
    const again = await session.call('ocr.run', { fileId: secret.id });
    expect(again).toMatchObject({ scans: 1, reused: 0, pages: 1 });
    const both = (await session.call('search.query', { q: '客户档案查阅' })).hits.filter((h) => h.kind === 'scan').map((h) => h.id);
    expect(both.sort()).toEqual([scan.id, secretAdd.scans[0]!.id].sort());
    // At rest the 绝密 scan's text is sealed under its file's key (level keys), the ordinary one's is not.
    const stored = (id: string) => session.db.sqlite.prepare('select text, lines from scan_pages where scan_id = ?').get(id) as { text: string; lines: string };
    expect(stored(secretAdd.scans[0]!.id).text.startsWith('\u0002dsk1.')).toBe(true);
    expect(stored(secretAdd.scans[0]!.id).lines.startsWith('\u0002dsk1.')).toBe(true);
    expect(stored(scan.id).text).toContain('客户档案查阅');

    // A 普通 reader finds the ordinary file's scan and never the 绝密 one.
    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader password', role: 'reader', clearance: 'normal' });
    session.close();
    const reader = await openArchive(dir, 'reader', 'reader password', { kdfCost: TEST_KDF });
    try {
      const seen = (await reader.call('search.query', { q: '客户档案查阅' })).hits.filter((h) => h.kind === 'scan').map((h) => h.id);
      expect(seen).toEqual([scan.id]);
      expect((await reader.call('ocr.find', { scanId: scan.id, q: '复印' })).hits.length).toBeGreaterThan(0);
      await expectDossierError(reader.call('ocr.find', { scanId: secretAdd.scans[0]!.id, q: '复印' }), 'scans.notFound');
      await expectDossierError(reader.call('ocr.page', { scanId: secretAdd.scans[0]!.id, page: 1 }), 'scans.notFound');
      // Reading needs scans.write.
      await expectDossierError(reader.call('ocr.run', { fileId: file.id }), 'auth.forbidden');
    } finally {
      reader.close();
    }

    // No OCR text in plaintext anywhere in the archive folder.
    const marker = Buffer.from('客户档案查阅', 'utf8');
    for (const f of filesUnder(dir)) expect(readFileSync(f).includes(marker), f).toBe(false);
  });

  it('a file raised to 机密 takes its scans’ text under its key, and lowered back opens it', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: '广州粤海商品混凝土有限公司' });
    const file = await session.call('files.create', { clientId: client.id, title: '合同' });
    const pdf = await scannedPdf([await renderOcrPage(CONTRACT, 'clean')]);
    const [scan] = (await session.call('scans.add', { uploadIds: [await upload(session, '合同.pdf', pdf)], fileId: file.id })).scans;
    await session.call('ocr.run', { fileId: file.id });
    const stored = () => (session.db.sqlite.prepare('select text from scan_pages where scan_id = ?').get(scan!.id) as { text: string }).text;
    const found = async () => (await session.call('search.query', { q: '每月二十五日对账', kinds: ['scan'] })).hits.map((h) => h.id);
    expect(stored()).toContain('每月二十五日对账');
    expect(await found()).toEqual([scan!.id]);

    await session.call('files.update', { archiveNo: file.archiveNo, confidentiality: 'confidential', reason: '含商业秘密' });
    expect(stored().startsWith('\u0002dsk1.')).toBe(true);
    // The main index (under the data key) keeps no trace of the text; the level index finds it once.
    const indexed = session.db.sqlite.prepare(`select text from search_docs where kind = 'scan' and ref_id = ?`).get(scan!.id) as { text: string };
    expect(indexed.text).not.toContain('二十五日');
    expect(await found()).toEqual([scan!.id]);
    expect((await session.call('ocr.find', { scanId: scan!.id, q: '每月二十五日对账' })).hits).toHaveLength(1);

    await session.call('files.update', { archiveNo: file.archiveNo, confidentiality: 'normal', reason: '解密' });
    expect(stored()).toContain('每月二十五日对账');
    expect(await found()).toEqual([scan!.id]);
  });
});
