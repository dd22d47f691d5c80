import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: { state: 'missing' } })),
    send: vi.fn(),
    sendSync: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
    postMessage: vi.fn(),
  },
}));

vi.mock('electron', () => electron);

await import('./preload.js');

describe('preload', () => {
  it('exposes exactly one object, window.dossier, with only invoke, subscribe, print and savePdf', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('dossier');
    expect(Object.keys(api)).toEqual(['invoke', 'print', 'savePdf', 'subscribe']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.subscribe).toBe('function');
    // Neither ipcRenderer nor any of its methods is handed to the page.
    for (const value of Object.values(api)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(Object.values(electron.ipcRenderer)).not.toContain(value);
    }
  });

  it('invoke sends on the dossier:invoke channel only and returns the reply', async () => {
    const [, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, { invoke(op: string, input: unknown): Promise<unknown> }];
    const reply = await api.invoke('archive.status', {});
    expect(reply).toEqual({ ok: true, value: { state: 'missing' } });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('dossier:invoke', 'archive.status', {});
    // Extra arguments from the page are not forwarded.
    await (api.invoke as (...args: unknown[]) => Promise<unknown>)('clients.list', { search: 'x' }, 'extra', 'args');
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('dossier:invoke', 'clients.list', { search: 'x' });
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.postMessage).not.toHaveBeenCalled();
  });

  it('subscribe listens on the dossier:event channel only, passes on the payload alone, and stops', () => {
    const [, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, { subscribe(listener: (e: unknown) => void): () => void }];
    const seen: unknown[][] = [];
    const stop = api.subscribe((...args: unknown[]) => seen.push(args));
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, relay] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (...args: unknown[]) => void];
    expect(channel).toBe('dossier:event');
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 };
    relay(ipcEvent, { type: 'locked' });
    // The page never sees the IpcRendererEvent (its sender is ipcRenderer).
    expect(seen).toEqual([[{ type: 'locked' }]]);
    stop();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('dossier:event', relay);
    expect(() => api.subscribe('not a function' as never)).toThrow(TypeError);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
  });

  it('print asks on the dossier:print channel with the paper size only', async () => {
    const [, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, { print(paper: unknown): Promise<unknown> }];
    electron.ipcRenderer.invoke.mockClear();
    await api.print({ widthMm: 297, heightMm: 210, extra: 'dropped' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('dossier:print', { widthMm: 297, heightMm: 210 });
  });
});
