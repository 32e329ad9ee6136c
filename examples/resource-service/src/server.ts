import { buildResourceService } from './app.js';

// TESSERA_JWKS_URL (required), TESSERA_ISSUER, TESSERA_AUDIENCE, JWKS_CACHE_MS, PORT.
const jwksUrl = process.env['TESSERA_JWKS_URL'];
if (jwksUrl === undefined) {
  process.stderr.write(
    'resource-service: set TESSERA_JWKS_URL (Tessera’s /.well-known/jwks.json)\n',
  );
  process.exit(2);
}
const app = buildResourceService({
  jwksUrl: new URL(jwksUrl),
  issuer: process.env['TESSERA_ISSUER'] ?? 'tessera',
  audience: process.env['TESSERA_AUDIENCE'] ?? 'tessera-api',
  ...(process.env['JWKS_CACHE_MS'] === undefined
    ? {}
    : { cacheMaxAgeMs: Number(process.env['JWKS_CACHE_MS']) }),
});
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 3100) });
process.stdout.write(`resource service listening on ${address}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
