#!/usr/bin/env node
// `npm test`: builds the web app, runs every vitest suite (server on SQLite and PostgreSQL,
// client, Angular binding, browser tests), then the Angular app's own unit tests (Angular CLI
// unit-test builder), and prints the plain summary line `N passed, N failed` that CI reads.
// Extra arguments go to the root vitest run; `--no-build` skips the web build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const env = { ...process.env, NG_CLI_ANALYTICS: 'false' };
const reportDir = join(process.cwd(), '.test-artifacts');
mkdirSync(reportDir, { recursive: true });

function run(command, commandArgs) {
  return spawnSync(command, commandArgs, { stdio: 'inherit', env }).status ?? 1;
}

// The browser tests drive the built web app: build it first so they never test a stale bundle.
if (!args.includes('--no-build') && run('npm', ['run', 'build', '-w', '@tessera/web']) !== 0) {
  console.error('run-tests: building the web app failed');
  process.exit(1);
}

const suites = [
  {
    name: 'vitest',
    report: join(reportDir, 'vitest-report.json'),
    command: (report) => [
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...args.filter((arg) => arg !== '--no-build'),
      ],
    ],
  },
];
// Filtering arguments select root suites only; the app's tests run with a full `npm test`,
// and a filtered run says so rather than dropping them silently.
const filtered = !args.every((arg) => arg.startsWith('--'));
if (filtered) {
  console.log(
    `run-tests: filter ${JSON.stringify(args.filter((arg) => !arg.startsWith('--')))} applies to the vitest suites; ` +
      "the web app's unit tests (ng test) are not run: run `npm test` without a filter, or `npm test -w @tessera/web`",
  );
} else {
  suites.push({
    name: 'web app (ng test)',
    report: join(reportDir, 'web-vitest-report.json'),
    command: (report) => [
      'npm',
      [
        'test',
        '-w',
        '@tessera/web',
        '--',
        '--reporters=default',
        '--reporters=json',
        `--output-file=${report}`,
      ],
    ],
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const suite of suites) {
  rmSync(suite.report, { force: true });
  const [command, commandArgs] = suite.command(suite.report);
  const status = run(command, commandArgs);
  let summary;
  try {
    summary = JSON.parse(readFileSync(suite.report, 'utf8'));
  } catch {
    console.error(`run-tests: ${suite.name} wrote no report`);
    failed += 1;
    exitCode = 1;
    continue;
  }
  // A file that failed before running any test (an import error, a required service missing)
  // counts as one failure, so the summary line never hides it.
  const brokenFiles = (summary.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  ).length;
  passed += summary.numPassedTests;
  failed += summary.numFailedTests + brokenFiles;
  skipped += summary.numPendingTests + (summary.numTodoTests ?? 0);
  if (status !== 0) exitCode = 1;
}
if (filtered) console.log('run-tests: not run: web app (ng test), because of the filter');
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode === 0 && failed === 0 && passed > 0 ? 0 : 1);
