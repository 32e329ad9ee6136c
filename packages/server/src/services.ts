import type { PasswordHasher } from './auth/password-hasher.js';
import type { FirstRunSetup } from './auth/first-run-setup.js';
import type { TesseraConfig } from './config/config.js';
import type { Database } from './db/index.js';
import type { SessionCache } from './sessions/session-cache.js';
import type { Sessions } from './sessions/sessions.js';
import type { TokenService } from './token/index.js';
import type { UserCache, UserStore } from './users/user-store.js';

/** The parts a Tessera app is made of, shared by its route plugins. */
export interface TesseraServices {
  readonly config: TesseraConfig;
  readonly database: Database;
  readonly users: UserStore;
  /** The guard's in-memory view of users, invalidated by every write through {@link users}. */
  readonly userCache: UserCache;
  /** Sessions and their refresh tokens (login, refresh, logout, revocation). */
  readonly sessions: Sessions;
  /** The guard's in-memory view of sessions, told synchronously of every session ended here. */
  readonly sessionCache: SessionCache;
  readonly tokens: TokenService;
  readonly hasher: PasswordHasher;
  readonly setup: FirstRunSetup;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Tessera's services (token service, user store, …) for routes added by the app. */
    readonly tessera: TesseraServices;
  }
}
