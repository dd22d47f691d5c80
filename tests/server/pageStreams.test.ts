/** Browser mode's page route: a page `pages.render` drew is fetched once from GET /api/pages/<token>, behind the bearer token. */
import sharp from 'sharp';
import { tiffBytes } from '../fixtures/scanFiles.js';
import { describe, expect, it } from 'vitest';
import { api, send, serveArchiveWithFile } from './scanServer.js';

describe('page route (browser mode)', { timeout: 120_000 }, () => {
  it('hands a drawn TIFF page over once as PNG bytes, only with the bearer token', async () => {
    const { server, archiveNo } = await serveArchiveWithFile();
    const up = await send(server, { method: 'POST', path: `/api/upload?purpose=scan&name=${encodeURIComponent('图纸.tif')}`, body: await tiffBytes(2, 3, 320, 240) });
    const staged = (JSON.parse(up.body.toString()) as { value: { id: string } }).value;
    const { scans } = await api<{ scans: { id: string }[] }>(server, 'scans.add', { uploadIds: [staged.id], archiveNo: archiveNo });

    const drawn = await api<{ url: string; size: number }>(server, 'pages.render', { scanId: scans[0]!.id, page: 1, maxSide: 160 });
    expect(drawn.url).toMatch(/^\/api\/pages\//);
    // Without the session's token: nothing, and the page is still there for the right caller.
    expect((await send(server, { path: drawn.url, headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const page = await send(server, { path: drawn.url });
    expect([page.status, page.headers['content-type'], page.body.length]).toEqual([200, 'image/png', drawn.size]);
    const meta = await sharp(page.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 160, 120]);
    const again = await send(server, { path: drawn.url });
    expect([again.status, (JSON.parse(again.body.toString()) as { error: { code: string } }).error.code]).toEqual([404, 'scans.notFound']);
    expect((await send(server, { method: 'POST', path: drawn.url })).status).toBe(405);
  });
});
