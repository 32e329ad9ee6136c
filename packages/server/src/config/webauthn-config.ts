import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A host name a browser accepts as an RP ID: lower-case labels, no scheme, port or path. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Whether `origin`'s host is `rpId` or one of its subdomains (WebAuthn §5.1.3 / §7.1 step 9). */
export function originMatchesRpId(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

/** `TESSERA_WEBAUTHN_RP_ID`: a domain (`example.com`, `localhost`), never an IP address or URL. */
export function webauthnRpId(env: Env, name = 'TESSERA_WEBAUTHN_RP_ID'): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  return checkRpId(value, name);
}

/** Checks an RP ID given in code or the environment (`where` names it in the error). */
export function checkRpId(value: string, where: string): string {
  if (isIP(value) !== 0 || !HOST_NAME.test(value)) {
    throw new ConfigError(
      `${where} must be a lower-case domain name such as example.com or localhost (no scheme, port, path or IP address: browsers refuse those)`,
      where,
    );
  }
  return value;
}

/** `TESSERA_WEBAUTHN_ORIGINS`: comma-separated exact origins (`https://app.example.com`). */
export function webauthnOrigins(
  env: Env,
  name = 'TESSERA_WEBAUTHN_ORIGINS',
): readonly string[] | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  return checkOrigins(
    value.split(',').map((entry) => entry.trim()),
    name,
  );
}

/** Checks a list of origins: each `http(s)://host[:port]` exactly, nothing after. */
export function checkOrigins(origins: readonly string[], where: string): readonly string[] {
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new ConfigError(
        `${where} must be a comma-separated list of exact origins such as https://app.example.com (no path, no trailing slash)`,
        where,
      );
    }
  }
  return origins;
}

/**
 * Checks that every configured origin belongs to the configured RP ID (a browser on any other
 * origin refuses to use the RP ID, so no passkey would work there).
 */
export function checkOriginsAgainstRpId(origins: readonly string[], rpId: string): void {
  const stray = origins.find((origin) => !originMatchesRpId(origin, rpId));
  if (stray !== undefined) {
    throw new ConfigError(
      `TESSERA_WEBAUTHN_ORIGINS: ${stray} is not on the RP ID ${rpId} (TESSERA_WEBAUTHN_RP_ID) or one of its subdomains`,
      'TESSERA_WEBAUTHN_ORIGINS',
    );
  }
}

/** `TESSERA_WEBAUTHN_RP_NAME`: what authenticators show, 1 to 64 characters. */
export function webauthnRpName(env: Env, name = 'TESSERA_WEBAUTHN_RP_NAME'): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  return checkRpName(value, name);
}

export function checkRpName(value: string, where: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (value.trim() === '' || value.length > 64 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigError(`${where} must be 1 to 64 printable characters`, where);
  }
  return value;
}
