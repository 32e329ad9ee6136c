import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The endpoints of a plain OAuth 2 provider (GitHub): no discovery, a profile API. */
export interface OAuthEndpoints {
  readonly authorization: string;
  readonly token: string;
  /** The base of the profile API (`https://api.github.com`: `/user`, `/user/emails`). */
  readonly api: string;
}

/**
 * One sign-in provider (issue #15). `kind: 'oidc'` discovers everything from `issuer`;
 * `kind: 'github'` is GitHub's plain OAuth 2 with its profile API.
 *
 * @example
 * ```ts
 * const local: OidcProviderConfig = {
 *   name: 'local', label: 'Local', kind: 'oidc', issuer: 'http://127.0.0.1:4000',
 *   clientId: 'tessera', clientSecret: 'secret', scopes: ['openid', 'email', 'profile'], redirectUris: [],
 * };
 * ```
 */
export interface OidcProviderConfig {
  /** Lower-case `[a-z0-9]+`: the path segment of every provider route. */
  readonly name: string;
  /** What the sign-in button says (`Sign in with <label>`). */
  readonly label: string;
  readonly kind: 'oidc' | 'github';
  /** The issuer (discovery base for `oidc`; recorded as the identities' issuer for `github`). */
  readonly issuer: string;
  readonly clientId: string;
  /** Undefined for a public client. */
  readonly clientSecret?: string | undefined;
  readonly scopes: readonly string[];
  /** Exact redirect URIs a Satellizer page may use (its popup's `redirectUri`). */
  readonly redirectUris: readonly string[];
  /** `github` only (defaults: GitHub's own). */
  readonly endpoints?: OAuthEndpoints | undefined;
}

/** `TesseraConfig.oidc`: the providers, and whether a first sign-in may create a user. */
export interface OidcConfig {
  readonly providers: readonly OidcProviderConfig[];
  /** `TESSERA_OIDC_SIGNUP` (default false): a provider's verified address may create a user. */
  readonly signup: boolean;
}

/** GitHub's OAuth endpoints (the preset's defaults). */
export const GITHUB_ENDPOINTS: OAuthEndpoints = {
  authorization: 'https://github.com/login/oauth/authorize',
  token: 'https://github.com/login/oauth/access_token',
  api: 'https://api.github.com',
};

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
const PRESETS: Readonly<
  Record<string, Pick<OidcProviderConfig, 'kind' | 'issuer' | 'label' | 'scopes'>>
> = {
  google: {
    kind: 'oidc',
    issuer: 'https://accounts.google.com',
    label: 'Google',
    scopes: DEFAULT_SCOPES,
  },
  github: {
    kind: 'github',
    issuer: 'https://github.com',
    label: 'GitHub',
    scopes: ['read:user', 'user:email'],
  },
};

const SETTINGS = [
  'ISSUER',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'SCOPES',
  'LABEL',
  'REDIRECT_URIS',
  'API_URL',
  'AUTHORIZATION_URL',
  'TOKEN_URL',
] as const;
type Setting = (typeof SETTINGS)[number];
const VARIABLE = new RegExp(`^TESSERA_OIDC_([A-Z0-9]+)_(${SETTINGS.join('|')})$`);
const PROVIDER_NAME = /^[a-z0-9]{1,32}$/;

/** Whether `host` (a URL's hostname) is a loopback address or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** An absolute `https://` URL, or `http://` on a loopback host only (O13). */
export function checkProviderUrl(value: string, where: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const ok =
    url !== undefined &&
    url.username === '' &&
    url.password === '' &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)));
  if (!ok) {
    throw new ConfigError(
      `${where} must be an https:// URL (http:// only on a loopback address such as 127.0.0.1 or localhost)`,
      where,
    );
  }
  return value;
}

/**
 * The providers of `TESSERA_OIDC_<NAME>_*` and `TESSERA_OIDC_SIGNUP`; undefined when none of
 * them is set. Unknown `TESSERA_OIDC_*` variables are refused (a typo would silently do nothing).
 */
export function oidcFromEnv(env: Env): OidcConfig | undefined {
  const byName = new Map<string, Partial<Record<Setting, string>>>();
  let signup: boolean | undefined = undefined;
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('TESSERA_OIDC_') || value === undefined || value === '') continue;
    if (variable === 'TESSERA_OIDC_SIGNUP') {
      if (value !== 'true' && value !== 'false' && value !== '1' && value !== '0') {
        throw new ConfigError('TESSERA_OIDC_SIGNUP must be true or false', variable);
      }
      signup = value === 'true' || value === '1';
      continue;
    }
    const match = VARIABLE.exec(variable);
    if (match === null) {
      throw new ConfigError(
        `${variable} is not a setting: use TESSERA_OIDC_<NAME>_{${SETTINGS.join(',')}} or TESSERA_OIDC_SIGNUP`,
        variable,
      );
    }
    const name = (match[1] ?? '').toLowerCase();
    byName.set(name, { ...byName.get(name), [match[2] as Setting]: value });
  }
  if (byName.size === 0 && signup === undefined) return undefined;
  const providers = [...byName].map(([name, settings]) => providerFromEnv(name, settings));
  return { providers, signup: signup ?? false };
}

function providerFromEnv(
  name: string,
  settings: Partial<Record<Setting, string>>,
): OidcProviderConfig {
  const prefix = `TESSERA_OIDC_${name.toUpperCase()}`;
  const preset = PRESETS[name];
  const clientId = settings.CLIENT_ID;
  if (clientId === undefined) {
    throw new ConfigError(
      `${prefix}_CLIENT_ID is required for the ${name} provider`,
      `${prefix}_CLIENT_ID`,
    );
  }
  const kind = preset?.kind ?? 'oidc';
  if (kind !== 'github') {
    for (const setting of ['API_URL', 'AUTHORIZATION_URL', 'TOKEN_URL'] as const) {
      if (settings[setting] !== undefined) {
        throw new ConfigError(
          `${prefix}_${setting} applies to GitHub only: an OpenID provider's endpoints come from its discovery`,
          `${prefix}_${setting}`,
        );
      }
    }
  }
  const issuer = settings.ISSUER ?? preset?.issuer;
  if (issuer === undefined) {
    throw new ConfigError(
      `${prefix}_ISSUER is required for the ${name} provider`,
      `${prefix}_ISSUER`,
    );
  }
  const list = (value: string | undefined, separator: RegExp): string[] | undefined =>
    value
      ?.split(separator)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  return checkProvider(
    {
      name,
      label: settings.LABEL ?? preset?.label ?? name.charAt(0).toUpperCase() + name.slice(1),
      kind,
      issuer: checkProviderUrl(issuer, `${prefix}_ISSUER`),
      clientId,
      clientSecret: settings.CLIENT_SECRET,
      scopes: list(settings.SCOPES, /[\s,]+/) ?? preset?.scopes ?? DEFAULT_SCOPES,
      redirectUris: (list(settings.REDIRECT_URIS, /,/) ?? []).map((uri) =>
        checkProviderUrl(uri, `${prefix}_REDIRECT_URIS`),
      ),
      ...(kind === 'github'
        ? {
            endpoints: {
              authorization: checkProviderUrl(
                settings.AUTHORIZATION_URL ?? GITHUB_ENDPOINTS.authorization,
                `${prefix}_AUTHORIZATION_URL`,
              ),
              token: checkProviderUrl(
                settings.TOKEN_URL ?? GITHUB_ENDPOINTS.token,
                `${prefix}_TOKEN_URL`,
              ),
              api: checkProviderUrl(settings.API_URL ?? GITHUB_ENDPOINTS.api, `${prefix}_API_URL`),
            },
          }
        : {}),
    },
    prefix,
  );
}

/**
 * Checks one provider given in code or read from the environment (`where` names it in errors)
 * and fills a GitHub provider's default endpoints.
 */
export function checkProvider(provider: OidcProviderConfig, where: string): OidcProviderConfig {
  if (!PROVIDER_NAME.test(provider.name)) {
    throw new ConfigError(`${where}: a provider name is 1 to 32 of a-z and 0-9`, where);
  }
  if (provider.kind !== 'oidc' && provider.kind !== 'github') {
    throw new ConfigError(`${where}: kind must be 'oidc' or 'github'`, where);
  }
  if (typeof provider.clientId !== 'string' || provider.clientId === '') {
    throw new ConfigError(`${where}: clientId is required`, where);
  }
  if (provider.label.trim() === '' || provider.scopes.length === 0) {
    throw new ConfigError(`${where}: label and scopes must not be empty`, where);
  }
  checkProviderUrl(provider.issuer, where);
  for (const uri of provider.redirectUris) checkProviderUrl(uri, where);
  const endpoints =
    provider.kind === 'github' ? (provider.endpoints ?? GITHUB_ENDPOINTS) : provider.endpoints;
  if (endpoints !== undefined) {
    for (const url of [endpoints.authorization, endpoints.token, endpoints.api]) {
      checkProviderUrl(url, where);
    }
  }
  return { ...provider, ...(endpoints === undefined ? {} : { endpoints }) };
}

/** Checks `config.oidc` given in code: each provider, and no name twice. */
export function checkOidcConfig(oidc: OidcConfig): OidcConfig {
  const seen = new Set<string>();
  const providers = oidc.providers.map((provider, index) => {
    const where = `config.oidc.providers[${String(index)}]`;
    if (seen.has(provider.name)) {
      throw new ConfigError(`${where}: the provider name ${provider.name} is used twice`, where);
    }
    seen.add(provider.name);
    return checkProvider(provider, where);
  });
  return { providers, signup: oidc.signup };
}
