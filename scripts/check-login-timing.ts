// SECURITY.md P05: unknown-email and wrong-password logins must not be told apart by latency.
// Interleaved samples against a real listening server, then a Welch t-test (p > 0.01) and a
// median gap under 10 ms. A benchmark-style check run by CI, never a unit-test assertion.
// Usage: npx tsx --conditions=source scripts/check-login-timing.ts [samples per group, default 100]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, readConfig } from '@tessera/server';
import { welchTest } from './welch.js';

const SAMPLES = Number(process.argv[2] ?? 100);
const PASSWORD = 'the real passphrase of alice';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const folder = await mkdtemp(join(tmpdir(), 'tessera-timing-'));
const config = readConfig({
  TESSERA_DATA_DIR: join(folder, 'data'),
  TESSERA_LOG_LEVEL: 'warn',
  TESSERA_WEB_DIR: 'off',
  // The check measures the password path itself; throttling would answer 429 after 5 failures.
  TESSERA_LOGIN_THROTTLE: 'false',
});
const app = await buildApp({ config });
try {
  await app.tessera.users.create({
    email: 'alice@example.com',
    name: 'Alice',
    role: 'user',
    isEnabled: true,
    passwordHash: await app.tessera.hasher.hash(PASSWORD),
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const attempt = async (email: string): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'not the password at all' }),
    });
    await response.arrayBuffer();
    if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 10; i++) await attempt(i % 2 ? 'alice@example.com' : 'warmup@example.com');
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Interleave, alternating which group goes first, so drift hits both alike.
    const order = i % 2 === 0 ? ['unknown', 'wrong'] : ['wrong', 'unknown'];
    for (const group of order) {
      if (group === 'unknown') unknown.push(await attempt(`nobody-${i}@example.com`));
      else wrong.push(await attempt('alice@example.com'));
    }
  }
  const gap = Math.abs(median(unknown) - median(wrong));
  const { t, p } = welchTest(unknown, wrong);
  console.log(
    `P05 login timing: ${SAMPLES} interleaved samples per group; median unknown email ${median(unknown).toFixed(2)} ms, ` +
      `wrong password ${median(wrong).toFixed(2)} ms, gap ${gap.toFixed(2)} ms; Welch t = ${t.toFixed(3)}, p = ${p.toFixed(4)}`,
  );
  if (gap >= 10 || p <= 0.01) {
    console.error('P05 FAILED: the two groups can be told apart (gap >= 10 ms or p <= 0.01)');
    process.exitCode = 1;
  } else {
    console.log('P05 passed: no detectable difference (gap < 10 ms and p > 0.01)');
  }
} finally {
  await app.close();
  await rm(folder, { recursive: true, force: true });
}
