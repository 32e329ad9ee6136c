import type { ErrorSpec } from '@tessera/protocol';
import type { AccessOptions } from '../access/access-options.js';
import type { TesseraConfig, TesseraConfigInput } from '../config/config.js';
import type { Database } from '../db/index.js';
import type { TesseraMigration } from '../db/migrations/index.js';

/** Limits on rejected tokens per client address (SECURITY.md D04). */
export interface AuthFailureLimitSettings {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

/**
 * Options of the {@link tessera} plugin. Everything is optional: with none, Tessera keeps its
 * data in `./data` (SQLite and a generated signing secret), like `tessera serve`.
 *
 * @example
 * ```ts
 * await app.register(tessera, {
 *   config: { jwtSecret: process.env.JWT_SECRET, databaseUrl: process.env.DATABASE_URL },
 *   protect: 'marked',
 *   access: { scopes: { 'notes:read': ['user', 'admin'], 'notes:write': ['admin'] } },
 *   migrations: { '0001-notes': notesMigration },
 *   errors: { note_locked: { status: 409, message: 'The note is locked', description: '…', solution: '…' } },
 * });
 * ```
 */
export interface TesseraPluginOptions {
  /**
   * Settings (see the README's table; `readConfig(process.env)` reads them from the
   * environment). Unset fields take the documented defaults.
   */
  readonly config?: TesseraConfig | TesseraConfigInput;
  /** An open database; when omitted, one is opened from the config and closed with the app. */
  readonly database?: Database;
  /**
   * Which routes of the context Tessera is registered in need a token:
   * - `'all'` (default, secure by default): every route, unless its config says `public: true`;
   * - `'marked'`: only routes whose config has `auth: true` or a `scope` (Tessera's own
   *   protected routes have one); the others stay public.
   * Routes outside that context (Tessera registered inside one of your plugins) are not
   * touched either way.
   */
  readonly protect?: 'all' | 'marked';
  /** Roles and scopes the application adds; routes require them with `config: { scope }`. */
  readonly access?: AccessOptions;
  /** The application's migrations, run in name order after Tessera's, on SQLite and PostgreSQL. */
  readonly migrations?: Readonly<Record<string, TesseraMigration>>;
  /** Error codes the application adds to the registry (see `defineErrorCodes`). */
  readonly errors?: Readonly<Record<string, ErrorSpec>>;
  /**
   * Answer errors of this context as problem+json (default true): Tessera sets its error
   * handler where it is registered. `false` keeps yours; call `sendProblem` or rethrow as
   * {@link TesseraError} from it to keep Tessera's answers.
   */
  readonly problemErrors?: boolean;
  /** Seconds since the epoch; tests pin it. */
  readonly clock?: () => number;
  /** Rejected tokens one address may cause per window before 429 (default 300 a minute). */
  readonly authFailureLimit?: AuthFailureLimitSettings;
}
