/**
 * Printing a preview through the system print dialog. The page shows the engine's PDF
 * rendered page by page (pdf.js) with print CSS for exactly that paper; the main process
 * opens the dialog for the sending window with the page size passed explicitly in microns
 * (Chromium otherwise falls back to the printer's default paper, and custom sizes have been
 * ignored before: electron #9780, #31705, #39590), no margins, never silently.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContentsPrintOptions } from 'electron';
import { DossierError, serializeError } from '../shared/errors.js';
import { PRINT_CHANNEL } from './constants.js';
import type { InvokeResult, SenderCheck } from './ipc.js';
import { isTrustedSender } from './ipc.js';

export interface PrintRequest {
  widthMm: number;
  heightMm: number;
}

/** Paper from 20 mm (a small roll label) to A0's long side. */
const MIN_MM = 20;
const MAX_MM = 1189;

/** The request as plain data of sane size, or null. */
export function parsePrintRequest(value: unknown): PrintRequest | null {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return null;
  const { widthMm, heightMm } = value as Record<string, unknown>;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= MIN_MM && n <= MAX_MM;
  return ok(widthMm) && ok(heightMm) ? { widthMm, heightMm } : null;
}

/**
 * The dialog's options: the paper in microns, portrait dimensions plus `landscape` for a
 * wider page (Chromium's custom media is given short side first), no margins or headers.
 */
export function printOptions(request: PrintRequest): WebContentsPrintOptions {
  const short = Math.min(request.widthMm, request.heightMm);
  const long = Math.max(request.widthMm, request.heightMm);
  return {
    silent: false,
    printBackground: true,
    landscape: request.widthMm > request.heightMm,
    margins: { marginType: 'none' },
    pageSize: { width: Math.round(short * 1000), height: Math.round(long * 1000) },
    header: '',
    footer: '',
  };
}

type PrintAnswer = InvokeResult;

/** Opens the dialog for the sender: true when printed, false when the user cancelled. */
export function handlePrint(event: Pick<IpcMainInvokeEvent, 'sender'>, request: unknown): Promise<PrintAnswer> {
  const parsed = parsePrintRequest(request);
  if (!parsed) return Promise.resolve({ ok: false, error: serializeError(new DossierError('validation', { detail: 'print: widthMm and heightMm in millimetres' })) });
  return new Promise((resolve) => {
    event.sender.print(printOptions(parsed), (success, failureReason) => {
      if (success) resolve({ ok: true, value: true });
      else if (failureReason === 'cancelled') resolve({ ok: true, value: false });
      else resolve({ ok: false, error: serializeError(new DossierError('internal', {}, `print failed: ${failureReason}`)) });
    });
  });
}

export function registerPrint(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, isTrusted: SenderCheck = isTrustedSender): () => void {
  ipcMain.handle(PRINT_CHANNEL, async (event: IpcMainInvokeEvent, request: unknown): Promise<PrintAnswer> => {
    if (!isTrusted(event)) return { ok: false, error: serializeError(new DossierError('transport.unauthorized')) };
    return handlePrint(event, request);
  });
  return () => ipcMain.removeHandler(PRINT_CHANNEL);
}
