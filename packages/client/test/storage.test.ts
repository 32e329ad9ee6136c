// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { TesseraClient, type StorageType } from '../src/index.js';
import { disableStorage, webStorage } from './browser-support.js';
import { API, NOW_MS, validToken } from './support.js';

const local = webStorage('localStorage');
const session = webStorage('sessionStorage');

function client(storageType?: StorageType, storageKey?: string): TesseraClient {
  return new TesseraClient({
    baseUrl: API,
    now: () => NOW_MS,
    ...(storageType === undefined ? {} : { storageType }),
    ...(storageKey === undefined ? {} : { storageKey }),
  });
}

const restorers: (() => void)[] = [];
afterEach(() => {
  for (const restore of restorers.splice(0)) restore();
  local.clear();
  session.clear();
});

describe('memory storage (default)', () => {
  it('keeps the token in memory only: nothing in web storage, gone with the client', () => {
    const auth = client();
    const token = validToken();
    auth.setToken(token);
    expect(auth.storageType).toBe('memory');
    expect(auth.getToken()).toBe(token);
    expect(local.getItem('tessera_token')).toBeNull();
    expect(session.getItem('tessera_token')).toBeNull();
    expect(client().getToken()).toBeNull();
  });

  it('ignores a token already in web storage', () => {
    local.setItem('tessera_token', validToken());
    expect(client().getToken()).toBeNull();
  });
});

describe.each(['sessionStorage', 'localStorage'] as const)('%s', (type) => {
  const storage = webStorage(type);

  it('writes the token as a plain string under tessera_token and reads it back', () => {
    const token = validToken();
    client(type).setToken(token);
    expect(storage.getItem('tessera_token')).toBe(token);
    const next = client(type);
    expect(next.getToken()).toBe(token);
    expect(next.isAuthenticated()).toBe(true);
  });

  it('removeToken and logout remove it from storage', async () => {
    const auth = client(type);
    auth.setToken(validToken());
    auth.removeToken();
    expect(storage.getItem('tessera_token')).toBeNull();
    auth.setToken(validToken());
    await auth.logout();
    expect(storage.getItem('tessera_token')).toBeNull();
  });

  it('treats a stored value that is not a bearer token as no token', () => {
    storage.setItem('tessera_token', '"quoted json"');
    expect(client(type).getToken()).toBeNull();
  });

  it('falls back to memory, without throwing, when storage access throws', () => {
    restorers.push(disableStorage(type));
    const auth = client(type);
    expect(auth.storageType).toBe('memory');
    const token = validToken();
    auth.setToken(token);
    expect(auth.getToken()).toBe(token);
  });

  it('falls back to memory when a write throws (quota, private mode), dropping the old value', () => {
    const auth = client(type);
    auth.setToken(validToken({ sub: 'old' }));
    const original = Object.getPrototypeOf(storage) as { setItem: WebStorageSetItem };
    const setItem = original.setItem;
    original.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    restorers.push(() => {
      original.setItem = setItem;
    });
    const token = validToken({ sub: 'new' });
    auth.setToken(token);
    expect(auth.getToken()).toBe(token);
    expect(auth.storageType).toBe('memory');
    expect(storage.getItem('tessera_token')).toBeNull();
  });
});

type WebStorageSetItem = (key: string, value: string) => void;

describe('setStorageType moves the token', () => {
  it('memory → localStorage → sessionStorage → memory', () => {
    const auth = client();
    const token = validToken();
    auth.setToken(token);
    const before = auth.getState();

    auth.setStorageType('localStorage');
    expect(local.getItem('tessera_token')).toBe(token);
    expect(auth.storageType).toBe('localStorage');

    auth.setStorageType('sessionStorage');
    expect(session.getItem('tessera_token')).toBe(token);
    expect(local.getItem('tessera_token')).toBeNull();

    auth.setStorageType('memory');
    expect(session.getItem('tessera_token')).toBeNull();
    expect(auth.getToken()).toBe(token);
    expect(auth.getState()).toBe(before);
  });

  it('moving with no token clears the key in the new storage', () => {
    local.setItem('tessera_token', validToken());
    const auth = client();
    auth.setStorageType('localStorage');
    expect(local.getItem('tessera_token')).toBeNull();
    expect(auth.getToken()).toBeNull();
  });

  it('emits no event (the state is the same)', () => {
    const auth = client();
    auth.setToken(validToken());
    const events: string[] = [];
    auth.subscribe((_state, event) => events.push(event.type));
    auth.setStorageType('localStorage');
    expect(events).toEqual([]);
  });

  it('rejects an unknown type', () => {
    expect(() => client().setStorageType('cookie' as StorageType)).toThrow(TypeError);
    expect(() => new TesseraClient({ storageType: 'cookie' as StorageType })).toThrow(TypeError);
  });
});

describe("Satellizer's key: storageKey 'satellizer_token' in localStorage", () => {
  it('reads a token Satellizer wrote', () => {
    const token = validToken();
    local.setItem('satellizer_token', token);
    const auth = client('localStorage', 'satellizer_token');
    expect(auth.getToken()).toBe(token);
    expect(auth.isAuthenticated()).toBe(true);
  });

  it('writes a plain string that Satellizer reads (no JSON quoting, no prefix)', () => {
    const token = validToken();
    client('localStorage', 'satellizer_token').setToken(token);
    expect(local.getItem('satellizer_token')).toBe(token);
    expect(local.getItem('tessera_token')).toBeNull();
  });

  it("logout removes Satellizer's key too", async () => {
    local.setItem('satellizer_token', validToken());
    await client('localStorage', 'satellizer_token').logout();
    expect(local.getItem('satellizer_token')).toBeNull();
  });
});
