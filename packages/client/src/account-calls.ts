import type { TokenResponse, UserDto } from '@tessera/protocol';
import { nonEmpty, type AccountCallDeps } from './account-call-deps.js';
import { ACCOUNT_PATHS } from './account-paths.js';
import { postPublic } from './public-call.js';

/**
 * Password reset, email verification and invitations: the calls of a link sent by mail (no
 * token needed; the ones that sign in store the token like `login`) and the signed-in user's
 * email change and verification resend.
 *
 * @example
 * ```ts
 * const account = new AccountCalls({ options, urls, request, signIn });
 * await account.forgotPassword('ada@example.com');
 * ```
 */
export class AccountCalls {
  readonly #deps: AccountCallDeps;

  constructor(deps: AccountCallDeps) {
    this.#deps = deps;
  }

  async forgotPassword(email: string): Promise<void> {
    await this.#post(ACCOUNT_PATHS.forgotPassword, { email });
  }

  async resetPassword(token: string, newPassword: string): Promise<TokenResponse> {
    const checked = nonEmpty(token, 'resetPassword needs the token of the link');
    return this.#deps.signIn(ACCOUNT_PATHS.resetPassword, {
      token: checked,
      new_password: newPassword,
    });
  }

  async verifyEmail(token: string): Promise<UserDto> {
    const checked = nonEmpty(token, 'verifyEmail needs the token of the link');
    return (await this.#post(ACCOUNT_PATHS.verifyEmail, { token: checked })) as UserDto;
  }

  async resendVerification(): Promise<void> {
    await this.#deps.request<unknown>(ACCOUNT_PATHS.resendVerification, { method: 'POST' });
  }

  async changeEmail(newEmail: string, currentPassword: string): Promise<void> {
    await this.#deps.request<unknown>(ACCOUNT_PATHS.changeEmail, {
      method: 'POST',
      json: { new_email: newEmail, current_password: currentPassword },
    });
  }

  async acceptInvitation(token: string, password: string): Promise<TokenResponse> {
    const checked = nonEmpty(token, 'acceptInvitation needs the token of the link');
    return this.#deps.signIn(ACCOUNT_PATHS.acceptInvitation, { token: checked, password });
  }

  #post(path: string, body: unknown): Promise<unknown> {
    return postPublic(this.#deps.options.fetch, this.#deps.urls.resolve(path), body);
  }
}
