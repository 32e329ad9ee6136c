// Fastify 5 + @fastify/jwt as its README shows it: an onRequest hook calling request.jwtVerify().
import fastifyJwt from '@fastify/jwt';
import Fastify from 'fastify';
import { announce, benchSettings, pageSchema, STATIC_PATH } from './common.mjs';

const { host, port, payload, secret, issuer, audience } = benchSettings();
const app = Fastify({ logger: false });
await app.register(fastifyJwt, {
  secret,
  verify: { algorithms: ['HS256'], allowedIss: issuer, allowedAud: audience },
});
app.addHook('onRequest', async (request) => {
  await request.jwtVerify();
});
app.get(STATIC_PATH, { schema: { response: { 200: pageSchema } } }, () => payload);
announce('fastify-jwt', await app.listen({ host, port }));
