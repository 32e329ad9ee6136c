// OpenID Connect login (issue #15): the wire shapes of /api/auth/providers, /api/auth/oidc/* and
// /api/auth/identities, and of Satellizer's POST /auth/<name>.

/**
 * A configured sign-in provider, as `GET /api/auth/providers` lists it (never a secret).
 *
 * @example
 * ```ts
 * const { providers } = (await (await fetch('/api/auth/providers')).json()) as OidcProvidersResponse;
 * providers.map((p) => `Sign in with ${p.label}`);
 * ```
 */
export interface OidcProvider {
  /** Lower-case name: the path segment of every provider route (`google`, `github`, `local`). */
  readonly name: string;
  /** Human label for a button (`Google`). */
  readonly label: string;
}

/** `GET /api/auth/providers`. */
export interface OidcProvidersResponse {
  readonly providers: readonly OidcProvider[];
}

/** How the browser goes to the provider: a popup window, or the whole page. */
export type OidcMode = 'popup' | 'redirect';

/** `POST /api/auth/oidc/complete`: the one-time ticket of the callback page's fragment. */
export interface OidcCompleteRequest {
  readonly ticket: string;
}

/** `POST /api/auth/oidc/:name/link` (bearer). */
export interface OidcLinkRequest {
  /** Needed unless the session logged in during the last 5 minutes (as for adding a passkey). */
  readonly current_password?: string;
  readonly mode?: OidcMode;
  /** Same-origin path the app goes to after linking; `/` when left out or not a local path. */
  readonly return_to?: string;
}

/** The answer of `POST /api/auth/oidc/:name/link`: where to send the browser (or popup). */
export interface OidcLinkResponse {
  readonly authorization_url: string;
}

/** A provider identity linked to the signed-in user (`GET /api/auth/identities`). */
export interface LinkedIdentity {
  /** Opaque id, for `DELETE /api/auth/identities/:id`. */
  readonly id: string;
  /** The provider's name. */
  readonly provider: string;
  /** The provider's label (the name when the provider is no longer configured). */
  readonly label: string;
  /** The address the provider last reported, if any. */
  readonly email: string | null;
  readonly created_at: string;
  readonly last_used_at: string | null;
}

/** `GET /api/auth/identities`. */
export interface LinkedIdentitiesResponse {
  readonly identities: readonly LinkedIdentity[];
}

/**
 * Satellizer's code exchange, `POST /auth/<name>` (or `/api/auth/oidc/<name>`): the body its
 * popup flow posts. Other members Satellizer adds are ignored.
 */
export interface SatellizerCodeRequest {
  readonly code: string;
  readonly clientId?: string;
  readonly redirectUri: string;
  readonly state?: string;
  readonly iss?: string;
}

/**
 * What the app's `/oidc/callback` page finds in its fragment after the provider came back:
 * a one-time login ticket, a linked provider, or an error code; each with the path to go on to.
 */
export type OidcCallbackResult =
  | { readonly ticket: string; readonly returnTo: string }
  | { readonly linked: string; readonly returnTo: string }
  | { readonly error: string; readonly returnTo: string };
