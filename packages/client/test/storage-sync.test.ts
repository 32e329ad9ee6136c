// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { TesseraClient, type AuthEvent, type StorageType } from '../src/index.js';
import { fireStorageEvent, webStorage } from './browser-support.js';
import { API, NOW_MS, validToken } from './support.js';

const local = webStorage('localStorage');
const session = webStorage('sessionStorage');
const clients: TesseraClient[] = [];

function tab(storageType: StorageType, storageKey = 'tessera_token') {
  const client = new TesseraClient({ baseUrl: API, now: () => NOW_MS, storageType, storageKey });
  clients.push(client);
  const events: AuthEvent['type'][] = [];
  client.subscribe((_state, event) => events.push(event.type));
  return { client, events };
}

/** What another tab does: write storage, and the browser fires `storage` here. */
function otherTabWrites(key: string, value: string | null, area = local): void {
  const oldValue = area.getItem(key);
  if (value === null) area.removeItem(key);
  else area.setItem(key, value);
  fireStorageEvent({ key, oldValue, newValue: value, storageArea: area });
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  local.clear();
  session.clear();
});

describe("another tab's login and logout (storage events, web storage modes)", () => {
  it("another tab's login logs this tab in ('login')", () => {
    const { client, events } = tab('localStorage');
    const token = validToken();
    otherTabWrites('tessera_token', token);
    expect(client.getToken()).toBe(token);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual(['login']);
  });

  it("another tab's logout logs this tab out ('logout')", () => {
    local.setItem('tessera_token', validToken());
    const { client, events } = tab('localStorage');
    otherTabWrites('tessera_token', null);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['logout']);
  });

  it("another tab's new token replaces this tab's ('token')", () => {
    local.setItem('tessera_token', validToken({ sub: 'a' }));
    const { client, events } = tab('localStorage');
    otherTabWrites('tessera_token', validToken({ sub: 'b' }));
    expect(client.getPayload()?.sub).toBe('b');
    expect(events).toEqual(['token']);
  });

  it('storage.clear() in another tab (key null) logs out', () => {
    local.setItem('tessera_token', validToken());
    const { client, events } = tab('localStorage');
    local.clear();
    fireStorageEvent({ key: null, newValue: null, storageArea: local });
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['logout']);
  });

  it("works with Satellizer's key", () => {
    const { client, events } = tab('localStorage', 'satellizer_token');
    otherTabWrites('satellizer_token', validToken());
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual(['login']);
  });

  it('ignores other keys, the other storage area, and events that change nothing', () => {
    const { client, events } = tab('localStorage');
    otherTabWrites('unrelated', validToken());
    otherTabWrites('tessera_token', validToken(), session);
    fireStorageEvent({ key: 'tessera_token', newValue: null, storageArea: local });
    expect(client.getToken()).toBeNull();
    expect(events).toEqual([]);
  });

  it('memory mode never listens to storage events', () => {
    const { client, events } = tab('memory');
    otherTabWrites('tessera_token', validToken());
    expect(client.getToken()).toBeNull();
    expect(events).toEqual([]);
  });

  it('follows setStorageType: stops listening to the old area, listens to the new one', () => {
    const { client, events } = tab('localStorage');
    client.setStorageType('sessionStorage');
    otherTabWrites('tessera_token', validToken());
    expect(client.getToken()).toBeNull();
    otherTabWrites('tessera_token', validToken(), session);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual(['login']);
  });

  it('dispose() stops listening', () => {
    const { client } = tab('localStorage');
    client.dispose();
    otherTabWrites('tessera_token', validToken());
    expect(client.getToken()).toBeNull();
  });
});
