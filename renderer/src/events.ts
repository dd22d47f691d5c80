/**
 * The engine's events for this session (job changes, the session's end), whichever way they
 * arrive: Electron's bridge when the preload offers a subscription, the Server-Sent Events
 * route in browser mode (read with fetch: EventSource cannot send the token), else polling.
 */
import type { Job } from '../../shared/ops/jobs.js';
import { api, getConnection } from './api.js';
import type { Connection } from './transport.js';

export type DossierEvent = { type: 'job'; job: Job } | { type: 'locked' };
type Listener = (event: DossierEvent) => void;

/** What a preload may add to `window.dossier` for events (either name). */
interface EventBridge {
  subscribe?: (listener: (event: unknown) => void) => () => void;
  onEvent?: (listener: (event: unknown) => void) => () => void;
}

const RECONNECT_MS = 2000;
const POLL_MS = 700;

/** An event from the bridge in either shape: `{type:'job', job}` or `{event:'job', data}`. */
export function bridgeEvent(raw: unknown): DossierEvent | null {
  if (!raw || typeof raw !== 'object') return null;
  const e = raw as { type?: unknown; event?: unknown; job?: unknown; data?: unknown };
  const type = e.type ?? e.event;
  if (type === 'locked') return { type: 'locked' };
  const job = e.job ?? e.data;
  if (type === 'job' && job && typeof job === 'object') return { type: 'job', job: job as Job };
  return null;
}

/** Splits a Server-Sent Events text into complete events; returns the unfinished rest. */
export function parseSse(buffer: string, emit: (event: DossierEvent) => void): string {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (name === 'locked') emit({ type: 'locked' });
    else if (name === 'job' && data.length) {
      try {
        emit({ type: 'job', job: JSON.parse(data.join('\n')) as Job });
      } catch {
        // A damaged event is skipped; the next change of that job carries it whole.
      }
    }
  }
  return rest;
}

function subscribeSse(connection: Extract<Connection, { kind: 'http' }>, listener: Listener): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const connect = async () => {
    controller = new AbortController();
    let ended = false;
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (connection.token) headers.Authorization = `Bearer ${connection.token}`;
      const response = await fetch(`${connection.apiBase}/events`, { headers, signal: controller.signal });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = parseSse(buffer + value, (event) => {
          if (event.type === 'locked') ended = true;
          listener(event);
        });
      }
    } catch {
      // A dropped stream reconnects below; the jobs known so far come first again.
    }
    if (!stopped && !ended) timer = setTimeout(() => void connect(), RECONNECT_MS);
  };
  void connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}

function subscribePolling(listener: Listener): () => void {
  let stopped = false;
  const seen = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const poll = async () => {
    try {
      const jobs = await api.call('jobs.list');
      for (const job of [...jobs].reverse()) {
        const stamp = JSON.stringify([job.state, job.progress]);
        if (seen.get(job.id) === stamp) continue;
        seen.set(job.id, stamp);
        listener({ type: 'job', job });
      }
    } catch {
      // Locked or unreachable: the API's own error handling takes the user to the unlock screen.
    }
    if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** Listens to the session's events until the returned function is called. */
export function subscribe(listener: Listener): () => void {
  const connection = getConnection();
  if (connection?.kind === 'http') return subscribeSse(connection, listener);
  const bridge = connection?.kind === 'ipc' ? (connection.bridge as EventBridge) : null;
  const bridgeSubscribe = bridge?.subscribe ?? bridge?.onEvent;
  if (bridge && bridgeSubscribe) {
    return bridgeSubscribe.call(bridge, (raw) => {
      const event = bridgeEvent(raw);
      if (event) listener(event);
    });
  }
  return subscribePolling(listener);
}
