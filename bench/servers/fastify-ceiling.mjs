// The ceiling: Fastify 5, no authentication, no logger, the same JSON through the same schema.
import Fastify from 'fastify';
import { announce, benchSettings, pageSchema, STATIC_PATH } from './common.mjs';

const { host, port, payload } = benchSettings();
const app = Fastify({ logger: false });
app.get(STATIC_PATH, { schema: { response: { 200: pageSchema } } }, () => payload);
announce('fastify-ceiling', await app.listen({ host, port }));
