// `npm pack` / `npm publish` of the CLI: copies the built web app into ./web so that the
// published package serves it (see src/web-dir.ts). Fails when the app was not built.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../../../apps/web/dist/web/browser/', import.meta.url));
const target = fileURLToPath(new URL('../web/', import.meta.url));
if (!existsSync(new URL('index.html', `file://${built}`))) {
  console.error(`copy-web-app: no built web app in ${built}; run \`npm run build\` first`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(built, target, { recursive: true });
console.log(`copy-web-app: copied the web app into ${target}`);
