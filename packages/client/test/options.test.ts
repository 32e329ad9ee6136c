import { afterEach, describe, expect, it, vi } from 'vitest';
import { TesseraClient, type TesseraClientOptions } from '../src/index.js';
import { API, jsonResponse, SIGNED_OUT, validToken } from './support.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('options', () => {
  it('defaults: memory storage, nothing attached without a base, local-only logout', async () => {
    const client = new TesseraClient();
    expect(client.storageType).toBe('memory');
    expect(client.getState()).toEqual(SIGNED_OUT);
    await expect(client.logout()).resolves.toBeUndefined();
  });

  it('looks up globalThis.fetch at call time when no fetch is given', async () => {
    const stub = vi.fn(() => Promise.resolve(jsonResponse(200, { ok: true })));
    vi.stubGlobal('fetch', stub);
    const client = new TesseraClient({ baseUrl: API });
    client.setToken(validToken({ exp: Math.floor(Date.now() / 1000) + 3600 }));
    await expect(client.request('/api/ping')).resolves.toEqual({ ok: true });
    expect(stub).toHaveBeenCalledTimes(1);
  });

  it('rejects invalid options when the client is built (TypeError)', () => {
    const invalid: unknown[] = [
      { baseUrl: 42 },
      { loginUrl: null },
      { logoutUrl: 7 },
      { storageKey: '' },
      { storageType: 'cookie' },
      { apiOrigins: 'https://api.example.com' },
      { apiOrigins: ['https://api.example.com/v1'] },
      { clockSkewSeconds: '30' },
      { fetch: 'fetch' },
      { now: 0 },
    ];
    for (const options of invalid) {
      expect(
        () => new TesseraClient(options as TesseraClientOptions),
        JSON.stringify(options),
      ).toThrow(TypeError);
    }
  });
});
