import type { TesseraMigration } from '@tessera/server';
import type { FastifyInstance } from 'fastify';

/**
 * One resource of the application: the scopes it adds (each with the roles that hold it), its
 * migrations (by name; names carry a global sequence number so that they apply in the order
 * they were made), and its routes. `tessera scaffold` writes one per resource; a hand-written
 * resource is the same plain object.
 *
 * @example
 * ```ts
 * export const notes: ApiResource = {
 *   name: 'notes',
 *   scopes: { 'notes:read': ['user', 'admin'], 'notes:write': ['admin'] },
 *   migrations: { '0001-notes-create': createNotes },
 *   routes: notesRoutes,
 * };
 * ```
 */
export interface ApiResource {
  readonly name: string;
  readonly scopes: Readonly<Record<string, readonly string[]>>;
  readonly migrations: Readonly<Record<string, TesseraMigration>>;
  readonly routes: (app: FastifyInstance) => void;
}
