// Type-level tests of the public surface that @tessera/angular builds on (STYLE.md §3.10).
import type { ErrorCode, ProblemDetails, TokenResponse } from '@tessera/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import * as client from '../src/index.js';
import type {
  AuthEvent,
  AuthState,
  ChangePasswordRequest,
  LinkedIdentity,
  MfaCode,
  MfaMethod,
  OidcAuthenticateOptions,
  OidcCallbackResult,
  OidcLinkOptions,
  OidcProvider,
  RefreshOptions,
  RequestAuthorization,
  SessionDto,
  StorageType,
  TesseraClientOptions,
  TokenPayload,
  TotpDisableProof,
} from '../src/index.js';

describe('public API', () => {
  it('exports exactly these values', () => {
    expectTypeOf(Object.keys(client).sort()).toEqualTypeOf<string[]>();
    expectTypeOf<keyof typeof client>().toEqualTypeOf<
      | 'TesseraClient'
      | 'TesseraHttpError'
      | 'TesseraMfaRequiredError'
      | 'TesseraNetworkError'
      | 'TesseraPopupClosedError'
      | 'decodeTokenPayload'
      | 'isAllowedOrigin'
      | 'oidcCallbackError'
    >();
  });

  it('types', () => {
    expectTypeOf<StorageType>().toEqualTypeOf<'memory' | 'sessionStorage' | 'localStorage'>();
    expectTypeOf<AuthEvent['type']>().toEqualTypeOf<
      'login' | 'logout' | 'token' | 'unauthorized' | 'session-ended'
    >();
    expectTypeOf<AuthState>().toEqualTypeOf<{
      readonly token: string | null;
      readonly payload: TokenPayload | null;
      readonly expiresAt: number | null;
      readonly scope: string | null;
      readonly isAuthenticated: boolean;
    }>();
    expectTypeOf<TokenPayload['sub']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TokenPayload['exp']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TesseraClientOptions['logoutUrl']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TesseraClientOptions['apiOrigins']>().toEqualTypeOf<
      readonly string[] | undefined
    >();
    expectTypeOf<TesseraClientOptions['refresh']>().toEqualTypeOf<
      RefreshOptions | false | undefined
    >();
    expectTypeOf<RefreshOptions>().toEqualTypeOf<{
      readonly transport: 'cookie' | 'body';
      readonly url?: string;
      readonly refreshBeforeExpirySeconds?: number;
      readonly storageType?: StorageType;
      readonly crossTab?: boolean;
    }>();
    expectTypeOf<SessionDto>().toEqualTypeOf<{
      readonly id: string;
      readonly created_at: string;
      readonly last_used_at: string;
      readonly expires_at: string;
      readonly user_agent: string | null;
      readonly current: boolean;
    }>();
    expectTypeOf<ChangePasswordRequest>().toEqualTypeOf<{
      readonly current_password: string;
      readonly new_password: string;
    }>();
  });

  it('TesseraClient methods', () => {
    type C = client.TesseraClient;
    expectTypeOf<C['login']>().toEqualTypeOf<
      (credentials: { email: string; password: string }) => Promise<TokenResponse>
    >();
    expectTypeOf<C>().not.toHaveProperty('signup');
    expectTypeOf<C['logout']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<C['isAuthenticated']>().toEqualTypeOf<() => boolean>();
    expectTypeOf<C['getToken']>().toEqualTypeOf<() => string | null>();
    expectTypeOf<C['getPayload']>().toEqualTypeOf<() => TokenPayload | null>();
    expectTypeOf<C['setToken']>().toEqualTypeOf<(token: string | TokenResponse) => void>();
    expectTypeOf<C['removeToken']>().toEqualTypeOf<() => void>();
    expectTypeOf<C['setStorageType']>().toEqualTypeOf<(type: StorageType) => void>();
    expectTypeOf<C['getState']>().toEqualTypeOf<() => AuthState>();
    expectTypeOf<C['subscribe']>().toEqualTypeOf<
      (listener: (state: AuthState, event: AuthEvent) => void) => () => void
    >();
    expectTypeOf<C['shouldAttachToken']>().toEqualTypeOf<(url: string | URL) => boolean>();
    expectTypeOf<C['beginRequest']>().toEqualTypeOf<(url: string | URL) => RequestAuthorization>();
    expectTypeOf<RequestAuthorization['retry']>().toEqualTypeOf<
      (answer: { status: number; code?: string | undefined }) => Promise<boolean>
    >();
    expectTypeOf<C['authorizationHeader']>().toEqualTypeOf<(url: string | URL) => string | null>();
    expectTypeOf<C['handleUnauthorized']>().toEqualTypeOf<
      (response: { status: number; code?: string | undefined; url?: string }) => void
    >();
    expectTypeOf<C['fetch']>().toEqualTypeOf<
      (input: string | URL | Request, init?: RequestInit) => Promise<Response>
    >();
    expectTypeOf<C['request']>().toEqualTypeOf<
      <T>(path: string, init?: RequestInit & { json?: unknown }) => Promise<T>
    >();
    expectTypeOf<C['refresh']>().toEqualTypeOf<() => Promise<boolean>>();
    expectTypeOf<C['restore']>().toEqualTypeOf<() => Promise<boolean>>();
    expectTypeOf<C['freshAuthorizationHeader']>().toEqualTypeOf<
      (url: string | URL) => Promise<string | null>
    >();
    expectTypeOf<C['retryAfterUnauthorized']>().toEqualTypeOf<
      (response: {
        status: number;
        code?: string | undefined;
        url?: string;
        token?: string | null;
      }) => Promise<boolean>
    >();
    expectTypeOf<C['listSessions']>().toEqualTypeOf<() => Promise<readonly SessionDto[]>>();
    expectTypeOf<C['endSession']>().toEqualTypeOf<(id: string) => Promise<void>>();
    expectTypeOf<C['logoutEverywhere']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<C['changePassword']>().toEqualTypeOf<
      (passwords: ChangePasswordRequest) => Promise<TokenResponse>
    >();
    expectTypeOf<C['forgotPassword']>().toEqualTypeOf<(email: string) => Promise<void>>();
    expectTypeOf<C['resetPassword']>().toEqualTypeOf<
      (token: string, newPassword: string) => Promise<TokenResponse>
    >();
    expectTypeOf<C['acceptInvitation']>().toEqualTypeOf<
      (token: string, password: string) => Promise<TokenResponse>
    >();
    expectTypeOf<C['completeMfa']>().toEqualTypeOf<(step: MfaCode) => Promise<TokenResponse>>();
    expectTypeOf<C['loginWithPasskey']>().toEqualTypeOf<() => Promise<TokenResponse>>();
    expectTypeOf<C['providers']>().toEqualTypeOf<() => Promise<readonly OidcProvider[]>>();
    expectTypeOf<C['authenticate']>().toEqualTypeOf<
      (provider: string, options?: OidcAuthenticateOptions) => Promise<TokenResponse>
    >();
    expectTypeOf<OidcAuthenticateOptions['mode']>().toEqualTypeOf<
      'popup' | 'redirect' | undefined
    >();
    expectTypeOf<C['completeOidc']>().toEqualTypeOf<(ticket: string) => Promise<TokenResponse>>();
    expectTypeOf<C['oidcCallbackResult']>().toEqualTypeOf<
      (hash?: string) => OidcCallbackResult | null
    >();
    expectTypeOf<C['link']>().toEqualTypeOf<
      (provider: string, options?: OidcLinkOptions) => Promise<string>
    >();
    expectTypeOf<C['unlink']>().toEqualTypeOf<(identityId: string) => Promise<void>>();
    expectTypeOf<C['identities']>().toEqualTypeOf<() => Promise<readonly LinkedIdentity[]>>();
    expectTypeOf<C['disableTotp']>().toEqualTypeOf<(proof: TotpDisableProof) => Promise<void>>();
    expectTypeOf(client.TesseraClient).constructorParameters.toEqualTypeOf<
      [options?: TesseraClientOptions]
    >();
  });

  it('errors and functions', () => {
    expectTypeOf<client.TesseraHttpError['status']>().toEqualTypeOf<number>();
    expectTypeOf<client.TesseraHttpError['code']>().toEqualTypeOf<
      ErrorCode | (string & {}) | undefined
    >();
    expectTypeOf<client.TesseraHttpError['problem']>().toEqualTypeOf<ProblemDetails | undefined>();
    expectTypeOf<client.TesseraNetworkError>().toExtend<Error>();
    expectTypeOf<client.TesseraPopupClosedError>().toExtend<Error>();
    expectTypeOf(client.oidcCallbackError).toEqualTypeOf<
      (code: string) => client.TesseraHttpError
    >();
    expectTypeOf<client.TesseraPopupClosedError['code']>().toEqualTypeOf<'popup_closed'>();
    expectTypeOf<client.TesseraMfaRequiredError>().toExtend<client.TesseraHttpError>();
    expectTypeOf<client.TesseraMfaRequiredError['methods']>().toEqualTypeOf<readonly MfaMethod[]>();
    expectTypeOf(client.decodeTokenPayload).toEqualTypeOf<(token: string) => TokenPayload | null>();
    expectTypeOf(client.isAllowedOrigin).toEqualTypeOf<
      (url: string | URL, allowedOrigins: readonly string[], base: string) => boolean
    >();
  });
});
