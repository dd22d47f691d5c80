import { describe, expect, it } from 'vitest';
import { bridgeEvent, parseSse } from './events.js';
import type { DossierEvent } from './events.js';

const job = { id: 'j1', operation: 'import.run', state: 'running', progress: { phase: 'write', done: 10, total: 100 } };

describe('parseSse', () => {
  it('reads job and locked events, skips comments, and keeps an unfinished event for the next chunk', () => {
    const seen: DossierEvent[] = [];
    const text = `: ping\n\nevent: job\ndata: ${JSON.stringify(job)}\n\nevent: locked\ndata: {}\n\nevent: job\ndata: {"id":`;
    const rest = parseSse(text, (e) => seen.push(e));
    expect(seen).toEqual([{ type: 'job', job }, { type: 'locked' }]);
    expect(rest).toBe('event: job\ndata: {"id":');
    parseSse(`${rest}"j2"}\n\n`, (e) => seen.push(e));
    expect(seen[2]).toEqual({ type: 'job', job: { id: 'j2' } });
  });

  it('skips a damaged event', () => {
    const seen: DossierEvent[] = [];
    parseSse('event: job\ndata: {nope\n\n', (e) => seen.push(e));
    expect(seen).toEqual([]);
  });
});

describe('bridgeEvent', () => {
  it('accepts both shapes a preload may send', () => {
    expect(bridgeEvent({ type: 'job', job })).toEqual({ type: 'job', job });
    expect(bridgeEvent({ event: 'job', data: job })).toEqual({ type: 'job', job });
    expect(bridgeEvent({ type: 'locked' })).toEqual({ type: 'locked' });
    expect(bridgeEvent({ type: 'other' })).toBeNull();
    expect(bridgeEvent(null)).toBeNull();
  });
});
