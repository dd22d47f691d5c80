/**
 * Labels end to end through the engine: positions on the page in millimetres (pdftotext
 * -bbox), every barcode of a full sheet decoded at print resolution (pdftoppm -r 300, zbarimg)
 * for each shipped layout, start position and copies, calibration offsets, outdated labels
 * after a client is renamed, clearance and the audit of confidential prints.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { slotRect, slotsPerPage } from '../../shared/domain/labels.js';
import type { LabelLayout } from '../../shared/ops/labels.js';
import { expectDossierError, newArchive, TEST_KDF, tempDir } from '../helpers.js';

const PT = 72 / 25.4;

interface Word {
  page: number;
  text: string;
  /** mm */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function pdfWords(pdf: Buffer): Word[] {
  const dir = tempDir();
  const file = path.join(dir, 'labels.pdf');
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = -1;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m) words.push({ page, text: m[5]!, x0: Number(m[1]) / PT, y0: Number(m[2]) / PT, x1: Number(m[3]) / PT, y1: Number(m[4]) / PT });
  }
  return words;
}

/** Decodes every barcode of every label of a page rendered at 300 dpi: one crop per label, as a handheld scanner sees one label. */
function decodeLabels(pdf: Buffer, layout: LabelLayout, page: number, slots: number[]): string[][] {
  const dir = tempDir();
  const file = path.join(dir, 'labels.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-f', String(page + 1), '-l', String(page + 1), '-singlefile', file, path.join(dir, 'page')]);
  const pgm = readFileSync(path.join(dir, 'page.pgm'));
  // P5 header: magic, width, height, maxval, then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = pgm.subarray(header[0].length);
  const px = (mm: number) => Math.round((mm / 25.4) * 300);
  const crops = slots.map((slot, i) => {
    const r = slotRect(layout, slot);
    const x0 = Math.max(0, px(r.x));
    const y0 = Math.max(0, px(r.y));
    const w = Math.min(width - x0, px(r.width));
    const h = Math.min(height - y0, px(r.height));
    const out = Buffer.alloc(w * h);
    for (let y = 0; y < h; y++) data.copy(out, y * w, (y0 + y) * width + x0, (y0 + y) * width + x0 + w);
    const name = path.join(dir, `label-${i}.pgm`);
    writeFileSync(name, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`, 'latin1'), out]));
    return name;
  });
  const result = execFileSync('zbarimg', ['--xml', '-q', ...crops], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // zbar's XML names each source file, then its symbols.
  const found = crops.map(() => [] as string[]);
  for (const source of result.split('<source').slice(1)) {
    const name = /href='([^']+)'/.exec(source)?.[1] ?? '';
    const index = crops.findIndex((c) => c === name);
    for (const m of source.matchAll(/<symbol type='([^']+)'[^>]*>(?:<[^>]+>)*?<data( format='base64')?[^>]*><!\[CDATA\[([^\]]*)\]\]><\/data>/g)) {
      const data = m[2] ? Buffer.from(m[3]!.trim(), 'base64').toString('utf8') : m[3]!;
      found[index]!.push(`${m[1]}:${data}`);
    }
  }
  return found;
}

async function pdfOf(result: { contentBase64: string }): Promise<Buffer> {
  return Buffer.from(result.contentBase64, 'base64');
}

async function archiveWithFiles(count: number, names?: (i: number) => string) {
  const { dir, session } = await newArchive();
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = names ? await session.call('clients.create', { name: names(i) }) : client;
    files.push((await session.call('files.create', { clientId: c.id, title: `客户基本资料 ${i + 1}` })).archiveNo);
  }
  return { dir, session, client, files };
}

function layoutNamed(layouts: LabelLayout[], name: string): LabelLayout {
  const layout = layouts.find((l) => l.name === name);
  if (!layout) throw new Error(`no layout ${name}`);
  return layout;
}

describe('label layouts', () => {
  it('ships the common A4 sheets and roll sizes, each with labels inside the page', async () => {
    const { session } = await newArchive();
    const layouts = await session.call('labels.layouts', {});
    expect(layouts.map((l) => l.name)).toEqual(['A4 2×5', 'A4 3×7', 'A4 3×8', 'A4 4×10', '60×40', '100×50', '40×30']);
    for (const l of layouts) {
      const last = slotRect(l, slotsPerPage(l) - 1);
      expect(last.x + last.width).toBeLessThanOrEqual(l.pageWidth + 0.01);
      expect(last.y + last.height).toBeLessThanOrEqual(l.pageHeight + 0.01);
    }
  });

  it('adds a layout, finds it by a typed name, refuses one that runs off the page and keeps the shipped ones', async () => {
    const { session } = await newArchive();
    const added = await session.call('labels.saveLayout', {
      name: 'A4 2×8 档案盒',
      pageWidth: 210,
      pageHeight: 297,
      columns: 2,
      rows: 8,
      labelWidth: 99,
      labelHeight: 34,
      marginLeft: 5,
      marginTop: 12.5,
      pitchX: 101,
      pitchY: 34,
    });
    expect(added.builtin).toBe(false);
    const roll = await session.call('labels.saveLayout', { name: '50x30', kind: 'roll', pageWidth: 0, pageHeight: 0, columns: 1, rows: 1, labelWidth: 50, labelHeight: 30 });
    expect([roll.pageWidth, roll.pageHeight]).toEqual([50, 30]);
    const overflow = await expectDossierError(
      session.call('labels.saveLayout', { name: '太宽', pageWidth: 210, pageHeight: 297, columns: 3, rows: 1, labelWidth: 70, labelHeight: 30, marginLeft: 5, pitchX: 70 }),
      'labels.layoutOverflow',
    );
    expect(overflow.params).toMatchObject({ axis: 'x', needed: 215, page: 210 });
    await expectDossierError(
      session.call('labels.saveLayout', { name: '重叠', pageWidth: 210, pageHeight: 297, columns: 2, rows: 1, labelWidth: 100, labelHeight: 30, pitchX: 90 }),
      'labels.layoutPitch',
    );
    await expectDossierError(
      session.call('labels.saveLayout', { name: 'a4 3x7', pageWidth: 210, pageHeight: 297, columns: 1, rows: 1, labelWidth: 50, labelHeight: 30 }),
      'labels.duplicateLayout',
    );
    const builtin = layoutNamed(await session.call('labels.layouts', {}), 'A4 3×7');
    await expectDossierError(session.call('labels.removeLayout', { id: builtin.id }), 'labels.builtinLayout');
    await session.call('labels.removeLayout', { id: added.id });
    expect((await session.call('labels.layouts', {})).map((l) => l.name)).not.toContain('A4 2×8 档案盒');
  });
});

describe('label sheets', () => {
  it('puts each label at its place in millimetres, long names shrunk or wrapped inside the label', async () => {
    const long = '陕西生态水泥股份有限公司西安分公司第二混凝土搅拌站及其附属物流运输与设备维修中心';
    const { session, files } = await archiveWithFiles(21, (i) => (i % 2 ? long : `宏远建工${i}`));
    const layout = layoutNamed(await session.call('labels.layouts', {}), 'A4 3×7');
    const result = await session.call('labels.print', { archiveNos: files, layout: 'A4 3x7', kind: 'folder' });
    expect(result.pages).toBe(1);
    expect(result.pageSize).toEqual({ widthMm: 210, heightMm: 297 });
    const words = pdfWords(await pdfOf(result));
    files.forEach((no, slot) => {
      const r = slotRect(layout, slot);
      const word = words.find((w) => w.text === no);
      expect(word, no).toBeDefined();
      // The archive number opens the label at its top left, inside the padding.
      expect(word!.x0).toBeGreaterThan(r.x + 1);
      expect(word!.x0).toBeLessThan(r.x + 4);
      expect(word!.y0).toBeGreaterThan(r.y + 0.5);
      expect(word!.y0).toBeLessThan(r.y + 5);
    });
    // No text of any label leaves its label.
    for (const w of words) {
      const inside = Array.from({ length: 21 }, (_, s) => slotRect(layout, s)).some(
        (r) => w.x0 >= r.x - 0.01 && w.x1 <= r.x + r.width + 0.01 && w.y0 >= r.y - 0.01 && w.y1 <= r.y + r.height + 0.01,
      );
      expect(inside, `${w.text} at ${w.x0.toFixed(1)},${w.y0.toFixed(1)}`).toBe(true);
    }
  });

  it('starts at a given position of a partly used sheet and prints copies next to each other', async () => {
    const { session, files } = await archiveWithFiles(3);
    const layout = layoutNamed(await session.call('labels.layouts', {}), 'A4 3×7');
    const result = await session.call('labels.print', { archiveNos: files, layout: layout.id, start: 5, copies: 2 });
    expect(result.labels).toBe(6);
    const words = pdfWords(await pdfOf(result)).filter((w) => /^KH-/.test(w.text));
    // Slots 5..10 (1-based): each number twice, in order.
    const placed = words.map((w) => {
      const slot = Array.from({ length: 21 }, (_, s) => s).find((s) => {
        const r = slotRect(layout, s);
        return w.x0 > r.x && w.x0 < r.x + r.width && w.y0 > r.y && w.y0 < r.y + r.height;
      });
      return [slot, w.text];
    });
    expect(placed).toEqual([
      [4, files[0]],
      [5, files[0]],
      [6, files[1]],
      [7, files[1]],
      [8, files[2]],
      [9, files[2]],
    ]);
    // A start beyond one sheet's labels continues on the next pages as needed.
    const spill = await session.call('labels.print', { archiveNos: files, layout: layout.id, start: 20, copies: 2 });
    expect(spill.pages).toBe(2);
  });

  it('moves every label by the calibrated offsets, and the calibration page draws them there', async () => {
    const { session, files } = await archiveWithFiles(2);
    const before = pdfWords(await pdfOf(await session.call('labels.print', { archiveNos: files, layout: 'A4 2×5' })));
    const calibrated = await session.call('labels.calibrate', { layout: 'A4 2×5', offsetX: 1.5, offsetY: -2 });
    expect([calibrated.offsetX, calibrated.offsetY]).toEqual([1.5, -2]);
    const after = pdfWords(await pdfOf(await session.call('labels.print', { archiveNos: files, layout: 'A4 2×5' })));
    for (const no of files) {
      const a = before.find((w) => w.text === no)!;
      const b = after.find((w) => w.text === no)!;
      expect(b.x0 - a.x0).toBeCloseTo(1.5, 1);
      expect(b.y0 - a.y0).toBeCloseTo(-2, 1);
    }
    await expectDossierError(session.call('labels.calibrate', { layout: 'A4 2×5', offsetX: 0, offsetY: -7 }), 'labels.offsetOffPage');
    const page = await session.call('labels.calibration', { layout: 'A4 2×5' });
    const text = pdfWords(await pdfOf(page))
      .map((w) => w.text)
      .join(' ');
    expect(text).toContain('+1.5');
    expect(text).toContain('−2.0');
  });

  it('prints roll labels one per page of the label size', async () => {
    const { session, files } = await archiveWithFiles(3);
    const result = await session.call('labels.print', { archiveNos: files, layout: '60x40', copies: 2 });
    expect(result.pages).toBe(6);
    expect(result.pageSize).toEqual({ widthMm: 60, heightMm: 40 });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'roll.pdf'), await pdfOf(result));
    const info = execFileSync('pdfinfo', [path.join(dir, 'roll.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+170\.0\d* x 113\.3\d* pts/);
  });
});

describe('barcodes', () => {
  const layouts = ['A4 2×5', 'A4 3×7', 'A4 3×8', 'A4 4×10', '60×40', '100×50', '40×30'];
  it.each(layouts)('every label of a full %s page scans back to its archive number at 300 dpi', async (name) => {
    const { session } = await newArchive();
    const layout = layoutNamed(await session.call('labels.layouts', {}), name);
    const perPage = slotsPerPage(layout);
    const count = layout.kind === 'roll' ? 2 : perPage;
    const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const files: string[] = [];
    for (let i = 0; i < count; i++) files.push((await session.call('files.create', { clientId: client.id, title: `资料 ${i}` })).archiveNo);
    const result = await session.call('labels.print', { archiveNos: files, layout: layout.id, kind: 'folder', barcode: 'both' });
    const pdf = await pdfOf(result);
    const decoded =
      layout.kind === 'roll'
        ? files.map((_, page) => decodeLabels(pdf, layout, page, [0])[0]!)
        : decodeLabels(
            pdf,
            layout,
            0,
            Array.from({ length: count }, (_, s) => s),
          );
    files.forEach((no, i) => {
      const small = result.warnings.some((w) => w.kind === 'code128TooLong' && w.value === no);
      // Code 128 where it fits at 0.25 mm modules; the QR code always.
      expect(decoded[i], `${name} label ${i + 1}`).toEqual(expect.arrayContaining([...(small ? [] : [`CODE-128:${no}`]), `QR-Code:${no}`]));
    });
  });

  it('prints a QR code for a number Code 128 cannot carry', async () => {
    const { session, client } = await archiveWithFiles(0);
    const file = await session.call('files.create', { clientId: client.id, title: '旧档案' });
    // A legacy number as an import keeps it (files.create always numbers by the pattern).
    session.db.sqlite.prepare('update files set archive_no = ? where archive_no = ?').run('京档-2019-永-0007', file.archiveNo);
    file.archiveNo = '京档-2019-永-0007';
    const layout = layoutNamed(await session.call('labels.layouts', {}), '100×50');
    const result = await session.call('labels.print', { archiveNos: [file.archiveNo], layout: layout.id, barcode: 'code128' });
    expect(result.warnings).toEqual([{ kind: 'code128Characters', value: '京档-2019-永-0007' }]);
    const [decoded] = decodeLabels(await pdfOf(result), layout, 0, [0]);
    // The symbol carries UTF-8 behind ECI 26; zbar reads the ECI but shows the bytes as Latin-1.
    expect(decoded!.map((d) => Buffer.from(d, 'latin1').toString('utf8'))).toEqual(['QR-Code:京档-2019-永-0007']);
  });
});

describe('choosing the labels to print', () => {
  it('finds labels made outdated by a client rename, and reprinting them brings them up to date', async () => {
    const { session, client, files } = await archiveWithFiles(2);
    const other = await session.call('clients.create', { name: '杭州瑞丰环保科技有限公司' });
    const third = (await session.call('files.create', { clientId: other.id, title: '合同' })).archiveNo;
    await session.call('labels.print', { archiveNos: [...files, third] });
    expect(await session.call('labels.outdated', {})).toEqual([]);
    await session.call('clients.update', { id: client.id, name: '北京宏远建工集团股份有限公司', reason: '改制' });
    const outdated = await session.call('labels.outdated', {});
    expect(outdated.map((o) => [o.archiveNo, o.printedClientName, o.clientName, o.fields])).toEqual(
      files.map((no) => [no, '北京宏远建工集团有限公司', '北京宏远建工集团股份有限公司', ['clientName']]),
    );
    const reprint = await session.call('labels.print', { outdated: true });
    expect(reprint.rows).toBe(2);
    expect(pdfWords(await pdfOf(reprint)).map((w) => w.text)).not.toContain(third);
    expect(await session.call('labels.outdated', {})).toEqual([]);
    await expectDossierError(session.call('labels.print', { outdated: true }), 'labels.noLabels');
  });

  it('selects the files added since a date and the files of a box, and prints box labels with their range', async () => {
    const { session, client, files } = await archiveWithFiles(3);
    const room = await session.call('locations.save', { kind: 'room', code: '1', name: '一号库房' });
    const cabinet = await session.call('locations.save', { kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
    const shelf = await session.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '3', name: '3架' });
    const box = await session.call('locations.save', { kind: 'box', parentId: shelf.id, code: '12', name: '12盒' });
    await session.call('files.move', { archiveNo: files[0]!, locationId: box.id });
    await session.call('files.move', { archiveNo: files[2]!, locationId: box.id });
    const inBox = await session.call('labels.print', { locationId: box.id });
    expect(inBox.rows).toBe(2);
    const boxLabel = await session.call('labels.print', { kind: 'box', locationId: room.id, layout: '100×50' });
    expect(boxLabel.rows).toBe(1);
    const words = pdfWords(await pdfOf(boxLabel)).map((w) => w.text);
    expect(words).toContain(`${files[0]}–${files[2]}`);
    const layout = layoutNamed(await session.call('labels.layouts', {}), '100×50');
    expect(decodeLabels(await pdfOf(boxLabel), layout, 0, [0])[0]).toContain(`CODE-128:${box.codePath}`);
    // Since a date: only files created from that day on.
    const later = session.withClock(() => new Date('2099-01-02T10:00:00'));
    const newer = (await later.call('files.create', { clientId: client.id, title: '新增资料' })).archiveNo;
    const since = await later.call('labels.print', { since: '2099-01-01' });
    expect(since.rows).toBe(1);
    expect(pdfWords(await pdfOf(since)).map((w) => w.text)).toContain(newer);
    await expectDossierError(session.call('labels.print', {}), 'labels.nothingSelected');
  });
});

describe('clearance and audit', () => {
  it('never prints a file above the user’s clearance, and audits the labels of 机密/绝密 files', async () => {
    const { dir, session } = await newArchive();
    const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const open = await session.call('files.create', { clientId: client.id, title: '公开资料' });
    const secret = await session.call('files.create', { clientId: client.id, title: '绝密合同', confidentiality: 'top_secret' });
    const room = await session.call('locations.save', { kind: 'room', code: '1', name: '一号库房' });
    const cabinet = await session.call('locations.save', { kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
    const shelf = await session.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '3', name: '3架' });
    const box = await session.call('locations.save', { kind: 'box', parentId: shelf.id, code: '12', name: '12盒' });
    for (const f of [open, secret]) await session.call('files.move', { archiveNo: f.archiveNo, locationId: box.id });
    await session.call('users.create', { username: 'clerk', displayName: '书记员', password: 'clerk pass', role: 'clerk', clearance: 'normal' });
    const clerk: ArchiveSession = await openArchive(dir, 'clerk', 'clerk pass', { kdfCost: TEST_KDF });
    try {
      await expectDossierError(clerk.call('labels.print', { archiveNos: [secret.archiveNo] }), 'file.notFound');
      for (const input of [{ locationId: box.id }, { kind: 'box' as const, locationId: box.id }, { since: '2000-01-01' }]) {
        const result = await clerk.call('labels.print', input);
        const text = pdfWords(await pdfOf(result))
          .map((w) => w.text)
          .join(' ');
        expect(text).not.toContain(secret.archiveNo);
        expect(text).not.toContain('绝密');
      }
      const audit = clerk.db.sqlite.prepare(`select details from audit_log where action = 'labels.print' order by seq`).all() as { details: string }[];
      expect(audit.map((a) => JSON.parse(a.details).confidentialFiles)).toEqual([[], [], []]);
    } finally {
      clerk.close();
    }
    await session.call('labels.print', { archiveNos: [secret.archiveNo, open.archiveNo] });
    const last = session.db.sqlite.prepare(`select username, target_type, details from audit_log where action = 'labels.print' order by seq desc limit 1`).get() as {
      username: string;
      details: string;
    };
    expect(last.username).toBe('admin');
    expect(JSON.parse(last.details)).toMatchObject({
      highestConfidentiality: 'top_secret',
      confidentialFiles: [{ archiveNo: secret.archiveNo, confidentiality: 'top_secret' }],
      files: 2,
    });
  });
});
