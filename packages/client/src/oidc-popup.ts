import type { OidcCallbackResult } from '@tessera/protocol';
import { parseOidcCallback } from './oidc-callback.js';
import { TesseraPopupClosedError } from './popup-closed-error.js';

/** The app page the server sends the browser back to, whatever the flow. */
export const CALLBACK_PATH = '/oidc/callback';
/** How often the opener looks at its popup. */
const POLL_MS = 100;
const FEATURES = 'popup=yes,width=500,height=640';

/**
 * The part of a popup window the client touches (a real `Window`, or a test's fake).
 *
 * @example
 * ```ts
 * const popup: PopupWindow | null = window.open(url, 'tessera_oidc');
 * ```
 */
export interface PopupWindow {
  readonly closed: boolean;
  /** Cross-origin while the popup is at the provider: reading it then throws. */
  readonly location: { href: string };
  close(): void;
}

/**
 * The part of the page's window the client touches (`globalThis` in a browser).
 *
 * @example
 * ```ts
 * const browser: OidcBrowser = { open: (...args) => window.open(...args), location };
 * ```
 */
export interface OidcBrowser {
  open(url: string, target: string, features: string): PopupWindow | null;
  readonly location: { readonly href: string; readonly hash: string; assign(url: string): void };
}

/**
 * The page's window, read when called (so a test can stub the globals), or `null` outside a
 * browser.
 *
 * @example
 * ```ts
 * const browser = currentBrowser();
 * browser?.location.assign(url);
 * ```
 */
export function currentBrowser(): OidcBrowser | null {
  const open: unknown = Reflect.get(globalThis, 'open');
  const location: unknown = Reflect.get(globalThis, 'location');
  if (typeof open !== 'function' || typeof location !== 'object' || location === null) return null;
  return {
    open: (url, target, features) =>
      (open as OidcBrowser['open']).call(globalThis, url, target, features),
    location: location as OidcBrowser['location'],
  };
}

/**
 * The page's window, or a TypeError: a provider flow needs a browser.
 *
 * @example
 * ```ts
 * requireBrowser('authenticate').open(url, 'tessera_oidc', '');
 * ```
 */
export function requireBrowser(call: string): OidcBrowser {
  const browser = currentBrowser();
  if (browser === null) throw new TypeError(`${call} needs a browser window`);
  return browser;
}

/**
 * Opens the provider's popup (synchronously, so the click's user activation counts); `null`
 * when the browser blocked it.
 *
 * @example
 * ```ts
 * const popup = openPopup(browser, startUrl) ?? fallBackToRedirect();
 * ```
 */
export function openPopup(browser: OidcBrowser, url: string): PopupWindow | null {
  return browser.open(url, 'tessera_oidc', FEATURES) ?? null;
}

/** The callback fragment of the popup once it is back on this origin's callback page. */
function readCallback(popup: PopupWindow, origin: string): OidcCallbackResult | null {
  try {
    const url = new URL(popup.location.href);
    if (url.origin !== origin || !url.pathname.endsWith(CALLBACK_PATH)) return null;
    return parseOidcCallback(url.hash);
  } catch {
    return null; // still at the provider (cross-origin), or between two pages
  }
}

/**
 * Waits until the popup is back on this origin's `/oidc/callback` page, reads its fragment and
 * closes it.
 *
 * @example
 * ```ts
 * const result = await waitForCallback(browser, popup); // { ticket, returnTo } | …
 * ```
 * @throws TesseraPopupClosedError when the user closes the popup first.
 */
export function waitForCallback(
  browser: OidcBrowser,
  popup: PopupWindow,
): Promise<OidcCallbackResult> {
  const origin = new URL(browser.location.href).origin;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const result = readCallback(popup, origin);
      if (result !== null) {
        clearInterval(timer);
        popup.close();
        resolve(result);
      } else if (popup.closed) {
        clearInterval(timer);
        reject(new TesseraPopupClosedError());
      }
    }, POLL_MS);
  });
}

/**
 * A promise that never settles: the page is going to the provider.
 *
 * @example
 * ```ts
 * browser.location.assign(url);
 * return leavingPage();
 * ```
 */
export function leavingPage<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
