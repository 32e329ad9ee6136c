import type { AddressInfo } from 'node:net';

/** The web app's pages a mailed link opens (apps/web routes). */
export type LinkPage = 'reset-password' | 'verify-email' | 'accept-invitation';

/**
 * A mailed link: `<base>/<page>#token=<token>`. The token rides in the fragment, so it never
 * reaches a server log or a `Referer`.
 *
 * @example
 * ```ts
 * accountLink('https://auth.example.com', 'reset-password', token); // 'https://auth.example.com/reset-password#token=…'
 * ```
 */
export function accountLink(base: string, page: LinkPage, token: string): string {
  return `${base.replace(/\/+$/, '')}/${page}#token=${token}`;
}

/**
 * The base of mailed links: `TESSERA_PUBLIC_URL` when set, else the address the server listens
 * on, else `host:port` of the configuration. Never the request's `Host` header.
 *
 * @example
 * ```ts
 * linkBase({ publicUrl: undefined, host: '0.0.0.0', port: 3000 }); // 'http://localhost:3000'
 * ```
 */
export function linkBase(
  config: { readonly publicUrl: string | undefined; readonly host: string; readonly port: number },
  listening?: AddressInfo,
): string {
  if (config.publicUrl !== undefined) return config.publicUrl;
  const host = listening?.address ?? config.host;
  const port = listening?.port ?? config.port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
