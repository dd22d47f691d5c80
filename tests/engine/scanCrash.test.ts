/**
 * A scan import killed (SIGKILL, a real child process) at each step of its write: temp file
 * written, checked, synced, renamed, folder synced, rows committed. Whatever the step, the next
 * unlock finds either no scan and no file left over, or the complete scan, which verifies.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { BlobStep } from '../../db/blobs/store.js';
import { ADMIN, TEST_KDF, newArchive } from '../helpers.js';
import { paddedPdf } from '../fixtures/scanFiles.js';

const CHILD = path.join(import.meta.dirname, '../fixtures/scanChild.ts');
const STEPS: BlobStep[] = ['tempWritten', 'inspected', 'fsynced', 'renamed', 'dirSynced', 'committed'];

describe('scan import killed mid-write', { timeout: 600_000 }, () => {
  it.each(STEPS)('killed at %s: no scan and nothing left over, or the whole scan', async (step) => {
    const { dir, session } = await newArchive();
    const client = await session.call('clients.create', { name: '广州南方建材有限公司' });
    const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
    session.close();
    const source = path.join(dir, '..', `source-${step}.pdf`);
    // Over 3 MB, so the blob has several chunks.
    writeFileSync(source, paddedPdf(3_500_000 + STEPS.indexOf(step)));
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dir, ADMIN.username, ADMIN.password, file.archiveNo, source, step], { encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    const reopened = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    const scans = await reopened.call('scans.list', { archiveNo: file.archiveNo });
    const files = readdirSync(path.join(dir, 'blobs'));
    if (step === 'committed') {
      expect(scans).toHaveLength(1);
      expect(scans[0]).toMatchObject({ name: 'crash.pdf', pageCount: 1 });
    } else {
      expect(scans).toEqual([]);
    }
    // The unlock swept the leftovers: exactly the blobs rows name, no temp file.
    const rows = reopened.db.all(reopened.db.k.selectFrom('blobs').select('id')).map((r) => `${r.id}.blob`);
    expect(files.sort()).toEqual(rows.sort());
    const report = await reopened.call('scans.verify', {});
    expect([report.blobs, report.ok, report.problems]).toEqual([rows.length, rows.length, []]);
    reopened.close();
  });
});
