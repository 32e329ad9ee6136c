// Passkeys (WebAuthn, issue #14): the wire shapes of /api/auth/passkeys and /api/auth/passkey.

/**
 * A passkey of the signed-in user (`GET /api/auth/passkeys`). Timestamps are ISO 8601 UTC.
 *
 * @example
 * ```ts
 * const keys: PasskeyDto[] = await (await fetch('/api/auth/passkeys', { headers })).json();
 * ```
 */
export interface PasskeyDto {
  /** Opaque id of the passkey in the API (not the credential ID). */
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  /** The last login or second factor it answered; null until then. */
  readonly last_used_at: string | null;
  /** Whether the authenticator said the passkey is backed up (synced to other devices). */
  readonly backed_up: boolean;
}

/**
 * The JSON of a WebAuthn credential as `@simplewebauthn/browser` (or `PublicKeyCredential.toJSON()`)
 * makes it: `startRegistration()`'s or `startAuthentication()`'s result.
 */
export interface WebAuthnCredentialJson {
  readonly id: string;
  readonly rawId: string;
  readonly type: 'public-key';
  readonly response: Readonly<Record<string, unknown>>;
  readonly clientExtensionResults: Readonly<Record<string, unknown>>;
  readonly authenticatorAttachment?: string;
}

/** `POST /api/auth/passkeys`: the answer to the registration options, and a name. */
export interface RegisterPasskeyRequest {
  /** 1 to 64 characters; `Passkey` when left out. */
  readonly name?: string;
  readonly response: WebAuthnCredentialJson;
}

/** `PATCH /api/auth/passkeys/:id`. */
export interface RenamePasskeyRequest {
  readonly name: string;
}

/** `POST /api/auth/passkey/options`: options for `startAuthentication()`, and the challenge's id. */
export interface PasskeyLoginOptions {
  readonly challenge_id: string;
  /** `PublicKeyCredentialRequestOptionsJSON` (discoverable credentials, user verification required). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** `POST /api/auth/passkey/login`. */
export interface PasskeyLoginRequest {
  readonly challenge_id: string;
  readonly response: WebAuthnCredentialJson;
}
