import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { PRINT_CHANNEL, SAVE_PDF_CHANNEL } from './constants.js';
import { parsePrintRequest, parseSavePdfRequest, printOptions, registerPrint } from './print.js';
import type { SaveDeps } from './print.js';
import type { InvokeResult } from './ipc.js';

vi.mock('electron', () => ({}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<InvokeResult>;

function setup(answer: { canceled: boolean; filePath?: string } = { canceled: true }) {
  const handlers = new Map<string, Handler>();
  const ipc = { handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)), removeHandler: vi.fn((channel: string) => void handlers.delete(channel)) };
  const save = {
    showSaveDialog: vi.fn<SaveDeps['showSaveDialog']>(async () => ({ canceled: answer.canceled, filePath: answer.filePath ?? '' })),
    writeFile: vi.fn<SaveDeps['writeFile']>(async () => undefined),
    defaultFolder: () => '/home/clerk/Documents',
  };
  const unregister = registerPrint(ipc, save);
  return { handler: handlers.get(PRINT_CHANNEL)!, saveHandler: handlers.get(SAVE_PDF_CHANNEL)!, unregister, handlers, save };
}

const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n% labels\n'));

/** A sender whose print() answers as the system dialog would. */
function sender(url: string, outcome: [boolean, string]) {
  const print = vi.fn((_options: unknown, callback: (success: boolean, reason: string) => void) => callback(...outcome));
  return { event: { senderFrame: { url, parent: null }, sender: { print } } as unknown as IpcMainInvokeEvent, print };
}

describe('printing through the system dialog', () => {
  it('passes the paper explicitly in microns, short side first, landscape flagged, no margins, never silent', () => {
    expect(printOptions({ widthMm: 210, heightMm: 297 })).toMatchObject({
      silent: false,
      landscape: false,
      margins: { marginType: 'none' },
      pageSize: { width: 210_000, height: 297_000 },
    });
    expect(printOptions({ widthMm: 297, heightMm: 210 })).toMatchObject({ landscape: true, pageSize: { width: 210_000, height: 297_000 } });
    expect(printOptions({ widthMm: 60, heightMm: 40 })).toMatchObject({ landscape: true, pageSize: { width: 40_000, height: 60_000 } });
  });

  it('accepts only plain sizes in millimetres within paper range', () => {
    expect(parsePrintRequest({ widthMm: 210, heightMm: 297 })).toEqual({ widthMm: 210, heightMm: 297 });
    for (const bad of [
      null,
      'A4',
      [210, 297],
      { widthMm: 210 },
      { widthMm: 0, heightMm: 297 },
      { widthMm: 210, heightMm: 5000 },
      { widthMm: Number.NaN, heightMm: 297 },
      { widthMm: '210', heightMm: 297 },
    ])
      expect(parsePrintRequest(bad)).toBeNull();
  });

  it('opens the dialog for our own page and answers printed or cancelled', async () => {
    const { handler, unregister, handlers } = setup();
    const printed = sender('app://dossier/index.html#/files/KH-2026-0001', [true, '']);
    expect(await handler(printed.event, { widthMm: 210, heightMm: 297 })).toEqual({ ok: true, value: true });
    expect(printed.print).toHaveBeenCalledWith(expect.objectContaining({ pageSize: { width: 210_000, height: 297_000 } }), expect.any(Function));
    const cancelled = sender('app://dossier/index.html', [false, 'cancelled']);
    expect(await handler(cancelled.event, { widthMm: 210, heightMm: 297 })).toEqual({ ok: true, value: false });
    const failed = sender('app://dossier/index.html', [false, 'Invalid deviceName provided']);
    expect(await handler(failed.event, { widthMm: 210, heightMm: 297 })).toMatchObject({ ok: false, error: { code: 'internal' } });
    unregister();
    expect(handlers.has(PRINT_CHANNEL)).toBe(false);
  });

  it('refuses a foreign page and a malformed request without opening a dialog', async () => {
    const { handler } = setup();
    const foreign = sender('https://evil.example/', [true, '']);
    expect(await handler(foreign.event, { widthMm: 210, heightMm: 297 })).toMatchObject({ ok: false, error: { code: 'transport.unauthorized' } });
    const own = sender('app://dossier/index.html', [true, '']);
    expect(await handler(own.event, { widthMm: -1, heightMm: 297 })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(foreign.print).not.toHaveBeenCalled();
    expect(own.print).not.toHaveBeenCalled();
  });

  it('prints A4 landscape forms and roll labels on their own paper through the dialog, in microns', async () => {
    const { handler } = setup();
    for (const [paper, size, landscape] of [
      [{ widthMm: 297, heightMm: 210 }, { width: 210_000, height: 297_000 }, true],
      [{ widthMm: 100, heightMm: 50 }, { width: 50_000, height: 100_000 }, true],
      [{ widthMm: 40, heightMm: 30 }, { width: 30_000, height: 40_000 }, true],
      [{ widthMm: 210, heightMm: 297 }, { width: 210_000, height: 297_000 }, false],
    ] as const) {
      const own = sender('app://dossier/index.html', [true, '']);
      expect(await handler(own.event, paper)).toEqual({ ok: true, value: true });
      expect(own.print).toHaveBeenCalledTimes(1);
      expect(own.print.mock.calls[0]![0]).toEqual({
        silent: false,
        printBackground: true,
        landscape,
        margins: { marginType: 'none' },
        pageSize: size,
        header: '',
        footer: '',
      });
    }
  });
});

describe('save as PDF through the system dialog', () => {
  it('asks where (PDF only, in the documents folder, under the preview’s name) and writes exactly the bytes', async () => {
    const { saveHandler, save } = setup({ canceled: false, filePath: '/home/clerk/Desktop/案卷目录-2026-12-01' });
    const own = sender('app://dossier/index.html', [true, '']);
    expect(await saveHandler(own.event, { fileName: '案卷目录-2026-12-01.pdf', bytes: PDF })).toEqual({ ok: true, value: true });
    expect(save.showSaveDialog).toHaveBeenCalledWith(own.event.sender, {
      defaultPath: '/home/clerk/Documents/案卷目录-2026-12-01.pdf',
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    // The name typed without an extension gets .pdf; the bytes are the page's own.
    expect(save.writeFile).toHaveBeenCalledWith('/home/clerk/Desktop/案卷目录-2026-12-01.pdf', PDF);
  });

  it('writes nothing when the user cancels, and reports a failed write', async () => {
    const cancelled = setup({ canceled: true });
    const own = sender('app://dossier/index.html', [true, '']);
    expect(await cancelled.saveHandler(own.event, { fileName: 'labels.pdf', bytes: PDF })).toEqual({ ok: true, value: false });
    expect(cancelled.save.writeFile).not.toHaveBeenCalled();
    const failing = setup({ canceled: false, filePath: '/readonly/labels.pdf' });
    failing.save.writeFile.mockRejectedValueOnce(new Error('EACCES'));
    expect(await failing.saveHandler(own.event, { fileName: 'labels.pdf', bytes: PDF })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('takes only a PDF and a plain file name, and refuses a foreign page without asking', async () => {
    expect(parseSavePdfRequest({ fileName: '../../etc/labels', bytes: PDF })).toEqual({ fileName: 'labels.pdf', bytes: PDF });
    expect(parseSavePdfRequest({ fileName: 'a:b*c.pdf', bytes: PDF })?.fileName).toBe('a_b_c.pdf');
    for (const bad of [
      null,
      { fileName: 'x.pdf' },
      { fileName: 'x.pdf', bytes: new Uint8Array(Buffer.from('<html>')) },
      { fileName: 'x.pdf', bytes: 'JVBERi0=' },
      { fileName: '', bytes: PDF },
      { fileName: 7, bytes: PDF },
    ])
      expect(parseSavePdfRequest(bad)).toBeNull();
    const { saveHandler, save } = setup({ canceled: false, filePath: '/tmp/x.pdf' });
    const foreign = sender('https://evil.example/', [true, '']);
    expect(await saveHandler(foreign.event, { fileName: 'x.pdf', bytes: PDF })).toMatchObject({ ok: false, error: { code: 'transport.unauthorized' } });
    const own = sender('app://dossier/index.html', [true, '']);
    expect(await saveHandler(own.event, { fileName: 'x.pdf', bytes: new Uint8Array(Buffer.from('not a pdf')) })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(save.showSaveDialog).not.toHaveBeenCalled();
  });
});
