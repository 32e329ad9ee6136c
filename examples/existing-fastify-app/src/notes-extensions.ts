import type { AccessOptions, TesseraPluginOptions } from '@tessera/server';

// Type-checks `config: { scope: 'notes:read' }` and `new TesseraError('note_limit_reached')`.
declare module '@tessera/server' {
  interface TesseraScopes {
    'notes:read': true;
    'notes:write': true;
  }
  interface TesseraErrorCodes {
    note_limit_reached: true;
  }
}

/**
 * What the notes API adds to Tessera's roles and scopes: a `viewer` role that reads notes,
 * and `notes:read` / `notes:write` for Tessera's `user` and `admin`.
 */
export const NOTES_ACCESS = {
  roles: ['viewer'],
  scopes: {
    'notes:read': ['user', 'viewer', 'admin'],
    'notes:write': ['user', 'admin'],
  },
} as const satisfies AccessOptions;

/** The notes API's own error code, answered as problem+json like Tessera's. */
export const NOTES_ERRORS = {
  note_limit_reached: {
    status: 409,
    message: 'You have reached your note limit',
    description: 'Each account may keep a limited number of notes (`maxNotesPerUser`).',
    solution: 'Delete a note you no longer need, then create the new one.',
  },
} as const satisfies NonNullable<TesseraPluginOptions['errors']>;
