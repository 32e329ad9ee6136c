import { openDatabase, type Database } from '../db/index.js';
import type { TesseraConfig } from './config.js';

/** Opens the database a configuration names (SQLite in the data folder, or `DATABASE_URL`). */
export function openConfiguredDatabase(config: TesseraConfig): Promise<Database> {
  return openDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  });
}
