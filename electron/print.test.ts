import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { PRINT_CHANNEL } from './constants.js';
import { parsePrintRequest, printOptions, registerPrint } from './print.js';
import type { InvokeResult } from './ipc.js';

vi.mock('electron', () => ({}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<InvokeResult>;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipc = { handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)), removeHandler: vi.fn((channel: string) => void handlers.delete(channel)) };
  const unregister = registerPrint(ipc);
  return { handler: handlers.get(PRINT_CHANNEL)!, unregister, handlers };
}

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
});
