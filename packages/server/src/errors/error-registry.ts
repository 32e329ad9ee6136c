import { ERROR_CODES, type ErrorCode, type ErrorSpec } from '@tessera/protocol';

/**
 * Error codes an application adds (with {@link defineErrorCodes} or the plugin's `errors`
 * option). Augment it so `new TesseraError('note_locked')` type-checks:
 *
 * @example
 * ```ts
 * declare module '@tessera/server' {
 *   interface TesseraErrorCodes {
 *     note_locked: true;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by applications
export interface TesseraErrorCodes {}

/** A code Tessera or the application registered. */
export type AnyErrorCode = ErrorCode | Extract<keyof TesseraErrorCodes, string>;

const CODE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const registry = new Map<string, ErrorSpec>(Object.entries(ERROR_CODES));

function sameSpec(a: ErrorSpec, b: ErrorSpec): boolean {
  return (
    a.status === b.status &&
    a.message === b.message &&
    a.description === b.description &&
    a.solution === b.solution
  );
}

function checkSpec(code: string, spec: ErrorSpec): void {
  if (!CODE_NAME.test(code)) throw new TypeError(`Error code "${code}" must be snake_case`);
  if (!(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599)) {
    throw new TypeError(`Error code "${code}" needs an HTTP status from 400 to 599`);
  }
  for (const field of ['message', 'description', 'solution'] as const) {
    if (typeof spec[field] !== 'string' || spec[field].trim() === '') {
      throw new TypeError(`Error code "${code}" needs a ${field} (it is its docs row)`);
    }
  }
}

/**
 * Adds an application's codes to the registry: each with its HTTP status, the message sent in
 * the problem body, and the docs row (description, how to solve). Registering the same code
 * again with the same entry is allowed (a module loaded twice); a different entry, a clash with
 * one of Tessera's codes, a status outside 400–599 or a missing text throws `TypeError`.
 *
 * @example
 * ```ts
 * export const NOTE_ERRORS = defineErrorCodes({
 *   note_locked: {
 *     status: 409,
 *     message: 'The note is locked',
 *     description: 'A locked note cannot be changed.',
 *     solution: 'Unlock it first.',
 *   },
 * });
 * throw new TesseraError('note_locked');
 * ```
 */
export function defineErrorCodes<const Specs extends Readonly<Record<string, ErrorSpec>>>(
  specs: Specs,
): Specs {
  for (const [code, spec] of Object.entries(specs)) {
    checkSpec(code, spec);
    const known = registry.get(code);
    if (known !== undefined && (code in ERROR_CODES || !sameSpec(known, spec))) {
      throw new TypeError(`Error code "${code}" is already registered`);
    }
  }
  for (const [code, spec] of Object.entries(specs)) registry.set(code, { ...spec });
  return specs;
}

/**
 * The registry entry of a code.
 *
 * @throws TypeError for a code nobody registered (a programming error, found on first use).
 */
export function errorSpecOf(code: string): ErrorSpec {
  const spec = registry.get(code);
  if (spec === undefined) throw new TypeError(`Unknown error code "${code}": register it first`);
  return spec;
}

/**
 * Every registered code with its entry, Tessera's first, in registration order: the rows of
 * an application's errors page.
 */
export function registeredErrorCodes(): ReadonlyArray<readonly [string, ErrorSpec]> {
  return [...registry];
}
