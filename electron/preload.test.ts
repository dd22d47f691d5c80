import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: { state: 'missing' } })),
    send: vi.fn(),
    sendSync: vi.fn(),
    on: vi.fn(),
    postMessage: vi.fn(),
  },
}));

vi.mock('electron', () => electron);

await import('./preload.js');

describe('preload', () => {
  it('exposes exactly one object, window.dossier, with only invoke', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('dossier');
    expect(Object.keys(api)).toEqual(['invoke']);
    expect(typeof api.invoke).toBe('function');
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
});
