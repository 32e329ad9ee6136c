import { InvalidArgumentError } from 'commander';
import cluster, { type Worker } from 'node:cluster';

/** Set in each worker's environment: its number, from 1 (only worker 1 prints the setup link). */
export const WORKER_ENV = 'TESSERA_WORKER';
/** Most workers `--workers` accepts. */
export const MAX_WORKERS = 64;
/** How long the primary waits for workers to drain after SIGTERM before killing them, ms. */
const DRAIN_TIMEOUT_MS = 30_000;
/** A worker that dies sooner than this after its start is not restarted (it would loop). */
const MIN_UPTIME_MS = 5000;

/**
 * Parses `--workers`: an integer from 1 to {@link MAX_WORKERS}.
 *
 * @example
 * ```ts
 * parseWorkers('4'); // 4
 * ```
 */
export function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new InvalidArgumentError(`--workers must be an integer from 1 to ${MAX_WORKERS}`);
  }
  return workers;
}

/**
 * The primary of `tessera serve --workers N` (node:cluster): forks N workers that each run the
 * whole server on the same port (the primary hands out connections), prints one
 * "listening" line once all of them listen, replaces a worker that dies (unless it died at
 * start), and on SIGINT/SIGTERM asks every worker to drain (each stops accepting, finishes its
 * in-flight requests and closes) and exits when they have.
 */
export function runPrimary(workers: number): void {
  const started = new Map<number, number>();
  let listening = 0;
  let stopping = false;
  const fork = (number: number): Worker => {
    const worker = cluster.fork({ [WORKER_ENV]: String(number) });
    started.set(worker.id, Date.now());
    worker.on('listening', (address) => {
      listening += 1;
      if (listening === workers) {
        const host =
          address.address === undefined || address.address === null ? '127.0.0.1' : address.address;
        process.stdout.write(
          `Tessera is listening on http://${host}:${String(address.port)} (${workers} workers)\n`,
        );
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      const uptime = Date.now() - (started.get(worker.id) ?? 0);
      process.stderr.write(
        `tessera: worker ${number} exited (${signal ?? `code ${String(code)}`})${uptime < MIN_UPTIME_MS ? '; not restarted: it died at start' : '; starting another'}\n`,
      );
      if (uptime < MIN_UPTIME_MS) {
        stop(1);
        return;
      }
      fork(number);
    });
    return worker;
  };
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker !== undefined && !worker.isDead(),
    );
    if (alive.length === 0) process.exit(code);
    let remaining = alive.length;
    const force = setTimeout(() => {
      for (const worker of alive) worker.process.kill('SIGKILL');
    }, DRAIN_TIMEOUT_MS);
    for (const worker of alive) {
      worker.once('exit', () => {
        remaining -= 1;
        if (remaining === 0) {
          clearTimeout(force);
          process.exit(code);
        }
      });
      worker.process.kill('SIGTERM');
    }
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  for (let number = 1; number <= workers; number += 1) fork(number);
}
