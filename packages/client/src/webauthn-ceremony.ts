import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

// @simplewebauthn/browser is loaded on the first passkey ceremony only: pages (and Node programs)
// that never use a passkey never load it.

/**
 * Creates a passkey with the browser's authenticator from the server's registration options.
 *
 * @example
 * ```ts
 * const response = await createPasskey(await request('/api/auth/passkeys/options', { method: 'POST' }));
 * ```
 * @throws the browser's error (`NotAllowedError` when the user cancels), as
 * `@simplewebauthn/browser` reports it.
 */
export async function createPasskey(options: unknown): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  return startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
}

/**
 * Signs the server's challenge with a passkey (discoverable when the options list none).
 *
 * @example
 * ```ts
 * const response = await usePasskey(options);
 * ```
 * @throws the browser's error (`NotAllowedError` when the user cancels).
 */
export async function usePasskey(options: unknown): Promise<AuthenticationResponseJSON> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  return startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON });
}
