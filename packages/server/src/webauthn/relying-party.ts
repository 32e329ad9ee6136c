import type { AddressInfo } from 'node:net';
import type { TesseraConfig } from '../config/config.js';

/** Who passkeys are made for and where their ceremonies may come from. */
export interface RelyingParty {
  /** The RP ID: the domain credentials are bound to. */
  readonly id: string;
  /** What authenticators show. */
  readonly name: string;
  /** The exact origins accepted in `clientDataJSON`. */
  readonly origins: readonly string[];
}

type WebAuthnSettings = Pick<
  TesseraConfig,
  'publicUrl' | 'webauthnRpId' | 'webauthnOrigins' | 'webauthnRpName'
>;

/**
 * Resolves the relying party from the settings: the RP ID is `TESSERA_WEBAUTHN_RP_ID`, else the
 * host name of the public URL, else `localhost`; the origins are `TESSERA_WEBAUTHN_ORIGINS`,
 * else the public URL's origin, else `http://localhost:<port>` of the listening server (a
 * browser may use passkeys on `http://localhost`, never on `http://127.0.0.1`). `address` is
 * asked when that last default is needed (the port is known once the server listens).
 *
 * @example
 * ```ts
 * const rp = relyingPartyOf(config, () => app.server.address());
 * rp().origins; // ['https://app.example.com']
 * ```
 */
export function relyingPartyOf(
  settings: WebAuthnSettings,
  address: () => AddressInfo | string | null,
): () => RelyingParty {
  const publicUrl = settings.publicUrl === undefined ? undefined : new URL(settings.publicUrl);
  const id = settings.webauthnRpId ?? publicUrl?.hostname ?? 'localhost';
  const name = settings.webauthnRpName;
  if (settings.webauthnOrigins.length > 0) {
    const fixed = { id, name, origins: [...settings.webauthnOrigins] };
    return () => fixed;
  }
  if (publicUrl !== undefined) {
    const fixed = { id, name, origins: [publicUrl.origin] };
    return () => fixed;
  }
  let resolved: RelyingParty | undefined;
  return () => {
    if (resolved !== undefined) return resolved;
    const listening = address();
    // Not listening (inject, tests): no origin is acceptable until a port is known.
    if (listening === null || typeof listening === 'string') return { id, name, origins: [] };
    resolved = { id, name, origins: [`http://localhost:${listening.port}`] };
    return resolved;
  };
}
