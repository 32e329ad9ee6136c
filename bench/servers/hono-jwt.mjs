// Hono 4 + hono/jwt on @hono/node-server.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
import { announce, benchSettings, STATIC_PATH } from './common.mjs';

const { host, port, payload, secret, issuer, audience } = benchSettings();
const app = new Hono();
app.use(
  '/api/*',
  jwt({ secret, alg: 'HS256', verification: { iss: issuer, aud: audience, typ: 'at+jwt' } }),
);
app.get(STATIC_PATH, (c) => c.json(payload));
serve({ fetch: app.fetch, hostname: host, port }, () =>
  announce('hono-jwt', `http://${host}:${port}`),
);
