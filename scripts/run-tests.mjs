#!/usr/bin/env node
// `npm test`: runs every vitest test (SQLite and PostgreSQL suites included), then prints the
// plain summary line `N passed, N failed` that CI reads. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The browser tests drive the built web app: build it first so they never test a stale bundle.
if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npm', ['run', 'build', '-w', '@tessera/web'], {
    stdio: 'inherit',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (build.status !== 0) {
    console.error('run-tests: building the web app failed');
    process.exit(1);
  }
}

const reportDir = join(process.cwd(), '.test-artifacts');
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, 'vitest-report.json');
const result = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2).filter((arg) => arg !== '--no-build'),
  ],
  { stdio: 'inherit' },
);

let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error('run-tests: vitest wrote no report');
  process.exit(result.status || 1);
}
const passed = summary.numPassedTests;
// A file that failed before running any test (an import error, a required service missing)
// counts as one failure, so the summary line never hides it.
const brokenFiles = (summary.testResults ?? []).filter(
  (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
).length;
const failed = summary.numFailedTests + brokenFiles;
const skipped = summary.numPendingTests + (summary.numTodoTests ?? 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
