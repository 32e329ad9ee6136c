import type { Command } from 'commander';
import { buildApp } from '@tessera/server';
import { loadApiModule } from '../api-module.js';
import { loadConfig } from '../context.js';

/** `tessera serve`: run the API on HOST:PORT until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Tessera server (configured by environment variables, see README)')
    .action(async () => {
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
      process.stdout.write(`Tessera is listening on ${address}\n`);
      const link = await app.tessera.setupLink(config.publicUrl ?? address);
      if (link !== undefined) {
        process.stdout.write(
          `\nNo users yet. Create the first admin with this one-time link:\n\n  ${link}\n\n` +
            'or from the shell: tessera user create --email you@example.com --name You --role admin\n',
        );
      }
    });
}
