/** The renderer's typed API client; the transport is chosen once in main.tsx. */
import { createApi } from '../../shared/api.js';
import type { DossierApi, Transport } from '../../shared/api.js';
import { DossierError } from '../../shared/errors.js';

import type { Connection } from './transport.js';

let transport: Transport | null = null;
let connection: Connection | null = null;
const errorListeners = new Set<(error: DossierError) => void>();

export function setTransport(next: Transport, nextConnection?: Connection): void {
  transport = next;
  connection = nextConnection ?? null;
}

/** The link for uploads, downloads and events (null in tests that only set a transport). */
export function getConnection(): Connection | null {
  return connection;
}

/** Called for every failed call, e.g. to go back to the unlock screen on `archive.locked`. */
export function onApiError(listener: (error: DossierError) => void): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

export const api: DossierApi = createApi(async (operation, input) => {
  if (!transport) throw new DossierError('internal', {}, 'transport not initialised');
  try {
    return await transport(operation, input);
  } catch (err) {
    const error = err instanceof DossierError ? err : new DossierError('internal');
    for (const listener of errorListeners) listener(error);
    throw error;
  }
});
