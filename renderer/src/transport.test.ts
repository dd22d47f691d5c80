import { describe, expect, it, vi } from 'vitest';
import { DossierError } from '../../shared/errors.js';
import { createApi } from '../../shared/api.js';
import { httpTransport, ipcTransport, pickTransport, takeToken, TOKEN_STORAGE_KEY, unwrapEnvelope } from './transport.js';
import type { TokenEnvironment } from './transport.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

function env(hash: string, stored: Record<string, string> = {}) {
  const sessionStorage = memoryStorage(stored);
  const replaceState = vi.fn();
  const e: TokenEnvironment = { location: { hash, pathname: '/', search: '' }, sessionStorage, history: { replaceState } };
  return { env: e, sessionStorage, replaceState };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('unwrapEnvelope', () => {
  it('returns the value of an ok envelope', () => {
    expect(unwrapEnvelope({ ok: true, value: { a: 1 } })).toEqual({ a: 1 });
  });
  it('throws the DossierError of a failed envelope', () => {
    try {
      unwrapEnvelope({ ok: false, error: { code: 'file.notFound', params: { archiveNo: 'KH-1' } } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DossierError);
      expect((err as DossierError).code).toBe('file.notFound');
      expect((err as DossierError).params).toEqual({ archiveNo: 'KH-1' });
    }
  });
  it('turns unknown codes and garbage into internal', () => {
    expect(() => unwrapEnvelope({ ok: false, error: { code: 'nope' } })).toThrow(expect.objectContaining({ code: 'internal' }));
    expect(() => unwrapEnvelope('hello')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('takeToken', () => {
  it('takes the token from the hash, stores it and cleans the URL', () => {
    const { env: e, sessionStorage, replaceState } = env('#token=abc123');
    expect(takeToken(e)).toBe('abc123');
    expect(sessionStorage.data.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });
  it('keeps other hash parameters', () => {
    const { env: e, replaceState } = env('#token=abc&x=1');
    takeToken(e);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#x=1');
  });
  it('falls back to sessionStorage after a reload', () => {
    const { env: e, replaceState } = env('', { [TOKEN_STORAGE_KEY]: 'kept' });
    expect(takeToken(e)).toBe('kept');
    expect(replaceState).not.toHaveBeenCalled();
  });
  it('returns null without any token', () => {
    expect(takeToken(env('').env)).toBeNull();
  });
});

describe('httpTransport', () => {
  it('POSTs the input to /api/<operation> with the bearer token', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true, value: { rows: [], total: 0 } }));
    const api = createApi(httpTransport({ token: 'tok', fetch }));
    await expect(api.call('clients.list', { search: '上海' })).resolves.toEqual({ rows: [], total: 0 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/clients.list');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(init.body as string)).toEqual({ search: '上海' });
  });
  it('sends {} for operations without input', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true, value: { state: 'missing', archiveName: null, user: null } }));
    await createApi(httpTransport({ token: null, fetch })).call('archive.status');
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBe('{}');
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });
  it('throws the server error as a DossierError', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: false, error: { code: 'loan.notOnLoan', params: { archiveNo: 'KH-2026-0001' } } }));
    await expect(httpTransport({ token: 't', fetch })('loans.return', { archiveNo: 'KH-2026-0001' })).rejects.toMatchObject({
      code: 'loan.notOnLoan',
      params: { archiveNo: 'KH-2026-0001' },
    });
  });
  it('maps a 401 to transport.unauthorized, with or without a JSON body', async () => {
    const withBody = vi.fn(async () => jsonResponse(401, { ok: false, error: { code: 'transport.unauthorized', params: {} } }));
    await expect(httpTransport({ token: 'bad', fetch: withBody })('archive.status', {})).rejects.toMatchObject({ code: 'transport.unauthorized' });
    const bare = vi.fn(async () => new Response('nope', { status: 401 }));
    await expect(httpTransport({ token: 'bad', fetch: bare })('archive.status', {})).rejects.toMatchObject({ code: 'transport.unauthorized' });
  });
  it('turns network failures into internal errors', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(httpTransport({ token: 't', fetch })('archive.status', {})).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('ipcTransport and pickTransport', () => {
  it('unwraps the bridge envelope', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: { ok: true } }));
    await expect(ipcTransport({ invoke })('session.lock', {})).resolves.toEqual({ ok: true });
    expect(invoke).toHaveBeenCalledWith('session.lock', {});
    const failing = { invoke: async () => ({ ok: false as const, error: { code: 'auth.wrongPassword', params: {} } }) };
    await expect(ipcTransport(failing)('session.unlock', {})).rejects.toMatchObject({ code: 'auth.wrongPassword' });
  });
  it('picks IPC when the preload bridge exists, HTTP otherwise', () => {
    const { env: e } = env('#token=x');
    expect(pickTransport({ ...e, dossier: { invoke: async () => ({ ok: true, value: null }) } }).kind).toBe('ipc');
    expect(pickTransport(e).kind).toBe('http');
  });
});
