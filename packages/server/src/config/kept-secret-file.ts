import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const readIfPresent = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });

/**
 * The value kept in `path` (trimmed), or a new one from `generate`, kept there with mode 0600 in a
 * folder created with mode 0700.
 *
 * Processes that start together on a fresh data folder (`tessera serve --workers N`) all return the
 * same value: the new value is written to a private temporary file and hard-linked into place,
 * which fails for every process but the first, and those read what the first one linked. No
 * process ever reads a half-written file.
 */
export async function readOrCreateKeptSecret(
  path: string,
  generate: () => string,
): Promise<string> {
  const existing = await readIfPresent(path);
  if (existing !== undefined) return existing.trim();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(temporary, { force: true });
  }
  return (await readFile(path, 'utf8')).trim();
}
