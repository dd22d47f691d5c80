import { describe, expect, it } from 'vitest';
import { expectDossierError, newArchive } from '../helpers.js';

describe('one text type for every field', () => {
  it('refuses a lone surrogate, and the audit chain stays intact', async () => {
    const { session } = await newArchive();
    await expectDossierError(session.call('clients.create', { name: '西安\ud800建材有限公司' }), 'validation');
    await session.call('clients.create', { name: '西安😀建材有限公司' });
    expect(await session.call('audit.verify')).toMatchObject({ ok: true, brokenAtSeq: null });
  });

  it('refuses control characters and bidirectional overrides, and line breaks in names', async () => {
    const { session } = await newArchive();
    for (const name of ['陕西\u0007建材', '陕西\u202e材建', '陕西\u2066建材', '陕西\n建材有限公司']) {
      await expectDossierError(session.call('clients.create', { name }), 'validation');
    }
    expect((await session.call('clients.list')).total).toBe(0);
  });

  it('stores text in NFC, and keeps line breaks where a field takes several lines', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: 'Cafe\u0301 Shaanxi 有限公司', address: '西安市雁塔区\n科技路 1 号' });
    expect(client.name).toBe('Café Shaanxi 有限公司');
    expect(client.address).toBe('西安市雁塔区\n科技路 1 号');
    const file = await session.call('files.create', { clientId: client.id, title: '回访记录，第一次\n（电话）' });
    expect(file.title).toBe('回访记录，第一次\n（电话）');
  });
});
