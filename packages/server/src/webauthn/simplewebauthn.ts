import type * as SimpleWebAuthnModule from '@simplewebauthn/server';

type SimpleWebAuthn = typeof SimpleWebAuthnModule;
/** The ceremonies Tessera runs; each is an async function of `@simplewebauthn/server`. */
type Ceremony =
  | 'generateRegistrationOptions'
  | 'verifyRegistrationResponse'
  | 'generateAuthenticationOptions'
  | 'verifyAuthenticationResponse';

let loading: Promise<SimpleWebAuthn> | undefined;

/**
 * `@simplewebauthn/server`'s `name`, with the package loaded on the first call: with the X.509
 * and ASN.1 packages it brings, loading it took about a tenth of Tessera's start-up, which a
 * server without passkey traffic never needs to pay. Same signature, same promise.
 */
function loadedOnFirstUse<K extends Ceremony>(name: K): SimpleWebAuthn[K] {
  const call = async (...args: unknown[]): Promise<unknown> => {
    loading ??= import('@simplewebauthn/server');
    const ceremony = (await loading)[name] as (...args: unknown[]) => Promise<unknown>;
    return ceremony(...args);
  };
  return call as SimpleWebAuthn[K];
}

export const generateRegistrationOptions = loadedOnFirstUse('generateRegistrationOptions');
export const verifyRegistrationResponse = loadedOnFirstUse('verifyRegistrationResponse');
export const generateAuthenticationOptions = loadedOnFirstUse('generateAuthenticationOptions');
export const verifyAuthenticationResponse = loadedOnFirstUse('verifyAuthenticationResponse');
