/**
 * The quick structural read of small PDFs (db/blobs/pdfStructure.ts) against pdf.js: it gives
 * the page count pdf.js gives for plain documents, and null (pdf.js decides) for encrypted,
 * damaged or unusual ones; on hundreds of damaged variants of valid files it never vouches for
 * one that pdf.js cannot open or counts differently.
 */
import { describe, expect, it } from 'vitest';
import { plainPdfPageCount } from '../../db/blobs/pdfStructure.js';
import { paddedPdf, pdfBytes } from '../fixtures/scanFiles.js';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

/** What pdf.js makes of `bytes` as the worker's check asks it: the page count, or null when it fails to open the document or its first page. */
async function pdfjsPages(bytes: Buffer): Promise<number | null> {
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  try {
    const doc = await task.promise;
    await doc.getPage(1);
    return doc.numPages;
  } catch {
    return null;
  } finally {
    await task.destroy();
  }
}

/** xorshift: the same variants on every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('quick PDF structure check', { timeout: 120_000 }, () => {
  it('counts the pages of plain documents as pdf.js does', async () => {
    for (const pdf of [await pdfBytes('lease', 1), await pdfBytes('lease', 3), await pdfBytes('contract', 7, { compress: true }), paddedPdf(200 * 1024)]) {
      const pages = await pdfjsPages(pdf);
      expect(pages).not.toBeNull();
      expect(plainPdfPageCount(pdf)).toBe(pages);
    }
  });

  it('leaves encrypted, incrementally updated and broken documents to pdf.js', async () => {
    const plain = await pdfBytes('lease', 2);
    expect(plainPdfPageCount(await pdfBytes('secret', 1, { userPassword: 'pw' }))).toBeNull();
    expect(plainPdfPageCount(Buffer.from('%PDF-1.7\n garbage garbage\n%%EOF\n'))).toBeNull();
    expect(plainPdfPageCount(plain.subarray(0, plain.length - 40))).toBeNull();
    // An update appended to the document (a second trailer with /Prev): its latest revision is pdf.js's to read.
    const text = plain.toString('latin1');
    const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(-64))![1]);
    const update = `\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root 1 0 R /Prev ${startxref} >>\nstartxref\n${plain.length + 1}\n%%EOF\n`;
    expect(plainPdfPageCount(Buffer.concat([plain, Buffer.from(update, 'latin1')]))).toBeNull();
    // A /Count that does not match the tree.
    expect(plainPdfPageCount(Buffer.from(text.replace('/Count 2', '/Count 3'), 'latin1'))).toBeNull();
  });

  it('gives up at once on a hostile page tree whose page objects nest inside one another', () => {
    // 20,000 pages, each one's dictionary holding the next ones inside a string: read one by one, every page spans the rest of the file.
    const kids = 20_000;
    const head = '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
    const pagesAt = head.length;
    const pages = `2 0 obj\n<< /Type /Pages /Count ${kids} /Kids [${Array.from({ length: kids }, (_, i) => `${i + 3} 0 R`).join(' ')}] >>\nendobj\n`;
    let body = '';
    const at: number[] = [];
    for (let i = 0; i < kids; i++) {
      at.push(pagesAt + pages.length + body.length);
      body += `${i + 3} 0 obj << /Type /Page /X (`;
    }
    body += ') >> '.repeat(kids) + '\nendobj\n';
    const xrefAt = pagesAt + pages.length + body.length;
    const entries = [9, pagesAt, ...at];
    const xref = `xref\n0 ${kids + 3}\n0000000000 65535 f \n${entries.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    const pdf = Buffer.from(`${head}${pages}${body}${xref}trailer\n<< /Size ${kids + 3} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1');
    const started = performance.now();
    expect(plainPdfPageCount(pdf)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('vouches for no damaged variant that pdf.js refuses or counts differently', async () => {
    const sources = [await pdfBytes('lease', 3), paddedPdf(20 * 1024)];
    const next = random(0x5eed);
    let vouched = 0;
    for (let i = 0; i < 400; i++) {
      const source = sources[i % sources.length]!;
      const bytes = Buffer.from(source);
      // Damage where the structure is: the first bytes (objects) or the cross-reference table and trailer at the end.
      const region = next() < 0.5 ? Math.floor(next() * Math.min(600, bytes.length)) : bytes.length - 1 - Math.floor(next() * Math.min(700, bytes.length));
      const kind = next();
      let variant: Buffer;
      if (kind < 0.5) {
        bytes[region] = Math.floor(next() * 256);
        variant = bytes;
      } else if (kind < 0.75) {
        variant = Buffer.concat([bytes.subarray(0, region), bytes.subarray(region + 1 + Math.floor(next() * 8))]);
      } else {
        variant = Buffer.concat([bytes.subarray(0, region), Buffer.from(String.fromCharCode(32 + Math.floor(next() * 90)), 'latin1'), bytes.subarray(region)]);
      }
      const quick = plainPdfPageCount(variant);
      if (quick === null) continue;
      vouched++;
      expect(await pdfjsPages(variant), `variant ${i}`).toBe(quick);
    }
    // Harmless damage (inside a string or a stream) still reads as plain: the check is not simply refusing everything.
    expect(vouched).toBeGreaterThan(20);
  });
});
