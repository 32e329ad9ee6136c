/**
 * The app's own log destination (TESSERA_LOG_FLUSH_MS): lines are collected in memory and
 * written 4 KiB at a time, at least every `flushMs` when quiet, all of them on flush (app close)
 * and at exit, also after an uncaught exception; with 0 each line is written as it comes. A real
 * file stands in for standard output.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LOG_WRITE_BYTES,
  stdoutLogDestination,
  type LogDestination,
} from '../../src/http/log-destination.js';

const line = (n: number): string =>
  `${JSON.stringify({ level: 30, n, msg: 'request', pad: 'x'.repeat(150) })}\n`;

/** Polls `probe` every 10 ms until it holds or `timeoutMs` passed; returns whether it held. */
async function eventually(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** The byte counts of the destination's writes, as they happen. */
function writeSizes(destination: LogDestination): number[] {
  const sizes: number[] = [];
  destination.output.on('write', (bytes: number) => sizes.push(bytes));
  return sizes;
}

describe('stdoutLogDestination', () => {
  let dir: string;
  let file: string;
  let fd: number;
  let destination: LogDestination | undefined;
  const written = (): string => readFileSync(file, 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-log-'));
    file = join(dir, 'out.log');
    fd = openSync(file, 'a');
  });
  afterEach(async () => {
    if (destination === undefined) closeSync(fd);
    else {
      // ending the stream closes its file descriptor
      const { output } = destination;
      const closed = new Promise((resolve) => output.once('close', resolve));
      output.end();
      await closed;
    }
    destination = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a few lines in memory, then writes them within the flush interval', async () => {
    destination = stdoutLogDestination(100, fd);
    const writes = writeSizes(destination);
    const lines = line(0) + line(1) + line(2);
    for (let n = 0; n < 3; n += 1) destination.stream.write(line(n));
    expect(await eventually(() => written() === lines, 5000)).toBe(true);
    expect(await eventually(() => writes.length > 0, 5000)).toBe(true);
    expect(writes[0]).toBe(Buffer.byteLength(lines)); // one write for the three lines
  });

  it('hands a warning over at once, after the lines collected before it', async () => {
    destination = stdoutLogDestination(10_000, fd);
    const warning = `${JSON.stringify({ level: 40, msg: 'redis_unavailable' })}\n`;
    destination.stream.write(line(0));
    destination.stream.write(warning);
    expect(await eventually(() => written() === line(0) + warning, 5000)).toBe(true);
  });

  it('writes once 4 KiB have collected, without waiting for the interval', async () => {
    destination = stdoutLogDestination(10_000, fd);
    const writes = writeSizes(destination);
    const count = Math.ceil(LOG_WRITE_BYTES / line(0).length) + 1;
    for (let n = 0; n < count; n += 1) destination.stream.write(line(n));
    expect(await eventually(() => written().length >= LOG_WRITE_BYTES, 5000)).toBe(true);
    expect(await eventually(() => writes.length > 0, 5000)).toBe(true);
    expect(writes[0]).toBeGreaterThanOrEqual(LOG_WRITE_BYTES);
  });

  it('writes every line that is left when flushed, in order (app close)', async () => {
    destination = stdoutLogDestination(10_000, fd);
    const lines = Array.from({ length: 50 }, (_, n) => line(n));
    for (const text of lines) destination.stream.write(text);
    await destination.flush();
    expect(written()).toBe(lines.join(''));
  });

  it('hands each line over at once after a flush (lines written while the app closes)', async () => {
    destination = stdoutLogDestination(10_000, fd);
    destination.stream.write(line(1));
    await destination.flush();
    destination.stream.write(line(2));
    expect(await eventually(() => written() === line(1) + line(2), 5000)).toBe(true);
  });

  it.each(['exit', 'throw'])('writes the collected lines when the process ends (%s)', (ending) => {
    const fixture = fileURLToPath(new URL('../support/log-exit-fixture.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), fixture, file, ending],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.status).toBe(ending === 'exit' ? 0 : 1);
    expect(written()).toBe('{"level":30,"n":0}\n{"level":30,"n":1}\n{"level":30,"n":2}\n');
  });

  it('writes each line as it comes with 0', async () => {
    destination = stdoutLogDestination(0, fd);
    const writes = writeSizes(destination);
    destination.stream.write(line(1));
    destination.stream.write(line(2));
    expect(await eventually(() => written() === line(1) + line(2), 5000)).toBe(true);
    expect(await eventually(() => writes.length > 0, 5000)).toBe(true);
    expect(writes[0]).toBe(Buffer.byteLength(line(1)));
  });
});
