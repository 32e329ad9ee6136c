// Issue #14, M08: POST /api/auth/password/forgot must not tell a known address from an unknown
// or a disabled one by latency (as P05 for login). Interleaved samples against a real listening
// server, then a Welch t-test (p > 0.01) and a median gap under 5 ms for each pair. The lookup
// and the mail run after the answer; the script waits for them between samples, so each
// measures the request path alone. A benchmark-style check run by CI, never a unit-test assertion.
// Usage: npx tsx --conditions=source scripts/check-forgot-timing.ts [samples per group, default 100]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, readConfig } from '@tessera/server';
import { welchTest } from './welch.js';

const SAMPLES = Number(process.argv[2] ?? 100);
const MAX_GAP_MS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const folder = await mkdtemp(join(tmpdir(), 'tessera-forgot-timing-'));
const config = readConfig({
  TESSERA_DATA_DIR: join(folder, 'data'),
  // Without SMTP each link is logged at warn: keep the log quiet.
  TESSERA_LOG_LEVEL: 'error',
  TESSERA_WEB_DIR: 'off',
  // The check measures the request path; the per-address throttle would answer 429 after 5.
  TESSERA_LOGIN_THROTTLE: 'false',
});
const app = await buildApp({ config });
try {
  const { users, hasher } = app.tessera;
  const passwordHash = await hasher.hash('the real passphrase of alice');
  await users.create({
    email: 'alice@example.com',
    name: 'Alice',
    role: 'user',
    isEnabled: true,
    passwordHash,
  });
  await users.create({
    email: 'carol@example.com',
    name: 'Carol',
    role: 'user',
    isEnabled: false,
    passwordHash,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const attempt = async (email: string): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${base}/api/auth/password/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 202) throw new Error(`expected 202, got ${response.status}`);
    await app.tessera.mail.idle();
    return elapsed;
  };
  const groups = {
    known: (): string => 'alice@example.com',
    unknown: (i: number): string => `nobody-${i}@example.com`,
    disabled: (): string => 'carol@example.com',
  };
  type Group = keyof typeof groups;
  const names = Object.keys(groups) as Group[];
  for (let i = 0; i < 20; i++) await attempt(groups[names[i % 3] ?? 'known'](i));
  const samples: Record<Group, number[]> = { known: [], unknown: [], disabled: [] };
  for (let i = 0; i < SAMPLES; i++) {
    // Interleave, rotating which group goes first, so drift hits every group alike.
    const order = [...names.slice(i % 3), ...names.slice(0, i % 3)];
    for (const group of order) samples[group].push(await attempt(groups[group](i)));
  }
  let failed = false;
  for (const other of ['unknown', 'disabled'] as const) {
    const gap = Math.abs(median(samples.known) - median(samples[other]));
    const { t, p } = welchTest(samples.known, samples[other]);
    console.log(
      `M08 forgot timing: ${SAMPLES} interleaved samples per group; median known ${median(samples.known).toFixed(2)} ms, ` +
        `${other} ${median(samples[other]).toFixed(2)} ms, gap ${gap.toFixed(2)} ms; Welch t = ${t.toFixed(3)}, p = ${p.toFixed(4)}`,
    );
    if (gap >= MAX_GAP_MS || p <= 0.01) failed = true;
  }
  if (failed) {
    console.error(
      `M08 FAILED: the groups can be told apart (gap >= ${MAX_GAP_MS} ms or p <= 0.01)`,
    );
    process.exitCode = 1;
  } else {
    console.log(`M08 passed: no detectable difference (gap < ${MAX_GAP_MS} ms and p > 0.01)`);
  }
} finally {
  await app.close();
  await rm(folder, { recursive: true, force: true });
}
