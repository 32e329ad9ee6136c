/**
 * A loopback stand-in for GitHub's OAuth 2 web flow and the two REST calls a sign-in needs, for
 * the GitHub preset's tests (issue #15): GitHub itself cannot be reached from the test machine.
 * It behaves as GitHub documents: an authorize page the user submits, codes that are single use,
 * PKCE (S256) checked when a challenge was sent, a token endpoint that answers **HTTP 200 with
 * `{error: 'bad_verification_code'}`** for a bad code (GitHub does not use 400 there), `GET /user`
 * (the public `email`, which may be null) and `GET /user/emails` (primary and verified flags).
 *
 * Point the preset at it with `TESSERA_OIDC_GITHUB_AUTHORIZATION_URL` = `authorizationUrl`,
 * `_TOKEN_URL` = `tokenUrl` and `_API_URL` = `apiUrl`.
 *
 * @example
 * ```ts
 * const github = await startGitHubStandIn({ redirectUris: [callback] });
 * const back = await driveGitHubLogin(authorizationUrl, 'octocat');
 * await github.close();
 * ```
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A GitHub user of the stand-in: numeric id (the subject), public email, and its addresses. */
export interface GitHubTestUser {
  readonly id: number;
  readonly name: string | null;
  /** The public address `GET /user` shows (often null on GitHub). */
  readonly email: string | null;
  readonly emails: readonly { email: string; primary: boolean; verified: boolean }[];
}

/**
 * `octocat` and `alice` have a verified primary address; `mallory` claims alice's address as her
 * primary, unverified, and shows no public email. Any other login gets `<login>@example.com`,
 * verified, and an id derived from the login.
 */
export const GITHUB_ACCOUNTS: Readonly<Record<string, GitHubTestUser>> = {
  octocat: {
    id: 583231,
    name: 'The Octocat',
    email: 'octocat@example.com',
    emails: [{ email: 'octocat@example.com', primary: true, verified: true }],
  },
  alice: {
    id: 1001,
    name: 'Alice',
    email: null,
    emails: [
      { email: 'alice-old@example.com', primary: false, verified: true },
      { email: 'alice@example.com', primary: true, verified: true },
    ],
  },
  mallory: {
    id: 1003,
    name: 'Mallory',
    email: null,
    emails: [{ email: 'alice@example.com', primary: true, verified: false }],
  },
};

export interface GitHubStandIn {
  /** `https://github.com/login/oauth/authorize`'s stand-in. */
  readonly authorizationUrl: string;
  /** `https://github.com/login/oauth/access_token`'s stand-in. */
  readonly tokenUrl: string;
  /** `https://api.github.com`'s stand-in (`<apiUrl>/user`, `<apiUrl>/user/emails`). */
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

interface PendingCode {
  readonly login: string;
  readonly redirectUri: string;
  readonly challenge: string | null;
  readonly expiresAt: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;

/** The user of a login name (see {@link GITHUB_ACCOUNTS}). */
export function gitHubUser(login: string): GitHubTestUser {
  const known = GITHUB_ACCOUNTS[login];
  if (known !== undefined) return known;
  const email = `${login}@example.com`;
  return {
    id: createHash('sha256').update(login).digest().readUInt32BE(0),
    name: null,
    email,
    emails: [{ email, primary: true, verified: true }],
  };
}

export async function startGitHubStandIn(options: {
  readonly redirectUris: readonly string[];
  readonly clientId?: string;
  readonly clientSecret?: string;
}): Promise<GitHubStandIn> {
  const clientId = options.clientId ?? 'Iv1.tessera-test';
  const clientSecret = options.clientSecret ?? 'github-test-secret-0123456789abcdef';
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, string>();

  const authorizePage = (url: URL, response: ServerResponse): void => {
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    if (
      url.searchParams.get('client_id') !== clientId ||
      !options.redirectUris.includes(redirectUri)
    ) {
      send(
        response,
        400,
        'text/html',
        '<p>The redirect_uri is not associated with this application.</p>',
      );
      return;
    }
    const hidden = ['redirect_uri', 'state', 'code_challenge', 'code_challenge_method']
      .map(
        (name) =>
          `<input type="hidden" name="${name}" value="${escapeHtml(url.searchParams.get(name) ?? '')}">`,
      )
      .join('');
    send(
      response,
      200,
      'text/html; charset=utf-8',
      `<!doctype html><title>Authorize application</title><main><h1>Sign in to GitHub</h1>` +
        `<form method="post" action="/login/oauth/authorize">${hidden}` +
        `<label>Username <input name="login" autocomplete="username"></label>` +
        `<button type="submit" name="decision" value="allow">Authorize</button>` +
        `<button type="submit" name="decision" value="deny">Cancel</button></form></main>`,
    );
  };

  const authorize = (form: URLSearchParams, response: ServerResponse): void => {
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!options.redirectUris.includes(redirectUri)) {
      send(response, 400, 'text/plain', 'redirect_uri mismatch');
      return;
    }
    const back = new URL(redirectUri);
    const state = form.get('state');
    if (state) back.searchParams.set('state', state);
    const login = (form.get('login') ?? '').trim();
    if (form.get('decision') !== 'allow' || login === '') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const code = randomBytes(10).toString('hex');
      const challenge = form.get('code_challenge');
      codes.set(code, {
        login,
        redirectUri,
        challenge: challenge ? challenge : null,
        expiresAt: Date.now() + CODE_LIFETIME_MS,
      });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.href }).end();
  };

  const exchange = (
    request: IncomingMessage,
    form: URLSearchParams,
    response: ServerResponse,
  ): void => {
    const credentials = basicCredentials(request) ?? {
      id: form.get('client_id') ?? '',
      secret: form.get('client_secret') ?? '',
    };
    if (credentials.id !== clientId || !sameSecret(credentials.secret, clientSecret)) {
      sendJson(response, 200, {
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
      });
      return;
    }
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    if (pending === undefined || !codeAccepted(pending, form)) {
      sendJson(response, 200, {
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
      });
      return;
    }
    const token = `gho_${randomBytes(18).toString('hex')}`;
    tokens.set(token, pending.login);
    sendJson(response, 200, {
      access_token: token,
      token_type: 'bearer',
      scope: 'read:user,user:email',
    });
  };

  const api = (request: IncomingMessage, path: string, response: ServerResponse): void => {
    const token = /^(?:bearer|token) (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const login = token === undefined ? undefined : tokens.get(token);
    if (login === undefined) {
      sendJson(response, 401, { message: 'Bad credentials', status: '401' });
      return;
    }
    const user = gitHubUser(login);
    if (path === '/api/user') {
      sendJson(response, 200, {
        login,
        id: user.id,
        name: user.name,
        email: user.email,
        type: 'User',
      });
    } else if (path === '/api/user/emails') {
      sendJson(
        response,
        200,
        user.emails.map((entry) => ({ ...entry, visibility: entry.primary ? 'private' : null })),
      );
    } else {
      sendJson(response, 404, { message: 'Not Found', status: '404' });
    }
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      if (request.method === 'GET' && url.pathname === '/login/oauth/authorize') {
        authorizePage(url, response);
      } else if (request.method === 'POST' && url.pathname === '/login/oauth/authorize') {
        authorize(await readForm(request), response);
      } else if (request.method === 'POST' && url.pathname === '/login/oauth/access_token') {
        exchange(request, await readForm(request), response);
      } else if (request.method === 'GET' && url.pathname.startsWith('/api/')) {
        api(request, url.pathname, response);
      } else {
        sendJson(response, 404, { message: 'Not Found' });
      }
    })().catch(() => {
      if (!response.headersSent) sendJson(response, 400, { message: 'Problems parsing request' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    authorizationUrl: `${base}/login/oauth/authorize`,
    tokenUrl: `${base}/login/oauth/access_token`,
    apiUrl: `${base}/api`,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/**
 * Submits the stand-in's authorize page as `login` (or cancels it with `deny`) from Node and
 * returns where it redirects: the client's `redirect_uri` with `code` and `state`, or `error`.
 */
export async function driveGitHubLogin(
  authorizationUrl: URL | string,
  login: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<URL> {
  const url = new URL(authorizationUrl);
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`the authorize page answered ${String(page.status)}`);
  const form = new URLSearchParams({ login, decision });
  for (const name of ['redirect_uri', 'state', 'code_challenge', 'code_challenge_method']) {
    form.set(name, url.searchParams.get(name) ?? '');
  }
  const response = await fetch(new URL('/login/oauth/authorize', url), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (location === null)
    throw new Error(`the stand-in answered ${String(response.status)} with no redirect`);
  return new URL(location);
}

/** GitHub's checks of a known code: not expired, same redirect URI, the PKCE verifier if a challenge was sent. */
function codeAccepted(pending: PendingCode, form: URLSearchParams): boolean {
  if (pending.expiresAt < Date.now()) return false;
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== pending.redirectUri) return false;
  if (pending.challenge === null) return true;
  const verifier = form.get('code_verifier');
  return (
    verifier !== null &&
    createHash('sha256').update(verifier).digest('base64url') === pending.challenge
  );
}

function basicCredentials(request: IncomingMessage): { id: string; secret: string } | undefined {
  const encoded = /^basic (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    return new URLSearchParams(JSON.parse(body) as Record<string, string>);
  }
  return new URLSearchParams(body);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type }).end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
