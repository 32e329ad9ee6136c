import { authState, isBearerToken, staleAt, withFreshness } from './auth-state.js';
import { ExpiryTimer } from './expiry-timer.js';
import { ListenerSet } from './listener-set.js';
import { assertStorageType } from './resolve-options.js';
import { watchStorage } from './storage-sync.js';
import { openTokenStorage, type TokenStorage } from './token-storage.js';
import type { AuthEvent, AuthListener, AuthState, StorageType } from './types.js';

/**
 * What an {@link AuthStore} needs from the client options.
 *
 * @example
 * ```ts
 * const options: AuthStoreOptions = { storageType: 'memory', storageKey: 'tessera_token', clockSkewMs: 30_000, now: Date.now };
 * ```
 */
export interface AuthStoreOptions {
  readonly storageType: StorageType;
  readonly storageKey: string;
  readonly clockSkewMs: number;
  readonly now: () => number;
  /** Called after every change of the token, however it happened (no event of its own). */
  readonly onChange?: (state: AuthState) => void;
}

/**
 * The subscribable token store behind a client: the token in its storage, the cached state,
 * the subscribers, a timer that reports expiry, and the `storage` events of other tabs.
 *
 * @example
 * ```ts
 * const store = new AuthStore({ storageType: 'memory', storageKey: 'k', clockSkewMs: 30_000, now: Date.now });
 * store.subscribe((state, event) => console.log(event.type, state.isAuthenticated));
 * if (store.set(token)) store.emit({ type: 'token' });
 * ```
 */
export class AuthStore {
  readonly #options: AuthStoreOptions;
  readonly #listeners = new ListenerSet();
  readonly #expiry: ExpiryTimer;
  #requestedType: StorageType;
  #storage: TokenStorage;
  #stopWatching: () => void = () => undefined;
  #state: AuthState;

  constructor(options: AuthStoreOptions) {
    this.#options = options;
    this.#expiry = new ExpiryTimer(options.now, () => {
      if (!this.state.isAuthenticated) this.emit({ type: 'token' });
    });
    this.#requestedType = options.storageType;
    this.#storage = openTokenStorage(options.storageType, options.storageKey);
    this.#state = authState(null, options.now(), options.clockSkewMs);
    this.#adopt(this.#readStored());
    this.#watch();
  }

  /** The current state; a new object only when something, or the freshness, changed. */
  get state(): AuthState {
    this.#state = withFreshness(this.#state, this.#options.now(), this.#options.clockSkewMs);
    return this.#state;
  }

  /** The storage really in use (`'memory'` when the web storage asked for is unusable). */
  get storageType(): StorageType {
    return this.#storage.type;
  }

  /** Stores (or, with `null`, removes) the token; whether the state changed. No event. */
  set(token: string | null): boolean {
    if (token === null) this.#storage.remove();
    else this.#storage.set(token);
    return this.#adopt(token);
  }

  /** Moves the token to another storage and keeps using that one. No event. */
  setStorageType(type: StorageType): void {
    assertStorageType(type);
    if (type === this.#requestedType) return;
    const token = this.#state.token;
    const previous = this.#storage;
    this.#stopWatching();
    this.#requestedType = type;
    this.#storage = openTokenStorage(type, this.#options.storageKey);
    if (token === null) this.#storage.remove();
    else this.#storage.set(token);
    previous.remove();
    this.#watch();
  }

  /**
   * Adopts what the web storage holds now (another tab may have written it a moment ago, before
   * its `storage` event arrived), with the event the `storage` event would have given.
   */
  reload(): void {
    if (this.#storage.area !== null) this.#syncFromStorage();
  }

  subscribe(listener: AuthListener): () => void {
    return this.#listeners.add(listener);
  }

  emit(event: AuthEvent): void {
    this.#listeners.emit(this.state, event);
  }

  dispose(): void {
    this.#stopWatching();
    this.#stopWatching = () => undefined;
    this.#expiry.cancel();
    this.#listeners.clear();
  }

  #readStored(): string | null {
    const token = this.#storage.get();
    return isBearerToken(token) ? token : null;
  }

  /** Makes `token` the current one without writing it; whether the state changed. */
  #adopt(token: string | null): boolean {
    if (token === this.#state.token) return false;
    const { now, clockSkewMs } = this.#options;
    this.#state = authState(token, now(), clockSkewMs);
    const { isAuthenticated, payload } = this.#state;
    this.#expiry.schedule(isAuthenticated ? staleAt(payload, clockSkewMs) : null);
    this.#options.onChange?.(this.#state);
    return true;
  }

  /** Another tab wrote the key: adopt its value; `login` / `logout` / `token` by what changed. */
  #watch(): void {
    this.#stopWatching = () => undefined;
    const area = this.#storage.area;
    if (area === null) return;
    this.#stopWatching = watchStorage(area, this.#options.storageKey, () => {
      this.#syncFromStorage();
    });
  }

  #syncFromStorage(): void {
    const previous = this.#state.token;
    const token = this.#readStored();
    if (!this.#adopt(token)) return;
    this.emit({ type: previous === null ? 'login' : token === null ? 'logout' : 'token' });
  }
}
