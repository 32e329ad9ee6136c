import { existsSync } from 'node:fs';
import { bundledWebDir } from './web-dir.js';
import {
  createUserStore,
  migrateToLatest,
  openConfiguredDatabase,
  readConfig,
  type Database,
  type TesseraConfig,
  type UserStore,
} from '@tessera/server';

/**
 * Loads `.env` from the working folder (without overriding the environment), then the config;
 * the web app defaults to the one bundled with the CLI.
 */
export function loadConfig(): TesseraConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return readConfig(process.env, process.cwd(), { webDir: bundledWebDir() });
}

/** Runs `work` with the migrated database and user store of the configuration, then closes. */
export async function withUserStore<T>(
  work: (users: UserStore, config: TesseraConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database: Database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    return await work(createUserStore(database), config);
  } finally {
    await database.close();
  }
}
