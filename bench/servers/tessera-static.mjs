// Tessera as `tessera serve` runs it (readConfig(process.env) → buildApp → listen), plus one
// bench-only route: GET /api/bench/static, protected like GET /api/users (scope users:read) and
// answering the same JSON as the peers through the same schema. It comes from the built
// @tessera/server (`npm run build`), like the CLI.
import { buildApp, readConfig } from '@tessera/server';
import { announce, pageSchema, STATIC_PATH } from './common.mjs';
import { readFileSync } from 'node:fs';

const config = readConfig(process.env);
const payload = JSON.parse(readFileSync(process.env.BENCH_PAYLOAD, 'utf8'));
const app = await buildApp({ config });
app.get(
  STATIC_PATH,
  { config: { scope: 'users:read' }, schema: { response: { 200: pageSchema } } },
  () => payload,
);
const shutdown = () =>
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
announce('Tessera', await app.listen({ host: config.host, port: config.port }));
