// Starting the servers of one dataset: Tessera (`tessera serve`, default configuration, request
// logs to a file), Tessera with body refresh transport, the static-route Tessera, and the
// database peers — each on its own copy of the database.
import path from 'node:path';
import { freePort } from '../proc.mjs';
import { CLI, STATIC_ENTRY } from '../tessera.mjs';

/** The environment that points Tessera at its database copy. */
function databaseEnv(db) {
  return db.url === undefined
    ? { TESSERA_DATA_DIR: db.dataDir, DATABASE_URL: undefined }
    : { DATABASE_URL: db.url };
}

/** Tessera's CLI (`tessera serve`), or with `entry` the bench's static-route entry. */
export async function startTessera(
  ctx,
  name,
  db,
  { extra = {}, nodeArgs = [], entry = CLI, serveArgs = [] } = {},
) {
  const port = await freePort();
  const env = { ...ctx.home.env, ...databaseEnv(db), PORT: String(port), ...extra };
  if (entry === STATIC_ENTRY) env.BENCH_PAYLOAD = ctx.payloadFile;
  // (undefined values, from createTesseraHome, remove the caller's variables: spawn skips them)
  return ctx.start({
    name,
    args: entry === CLI ? [...nodeArgs, CLI, 'serve', ...serveArgs] : [...nodeArgs, entry],
    env,
    cwd: ctx.home.folder,
    port,
    readyPath: '/api/health',
    stdoutFile: path.join(ctx.logDir, `${name}.log`),
  });
}

/** A peer of bench/servers/, with its own database copy when `db` is given. */
export async function startPeer(ctx, id, db) {
  const port = await freePort();
  const env = {
    BENCH_PORT: String(port),
    BENCH_PAYLOAD: ctx.payloadFile,
    BENCH_SECRET: ctx.home.secret,
    BENCH_ISSUER: ctx.home.issuer,
    BENCH_AUDIENCE: ctx.home.audience,
    BENCH_SCOPES: JSON.stringify(ctx.scopes),
  };
  if (db?.file !== undefined) env.BENCH_SQLITE_FILE = db.file;
  if (db?.url !== undefined) env.BENCH_DATABASE_URL = db.url;
  return ctx.start({
    name: db === undefined ? id : `${id}-${db.file === undefined ? 'postgres' : 'sqlite'}`,
    args: [path.join(ctx.root, 'bench/servers', `${id}.mjs`)],
    env,
    cwd: path.join(ctx.root, 'bench'),
    port,
    readyPath: '/api/bench/static',
  });
}
