// The ceiling: Fastify 5, no authentication, no logger, the same JSON through the same schema.
// With a database (BENCH_SQLITE_FILE or BENCH_DATABASE_URL) it also serves the database routes
// with the statements Tessera runs (db-routes.mjs), still without authentication.
import Fastify from 'fastify';
import { announce, benchSettings, pageSchema, STATIC_PATH } from './common.mjs';
import { registerDbRoutes, storeFromEnv } from './db-routes.mjs';

const { host, port, payload } = benchSettings();
const app = Fastify({ logger: false });
app.get(STATIC_PATH, { schema: { response: { 200: pageSchema } } }, () => payload);
const store = await storeFromEnv();
if (store !== undefined) registerDbRoutes(app, store, {});
announce('fastify-ceiling', await app.listen({ host, port }));
