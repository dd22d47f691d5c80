/**
 * The preload (sandboxed: bundled to one CJS file, only `electron` external). It exposes
 * exactly one object on `window.dossier`: `invoke`, bound to the one call channel, and
 * `subscribe`, bound to the one event channel; ipcRenderer itself (and its event objects)
 * never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { DossierBridge, DossierEvent } from '../shared/api.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL, PRINT_CHANNEL, SAVE_PDF_CHANNEL } from './constants.js';

export const bridge = {
  invoke: (operation: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, operation, input),
  /** The system print dialog for this page, on paper of exactly this size (a print preview's PDF). */
  print: (paper: { widthMm: number; heightMm: number }) => ipcRenderer.invoke(PRINT_CHANNEL, { widthMm: paper.widthMm, heightMm: paper.heightMm }),
  /** Save as PDF: the system's save dialog, then exactly these bytes written there. */
  savePdf: (file: { fileName: string; bytes: Uint8Array }) => ipcRenderer.invoke(SAVE_PDF_CHANNEL, { fileName: String(file.fileName), bytes: file.bytes }),
  subscribe: (listener: (event: DossierEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe takes a function');
    // Only the payload is passed on: the IpcRendererEvent would hand the page `sender`.
    const relay = (_event: IpcRendererEvent, payload: DossierEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
} as const satisfies DossierBridge;

export type PreloadBridge = typeof bridge;

contextBridge.exposeInMainWorld('dossier', bridge);
