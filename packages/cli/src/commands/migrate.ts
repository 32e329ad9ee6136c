import type { Command } from 'commander';
import { migrateToLatest, openConfiguredDatabase } from '@tessera/server';
import { loadConfig } from '../context.js';

/** `tessera migrate`: apply pending database migrations. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (serve also does this at start)')
    .action(async () => {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        const { applied } = await migrateToLatest(database);
        process.stdout.write(
          applied.length === 0 ? 'Database is up to date\n' : `Applied: ${applied.join(', ')}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
