// The bench's datasets: 10 users (the admin and 9 members, seeded through Tessera's store) and a
// large one (the same plus rows inserted directly, one argon2 hash string for all), on SQLite and
// on PostgreSQL. Every server gets its own copy: a copied data folder, or `CREATE DATABASE …
// TEMPLATE seed`. PostgreSQL databases are dropped by `dispose()`, also after a failure.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { seedUsers } from './tessera.mjs';

export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const INSERT_SQLITE =
  'insert into users (email, email_key, name, password_hash, role, is_enabled, token_version, created_at, updated_at) values (?, ?, ?, ?, ?, 1, 0, ?, ?)';
const INSERT_PG =
  'insert into users (email, email_key, name, password_hash, role, is_enabled, token_version, created_at, updated_at) values ($1, $2, $3, $4, $5, 1, 0, $6, $7)';

/** The rows beyond the 10 seeded users: user10@… up to user<total-1>@…. */
function extraUsers(total, hash) {
  const at = new Date().toISOString();
  return Array.from({ length: total - 10 }, (_, i) => {
    const email = `user${i + 10}@bench.example`;
    return [email, email.toLowerCase(), `Bench User ${i + 10}`, hash, 'user', at, at];
  });
}

/** The SQLite file of a Tessera data folder. */
export function sqliteFile(dataDir) {
  const name = readdirSync(dataDir).find((f) => /\.(db|sqlite3?)$/.test(f));
  if (name === undefined) throw new Error(`no SQLite file in ${dataDir}`);
  return path.join(dataDir, name);
}

/** Whether PostgreSQL answers at PG_URL. */
export async function pgReachable() {
  const client = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function admin(sqlText) {
  const client = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/**
 * Seeds both datasets on SQLite (and on PostgreSQL when `postgres`); `largeUsers` is the size of
 * the large one. Returns `{ adminHash, copy(engine, dataset, name), dispose() }`: `copy` gives
 * a server its own database (`{ dataDir, file }` on SQLite, `{ url }` on PostgreSQL).
 */
export async function createDatasets(home, { largeUsers, postgres }) {
  const created = [];
  const seeds = { sqlite: {}, postgres: {} };
  const dispose = async () => {
    for (const name of created.splice(0).reverse())
      await admin(`drop database if exists "${name}" with (force)`).catch(() => {});
  };
  let adminHash;
  try {
    ({ adminHash } = await seedUsers(home));
    const extra = extraUsers(largeUsers, adminHash);
    seeds.sqlite.small = home.env.TESSERA_DATA_DIR;
    seeds.sqlite.large = path.join(home.folder, 'seed-large');
    cpSync(seeds.sqlite.small, seeds.sqlite.large, { recursive: true });
    const db = new Database(sqliteFile(seeds.sqlite.large));
    const insert = db.prepare(INSERT_SQLITE);
    db.transaction(() => extra.forEach((row) => insert.run(...row)))();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    if (postgres) {
      for (const dataset of ['small', 'large']) {
        const name = `tessera_bench_seed_${process.pid}_${dataset}`;
        await admin(`drop database if exists "${name}" with (force)`);
        await admin(
          dataset === 'small'
            ? `create database "${name}"`
            : `create database "${name}" template "${seeds.postgres.small}"`,
        );
        created.push(name);
        seeds.postgres[dataset] = name;
        if (dataset === 'small') {
          await seedUsers(home, { ...home.env, DATABASE_URL: `${PG_URL}/${name}` });
          continue;
        }
        const client = new pg.Client({ connectionString: `${PG_URL}/${name}` });
        await client.connect();
        try {
          await client.query('begin');
          for (const row of extra)
            await client.query({ name: 'insert', text: INSERT_PG, values: row });
          await client.query('commit');
        } finally {
          await client.end();
        }
      }
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  let copies = 0;
  return {
    adminHash,
    dispose,
    async copy(engine, dataset, name) {
      copies += 1;
      if (engine === 'sqlite') {
        const dataDir = path.join(home.folder, `db-${copies}-${name}`);
        cpSync(seeds.sqlite[dataset], dataDir, { recursive: true });
        return { dataDir, file: sqliteFile(dataDir) };
      }
      const db = `tessera_bench_${process.pid}_${copies}`;
      await admin(`create database "${db}" template "${seeds.postgres[dataset]}"`);
      created.push(db);
      return { url: `${PG_URL}/${db}` };
    },
  };
}
