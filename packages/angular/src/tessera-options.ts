import { InjectionToken } from '@angular/core';
import type { TesseraClient, TesseraClientOptions } from '@tessera/client';

/**
 * Options of the Angular binding itself, next to those of the client.
 *
 * @example
 * ```ts
 * provideTessera({ storageType: 'memory', loginPath: '/sign-in', meUrl: '/api/auth/me' });
 * ```
 */
export interface TesseraAngularOptions {
  /** Where {@link authGuard} sends a signed-out user. Default `'/login'`. */
  readonly loginPath?: string;
  /** Where {@link guestGuard} sends a signed-in user. Default `'/'`. */
  readonly homePath?: string;
  /** The current user's URL, loaded into `TesseraAuth.user`; `null` turns that off. Default `'/api/auth/me'`. */
  readonly meUrl?: string | null;
}

/**
 * What {@link provideTessera} takes: the client's options (a client is built from them), or a
 * client built elsewhere (then client options are ignored); plus the binding's own
 * {@link TesseraAngularOptions}.
 *
 * @example
 * ```ts
 * const config: TesseraConfig = { storageType: 'memory', loginPath: '/login' };
 * const shared: TesseraConfig = { client: new TesseraClient({ baseUrl: 'https://api.example.com' }) };
 * ```
 */
export type TesseraConfig = (TesseraClientOptions | { readonly client: TesseraClient }) &
  TesseraAngularOptions;

/**
 * The binding's options with their defaults applied, as {@link TESSERA_OPTIONS} holds them.
 *
 * @example
 * ```ts
 * const defaults: ResolvedTesseraOptions = { loginPath: '/login', homePath: '/', meUrl: '/api/auth/me' };
 * ```
 */
export type ResolvedTesseraOptions = Required<TesseraAngularOptions>;

/**
 * The {@link TesseraClient} of the application, provided by {@link provideTessera}.
 *
 * @example
 * ```ts
 * const client = inject(TESSERA_CLIENT);
 * client.isAuthenticated();
 * ```
 */
export const TESSERA_CLIENT = new InjectionToken<TesseraClient>('TESSERA_CLIENT');

/**
 * The binding's options with defaults applied, provided by {@link provideTessera}.
 *
 * @example
 * ```ts
 * const { loginPath } = inject(TESSERA_OPTIONS);
 * ```
 */
export const TESSERA_OPTIONS = new InjectionToken<ResolvedTesseraOptions>('TESSERA_OPTIONS', {
  factory: () => ({ loginPath: '/login', homePath: '/', meUrl: '/api/auth/me' }),
});
