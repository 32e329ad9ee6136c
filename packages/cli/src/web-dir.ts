import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built web app is: in the published package, then in the repository's build. */
const CANDIDATES = [
  fileURLToPath(new URL('../web/', import.meta.url)),
  fileURLToPath(new URL('../../../apps/web/dist/web/browser/', import.meta.url)),
];

/**
 * The folder of the web app `tessera serve` serves when `TESSERA_WEB_DIR` is unset: the copy
 * packed with this package (`web/`), else the app built in the repository; undefined when
 * neither has an `index.html` (the API alone is served).
 */
export function bundledWebDir(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(join(dir, 'index.html')));
}
