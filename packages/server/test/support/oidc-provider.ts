/**
 * A real OpenID provider in the test process (panva's oidc-provider) on 127.0.0.1 (a free
 * port), for the OpenID Connect login tests (issue #15): one confidential client with PKCE
 * required, an RS256 key the test owns (so a test can tell the provider's signatures from a
 * forger's), and fixture accounts. Its development interactions take any password and use the
 * login name as the subject; {@link driveLogin} walks them from Node without a browser.
 *
 * @example
 * ```ts
 * const op = await startTestProvider({ redirectUris: ['http://127.0.0.1:3000/cb'] });
 * const callback = await driveLogin(authorizationUrl, 'alice', op.redirectUris[0]);
 * await op.close();
 * ```
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** The claims of a fixture account (the login name is its `sub`). */
export interface TestAccount {
  readonly email: string;
  readonly email_verified: boolean;
  readonly name?: string;
}

/**
 * `alice` and `bob` have verified addresses; `mallory` claims alice's address unverified (the
 * takeover attempt). Any other login name gets `<name>@example.com`, verified.
 */
export const TEST_ACCOUNTS: Readonly<Record<string, TestAccount>> = {
  alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' },
  bob: { email: 'bob@example.com', email_verified: true, name: 'Bob' },
  mallory: { email: 'alice@example.com', email_verified: false, name: 'Mallory' },
};

export interface TestProvider {
  /** The issuer (`http://127.0.0.1:<port>`), also its discovery base. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  /** The provider's signing key (private JWK with `kid`): what a test forges ID tokens with. */
  readonly signingKey: JWK;
  /**
   * Rewrites the ID token of the next successful token response (and only that one) with
   * `forge`, for example {@link forgeIdToken} with a wrong nonce or another key: how a test
   * plays an attacker between the provider and the relying party.
   */
  forgeNext(forge: IdTokenForger): void;
  close(): Promise<void>;
}

/** Turns the ID token the provider issued into the one the relying party receives. */
export type IdTokenForger = (idToken: string) => Promise<string> | string;

const TEN_MINUTES = 600;

export async function startTestProvider(options: {
  readonly redirectUris: readonly string[];
  readonly clientId?: string;
  readonly clientSecret?: string;
}): Promise<TestProvider> {
  const clientId = options.clientId ?? 'tessera-test';
  const clientSecret = options.clientSecret ?? 'tessera-test-secret-0123456789abcdef';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey: JWK = {
    ...(await exportJWK(privateKey)),
    kid: 'test-op-1',
    alg: 'RS256',
    use: 'sig',
  };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      Interaction: TEN_MINUTES,
      Session: TEN_MINUTES,
      Grant: TEN_MINUTES,
      AccessToken: TEN_MINUTES,
      IdToken: TEN_MINUTES,
      AuthorizationCode: 60,
    },
    findAccount: (_context, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        ...(TEST_ACCOUNTS[sub] ?? { email: `${sub}@example.com`, email_verified: true }),
      }),
    }),
  });
  const forgeries: IdTokenForger[] = [];
  provider.use(async (context, next) => {
    await next();
    const body: unknown = context.body;
    if (context.path !== '/token' || !hasIdToken(body)) return;
    const forge = forgeries.shift();
    if (forge !== undefined) body.id_token = await forge(body.id_token);
  });
  const handle = provider.callback();
  server.on('request', (request, response) => {
    void handle(request, response);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUris: options.redirectUris,
    signingKey,
    forgeNext: (forge) => {
      forgeries.push(forge);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

function hasIdToken(body: unknown): body is { id_token: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { id_token?: unknown }).id_token === 'string'
  );
}

/** A cookie jar for one user agent walking the provider's pages. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keep(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals > 0) this.#cookies.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
  }
}

/**
 * Walks the provider's development interactions from `authorizationUrl` as `login` (any
 * password): login, then consent. Returns the URL the provider finally redirects to (the
 * client's `redirect_uri` with `code`, `state` and `iss`, or with `error`).
 */
export async function driveLogin(
  authorizationUrl: URL | string,
  login: string,
  redirectUri: string,
): Promise<URL> {
  const jar = new CookieJar();
  const go = async (url: URL, init: RequestInit = {}): Promise<URL> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.keep(response);
    const location = response.headers.get('location');
    if (location !== null) return new URL(location, url);
    const page = await response.text();
    const action = /action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (action === undefined || prompt === undefined) {
      throw new Error(`the provider answered ${String(response.status)} with no form to fill`);
    }
    const form = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt },
    );
    return await go(new URL(action, url), {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  };
  let next = new URL(authorizationUrl);
  for (let step = 0; step < 12; step += 1) {
    if (next.href.startsWith(redirectUri)) return next;
    next = await go(next);
  }
  throw new Error('the provider never redirected back to the client');
}
