import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { generateSecret, loadOrCreateSecret, validateSecret } from '../../src/config/secret.js';

describe('K07 the signing secret is refused when weak', () => {
  it.each([
    ['empty', ''],
    ['"secret"', 'secret'],
    ['31 bytes', 'Zx8#qLm2$Wv9!rTb5^Kp0&Hs7*Nd4@Y'],
    ['"a" * 32', 'a'.repeat(32)],
    ['a repeated short pattern', 'abcabcabcabcabcabcabcabcabcabcabc'],
    ['a well-known value padded to 32 bytes', 'your-256-bit-secret-your-256-bit'],
    ['"changeme" with a little padding', 'changeme-changeme-changeme-123456'],
  ])('K07 refuses %s', (_label, value) => {
    expect(() => validateSecret(value)).toThrow(ConfigError);
  });

  it('K07 the message names the variable and never the value', () => {
    const weak = 'a'.repeat(40);
    try {
      validateSecret(weak);
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).variable).toBe('TESSERA_JWT_SECRET');
      expect((error as ConfigError).message).toContain('TESSERA_JWT_SECRET');
      expect((error as ConfigError).message).not.toContain(weak);
    }
  });

  it('accepts a generated secret: 43 base64url characters whose UTF-8 bytes are the key', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(validateSecret(secret)).toString('utf8')).toBe(secret);
  });

  it('accepts a long random passphrase of other characters', () => {
    expect(validateSecret('9f2K#vQ7!mZ1xL4$pR8@tW3&yH6^bN0*cJ5%').length).toBe(36);
  });
});

describe('the generated secret in the data folder', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tessera-secret-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('is created on first start with mode 0600 and kept across starts', async () => {
    const dataDir = join(folder, 'data');
    const first = await loadOrCreateSecret(dataDir);
    const file = join(dataDir, 'jwt-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const second = await loadOrCreateSecret(dataDir);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect((await readFile(file, 'utf8')).trim()).toBe(Buffer.from(first).toString('utf8'));
  });

  it('K07 a weak kept secret stops the start', async () => {
    await writeFile(join(folder, 'jwt-secret'), 'secret\n', { mode: 0o600 });
    await expect(loadOrCreateSecret(folder)).rejects.toThrow(ConfigError);
  });
});
