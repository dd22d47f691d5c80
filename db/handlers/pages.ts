/** `pages.render`: one page of a scan as PNG, drawn in a worker thread, held in memory only. */
import { roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { pagesOps } from '../../shared/ops/pages.js';
import { blobsFor } from '../blobs/store.js';
import { findScan } from '../records/scans.js';
import { runTask } from '../workers/pool.js';
import { staged } from './kit.js';
import type { HandlersOf } from './kit.js';

type Rendered = { mimeType: 'image/png'; base64: string; file: { id: string; archiveNo: string; confidentiality: 'normal' | 'restricted' | 'confidential' | 'top_secret' } | null };

export const renderPage = staged<'pages.render', Rendered, Rendered>({
  prepare: async (ctx, input, control) => {
    const scan = findScan(ctx, input.scanId, roleCan(ctx.user.role, 'scans.write'));
    if (input.page > scan.pageCount) throw new DossierError('validation', { detail: 'no such page' });
    const access = blobsFor(ctx).access({ id: scan.blobId, keyScope: scan.keyScope, wrappedKey: scan.wrappedKey, size: scan.size });
    const png = await runTask('scans.renderPage', { access, kind: scan.kind, page: input.page, maxSide: input.maxSide }, { signal: control.signal });
    return {
      mimeType: 'image/png',
      base64: Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64'),
      file: scan.fileId && scan.archiveNo && scan.confidentiality ? { id: scan.fileId, archiveNo: scan.archiveNo, confidentiality: scan.confidentiality } : null,
    };
  },
  run: (_ctx, _input, prepared) => prepared,
});

export const pagesHandlers = {
  'pages.render': renderPage,
} satisfies HandlersOf<typeof pagesOps>;
