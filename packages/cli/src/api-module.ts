import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TesseraPluginOptions } from '@tessera/server';
import type { FastifyInstance } from 'fastify';

/** What `tessera serve` takes from the application's API module (apps/api). */
export interface ApiModule {
  apiPluginOptions(): Pick<TesseraPluginOptions, 'access' | 'migrations'>;
  registerApiRoutes(app: FastifyInstance): void;
}

/** Where the application's resources are looked for, relative to the working folder. */
export const DEFAULT_API_MODULE = 'apps/api/dist/index.js';

/**
 * Loads the application's resources (scaffolded or hand-written): the module named by
 * `TESSERA_API_MODULE`, else `apps/api/dist/index.js` when it exists (the repository after
 * `npm run build`); undefined when there is none, and Tessera serves its own routes alone.
 *
 * @throws Error when `TESSERA_API_MODULE` names a file that does not exist or lacks the exports.
 */
export async function loadApiModule(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<ApiModule | undefined> {
  const named = env['TESSERA_API_MODULE'];
  const file = resolve(cwd, named ?? DEFAULT_API_MODULE);
  if (!existsSync(file)) {
    if (named === undefined) return undefined;
    throw new Error(`TESSERA_API_MODULE: no such file: ${file}`);
  }
  const loaded = (await import(pathToFileURL(file).href)) as Partial<ApiModule>;
  if (
    typeof loaded.apiPluginOptions !== 'function' ||
    typeof loaded.registerApiRoutes !== 'function'
  ) {
    throw new Error(`${file} must export apiPluginOptions() and registerApiRoutes(app)`);
  }
  return loaded as ApiModule;
}
