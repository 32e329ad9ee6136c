import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory())
      return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

const APP_SOURCES = [
  ...sourceFiles('apps/web/src'),
  ...sourceFiles('packages/angular/src'),
  ...sourceFiles('packages/client/src'),
];
const SERVER_SOURCES = sourceFiles('packages/server/src');

/** Rules that a code review could miss, checked on every run (SECURITY.md W11, H14). */
describe('source rules', () => {
  it('W11 no bypassSecurityTrust*, no [innerHTML] binding, no eval in the front end', () => {
    const offenders = APP_SOURCES.filter((path) =>
      /bypassSecurityTrust|\[innerHTML\]|\beval\(|new Function\(/.test(
        readFileSync(join(ROOT, path), 'utf8'),
      ),
    );
    expect(APP_SOURCES.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it('H14 the server never takes keys from the token (no EmbeddedJWK, jku, x5u fetches)', () => {
    const offenders = SERVER_SOURCES.filter((path) =>
      /EmbeddedJWK|createRemoteJWKSet/.test(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(SERVER_SOURCES.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
