import type { TesseraPluginOptions } from '@tessera/server';
import type { FastifyInstance } from 'fastify';
import type { ApiResource } from './resource.js';
import { RESOURCES } from './resources/index.js';

export type { ApiResource } from './resource.js';
export { RESOURCES } from './resources/index.js';

/**
 * What the resources add to the `tessera` plugin: their scopes and their migrations.
 *
 * @example
 * ```ts
 * const app = await buildApp({ config, plugin: apiPluginOptions() });
 * registerApiRoutes(app);
 * ```
 */
export function apiPluginOptions(
  resources: readonly ApiResource[] = RESOURCES,
): Pick<TesseraPluginOptions, 'access' | 'migrations'> {
  const scopes: Record<string, readonly string[]> = {};
  const migrations: NonNullable<TesseraPluginOptions['migrations']> = {};
  for (const resource of resources) {
    Object.assign(scopes, resource.scopes);
    Object.assign(migrations, resource.migrations);
  }
  return { access: { scopes }, migrations };
}

/** Adds every resource's routes to the app (after `buildApp` or `register(tessera)`). */
export function registerApiRoutes(
  app: FastifyInstance,
  resources: readonly ApiResource[] = RESOURCES,
): void {
  for (const resource of resources) resource.routes(app);
}
