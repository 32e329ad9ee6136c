#!/usr/bin/env node
// CI step "packages": packs every publishable package with `npm pack`, checks what each
// tarball holds, installs the tarballs into a fresh project outside the repository, type-checks
// a consumer of the server (NodeNext) and of the client and Angular binding (bundler
// resolution), runs a Fastify app with register(tessera) and a protected route of its own over
// loopback HTTP, and starts the packed CLI, which must serve the bundled web app.
// Run after `npm run build`. Prints a plain `N passed, N failed` line.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'scripts', 'package-consumer');
const work = mkdtempSync(join(tmpdir(), 'tessera-packages-'));
const packs = join(work, 'packs');
const consumer = join(work, 'consumer');
mkdirSync(packs);
mkdirSync(consumer);

/** The publishable packages and what each tarball must (and must not) hold. */
const PACKAGES = [
  {
    name: '@tessera/protocol',
    must: ['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md'],
  },
  {
    name: '@tessera/server',
    must: [
      'package/dist/tessera-server.js',
      'package/dist/index.d.ts',
      'package/dist/plugin/tessera-plugin.d.ts',
      'package/README.md',
    ],
  },
  {
    name: '@tessera/client',
    must: ['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md'],
  },
  { name: '@tessera/angular', must: ['package/README.md'] },
  {
    name: 'tessera',
    must: [
      'package/bin/tessera.js',
      'package/dist/bin.js',
      'package/web/index.html',
      'package/README.md',
    ],
  },
];
// Source maps are left out, except ng-packagr's, which embeds its sources (Angular packages
// ship it).
const FORBIDDEN = [
  /^package\/src\//,
  /^package\/test\//,
  /\.tsbuildinfo$/,
  /^(?!package\/dist\/fesm2022\/).*\.map$/,
  /^package\/node_modules\//,
];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok' : 'FAILED'} - ${name}${ok || !detail ? '' : `\n${detail}`}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

// 1. Pack each package and check its contents.
const tarballs = {};
for (const pkg of PACKAGES) {
  // prepack scripts (the web app copy, ng-packagr) print to stdout: find the new tarball on disk.
  const before = new Set(readdirSync(packs));
  const packed = run('npm', ['pack', '-w', pkg.name, '--pack-destination', packs], { cwd: root });
  const created = readdirSync(packs).filter((file) => !before.has(file));
  if (packed.status !== 0 || created.length !== 1) {
    check(`npm pack ${pkg.name}`, false, packed.output);
    continue;
  }
  tarballs[pkg.name] = join(packs, created[0]);
  const listing = run('tar', ['-tzf', tarballs[pkg.name]]).output.split('\n').filter(Boolean);
  const missing = pkg.must.filter((file) => !listing.includes(file));
  check(
    `${pkg.name} holds ${pkg.must.length} required files`,
    missing.length === 0,
    `missing: ${missing.join(', ')}`,
  );
  const extra = listing.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
  check(
    `${pkg.name} holds no source, test, map or build info`,
    extra.length === 0,
    `extra: ${extra.slice(0, 10).join(', ')}`,
  );
}

// 2. A fresh project outside the repository, with only the tarballs and public packages.
cpSync(fixtures, consumer, { recursive: true });
const dependencies = Object.fromEntries(
  Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]),
);
writeFileSync(
  join(consumer, 'package.json'),
  JSON.stringify(
    {
      name: 'tessera-package-consumer',
      private: true,
      type: 'module',
      dependencies: {
        ...dependencies,
        fastify: '^5.12.8',
        '@angular/common': '~21.2.0',
        '@angular/core': '~21.2.0',
        '@angular/router': '~21.2.0',
        '@angular/platform-browser': '~21.2.0',
        rxjs: '~7.8.0',
      },
      devDependencies: { typescript: '~5.9.3', '@types/node': '^20.19.0' },
      // Every @tessera package comes from its tarball, never from the registry.
      overrides: dependencies,
    },
    null,
    2,
  ),
);
const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
  cwd: consumer,
});
check('the tarballs install into a fresh project', install.status === 0, install.output);

if (install.status === 0) {
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
  const server = run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer });
  check(
    'a server consumer type-checks and compiles (NodeNext)',
    server.status === 0,
    server.output,
  );
  const browser = run(process.execPath, [tsc, '-p', 'tsconfig.browser.json'], { cwd: consumer });
  check(
    'a client and Angular consumer type-checks (bundler resolution)',
    browser.status === 0,
    browser.output,
  );
  if (server.status === 0) {
    const host = run(process.execPath, [join('dist', 'host-app.js')], {
      cwd: consumer,
      timeout: 120_000,
    });
    console.log(host.output.trimEnd().replace(/^/gm, '    '));
    check('register(tessera) in a Fastify app of its own works over HTTP', host.status === 0);
  }
  check('the packed CLI serves the bundled web app', await cliServesWebApp());
}

rmSync(work, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

/** Starts `tessera serve` from the installed package on a free port and fetches `/`. */
async function cliServesWebApp() {
  const data = join(work, 'cli-data');
  const child = spawn(
    process.execPath,
    [join(consumer, 'node_modules', 'tessera', 'bin', 'tessera.js'), 'serve'],
    {
      cwd: consumer,
      env: { ...process.env, PORT: '0', TESSERA_DATA_DIR: data, TESSERA_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const address = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('tessera serve did not start in 60 s')),
        60_000,
      );
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += String(chunk);
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.stderr.on('data', (chunk) => process.stderr.write(chunk));
      child.once('exit', (code) => reject(new Error(`tessera serve exited with ${code}`)));
    });
    const page = await fetch(`${address}/`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    const health = await fetch(`${address}/api/health`);
    return page.status === 200 && html.includes('<app-root') && health.status === 200;
  } catch (error) {
    console.error(String(error));
    return false;
  } finally {
    child.kill('SIGTERM');
  }
}
