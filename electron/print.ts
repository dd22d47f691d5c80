/**
 * Printing a preview through the system print dialog. The page shows the engine's PDF
 * rendered page by page (pdf.js) with print CSS for exactly that paper; the main process
 * opens the dialog for the sending window with the page size passed explicitly in microns
 * (Chromium otherwise falls back to the printer's default paper, and custom sizes have been
 * ignored before: electron #9780, #31705, #39590), no margins, never silently.
 *
 * Save as PDF: the page hands over the PDF's bytes and name; the main process asks where
 * with the system's save dialog (PDF only) and writes exactly those bytes there.
 */
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, SaveDialogOptions, SaveDialogReturnValue, WebContents, WebContentsPrintOptions } from 'electron';
import { DossierError, serializeError } from '../shared/errors.js';
import { PRINT_CHANNEL, SAVE_PDF_CHANNEL } from './constants.js';
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

export interface SavePdfRequest {
  fileName: string;
  bytes: Uint8Array;
}

/** A printed register can be large; anything beyond this is not one of ours. */
const MAX_PDF_BYTES = 512 * 1024 * 1024;

/** The request as a PDF (its bytes start with %PDF-) and a plain file name ending in .pdf, or null. */
export function parseSavePdfRequest(value: unknown): SavePdfRequest | null {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return null;
  const { fileName, bytes } = value as Record<string, unknown>;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 5 || bytes.byteLength > MAX_PDF_BYTES) return null;
  if (Buffer.from(bytes.buffer, bytes.byteOffset, 5).toString('latin1') !== '%PDF-') return null;
  if (typeof fileName !== 'string') return null;
  // Only a name: no folder, no control characters, nothing Windows refuses.
  const last = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const name = last.replace(/[:*?"<>|\u0000-\u001f]/g, '_').trim();
  if (name === '' || name.length > 200) return null;
  return { fileName: /\.pdf$/i.test(name) ? name : `${name}.pdf`, bytes };
}

/** What saving needs from Electron and the file system (the tests pass their own). */
export interface SaveDeps {
  showSaveDialog(owner: WebContents, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  writeFile(file: string, bytes: Uint8Array): Promise<void>;
  /** The folder the dialog opens in (the user's documents). */
  defaultFolder(): string;
}

/** Asks where, then writes the bytes: true when saved, false when the user cancelled. */
export async function handleSavePdf(event: Pick<IpcMainInvokeEvent, 'sender'>, request: unknown, deps: SaveDeps): Promise<PrintAnswer> {
  const parsed = parseSavePdfRequest(request);
  if (!parsed) return { ok: false, error: serializeError(new DossierError('validation', { detail: 'savePdf: a PDF and its file name' })) };
  const choice = await deps.showSaveDialog(event.sender, {
    defaultPath: path.join(deps.defaultFolder(), parsed.fileName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { ok: true, value: false };
  const target = /\.pdf$/i.test(choice.filePath) ? choice.filePath : `${choice.filePath}.pdf`;
  try {
    await deps.writeFile(target, parsed.bytes);
  } catch (err) {
    return { ok: false, error: serializeError(new DossierError('internal', {}, `savePdf: ${err instanceof Error ? err.message : String(err)}`)) };
  }
  return { ok: true, value: true };
}

export function registerPrint(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, save: SaveDeps, isTrusted: SenderCheck = isTrustedSender): () => void {
  ipcMain.handle(PRINT_CHANNEL, async (event: IpcMainInvokeEvent, request: unknown): Promise<PrintAnswer> => {
    if (!isTrusted(event)) return { ok: false, error: serializeError(new DossierError('transport.unauthorized')) };
    return handlePrint(event, request);
  });
  ipcMain.handle(SAVE_PDF_CHANNEL, async (event: IpcMainInvokeEvent, request: unknown): Promise<PrintAnswer> => {
    if (!isTrusted(event)) return { ok: false, error: serializeError(new DossierError('transport.unauthorized')) };
    return handleSavePdf(event, request, save);
  });
  return () => {
    ipcMain.removeHandler(PRINT_CHANNEL);
    ipcMain.removeHandler(SAVE_PDF_CHANNEL);
  };
}
