// Fastify 5 + @fastify/jwt as its README shows it: an onRequest hook calling request.jwtVerify().
// With a database (BENCH_SQLITE_FILE or BENCH_DATABASE_URL) it also serves the database routes,
// refresh and login (db-routes.mjs), signing with @fastify/jwt and verifying with @node-rs/argon2.
import fastifyJwt from '@fastify/jwt';
import { verify } from '@node-rs/argon2';
import Fastify from 'fastify';
import { announce, benchSettings, pageSchema, STATIC_PATH } from './common.mjs';
import { registerDbRoutes, storeFromEnv } from './db-routes.mjs';

const { host, port, payload, secret, issuer, audience } = benchSettings();
const app = Fastify({ logger: false });
await app.register(fastifyJwt, {
  secret,
  verify: { algorithms: ['HS256'], allowedIss: issuer, allowedAud: audience },
});
app.addHook('onRequest', async (request) => {
  if (request.routeOptions.config.public === true) return; // login and refresh
  await request.jwtVerify();
});
app.get(STATIC_PATH, { schema: { response: { 200: pageSchema } } }, () => payload);
const store = await storeFromEnv();
if (store !== undefined) {
  registerDbRoutes(app, store, {
    sign: (claims) => app.jwt.sign(claims),
    verifyPassword: (hash, password) => verify(hash, password),
    scopes: JSON.parse(process.env.BENCH_SCOPES ?? '{}'),
    issuer,
    audience,
  });
}
announce('fastify-jwt', await app.listen({ host, port }));
