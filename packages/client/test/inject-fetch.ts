// A `fetch` that hands each request to a real Tessera app through Fastify's `inject` (no port,
// no mock): the client's own seam, the server's real routes.
import type { FastifyInstance } from 'fastify';

/** `fetch` over `app.inject`; the URL's origin is ignored, its path and query are kept. */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body === null ? undefined : await request.text();
    const sent: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      sent[name] = value;
    });
    const answer = await app.inject({
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: sent,
      ...(body === undefined ? {} : { payload: body }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (one !== undefined) headers.append(name, String(one));
      }
    }
    const empty = answer.statusCode === 204 || answer.statusCode === 205;
    const payload = empty ? null : new Uint8Array(answer.rawPayload);
    return new Response(payload, { status: answer.statusCode, headers });
  };
}
