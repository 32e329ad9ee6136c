import { isBearerToken } from './auth-state.js';
import { isTokenDetails, type TokenDetails } from './token-details.js';

/** The `BroadcastChannel` every Tessera client of the origin listens to. */
export const CHANNEL_NAME = 'tessera-auth';
/** The Web Lock that lets one tab at a time refresh. */
export const LOCK_NAME = 'tessera-refresh';

/**
 * What one tab tells the others. It never holds a refresh token: `consumed` is only a
 * fingerprint of the one a refresh (or a password change) just used up, so a tab holding a copy
 * of it (a duplicated tab's `sessionStorage`) drops it instead of replaying it, which would
 * revoke the whole session (SECURITY.md L08). `details` go with a token the client cannot read
 * (an encrypted one): its expiry and scope, from the response that brought it.
 *
 * @example
 * ```ts
 * const message: TabMessage = { type: 'logout', reason: 'logout' };
 * ```
 */
export type TabMessage =
  | { readonly type: 'login'; readonly token: string; readonly details?: TokenDetails }
  | {
      readonly type: 'token';
      readonly token: string;
      readonly details?: TokenDetails;
      readonly consumed?: string;
    }
  | { readonly type: 'logout'; readonly reason: 'logout' | 'session-ended' };

/**
 * The other tabs, as the refresh logic sees them. Without `BroadcastChannel` and Web Locks
 * (Node, old browsers, or `crossTab: false`) every member does nothing and `withLock` just runs.
 *
 * @example
 * ```ts
 * const tabs = openTabSync('tessera_token', (message) => console.log(message.type));
 * await tabs.withLock(async (waited) => refreshUnlessAnotherTabDid(waited));
 * tabs.post({ type: 'logout', reason: 'logout' });
 * tabs.close();
 * ```
 */
export interface TabSync {
  /**
   * Runs `task` holding the cross-tab refresh lock. `waited` is `true` when another tab held it
   * first (and so may have just refreshed).
   */
  withLock<T>(task: (waited: boolean) => Promise<T>): Promise<T>;
  post(message: TabMessage): void;
  close(): void;
}

interface ChannelLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

type LockCallback = (lock: unknown) => Promise<unknown>;

interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean },
    callback: LockCallback,
  ): Promise<unknown>;
}

/** A `TabSync` that does nothing: a single tab, or no browser. */
export const NO_TABS: TabSync = {
  withLock: (task) => task(false),
  post: () => undefined,
  close: () => undefined,
};

/** Only in a page (or jsdom): Node has a `BroadcastChannel` too, but no tabs to talk to. */
function inBrowserPage(): boolean {
  const document: unknown = Reflect.get(globalThis, 'document');
  return typeof document === 'object' && document !== null;
}

function openChannel(): ChannelLike | null {
  const Channel: unknown = Reflect.get(globalThis, 'BroadcastChannel');
  if (typeof Channel !== 'function') return null;
  try {
    return Reflect.construct(Channel, [CHANNEL_NAME]) as ChannelLike;
  } catch {
    return null;
  }
}

function lockManager(): LockManagerLike | null {
  const navigator: unknown = Reflect.get(globalThis, 'navigator');
  if (typeof navigator !== 'object' || navigator === null) return null;
  const locks: unknown = Reflect.get(navigator, 'locks');
  if (typeof locks !== 'object' || locks === null) return null;
  return typeof Reflect.get(locks, 'request') === 'function' ? (locks as LockManagerLike) : null;
}

function field(value: object, name: string): unknown {
  return Reflect.get(value, name);
}

/**
 * Reads a message of another tab, for this `key`; `null` for anything else (another client's
 * key, another library's message, a malformed one).
 *
 * @example
 * ```ts
 * parseTabMessage({ tessera: 1, key: 'tessera_token', type: 'logout', reason: 'logout' }, 'tessera_token');
 * ```
 */
export function parseTabMessage(data: unknown, key: string): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  if (field(data, 'tessera') !== 1 || field(data, 'key') !== key) return null;
  const type = field(data, 'type');
  const token = field(data, 'token');
  const details = field(data, 'details');
  const withDetails = isTokenDetails(details)
    ? { details: { expiresAt: details.expiresAt, scope: details.scope } }
    : {};
  if (type === 'login' && isBearerToken(token)) return { type, token, ...withDetails };
  if (type === 'token' && isBearerToken(token)) {
    const consumed = field(data, 'consumed');
    return { type, token, ...withDetails, ...(typeof consumed === 'string' ? { consumed } : {}) };
  }
  const reason = field(data, 'reason');
  if (type === 'logout' && (reason === 'logout' || reason === 'session-ended')) {
    return { type, reason };
  }
  return null;
}

async function withLock<T>(
  locks: LockManagerLike,
  task: (waited: boolean) => Promise<T>,
): Promise<T> {
  let ran = false;
  const run = (waited: boolean): Promise<T> => {
    ran = true;
    return task(waited);
  };
  try {
    const done: T[] = [];
    await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (lock !== null) done.push(await run(false));
    });
    if (ran) return done[0] as T;
    return (await locks.request(LOCK_NAME, {}, () => run(true))) as T;
  } catch (error) {
    // A lock manager that refuses (an opaque origin) must not block the refresh.
    if (ran) throw error;
    return task(false);
  }
}

/**
 * Opens the cross-tab link of the client whose storage key is `key`: a `BroadcastChannel`
 * named {@link CHANNEL_NAME} and the Web Lock {@link LOCK_NAME}, each when the page has it.
 * Outside a browser page it returns {@link NO_TABS}.
 *
 * @example
 * ```ts
 * const tabs = openTabSync('tessera_token', (message) => {
 *   if (message.type === 'logout') signOutHere();
 * });
 * ```
 */
export function openTabSync(key: string, onMessage: (message: TabMessage) => void): TabSync {
  if (!inBrowserPage()) return NO_TABS;
  const channel = openChannel();
  const locks = lockManager();
  if (channel === null && locks === null) return NO_TABS;
  if (channel !== null) {
    channel.onmessage = (event) => {
      const message = parseTabMessage(event.data, key);
      if (message !== null) onMessage(message);
    };
  }
  return {
    withLock: (task) => (locks === null ? task(false) : withLock(locks, task)),
    post: (message) => {
      try {
        channel?.postMessage({ tessera: 1, key, ...message });
      } catch {
        // A closed channel: the other tabs are told nothing, this one still works.
      }
    },
    close: () => {
      if (channel === null) return;
      channel.onmessage = null;
      channel.close();
    },
  };
}
