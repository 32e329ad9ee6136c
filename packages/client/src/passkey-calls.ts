import type { TokenResponse } from '@tessera/protocol';
import { nonEmpty, type AccountCallDeps } from './account-call-deps.js';
import { ACCOUNT_PATHS } from './account-paths.js';
import type { Passkey } from './account-types.js';
import { postPublic } from './public-call.js';
import { TesseraHttpError } from './tessera-http-error.js';
import { createPasskey, usePasskey } from './webauthn-ceremony.js';

/**
 * The signed-in user's passkeys (list, register, rename, remove) and the passwordless login.
 *
 * @example
 * ```ts
 * const passkeys = new PasskeyCalls({ options, urls, request, signIn });
 * await passkeys.register('Laptop');
 * ```
 */
export class PasskeyCalls {
  readonly #deps: AccountCallDeps;

  constructor(deps: AccountCallDeps) {
    this.#deps = deps;
  }

  async list(): Promise<readonly Passkey[]> {
    const body = await this.#deps.request<unknown>(ACCOUNT_PATHS.passkeys);
    if (!Array.isArray(body)) {
      throw new TesseraHttpError(200, { message: 'The passkeys response is not a list' });
    }
    return body as Passkey[];
  }

  async register(name: string, currentPassword?: string): Promise<Passkey> {
    const { request } = this.#deps;
    const options = await request<unknown>(ACCOUNT_PATHS.passkeyRegistrationOptions, {
      method: 'POST',
      json: currentPassword === undefined ? {} : { current_password: currentPassword },
    });
    const response = await createPasskey(options);
    return request<Passkey>(ACCOUNT_PATHS.passkeys, { method: 'POST', json: { name, response } });
  }

  async rename(id: string, name: string): Promise<Passkey> {
    return this.#deps.request<Passkey>(this.#itemPath(id), { method: 'PATCH', json: { name } });
  }

  async remove(id: string): Promise<void> {
    await this.#deps.request<unknown>(this.#itemPath(id), { method: 'DELETE' });
  }

  async login(): Promise<TokenResponse> {
    const url = this.#deps.urls.resolve(ACCOUNT_PATHS.passkeyLoginOptions);
    const body = await postPublic(this.#deps.options.fetch, url, {});
    const member = (name: string): unknown =>
      typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
    const challenge = member('challenge_id');
    const options = member('options');
    if (typeof challenge !== 'string' || typeof options !== 'object' || options === null) {
      throw new TesseraHttpError(200, { message: 'The passkey options response is malformed' });
    }
    const response = await usePasskey(options);
    return this.#deps.signIn(ACCOUNT_PATHS.passkeyLogin, { challenge_id: challenge, response });
  }

  #itemPath(id: string): string {
    const checked = nonEmpty(id, 'a passkey call needs the passkey id');
    return `${ACCOUNT_PATHS.passkeys}/${encodeURIComponent(checked)}`;
  }
}
