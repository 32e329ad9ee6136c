// `npm run build`, after tsc: bundles @tessera/server's compiled modules (dist/**/*.js) into one
// ES module, dist/tessera-server.js, which its package.json exports. Its dependencies stay
// imports of their packages (one copy of Fastify, Kysely, pino… with the host app). Node 20
// resolves, reads and links each ES module on its own: loading the ~200 files took about 130 ms
// of `tessera serve`'s start; the bundle reads one. dist/tessera-server.js.map maps it back to
// src/ (through tsc's maps), for stack traces with --enable-source-maps and for the bench's
// profiles; like every map, it is left out of the npm package.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../packages/server/dist/', import.meta.url));

await build({
  entryPoints: [`${dist}index.js`],
  outfile: `${dist}tessera-server.js`,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
