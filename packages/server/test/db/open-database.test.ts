import { stat } from 'node:fs/promises';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, resolveDatabaseTarget, type Database } from '../../src/db/index.js';
import { testEngines, useTestDatabase } from '../support/engines.js';

describe('databaseUrl forms', () => {
  it.each([
    ['mysql://tessera:s3cret-pw@db.example.com/tessera', 'a "mysql:" URL'],
    ['sqlite:///var/lib/tessera.sqlite', 'a "sqlite:" URL'],
    ['tessera:s3cret-pw@localhost', 'a "tessera:" URL'],
    ['not a url with s3cret-pw', 'a value that is not a URL'],
    ['', 'a value that is not a URL'],
  ])('rejects %j with a TypeError naming the accepted forms, not the URL', async (url, shown) => {
    const attempt = openDatabase({ dataDir: '/nonexistent/never-created', databaseUrl: url });
    await expect(attempt).rejects.toBeInstanceOf(TypeError);
    await expect(attempt).rejects.toThrow(`Unsupported databaseUrl (${shown})`);
    await expect(attempt).rejects.toThrow(/postgres:\/\/.*postgresql:\/\//);
    await expect(attempt).rejects.not.toThrow(/s3cret-pw/);
  });

  it('accepts postgres:// and postgresql://, and chooses SQLite without a URL', () => {
    expect(resolveDatabaseTarget({ dataDir: 'd', databaseUrl: 'postgres://h/db' }).engine).toBe(
      'postgres',
    );
    expect(resolveDatabaseTarget({ dataDir: 'd', databaseUrl: 'postgresql://h/db' }).engine).toBe(
      'postgres',
    );
    expect(resolveDatabaseTarget({ dataDir: 'd' })).toEqual({
      engine: 'sqlite',
      dataDir: 'd',
      file: path.join('d', 'tessera.sqlite'),
    });
  });

  it('fails at open, without the password, when PostgreSQL is not there', async () => {
    const attempt = openDatabase({
      dataDir: '/nonexistent/never-created',
      databaseUrl: 'postgresql://tessera:s3cret-pw@127.0.0.1:1/tessera',
    });
    await expect(attempt).rejects.toThrow(/ECONNREFUSED/);
    await expect(attempt).rejects.not.toThrow(/s3cret-pw/);
  });
});

describe.each(await testEngines())('openDatabase on %s', (engine) => {
  const fixture = useTestDatabase(engine, { migrate: false });

  it('reports its engine, answers ping, and closes twice without error', async () => {
    const { database } = fixture();
    expect(database.engine).toBe(engine);
    await expect(database.ping()).resolves.toBeUndefined();
    await database.close();
    await expect(database.close()).resolves.toBeUndefined();
    await expect(database.ping()).rejects.toThrow();
  });
});

// Engine-specific settings: PostgreSQL's counterpart (row locks) is covered by the last-admin tests.
describe('openDatabase on sqlite only', () => {
  const fixture = useTestDatabase('sqlite', { migrate: false });

  it('creates <dataDir>/tessera.sqlite privately, with WAL, foreign keys and busy_timeout', async () => {
    const { database, dataDir } = fixture();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dataDir, 'tessera.sqlite'))).mode & 0o777).toBe(0o600);
    const pragma = async (name: string) =>
      (await sql.raw(`pragma ${name}`).execute(database.db)).rows[0];
    expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(await pragma('busy_timeout')).toEqual({ timeout: 5000 });
    await sql`create table t (x integer)`.execute(database.db);
    expect((await stat(path.join(dataDir, 'tessera.sqlite-wal'))).mode & 0o777).toBe(0o600);
  });

  it('syncs every commit (synchronous=FULL), also when it opens a file already in WAL mode', async () => {
    const { database, dataDir } = fixture();
    const synchronous = async (db: Database['db']) =>
      (await sql.raw('pragma synchronous').execute(db)).rows[0];
    expect(await synchronous(database.db)).toEqual({ synchronous: 2 });
    await sql`create table t (x integer)`.execute(database.db);
    // better-sqlite3's build opens a file already in WAL mode with NORMAL (1) unless told
    const plain = new SqliteDatabase(path.join(dataDir, 'tessera.sqlite'));
    expect(plain.pragma('synchronous', { simple: true })).toBe(1);
    plain.close();
    const again = await openDatabase({ dataDir });
    try {
      expect(await synchronous(again.db)).toEqual({ synchronous: 2 });
    } finally {
      await again.close();
    }
  });

  it('takes the write lock when a transaction begins (BEGIN IMMEDIATE)', async () => {
    const { database, dataDir } = fixture();
    const other = new SqliteDatabase(path.join(dataDir, 'tessera.sqlite'), { timeout: 0 });
    try {
      await database.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        expect(() => other.exec('begin immediate')).toThrow(/database is locked/);
      });
      other.exec('begin immediate');
      other.exec('rollback');
    } finally {
      other.close();
    }
  });
});
