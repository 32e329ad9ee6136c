// Helpers for jsdom tests. The test tsconfig has no DOM library, so web storage and events are
// reached through small structural types.

export interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear(): void;
}

export function webStorage(name: 'localStorage' | 'sessionStorage'): WebStorage {
  const storage: unknown = Reflect.get(globalThis, name);
  return storage as WebStorage;
}

/** Dispatches the `storage` event that another tab's write fires in this one. */
export function fireStorageEvent(init: {
  key: string | null;
  oldValue?: string | null;
  newValue: string | null;
  storageArea: WebStorage;
}): void {
  const ctor: unknown = Reflect.get(globalThis, 'StorageEvent');
  const dispatch: unknown = Reflect.get(globalThis, 'dispatchEvent');
  const StorageEventCtor = ctor as new (type: string, init: object) => Event;
  (dispatch as (event: Event) => boolean).call(globalThis, new StorageEventCtor('storage', init));
}

/** Replaces `globalThis[name]` with a getter that throws, as disabled storage does. */
export function disableStorage(name: 'localStorage' | 'sessionStorage'): () => void {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      throw new Error('SecurityError: access to storage is denied');
    },
  });
  return () => {
    if (original) Object.defineProperty(globalThis, name, original);
  };
}
