import { currentUser, TesseraError } from '@tessera/server';
import type { FastifyInstance } from 'fastify';
import type { NotesStore } from './notes-store.js';

/** What {@link notesRoutes} works with. */
export interface NotesRoutesOptions {
  readonly store: NotesStore;
  /** Notes one account may keep; one more is refused with 409 `note_limit_reached`. */
  readonly maxNotesPerUser: number;
}

const NOTE_SCHEMA = {
  type: 'object',
  required: ['id', 'body', 'created_at'],
  properties: {
    id: { type: 'integer' },
    body: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
  },
} as const;
const PROBLEM = { $ref: 'Problem#' } as const;
const BEARER = [{ bearer: [] }];
const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const;

/**
 * The notes resource: each route names the scope it needs (one line: `config: { scope }`)
 * and reads the caller with `currentUser(request)`. Register it after the `tessera` plugin,
 * whose shared schemas (`Problem`) and scope check it uses.
 *
 * @example
 * ```ts
 * notesRoutes(app, { store: createNotesStore(app.tessera.database), maxNotesPerUser: 100 });
 * ```
 */
export function notesRoutes(
  app: FastifyInstance,
  { store, maxNotesPerUser }: NotesRoutesOptions,
): void {
  app.get(
    '/api/notes',
    {
      config: { scope: 'notes:read' },
      schema: {
        tags: ['notes'],
        summary: "The caller's notes",
        security: BEARER,
        response: {
          200: {
            type: 'object',
            required: ['notes'],
            properties: { notes: { type: 'array', items: NOTE_SCHEMA } },
          },
          401: PROBLEM,
          403: PROBLEM,
        },
      },
    },
    async (request) => ({ notes: await store.listByOwner(currentUser(request).id) }),
  );

  app.post<{ Body: { body: string } }>(
    '/api/notes',
    {
      config: { scope: 'notes:write' },
      schema: {
        tags: ['notes'],
        summary: 'Add a note',
        security: BEARER,
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: { body: { type: 'string', minLength: 1, maxLength: 2000 } },
        },
        response: { 201: NOTE_SCHEMA, 400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 409: PROBLEM },
      },
    },
    async (request, reply) => {
      const owner = currentUser(request).id;
      const note = await store.create(owner, request.body.body, maxNotesPerUser);
      if (note === undefined) throw new TesseraError('note_limit_reached');
      return reply.code(201).send(note);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/notes/:id',
    {
      config: { scope: 'notes:write' },
      schema: {
        tags: ['notes'],
        summary: 'Delete one of your notes',
        security: BEARER,
        params: ID_PARAMS,
        response: { 204: { type: 'null' }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM },
      },
    },
    async (request, reply) => {
      // Someone else's note is answered like a missing one: its existence is not revealed.
      const deleted = await store.deleteOwn(currentUser(request).id, request.params.id);
      if (!deleted) throw new TesseraError('not_found');
      return reply.code(204).send();
    },
  );
}
