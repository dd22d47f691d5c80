/**
 * The preload (sandboxed: bundled to one CJS file, only `electron` external). It exposes
 * exactly one function on `window.dossier`, bound to exactly one channel; ipcRenderer
 * itself never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DossierBridge } from '../shared/api.js';
import { INVOKE_CHANNEL } from './constants.js';

export const bridge = {
  invoke: (operation: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, operation, input),
} as const satisfies DossierBridge;

export type PreloadBridge = typeof bridge;

contextBridge.exposeInMainWorld('dossier', bridge);
