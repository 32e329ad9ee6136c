import { expect } from 'vitest';
import type { LogCapture } from './log-capture.js';

/**
 * SECURITY.md G1 and G6 over a whole test file's log: no error-level line, no 5xx access line,
 * and none of `secrets` (passwords, tokens), raw or JSON-escaped, anywhere in it.
 */
export function expectCleanLogs(
  logs: LogCapture,
  secrets: Iterable<string>,
  options: { minSecretLength?: number; requireRecords?: boolean } = {},
): void {
  const records = logs.records();
  if (options.requireRecords !== false) expect(records.length).toBeGreaterThan(0);
  expect(records.filter((record) => Number(record['level']) >= 50)).toEqual([]);
  const statuses = records.map((record) => Number(record['status'] ?? 0));
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  for (const secret of secrets) {
    // A short fragment such as 'pass' may be part of an ordinary log word.
    if (secret.length < (options.minSecretLength ?? 0)) continue;
    expect(logs.text.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
    const escaped = JSON.stringify(secret).slice(1, -1);
    expect(logs.text.includes(escaped), `log contains ${secret.slice(0, 12)}…`).toBe(false);
  }
}
