/**
 * The secrets Tessera keeps in its data folder (the signing secret, the key-encryption key) are
 * created once, even when several processes start together on a fresh folder (`tessera serve
 * --workers N`): every starter gets the one value that was kept, never an EEXIST or a half file.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOrCreateKeptSecret } from '../../src/config/kept-secret-file.js';
import { loadOrCreateSecret } from '../../src/config/secret.js';
import { loadOrCreateKeyEncryptionKey } from '../../src/keys/key-encryption.js';

const STARTERS = 16;

describe('a kept secret', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'tessera-kept-')), 'data');
  });
  afterEach(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('is created once when many starters race on a fresh folder: one value, mode 0600, no temporary file left', async () => {
    const path = join(dataDir, 'kept');
    let generated = 0;
    const generate = () => `value-${(generated += 1)}`;
    const values = await Promise.all(
      Array.from({ length: STARTERS }, () => readOrCreateKeptSecret(path, generate)),
    );
    expect(new Set(values).size).toBe(1);
    expect(generated).toBeGreaterThanOrEqual(1);
    expect(await readFile(path, 'utf8')).toBe(`${values[0]}\n`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dataDir)).toEqual(['kept']);
  });

  it('is read, not generated, when it exists', async () => {
    await readOrCreateKeptSecret(join(dataDir, 'kept'), () => 'first');
    const generate = () => {
      throw new Error('must not generate');
    };
    await expect(readOrCreateKeptSecret(join(dataDir, 'kept'), generate)).resolves.toBe('first');
  });

  it('a folder that cannot be written fails the start with the file system error, leaving nothing', async () => {
    await writeFile(join(dataDir, '..', 'file'), 'not a folder');
    const path = join(dataDir, '..', 'file', 'kept');
    await expect(readOrCreateKeptSecret(path, () => 'x')).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });

  it('the signing secret and the key-encryption key: racing starts all get the same one', async () => {
    const secrets = await Promise.all(
      Array.from({ length: STARTERS }, () => loadOrCreateSecret(dataDir)),
    );
    expect(new Set(secrets.map((secret) => Buffer.from(secret).toString('hex'))).size).toBe(1);
    const keys = await Promise.all(
      Array.from({ length: STARTERS }, () => loadOrCreateKeyEncryptionKey(dataDir, undefined)),
    );
    expect(new Set(keys.map((key) => key.toString('hex'))).size).toBe(1);
    expect((await readdir(dataDir)).sort()).toEqual(['jwt-secret', 'key-encryption-key']);
  });
});
