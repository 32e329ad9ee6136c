import type { TokenResponse } from '@tessera/protocol';
import { nonEmpty, type AccountCallDeps } from './account-call-deps.js';
import { ACCOUNT_PATHS } from './account-paths.js';
import type {
  MfaCode,
  MfaStatus,
  RecoveryCodes,
  TotpDisableProof,
  TotpEnrolment,
} from './account-types.js';
import { postPublic } from './public-call.js';
import { usePasskey } from './webauthn-ceremony.js';

/**
 * The second step of a login, and the signed-in user's TOTP and recovery codes.
 *
 * @example
 * ```ts
 * const mfa = new MfaCalls({ options, urls, request, signIn });
 * await mfa.complete({ mfaToken, method: 'totp', code: '123456' });
 * ```
 */
export class MfaCalls {
  readonly #deps: AccountCallDeps;

  constructor(deps: AccountCallDeps) {
    this.#deps = deps;
  }

  async complete({ mfaToken, method, code }: MfaCode): Promise<TokenResponse> {
    const token = nonEmpty(mfaToken, 'completeMfa needs the mfaToken of the mfa_required error');
    return this.#deps.signIn(ACCOUNT_PATHS.mfaVerify, { mfa_token: token, method, code });
  }

  async completeWithPasskey(mfaToken: string): Promise<TokenResponse> {
    const token = nonEmpty(mfaToken, 'completeMfaWithPasskey needs the mfaToken');
    const url = this.#deps.urls.resolve(ACCOUNT_PATHS.mfaWebauthnOptions);
    const options = await postPublic(this.#deps.options.fetch, url, { mfa_token: token });
    const response = await usePasskey(options);
    return this.#deps.signIn(ACCOUNT_PATHS.mfaVerify, {
      mfa_token: token,
      method: 'webauthn',
      response,
    });
  }

  status(): Promise<MfaStatus> {
    return this.#deps.request<MfaStatus>(ACCOUNT_PATHS.mfa);
  }

  startTotp(currentPassword: string): Promise<TotpEnrolment> {
    return this.#post<TotpEnrolment>(ACCOUNT_PATHS.totp, { current_password: currentPassword });
  }

  confirmTotp(code: string): Promise<RecoveryCodes> {
    return this.#post<RecoveryCodes>(ACCOUNT_PATHS.totpConfirm, { code });
  }

  async disableTotp(proof: TotpDisableProof): Promise<void> {
    const body =
      'code' in proof ? { code: proof.code } : { current_password: proof.currentPassword };
    await this.#post<unknown>(ACCOUNT_PATHS.totpDisable, body);
  }

  regenerateRecoveryCodes(currentPassword: string): Promise<RecoveryCodes> {
    return this.#post<RecoveryCodes>(ACCOUNT_PATHS.recoveryCodes, {
      current_password: currentPassword,
    });
  }

  #post<T>(path: string, json: unknown): Promise<T> {
    return this.#deps.request<T>(path, { method: 'POST', json });
  }
}
