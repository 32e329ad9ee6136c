#!/usr/bin/env node
// CI step "scaffold": in a fresh clone of this repository (a temporary folder), scaffolds the
// issue's two related sample resources, runs typecheck, lint, build and their generated tests
// (server on SQLite and PostgreSQL, Angular unit tests, Chromium), changes one resource (a new
// migration, the first untouched), checks a hand edit survives as a conflict, removes both and
// checks the tree is what it was (`git status --porcelain` empty). Prints `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const copy = join(mkdtempSync(join(tmpdir(), 'tessera-scaffold-')), 'app');
const POSTS = [
  'posts',
  'title:string',
  'body:text?',
  'status:enum(draft|published)',
  'published_on:date?',
  'author:ref(users)',
  '--owned',
];
const COMMENTS = ['comments', 'body:text', 'post:ref(posts)'];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(
    `${ok ? 'ok' : 'FAILED'} - ${name}${ok || !detail ? '' : `\n${detail.slice(-6000)}`}`,
  );
  return ok;
}

function run(command, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    ...options,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    status: result.status ?? 1,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    seconds,
  };
}

/**
 * The clone uses this checkout's installed dependencies: every package is linked, except the
 * workspace packages themselves, which point at the clone's own folders (so the clone's
 * generated code is what is built and tested).
 */
function linkInstalledDependencies() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const own = new Map(
    workspaces.map((folder) => [
      JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')).name,
      folder,
    ]),
  );
  const modules = join(copy, 'node_modules');
  mkdirSync(join(modules, '@tessera'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === '@tessera' || own.has(entry)) continue;
    symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const [name, folder] of own) symlinkSync(join(copy, folder), join(modules, name), 'dir');
  for (const folder of workspaces) {
    if (existsSync(join(root, folder, 'node_modules'))) {
      symlinkSync(join(root, folder, 'node_modules'), join(copy, folder, 'node_modules'), 'dir');
    }
  }
}

const tessera = (...args) =>
  run(process.execPath, [join(copy, 'packages/cli/dist/bin.js'), ...args]);
const porcelain = () =>
  run('git', ['status', '--porcelain', '--untracked-files=all']).output.trim();

try {
  // A clone of the committed tree, sharing this checkout's installed node_modules.
  const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, copy], {
    encoding: 'utf8',
  });
  if (!check('clone the repository into a temporary folder', cloned.status === 0, cloned.stderr))
    throw new Error('clone');
  linkInstalledDependencies();
  const built = run('npm', ['run', 'build']);
  if (!check('build the clone', built.status === 0, built.output)) throw new Error('build');

  const posts = tessera('scaffold', ...POSTS);
  check(`scaffold posts (${posts.seconds.toFixed(2)} s)`, posts.status === 0, posts.output);
  const comments = tessera('scaffold', ...COMMENTS);
  check(
    `scaffold comments (${comments.seconds.toFixed(2)} s)`,
    comments.status === 0,
    comments.output,
  );
  const again = tessera('scaffold', ...COMMENTS);
  check('the same scaffold again is refused with exit 2', again.status === 2, again.output);
  const generated = porcelain().split('\n').filter(Boolean);
  console.log(`    ${generated.length} paths changed or added by the two scaffolds`);

  for (const [name, args] of [
    ['typecheck', ['run', 'typecheck']],
    ['lint', ['run', 'lint']],
    ['format check', ['run', 'format:check']],
    ['build', ['run', 'build']],
  ]) {
    const step = run('npm', args);
    check(
      `${name} passes with the generated code (${step.seconds.toFixed(0)} s)`,
      step.status === 0,
      step.output,
    );
  }
  const serverTests = run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    'apps/api',
    'e2e/tests/resources',
  ]);
  check(
    `the generated server and Chromium tests pass (${serverTests.seconds.toFixed(0)} s)`,
    serverTests.status === 0,
    serverTests.output,
  );
  console.log(
    serverTests.output
      .replaceAll(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
      .split('\n')
      .filter((line) => /(Tests|Test Files)\s+\d/.test(line))
      .join('\n'),
  );
  const webTests = run('npm', ['test', '-w', '@tessera/web']);
  check(
    `the Angular unit tests pass, generated ones included (${webTests.seconds.toFixed(0)} s)`,
    webTests.status === 0,
    webTests.output,
  );

  // Change a resource later: a new migration, the first one untouched, a hand edit kept.
  const migrations = join(copy, 'apps/api/src/resources/posts/migrations');
  const firstMigration = readdirSync(migrations).sort()[0];
  const firstBefore = readFileSync(join(migrations, firstMigration), 'utf8');
  const listPage = readdirSync(join(copy, 'apps/web/src/app/resources/posts')).find((file) =>
    file.endsWith('-list.html'),
  );
  const listPath = join(copy, 'apps/web/src/app/resources/posts', listPage ?? 'missing');
  const original = readFileSync(listPath, 'utf8');
  writeFileSync(listPath, `${original}<!-- edited by hand -->\n`);
  const changed = tessera('scaffold', ...POSTS.slice(0, -1), 'views:integer?', '--owned');
  check(
    'a changed field list with a hand-edited page exits 1 and reports the conflict',
    changed.status === 1 && changed.output.includes('CONFLICT'),
    changed.output,
  );
  check(
    'the hand edit survives',
    readFileSync(listPath, 'utf8').endsWith('<!-- edited by hand -->\n'),
  );
  check(
    'exactly one new migration, the first one byte for byte the same',
    readdirSync(migrations).length === 2 &&
      readFileSync(join(migrations, firstMigration), 'utf8') === firstBefore,
  );
  const typecheck = run('npm', ['run', 'typecheck']);
  check('typecheck passes after the change', typecheck.status === 0, typecheck.output);
  const changedTests = run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    'apps/api/test/posts',
  ]);
  check(
    'the posts server tests pass after the change',
    changedTests.status === 0,
    changedTests.output,
  );
  writeFileSync(listPath, original);
  const forced = tessera('scaffold', ...POSTS.slice(0, -1), 'views:integer?', '--owned', '--force');
  check('--force brings the page in line', forced.status === 0, forced.output);

  // Dry run writes nothing.
  const before = porcelain();
  const dry = tessera('scaffold', 'tags', 'label:string', '--dry-run');
  check(
    '--dry-run prints diffs and writes nothing',
    dry.status === 0 && dry.output.includes('+++ b/') && porcelain() === before,
    dry.output,
  );

  const refused = tessera('scaffold', 'remove', 'posts');
  check(
    'removing a resource another refers to is refused with exit 2',
    refused.status === 2,
    refused.output,
  );
  const removeComments = tessera('scaffold', 'remove', 'comments');
  check('scaffold remove comments', removeComments.status === 0, removeComments.output);
  const removePosts = tessera('scaffold', 'remove', 'posts');
  check('scaffold remove posts', removePosts.status === 0, removePosts.output);
  const left = porcelain();
  check('the tree is exactly what it was (git status --porcelain is empty)', left === '', left);
  check('no record file is left', !existsSync(join(copy, 'tessera.scaffold.json')));
} catch (error) {
  if (!(error instanceof Error && ['clone', 'build'].includes(error.message))) {
    check('the scaffold check ran to its end', false, String(error));
  }
} finally {
  rmSync(join(copy, '..'), { recursive: true, force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
