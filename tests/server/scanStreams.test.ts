/** Browser mode's scan byte streams: an upload straight into the encrypted store, refusals by status, the viewer's Range reads. */
import { pdfBytes } from '../fixtures/scanFiles.js';
import { describe, expect, it } from 'vitest';
import { api, send, serveArchiveWithFile } from './scanServer.js';

describe('scan streams (browser mode)', { timeout: 300_000 }, () => {
  it('takes a scan as a byte stream, refuses bad ones by status, and serves byte ranges of the decrypted scan', async () => {
    const { server, archiveNo } = await serveArchiveWithFile();

    const pdf = await pdfBytes('served in ranges', 2);
    const up = await send(server, {
      method: 'POST',
      path: `/api/upload?purpose=scan&name=${encodeURIComponent('执照.pdf')}`,
      headers: { 'content-type': 'application/octet-stream' },
      body: pdf,
    });
    expect(up.status).toBe(200);
    const staged = (JSON.parse(up.body.toString()) as { value: { id: string; pageCount: number; kind: string } }).value;
    expect([staged.kind, staged.pageCount]).toEqual(['pdf', 2]);

    const refusal = async (body: Buffer, name: string) => {
      const r = await send(server, { method: 'POST', path: `/api/upload?purpose=scan&name=${encodeURIComponent(name)}`, body });
      return [r.status, (JSON.parse(r.body.toString()) as { error: { code: string } }).error.code];
    };
    expect(await refusal(Buffer.from('MZ an executable'), 'x.pdf')).toEqual([415, 'scans.unsupportedType']);
    expect(await refusal(pdf.subarray(0, 200), 'cut.pdf')).toEqual([422, 'scans.truncated']);
    expect(await refusal(pdf, 'a/b.pdf')).toEqual([422, 'scans.badName']);

    const { scans } = await api<{ scans: { id: string }[] }>(server, 'scans.add', { uploadIds: [staged.id], archiveNo: archiveNo });
    const opened = await api<{ url: string; size: number; mimeType: string }>(server, 'scans.open', { id: scans[0]!.id });
    const whole = await send(server, { path: opened.url });
    expect([whole.status, whole.headers['content-type'], whole.body.equals(pdf)]).toEqual([200, 'application/pdf', true]);
    const part = await send(server, { path: opened.url, headers: { range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${pdf.length}`);
    expect(part.body.equals(pdf.subarray(100, 1100))).toBe(true);
    const tail = await send(server, { path: opened.url, headers: { range: 'bytes=-10' } });
    expect(tail.body.equals(pdf.subarray(pdf.length - 10))).toBe(true);
    // A token not given out, or without the session's bearer token: nothing.
    expect((await send(server, { path: '/api/scans/not-a-token' })).status).toBe(404);
    expect((await send(server, { path: opened.url, headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
