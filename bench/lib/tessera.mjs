// Tessera's side of the bench: a fresh data folder and secret, 10 seeded users, the CLI and the
// bench entry (the CLI's `serve` plus the static route) as commands to start.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = path.join(ROOT, 'packages/cli/bin/tessera.js');
export const STATIC_ENTRY = path.join(ROOT, 'bench/servers/tessera-static.mjs');
export const ADMIN = { email: 'admin@bench.example', password: 'bench admin passphrase 1' };
/** Users seeded besides the admin (10 in all: the 10-user list). */
export const MEMBERS = 9;

const SERVER_BUNDLE = 'packages/server/dist/tessera-server.js';

/**
 * Fails with the command to run when the server or the CLI has not been built, or when the
 * server's bundle is older than a module tsc compiled since (`tsc -b` alone does not bundle).
 */
export function assertBuilt() {
  for (const file of [SERVER_BUNDLE, 'packages/cli/dist/bin.js']) {
    if (!existsSync(path.join(ROOT, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` first`);
    }
  }
  const bundled = statSync(path.join(ROOT, SERVER_BUNDLE)).mtimeMs;
  const dist = path.join(ROOT, 'packages/server/dist');
  const newer = readdirSync(dist, { recursive: true }).find(
    (file) => file.endsWith('.js') && statSync(path.join(dist, file)).mtimeMs > bundled,
  );
  if (newer !== undefined) {
    throw new Error(`${SERVER_BUNDLE} is older than dist/${newer}: run \`npm run build\` first`);
  }
}

/**
 * A fresh place for one run: a temp data folder, a random secret (TESSERA_JWT_SECRET, so the
 * peers can verify the same tokens) and the environment of `tessera serve` with everything else
 * left at its default (request logs on, level info, revocation and user checks on).
 */
export function createTesseraHome() {
  const folder = mkdtempSync(path.join(tmpdir(), 'tessera-bench-'));
  const secret = randomBytes(32).toString('base64url');
  const env = {
    TESSERA_DATA_DIR: path.join(folder, 'data'),
    TESSERA_JWT_SECRET: secret,
    HOST: '127.0.0.1',
  };
  // Anything set in the caller's environment that would change Tessera's defaults is removed.
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('TESSERA_') && !(name in env)) env[name] = undefined;
  }
  env.DATABASE_URL = undefined;
  return {
    folder,
    secret,
    issuer: 'tessera',
    audience: 'tessera-api',
    env,
    dispose: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/**
 * Seeds the admin and 9 users through Tessera's own store and hasher (the CLI's code path);
 * returns the admin's stored hash (the raw argon2id rate verifies it). `env` picks the database
 * (TESSERA_DATA_DIR, or DATABASE_URL for PostgreSQL).
 */
export async function seedUsers(home, env = home.env) {
  const server = await import('@tessera/server');
  const config = server.readConfig({ ...cleanEnv(env) }, home.folder);
  const database = await server.openConfiguredDatabase(config);
  try {
    await server.migrateToLatest(database);
    const users = server.createUserStore(database);
    const hasher = new server.PasswordHasher({ concurrency: 2, queueLimit: 32 });
    const admin = await users.create({
      email: ADMIN.email,
      name: 'Bench Admin',
      role: 'admin',
      isEnabled: true,
      passwordHash: await hasher.hash(ADMIN.password),
    });
    for (let index = 1; index <= MEMBERS; index += 1) {
      await users.create({
        email: `user${index}@bench.example`,
        name: `Bench User ${index}`,
        role: 'user',
        isEnabled: true,
        passwordHash: await hasher.hash(`bench user passphrase ${index}`),
      });
    }
    return { adminHash: admin.passwordHash };
  } finally {
    await database.close();
  }
}

/** The environment without the variables set to undefined (meaning: removed). */
export function cleanEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}
