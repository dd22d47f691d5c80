/**
 * A typed client over any transport. The renderer, CLI and tests all talk to Dossier
 * through `DossierApi`; only the transport differs (IPC, HTTP, or the engine in-process).
 */
import type { OperationName, OpInput, OpOutput } from './contract.js';
import type { Job } from './ops/jobs.js';

export type Transport = (operation: OperationName, input: unknown) => Promise<unknown>;

export interface DossierApi {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends T`: every field of the input is optional
  call<N extends OperationName>(operation: N, ...input: {} extends OpInput<N> ? [OpInput<N>?] : [OpInput<N>]): Promise<OpOutput<N>>;
}

export function createApi(transport: Transport): DossierApi {
  return {
    call: ((operation: OperationName, input?: unknown) => transport(operation, input ?? {})) as DossierApi['call'],
  };
}

/**
 * What the engine tells its transports' listeners: a job of the session changed (started,
 * progressed, ended), or the session ended (locked): its jobs are gone with it.
 */
export type DossierEvent = { type: 'job'; job: Job } | { type: 'locked' };

/** What the Electron preload exposes as `window.dossier`. */
export interface DossierBridge {
  invoke(operation: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  /** The engine's events, until the returned function is called. */
  subscribe?(listener: (event: DossierEvent) => void): () => void;
  /** Electron only: the system print dialog for the page, with the paper passed explicitly. */
  print?(paper: { widthMm: number; heightMm: number }): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  /** Electron only: Save as PDF through the system's save dialog (true saved, false cancelled). */
  savePdf?(file: { fileName: string; bytes: Uint8Array }): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
}
