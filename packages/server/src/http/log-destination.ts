import pino from 'pino';

/** Bytes of log lines collected before one write: about 20 access lines. */
export const LOG_WRITE_BYTES = 4096;
/** The longest an app close waits for its log lines to be written (a stuck pipe must not hang it). */
const FLUSH_WAIT_MS = 2000;

type SonicBoom = ReturnType<typeof pino.destination>;

/** Where {@link buildApp}'s log lines go when the caller gives no stream. */
export interface LogDestination {
  readonly stream: SonicBoom;
  /** Resolves once what is in memory has been written (or after 2 s); never rejects. */
  flush(): Promise<void>;
}

/**
 * The app's log lines to standard output (or to the file descriptor `fd`), written by pino's
 * sonic-boom off the event loop.
 *
 * With `flushMs` > 0, lines are collected in memory and written {@link LOG_WRITE_BYTES} at a
 * time, and at least every `flushMs` when fewer come: under load one `write` carries about 20
 * lines instead of one (docs/performance.md measures it). pino writes what is left when the
 * process exits, also after an uncaught exception; only a process killed outright (SIGKILL, out
 * of memory) loses its last `flushMs` of lines. With 0 every line is written as it comes.
 */
export function stdoutLogDestination(flushMs: number, fd = 1): LogDestination {
  const stream =
    flushMs === 0
      ? pino.destination({ dest: fd, sync: false })
      : pino.destination({
          dest: fd,
          sync: false,
          minLength: LOG_WRITE_BYTES,
          periodicFlush: flushMs,
        });
  return {
    stream,
    flush: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FLUSH_WAIT_MS);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        try {
          // the callback also gets fsync's error on a pipe or a terminal: nothing to act on
          stream.flush(done);
        } catch {
          done(); // the stream was destroyed: nothing is left to write
        }
      }),
  };
}
