import type { StorageType } from './types.js';

/**
 * Where one token lives. `type` is the storage really in use: a web storage that cannot be used
 * (disabled, blocked, full) falls back to memory and reports `'memory'`.
 *
 * @example
 * ```ts
 * const storage: TokenStorage = openTokenStorage('localStorage', 'tessera_token');
 * storage.set(token);
 * ```
 */
export interface TokenStorage {
  readonly type: StorageType;
  /** The web-storage object in use (to match `storage` events), or `null` in memory. */
  readonly area: object | null;
  get(): string | null;
  set(token: string): void;
  remove(): void;
}

/** The part of the DOM `Storage` interface the client uses. */
interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function isWebStorage(value: unknown): value is WebStorage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'getItem') === 'function' &&
    typeof Reflect.get(value, 'setItem') === 'function' &&
    typeof Reflect.get(value, 'removeItem') === 'function'
  );
}

/**
 * A token kept in a variable of this page.
 *
 * @example
 * ```ts
 * const storage = memoryTokenStorage();
 * storage.set('eyJ…');
 * storage.get(); // 'eyJ…'
 * ```
 */
export function memoryTokenStorage(initial: string | null = null): TokenStorage {
  let token = initial;
  return {
    type: 'memory',
    area: null,
    get: () => token,
    set: (value) => {
      token = value;
    },
    remove: () => {
      token = null;
    },
  };
}

/** The web storage of that name, or `null` when it is missing or access throws. */
function openWebStorage(type: 'sessionStorage' | 'localStorage', key: string): WebStorage | null {
  try {
    const storage: unknown = Reflect.get(globalThis, type);
    if (!isWebStorage(storage)) return null;
    storage.getItem(key);
    return storage;
  } catch {
    return null;
  }
}

/** Removes a stale value after a failed write, so a reload cannot bring back an older token. */
function forget(storage: WebStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing more can be done: the storage refuses every operation.
  }
}

/**
 * A token kept under `key` in `sessionStorage` or `localStorage`, as a plain string (the format
 * Satellizer reads and writes). When the storage is missing or access throws (storage disabled,
 * a sandboxed iframe, quota), it falls back to memory, now or at the first failing write, and
 * never throws.
 *
 * @example
 * ```ts
 * const storage = webTokenStorage('localStorage', 'satellizer_token');
 * storage.get(); // the token Satellizer stored, or null
 * ```
 */
export function webTokenStorage(
  type: 'sessionStorage' | 'localStorage',
  key: string,
): TokenStorage {
  const storage = openWebStorage(type, key);
  if (storage === null) return memoryTokenStorage();
  let fallback: TokenStorage | null = null;
  const degrade = (token: string | null): TokenStorage => {
    fallback = memoryTokenStorage(token);
    return fallback;
  };
  return {
    get type() {
      return fallback === null ? type : 'memory';
    },
    get area() {
      return fallback === null ? storage : null;
    },
    get: () => {
      if (fallback !== null) return fallback.get();
      try {
        return storage.getItem(key);
      } catch {
        return degrade(null).get();
      }
    },
    set: (token) => {
      if (fallback !== null) {
        fallback.set(token);
        return;
      }
      try {
        storage.setItem(key, token);
      } catch {
        degrade(token);
        forget(storage, key);
      }
    },
    remove: () => {
      if (fallback !== null) {
        fallback.remove();
        return;
      }
      try {
        storage.removeItem(key);
      } catch {
        degrade(null);
      }
    },
  };
}

/**
 * Opens the token storage of a {@link StorageType}.
 *
 * @example
 * ```ts
 * openTokenStorage('memory', 'tessera_token').type; // 'memory'
 * ```
 */
export function openTokenStorage(type: StorageType, key: string): TokenStorage {
  return type === 'memory' ? memoryTokenStorage() : webTokenStorage(type, key);
}
