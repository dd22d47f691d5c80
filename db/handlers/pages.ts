/** `pages.render`: one page of a scan as PNG, drawn in a worker thread, held in memory only until its route hands it over. */
import { roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { pagesOps } from '../../shared/ops/pages.js';
import { blobsFor } from '../blobs/store.js';
import { renderedPages } from '../streams/pages.js';
import { findScan } from '../records/scans.js';
import { runTask } from '../workers/pool.js';
import { staged } from './kit.js';
import type { HandlersOf } from './kit.js';

type PageFile = { id: string; archiveNo: string; confidentiality: 'normal' | 'restricted' | 'confidential' | 'top_secret' } | null;
type Drawn = { png: Uint8Array; file: PageFile };
type Rendered = { mimeType: 'image/png'; url: string; size: number; file: PageFile };

export const renderPage = staged<'pages.render', Drawn, Rendered>({
  prepare: async (ctx, input, control) => {
    const scan = findScan(ctx, input.scanId, roleCan(ctx.user.role, 'scans.write'));
    if (input.page > scan.pageCount) throw new DossierError('validation', { detail: 'no such page' });
    const access = blobsFor(ctx).access({ id: scan.blobId, keyScope: scan.keyScope, wrappedKey: scan.wrappedKey, size: scan.size });
    const png = await runTask('scans.renderPage', { access, kind: scan.kind, page: input.page, maxSide: input.maxSide }, { signal: control.signal });
    return {
      png,
      file: scan.fileId && scan.archiveNo && scan.confidentiality ? { id: scan.fileId, archiveNo: scan.archiveNo, confidentiality: scan.confidentiality } : null,
    };
  },
  // Handed out with the answer (and its view audit): the route gives the page once.
  run: (ctx, _input, drawn) => ({
    mimeType: 'image/png',
    url: `/api/pages/${renderedPages(ctx).keep(drawn.png)}`,
    size: drawn.png.byteLength,
    file: drawn.file,
  }),
});

export const pagesHandlers = {
  'pages.render': renderPage,
} satisfies HandlersOf<typeof pagesOps>;
