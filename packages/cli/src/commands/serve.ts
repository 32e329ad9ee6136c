import cluster from 'node:cluster';
import type { Command } from 'commander';
import { buildApp } from '@tessera/server';
import { loadApiModule } from '../api-module.js';
import { loadConfig } from '../context.js';
import { parseWorkers, runPrimary, WORKER_ENV } from './serve-cluster.js';

/**
 * Runs one server until SIGINT or SIGTERM, then drains it: no new connection is accepted, a new
 * request on an open one is answered 503, the requests in flight finish, and the process exits.
 */
async function serveOne(): Promise<void> {
  const config = loadConfig();
  const api = await loadApiModule(process.env, process.cwd());
  const app = await buildApp({ config, ...(api ? { plugin: api.apiPluginOptions() } : {}) });
  api?.registerApiRoutes(app);
  const shutdown = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await app.listen({ host: config.host, port: config.port });
  const worker = process.env[WORKER_ENV];
  // Under --workers the primary prints the one listening line, and worker 1 the setup link.
  if (!cluster.isWorker) process.stdout.write(`Tessera is listening on ${address}\n`);
  if (cluster.isWorker && worker !== '1') return;
  const link = await app.tessera.setupLink(config.publicUrl ?? address);
  if (link !== undefined) {
    process.stdout.write(
      `\nNo users yet. Create the first admin with this one-time link:\n\n  ${link}\n\n` +
        'or from the shell: tessera user create --email you@example.com --name You --role admin\n',
    );
  }
}

/** `tessera serve [--workers N]`: run the API on HOST:PORT until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Tessera server (configured by environment variables, see README)')
    .option(
      '--workers <n>',
      'processes serving the same port (node:cluster); with PostgreSQL, set TESSERA_REDIS_URL so they share revocations at once',
      parseWorkers,
      1,
    )
    .action(async (options: { workers: number }) => {
      if (options.workers > 1 && cluster.isPrimary) {
        loadConfig(); // a configuration error is reported once, before any worker starts
        runPrimary(options.workers);
        return;
      }
      await serveOne();
    });
}
