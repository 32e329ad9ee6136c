import type { OidcCallbackResult, OidcMode, OidcProvider, TokenResponse } from '@tessera/protocol';
import type { LinkedIdentity } from '@tessera/protocol';
import { nonEmpty, type AccountCallDeps } from './account-call-deps.js';
import { ACCOUNT_PATHS } from './account-paths.js';
import type { OidcAuthenticateOptions, OidcLinkOptions } from './account-types.js';
import { jsonInit, readJsonResponse } from './json-response.js';
import { oidcCallbackError, parseOidcCallback } from './oidc-callback.js';
import {
  currentBrowser,
  leavingPage,
  openPopup,
  requireBrowser,
  waitForCallback,
  type OidcBrowser,
  type PopupWindow,
} from './oidc-popup.js';
import { TesseraHttpError } from './tessera-http-error.js';
import { fetchOrThrow } from './tessera-network-error.js';

function member(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
}

function checkedMode(mode: unknown): OidcMode {
  if (mode !== 'popup' && mode !== 'redirect') {
    throw new TypeError("mode must be 'popup' or 'redirect'");
  }
  return mode;
}

/** The `authorization_url` of a link answer, checked to be an http(s) URL. */
function authorizationUrl(body: unknown): string {
  const url = member(body, 'authorization_url');
  try {
    if (typeof url === 'string' && /^https?:$/.test(new URL(url).protocol)) return url;
  } catch {
    // reported below
  }
  throw new TesseraHttpError(200, { message: 'The link response holds no authorization_url' });
}

/** A callback result that must be another kind than the one the flow waited for. */
function unexpected(result: OidcCallbackResult): TesseraHttpError {
  if ('error' in result) return oidcCallbackError(result.error);
  return new TesseraHttpError(200, { message: 'The provider sent back an unexpected answer' });
}

/**
 * Sign-in with an OpenID Connect (or OAuth 2) provider, Satellizer's `authenticate` done with
 * the server's flow (PKCE, state, nonce and the code exchange stay on the server): list the
 * providers, sign in by popup or redirect, finish a redirect on the callback page, and link or
 * unlink the signed-in user's provider identities.
 *
 * @example
 * ```ts
 * const oidc = new OidcCalls({ options, urls, request, signIn });
 * await oidc.authenticate('google'); // signed in, like login()
 * ```
 */
export class OidcCalls {
  readonly #deps: AccountCallDeps;

  constructor(deps: AccountCallDeps) {
    this.#deps = deps;
  }

  async providers(): Promise<readonly OidcProvider[]> {
    const { options, urls } = this.#deps;
    const url = urls.resolve(ACCOUNT_PATHS.providers);
    const response = await fetchOrThrow(options.fetch, url, jsonInit({ method: 'GET' }, undefined));
    const providers = member(await readJsonResponse(response), 'providers');
    if (!Array.isArray(providers)) {
      throw new TesseraHttpError(200, { message: 'The providers response holds no list' });
    }
    return providers as OidcProvider[];
  }

  async authenticate(
    provider: string,
    choice: OidcAuthenticateOptions = {},
  ): Promise<TokenResponse> {
    const name = nonEmpty(provider, 'authenticate needs a provider name');
    const mode = checkedMode(choice.mode ?? 'popup');
    const browser = requireBrowser('authenticate');
    // Opened before any await: the click's user activation is what lets the popup through.
    const popup =
      mode === 'popup' ? openPopup(browser, this.#startUrl(name, 'popup', choice)) : null;
    if (popup === null) {
      browser.location.assign(this.#startUrl(name, 'redirect', choice));
      return leavingPage();
    }
    const result = await waitForCallback(browser, popup);
    if (!('ticket' in result)) throw unexpected(result);
    return this.completeOidc(result.ticket);
  }

  async completeOidc(ticket: string): Promise<TokenResponse> {
    const checked = nonEmpty(ticket, 'completeOidc needs the ticket of the callback fragment');
    return this.#deps.signIn(ACCOUNT_PATHS.oidcComplete, { ticket: checked });
  }

  callbackResult(hash?: string): OidcCallbackResult | null {
    return parseOidcCallback(hash ?? currentBrowser()?.location.hash ?? '');
  }

  async link(provider: string, choice: OidcLinkOptions = {}): Promise<string> {
    const name = nonEmpty(provider, 'link needs a provider name');
    const wanted = checkedMode(choice.mode ?? 'popup');
    const browser = requireBrowser('link');
    // An empty popup now (user activation), pointed at the provider once the server answered.
    const popup = wanted === 'popup' ? openPopup(browser, 'about:blank') : null;
    let url: string;
    try {
      url = authorizationUrl(
        await this.#requestLink(name, popup === null ? 'redirect' : 'popup', choice),
      );
    } catch (error) {
      popup?.close();
      throw error;
    }
    if (popup === null) {
      browser.location.assign(url);
      return leavingPage();
    }
    return this.#finishLinkPopup(browser, popup, url);
  }

  async unlink(identityId: string): Promise<void> {
    const id = nonEmpty(identityId, 'unlink needs the identity id');
    const path = `${ACCOUNT_PATHS.identities}/${encodeURIComponent(id)}`;
    await this.#deps.request<unknown>(path, { method: 'DELETE' });
  }

  async identities(): Promise<readonly LinkedIdentity[]> {
    const body = await this.#deps.request<unknown>(ACCOUNT_PATHS.identities);
    const list = member(body, 'identities');
    if (!Array.isArray(list)) {
      throw new TesseraHttpError(200, { message: 'The identities response holds no list' });
    }
    return list as LinkedIdentity[];
  }

  async #finishLinkPopup(browser: OidcBrowser, popup: PopupWindow, url: string): Promise<string> {
    popup.location.href = url;
    const result = await waitForCallback(browser, popup);
    if (!('linked' in result)) throw unexpected(result);
    return result.linked;
  }

  #requestLink(name: string, mode: OidcMode, choice: OidcLinkOptions): Promise<unknown> {
    const { currentPassword, returnTo } = choice;
    return this.#deps.request<unknown>(`${this.#providerPath(name)}/link`, {
      method: 'POST',
      json: {
        mode,
        ...(currentPassword === undefined ? {} : { current_password: currentPassword }),
        ...(returnTo === undefined ? {} : { return_to: returnTo }),
      },
    });
  }

  #providerPath(name: string): string {
    return `${ACCOUNT_PATHS.oidc}/${encodeURIComponent(name)}`;
  }

  #startUrl(name: string, mode: OidcMode, { returnTo }: OidcAuthenticateOptions): string {
    const query = new URLSearchParams({ mode });
    if (returnTo !== undefined) query.set('return_to', returnTo);
    return this.#deps.urls.resolve(`${this.#providerPath(name)}/start?${query.toString()}`);
  }
}
