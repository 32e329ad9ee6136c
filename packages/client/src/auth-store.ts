import { authState, isBearerToken, staleAt, withFreshness } from './auth-state.js';
import { ExpiryTimer } from './expiry-timer.js';
import { ListenerSet } from './listener-set.js';
import { assertStorageType } from './resolve-options.js';
import { watchStorage } from './storage-sync.js';
import { decodeDetails, encodeDetails, type TokenDetails } from './token-details.js';
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

/** The key, next to the token's, of the details stored for a token the client cannot read. */
export function detailsKey(storageKey: string): string {
  return `${storageKey}_details`;
}

/**
 * The subscribable token store behind a client: the token in its storage, the cached state,
 * the subscribers, a timer that reports expiry, and the `storage` events of other tabs.
 *
 * A token the client cannot read (an encrypted one) is stored with its {@link TokenDetails}
 * (expiry and scope, from its response) under {@link detailsKey}, tied to it by a fingerprint;
 * a readable token is stored alone, exactly as Satellizer stores it.
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
  #details: TokenStorage;
  #stopWatching: () => void = () => undefined;
  #state: AuthState;

  constructor(options: AuthStoreOptions) {
    this.#options = options;
    this.#expiry = new ExpiryTimer(options.now, () => {
      if (!this.state.isAuthenticated) this.emit({ type: 'token' });
    });
    this.#requestedType = options.storageType;
    this.#storage = openTokenStorage(options.storageType, options.storageKey);
    this.#details = openTokenStorage(options.storageType, detailsKey(options.storageKey));
    this.#state = authState(null, null, options.now(), options.clockSkewMs);
    this.#adopt(...this.#readStored());
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

  /**
   * Stores (or, with `null`, removes) the token, with what its response said about it (used
   * only when the token itself cannot be read); whether the state changed. No event.
   */
  set(token: string | null, details: TokenDetails | null = null): boolean {
    const known = details ?? (token === this.#state.token ? this.#ownDetails() : null);
    const changed = this.#adopt(token, known);
    this.#write(this.#storage, this.#details);
    return changed;
  }

  /** Moves the token to another storage and keeps using that one. No event. */
  setStorageType(type: StorageType): void {
    assertStorageType(type);
    if (type === this.#requestedType) return;
    const previous = [this.#storage, this.#details];
    this.#stopWatching();
    this.#requestedType = type;
    this.#storage = openTokenStorage(type, this.#options.storageKey);
    this.#details = openTokenStorage(type, detailsKey(this.#options.storageKey));
    this.#write(this.#storage, this.#details);
    for (const storage of previous) storage.remove();
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

  /** The stored token and the details stored for it. */
  #readStored(): [string | null, TokenDetails | null] {
    const token = this.#storage.get();
    if (!isBearerToken(token)) return [null, null];
    return [token, decodeDetails(this.#details.get(), token)];
  }

  /**
   * Writes the current token, and its details when it cannot be read (else removes them):
   * details first, so another tab that hears of the token finds its details already there.
   */
  #write(tokens: TokenStorage, details: TokenStorage): void {
    const { token } = this.#state;
    const own = this.#ownDetails();
    if (token !== null && own !== null) details.set(encodeDetails(token, own));
    else details.remove();
    if (token === null) tokens.remove();
    else tokens.set(token);
  }

  /** The details the current token depends on: known, and not readable from the token. */
  #ownDetails(): TokenDetails | null {
    const { payload, expiresAt, scope } = this.#state;
    if (expiresAt === null || typeof payload?.exp === 'number') return null;
    return { expiresAt, scope };
  }

  /** Makes `token` the current one without writing it; whether the state changed. */
  #adopt(token: string | null, details: TokenDetails | null): boolean {
    const { now, clockSkewMs } = this.#options;
    const next = authState(token, details, now(), clockSkewMs);
    const current = this.#state;
    if (
      next.token === current.token &&
      next.expiresAt === current.expiresAt &&
      next.scope === current.scope
    ) {
      return false;
    }
    this.#state = next;
    this.#expiry.schedule(next.isAuthenticated ? staleAt(next, clockSkewMs) : null);
    this.#options.onChange?.(next);
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
    const [token, details] = this.#readStored();
    if (!this.#adopt(token, details)) return;
    this.emit({ type: previous === null ? 'login' : token === null ? 'logout' : 'token' });
  }
}
