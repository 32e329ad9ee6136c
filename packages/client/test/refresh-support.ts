// A small in-test Tessera server for the refresh tests: it routes by URL, issues access tokens
// with `exp` from its own clock, and holds refresh-token families, so rotation and reuse detection
// are real (a used token revokes its whole family, SECURITY.md L08). In cookie transport it plays
// the browser's cookie jar too (one jar, shared by every "tab"). Every call is recorded.
import { TesseraClient, type TesseraClientOptions } from '../src/index.js';
import {
  API,
  fakeFetch,
  jsonResponse,
  makeToken,
  NOW_MS,
  problem,
  type RecordedCall,
} from './support.js';

export const PASSWORD = 'correct horse battery';

/** A clock the test moves by hand (milliseconds since the epoch). */
export class Clock {
  ms: number;
  constructor(ms = NOW_MS) {
    this.ms = ms;
  }
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

interface Family {
  readonly id: string;
  revoked: boolean;
  readonly created: number;
}

export interface FakeServerOptions {
  readonly transport: 'cookie' | 'body';
  /** The server's clock; default a {@link Clock} at {@link NOW_MS}. */
  readonly clock?: Clock;
  readonly accessTtlSeconds?: number;
  /**
   * Issue access tokens the client cannot read, as `TESSERA_TOKEN_FORMAT=jwe` does: five
   * segments, no readable claims; the server alone knows each one's `exp` and session.
   */
  readonly encrypted?: boolean;
  /** Called before the refresh endpoint answers (to hold it, or to fail it). */
  readonly beforeRefresh?: (call: RecordedCall) => Promise<Response | undefined> | undefined;
  /** Awaited after the refresh endpoint has done its work, before its answer leaves. */
  readonly afterRefresh?: (response: Response) => Promise<void>;
}

/** The fake server: `fetch` for the client, and what it saw. */
export class FakeServer {
  readonly transport: 'cookie' | 'body';
  readonly clock: Clock;
  readonly calls: RecordedCall[];
  readonly fetch: typeof fetch;
  /** The browser's cookie jar (cookie transport): the current refresh token, or null. */
  jar: string | null = null;
  /** Refresh tokens presented a second time (each one revoked its family). */
  readonly reused: string[] = [];
  readonly #options: FakeServerOptions;
  readonly #families = new Map<string, Family>();
  readonly #refreshTokens = new Map<string, { family: string; used: boolean }>();
  /** What only the server can read in an encrypted token. */
  readonly #sealed = new Map<string, { exp: number; sid: string }>();
  #sequence = 0;

  constructor(options: FakeServerOptions) {
    this.#options = options;
    this.transport = options.transport;
    this.clock = options.clock ?? new Clock();
    const fake = fakeFetch((call) => this.#route(call));
    this.calls = fake.calls;
    this.fetch = fake.fetch;
  }

  /** Calls to one path (`/api/auth/refresh`, …). */
  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((call) => new URL(call.url).pathname === path);
  }

  get refreshCalls(): number {
    return this.callsTo('/api/auth/refresh').length;
  }

  /** Ends every session, as a logout-all from another device would. */
  revokeAll(): void {
    for (const family of this.#families.values()) family.revoked = true;
  }

  isRevoked(familyId: string): boolean {
    return this.#families.get(familyId)?.revoked ?? true;
  }

  async #route(call: RecordedCall): Promise<Response> {
    const path = new URL(call.url).pathname;
    const route = `${call.method} ${path}`;
    if (route === 'POST /api/auth/login') return this.#login(call);
    if (route === 'POST /api/auth/refresh') {
      const held = await this.#options.beforeRefresh?.(call);
      const response = held ?? this.#refresh(call);
      await this.#options.afterRefresh?.(response);
      return response;
    }
    if (route === 'POST /api/auth/logout') return this.#logout(call);
    const family = this.#authenticate(call);
    if (family instanceof Response) return family;
    if (route === 'POST /api/auth/logout-all') {
      this.revokeAll();
      this.jar = null;
      return new Response(null, { status: 204 });
    }
    if (route === 'GET /api/auth/sessions') return this.#sessions(family);
    if (call.method === 'DELETE' && path.startsWith('/api/auth/sessions/')) {
      const id = decodeURIComponent(path.slice('/api/auth/sessions/'.length));
      const target = this.#families.get(id);
      if (target === undefined) return problem('not_found', 404, 'Not found');
      target.revoked = true;
      return new Response(null, { status: 204 });
    }
    if (route === 'POST /api/auth/password') return this.#password(call, family);
    return jsonResponse(200, { ok: true, path, body: call.body });
  }

  #issue(family: Family): Response {
    const seconds = Math.floor(this.clock.ms / 1000);
    const ttl = this.#options.accessTtlSeconds ?? 900;
    this.#sequence++;
    const claims = {
      sub: '1',
      iat: seconds,
      exp: seconds + ttl,
      scope: 'users:read',
      sid: family.id,
      jti: `j${this.#sequence}`,
    };
    const token = this.#options.encrypted === true ? this.#seal(claims) : makeToken(claims);
    const refreshToken = `rt-${this.#sequence}-${family.id}`;
    this.#refreshTokens.set(refreshToken, { family: family.id, used: false });
    const body: Record<string, unknown> = {
      token,
      access_token: token,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: 'users:read',
    };
    if (this.transport === 'body') {
      body['refresh_token'] = refreshToken;
      body['refresh_expires_in'] = 86_400;
    } else {
      this.jar = refreshToken;
    }
    return jsonResponse(200, body);
  }

  #login(call: RecordedCall): Response {
    const credentials = JSON.parse(call.body ?? '{}') as { password?: string };
    if (credentials.password !== PASSWORD) {
      return problem('invalid_credentials', 401, 'Invalid email or password');
    }
    const family: Family = { id: `s${this.#families.size + 1}`, revoked: false, created: 0 };
    this.#families.set(family.id, family);
    return this.#issue(family);
  }

  /** The refresh token the call presents: the jar (cookie transport) or the JSON body. */
  #presented(call: RecordedCall): string | null {
    if (this.transport === 'cookie') return call.credentials === 'omit' ? null : this.jar;
    const body = JSON.parse(call.body ?? '{}') as { refresh_token?: unknown };
    return typeof body.refresh_token === 'string' ? body.refresh_token : null;
  }

  #refresh(call: RecordedCall): Response {
    if (call.headers.has('authorization')) return problem('invalid_request', 400, 'Bad request');
    if (this.transport === 'cookie' && call.headers.get('x-tessera-csrf') !== '1') {
      return problem('forbidden', 403, 'Forbidden');
    }
    const presented = this.#presented(call);
    const entry = presented === null ? undefined : this.#refreshTokens.get(presented);
    const family = entry === undefined ? undefined : this.#families.get(entry.family);
    if (entry === undefined || family === undefined || family.revoked) {
      return problem('token_invalid', 401, 'Token is invalid');
    }
    if (entry.used) {
      this.reused.push(String(presented));
      family.revoked = true;
      return problem('token_invalid', 401, 'Token is invalid');
    }
    entry.used = true;
    return this.#issue(family);
  }

  #logout(call: RecordedCall): Response {
    const presented = this.#presented(call);
    const entry = presented === null ? undefined : this.#refreshTokens.get(presented);
    const family = entry === undefined ? undefined : this.#families.get(entry.family);
    if (family !== undefined) family.revoked = true;
    const bearer = this.#authenticate(call);
    if (!(bearer instanceof Response)) bearer.revoked = true;
    if (this.transport === 'cookie') this.jar = null;
    return new Response(null, { status: 204 });
  }

  /** An opaque five-segment token standing for `claims`, which only this server can read. */
  #seal(claims: { exp: number; sid: string; jti: string }): string {
    const opaque = (text: string): string => Buffer.from(text).toString('base64url');
    const token = ['eyJlbmMiOiJBMjU2R0NNIn0', '', opaque(claims.jti), opaque('ct'), 'dGFn'].join(
      '.',
    );
    this.#sealed.set(token, { exp: claims.exp, sid: claims.sid });
    return token;
  }

  /** The claims the guard reads from a Bearer token. */
  #claimsOf(token: string): { exp: number; sid: string } | undefined {
    if (this.#options.encrypted === true) return this.#sealed.get(token);
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp: number;
      sid: string;
    };
  }

  /** The family of a valid Bearer token, or the 401 the guard answers. */
  #authenticate(call: RecordedCall): Family | Response {
    const header = call.headers.get('authorization');
    if (header === null) return problem('token_missing', 401, 'Missing authorization header');
    const payload = this.#claimsOf(header.slice('Bearer '.length));
    if (payload === undefined) return problem('token_invalid', 401, 'Token is invalid');
    const family = this.#families.get(payload.sid);
    if (family === undefined || family.revoked) {
      return problem('token_invalid', 401, 'Token is invalid');
    }
    if (payload.exp * 1000 <= this.clock.ms) {
      return problem('token_expired', 401, 'Token has expired');
    }
    return family;
  }

  #sessions(current: Family): Response {
    const sessions = [...this.#families.values()]
      .filter((family) => !family.revoked)
      .map((family) => ({
        id: family.id,
        created_at: '2023-11-14T22:13:20.000Z',
        last_used_at: '2023-11-14T22:13:20.000Z',
        expires_at: '2023-12-14T22:13:20.000Z',
        user_agent: 'vitest',
        current: family.id === current.id,
      }));
    return jsonResponse(200, { sessions });
  }

  #password(call: RecordedCall, current: Family): Response {
    const body = JSON.parse(call.body ?? '{}') as { current_password?: string };
    if (body.current_password !== PASSWORD) {
      return problem('invalid_credentials', 401, 'Invalid email or password');
    }
    for (const family of this.#families.values()) {
      if (family !== current) family.revoked = true;
    }
    for (const [token, entry] of this.#refreshTokens) {
      if (entry.family === current.id) this.#refreshTokens.delete(token);
    }
    return this.#issue(current);
  }
}

/** Clients built by {@link refreshClient}, to dispose of in `afterEach`. */
export const openClients: TesseraClient[] = [];

export function disposeClients(): void {
  for (const client of openClients.splice(0)) client.dispose();
}

/** A client of `server` with refresh on, on the same clock unless told otherwise. */
export function refreshClient(
  server: FakeServer,
  options: TesseraClientOptions & { clock?: Clock } = {},
) {
  const { clock = server.clock, ...rest } = options;
  const client = new TesseraClient({
    baseUrl: API,
    now: clock.now,
    fetch: server.fetch,
    refresh: { transport: server.transport },
    ...rest,
  });
  openClients.push(client);
  const events: string[] = [];
  client.subscribe((_state, event) => events.push(event.type));
  return { client, events };
}

/** A client of `server`, signed in; its events start after the login. */
export async function signedIn(
  server: FakeServer,
  options: Parameters<typeof refreshClient>[1] = {},
) {
  const made = refreshClient(server, options);
  await made.client.login({ email: 'ada@example.com', password: PASSWORD });
  made.events.length = 0;
  return made;
}

/** A promise and the function that settles it, to hold a fake response. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The `Authorization` header of a call, without `Bearer `. */
export function bearerOf(call: RecordedCall | undefined): string | null {
  const value = call?.headers.get('authorization') ?? null;
  return value === null ? null : value.slice('Bearer '.length);
}
