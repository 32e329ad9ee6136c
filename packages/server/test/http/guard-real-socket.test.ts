/**
 * The rows that only a real listening server shows (SECURITY.md A13, A18, A19): `inject` and
 * `fetch` merge duplicate headers and skip Node's HTTP parser, so these tests write raw request
 * bytes to a `node:net` socket on 127.0.0.1.
 */
import { connect, type AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectAnswer, type ExpectedAnswer } from '../support/expect-problem.js';
import { bearer, claimsFor, expectNotLogged, loggedReasons, PROBE } from '../support/hostile.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tok, VH } from '../token/support.js';

/** A response read off the socket. */
interface RawResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Writes `bytes` to a fresh connection and reads until the server closes it. */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.setTimeout(5000, () =>
      socket.destroy(new Error('the server did not close the connection')),
    );
    socket.write(bytes);
  });
}

function parse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusCode: Number(statusLine.split(' ')[1]), headers, body: raw.slice(split + 4) };
}

/** `GET /api/probe` with these header lines (raw bytes, `\r\n` added after each). */
function request(...headerLines: (string | Buffer)[]): Buffer {
  const lines = headerLines.map((line) =>
    Buffer.concat([
      typeof line === 'string' ? Buffer.from(line, 'latin1') : line,
      Buffer.from('\r\n'),
    ]),
  );
  return Buffer.concat([
    Buffer.from(`GET ${PROBE} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`),
    ...lines,
    Buffer.from('\r\n'),
  ]);
}

/** The raw response as `expectAnswer` reads it (status, headers, body, `json()`). */
function asInjected(response: RawResponse): LightMyRequestResponse {
  return {
    ...response,
    json: () => JSON.parse(response.body) as unknown,
  } as unknown as LightMyRequestResponse;
}

describe.each(await testEngines())('guard on a real socket (A13, A18, A19) on %s', (engine) => {
  let app: TestApp | undefined;
  let port = 0;
  const t = (): TestApp => {
    if (app === undefined) throw new Error('the app is not started');
    return app;
  };
  beforeAll(async () => {
    app = await startTestApp(engine);
    await app.app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.dispose();
  });

  const aliceToken = () => tok(VH, claimsFor(t().alice));
  const bobToken = () => tok(VH, claimsFor(t().bob));

  /** Sends the request; asserts the answer, G2 (probe not run) and G6 (no token logged). */
  async function expectRawAnswer(bytes: Buffer, answer: ExpectedAnswer, ...tokens: string[]) {
    const hits = t().probeHits();
    const response = parse(await exchange(port, bytes));
    expectAnswer(asInjected(response), answer, tokens[0]);
    expect(
      loggedReasons(t(), asInjected(response)),
      'G6: one log line with the reason',
    ).toHaveLength(1);
    for (const token of tokens) expect(response.body).not.toContain(token);
    expect(t().probeHits(), 'G2: the probe handler ran').toBe(hits);
    expectNotLogged(t(), ...tokens);
  }

  /** Sends the request; asserts Node's own answer (`status`, before the app) and G2, G6. */
  async function expectNodeAnswer(bytes: Buffer, status: number, token: string) {
    const hits = t().probeHits();
    const response = parse(await exchange(port, bytes));
    expect(response.statusCode, response.body).toBe(status);
    expect(response.body).not.toContain(token);
    expect(t().probeHits(), 'G2: the probe handler ran').toBe(hits);
    expectNotLogged(t(), token);
  }

  it('A13 sanity: one Authorization line with a valid token is served (200 as alice)', async () => {
    const hits = t().probeHits();
    const response = parse(await exchange(port, request(`Authorization: ${bearer(aliceToken())}`)));
    expect(response.statusCode, response.body).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, user_id: t().alice.id });
    expect(t().probeHits()).toBe(hits + 1);
  });

  it.each([
    [
      'valid first, then garbage',
      (a: string) => [`Authorization: ${bearer(a)}`, 'Authorization: garbage'],
    ],
    [
      'garbage first, then valid',
      (a: string) => ['Authorization: garbage', `Authorization: ${bearer(a)}`],
    ],
    [
      'valid, then Basic',
      (a: string) => [`Authorization: ${bearer(a)}`, 'Authorization: Basic dTpw'],
    ],
    [
      'alice, then bob',
      (a: string, b: string) => [`Authorization: ${bearer(a)}`, `Authorization: ${bearer(b)}`],
    ],
    [
      'bob, then alice',
      (a: string, b: string) => [`Authorization: ${bearer(b)}`, `Authorization: ${bearer(a)}`],
    ],
    ['valid, then an empty line', (a: string) => [`Authorization: ${bearer(a)}`, 'Authorization:']],
    [
      'names in different case',
      (a: string) => [`authorization: ${bearer(a)}`, 'AUTHORIZATION: garbage'],
    ],
    [
      'the same valid line twice',
      (a: string) => [`Authorization: ${bearer(a)}`, `Authorization: ${bearer(a)}`],
    ],
  ])('A13 answers two Authorization lines (%s) with R400r', async (_label, lines) => {
    const [alice, bob] = [aliceToken(), bobToken()];
    await expectRawAnswer(request(...lines(alice, bob)), 'R400r', alice, bob);
  });

  it('A13 answers two Authorization lines separated by another header with R400r', async () => {
    const alice = aliceToken();
    await expectRawAnswer(
      request(`Authorization: ${bearer(alice)}`, 'Accept: application/json', 'Authorization: x'),
      'R400r',
      alice,
    );
  });

  it.each([
    ['\\x01', '\x01'],
    ['\\x00 (NUL)', '\x00'],
    ['\\x7f (DEL)', '\x7f'],
    ['a bare \\r', '\r'],
    ['a bare \\n inside the value', '\n'],
    ['\\x1b (ESC)', '\x1b'],
    ['an obs-fold line continuation', '\r\n '],
  ])(
    'A18 answers a header value containing %s with 400 from Node, before the app',
    async (_label, byte) => {
      const token = aliceToken();
      const value = `Authorization: Bearer ${token.slice(0, 20)}${byte}${token.slice(20)}`;
      await expectNodeAnswer(request(value), 400, token);
    },
  );

  it.each([
    ['UTF-8 "€" (e2 82 ac)', Buffer.from('€', 'utf8')],
    ['UTF-8 "é" (c3 a9)', Buffer.from('é', 'utf8')],
    ['a lone 0xff byte', Buffer.from([0xff])],
  ])(
    'A18 (pinned: Node passes obs-text through) answers raw non-ASCII bytes %s in the token with R401i',
    async (_label, bytes) => {
      const token = aliceToken();
      const line = Buffer.concat([Buffer.from(`Authorization: Bearer ${token}`), bytes]);
      await expectRawAnswer(request(line), 'R401i', token);
    },
  );

  it('A19 answers Bearer followed by 8 193 bytes on the socket with R401i (application cap)', async () => {
    const token = 'A'.repeat(8193);
    await expectRawAnswer(request(`Authorization: ${bearer(token)}`), 'R401i', token);
  });

  it('A19 answers a 17 000-byte Authorization header with 431 from Node', async () => {
    const token = `${aliceToken()}${'A'.repeat(17_000)}`;
    await expectNodeAnswer(request(`Authorization: ${bearer(token)}`), 431, token);
  });

  it('A19 answers 17 000 bytes of headers besides a valid Authorization with 431', async () => {
    const token = aliceToken();
    await expectNodeAnswer(
      request(`Authorization: ${bearer(token)}`, `X-Padding: ${'p'.repeat(17_000)}`),
      431,
      token,
    );
  });
});
