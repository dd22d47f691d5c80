/**
 * Writes of one archive within this process take turns without blocking the engine's event
 * loop: while a worker thread holds the write transaction (a large import), a clerk's write
 * waits here asynchronously — searches keep answering — instead of sleeping inside SQLite's
 * busy handler. A wait longer than `BUSY_WAIT_MS` gives up with "the archive is busy".
 */
import path from 'node:path';
import { DossierError } from '../shared/errors.js';

export const BUSY_WAIT_MS = 30_000;

class WriteGate {
  private running: Promise<unknown> | null = null;

  /** Runs `work` (a worker's write) once no other one runs; writes on the engine thread wait for it. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const promise = work();
    this.running = promise;
    try {
      return await promise;
    } finally {
      if (this.running === promise) this.running = null;
    }
  }

  /** Resolves when no worker write runs. */
  async idle(timeoutMs = BUSY_WAIT_MS): Promise<void> {
    if (!this.running) return;
    const deadline = Date.now() + timeoutMs;
    while (this.running) {
      const left = deadline - Date.now();
      if (left <= 0) throw new DossierError('archive.busy');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
  }
}

const gates = new Map<string, WriteGate>();

export function writeGate(dir: string): WriteGate {
  const key = path.resolve(dir);
  let gate = gates.get(key);
  if (!gate) gates.set(key, (gate = new WriteGate()));
  return gate;
}
