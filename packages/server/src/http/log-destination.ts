import pino from 'pino';

/** Characters of log lines collected before one write: about 20 access lines. */
export const LOG_WRITE_BYTES = 4096;
/** The longest an app close waits for its log lines to be written (a stuck pipe must not hang it). */
const FLUSH_WAIT_MS = 2000;

/**
 * pino's line prefix for a level below warn (`{"level":` then 10, 20 or 30): only such lines
 * wait, pino writing the numeric level first.
 */
const ROUTINE_LINE = /^\{"level":[123]0,/;

type SonicBoom = ReturnType<typeof pino.destination>;

/** Where {@link buildApp}'s log lines go when the caller gives no stream. */
export interface LogDestination {
  /** What pino writes its lines to. */
  readonly stream: { write(line: string): void };
  /** The sonic-boom stream that writes them to the file descriptor. */
  readonly output: SonicBoom;
  /**
   * Writes what is still in memory and resolves once it is written (or after 2 s; never
   * rejects). From then on each line is handed to the output at once (an app close).
   */
  flush(): Promise<void>;
}

/**
 * The app's log lines to standard output (or to the file descriptor `fd`), written by pino's
 * sonic-boom off the event loop.
 *
 * With `flushMs` > 0, trace, debug and info lines (the access lines) are collected in an array
 * and joined into one write once {@link LOG_WRITE_BYTES} have collected, or `flushMs` after the
 * first waiting line when fewer come. Under load one `write` carries about 20 lines instead of
 * one, and no line is copied more than once on its way (sonic-boom's own `minLength` appends
 * each line to a growing string and measures it again). A warning, an error or a line of another
 * shape is handed over at once, after the lines collected before it. What is collected is
 * handed over and written synchronously when the process exits, also after an uncaught
 * exception; only a process killed outright (SIGKILL, out of memory) loses its last `flushMs` of
 * lines. With 0 every line is handed over as it comes.
 */
export function stdoutLogDestination(flushMs: number, fd = 1): LogDestination {
  const output = pino.destination({ dest: fd, sync: false });
  if (flushMs === 0) return { stream: output, output, flush: () => drained(output) };
  let lines: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let direct = false;
  const handOver = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0) return;
    const text = lines.join('');
    lines = [];
    size = 0;
    output.write(text);
  };
  // before pino's own exit handler, which writes what sonic-boom holds synchronously
  process.prependListener('exit', handOver);
  return {
    output,
    stream: {
      write(line: string): void {
        if (direct) {
          output.write(line);
          return;
        }
        lines.push(line);
        size += line.length;
        if (size >= LOG_WRITE_BYTES || !ROUTINE_LINE.test(line)) handOver();
        else timer ??= setTimeout(handOver, flushMs).unref();
      },
    },
    flush: () => {
      direct = true;
      handOver();
      process.removeListener('exit', handOver);
      return drained(output);
    },
  };
}

/** Resolves once sonic-boom has written what it holds, or after {@link FLUSH_WAIT_MS}. */
function drained(output: SonicBoom): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      output.off('drain', done);
      output.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, FLUSH_WAIT_MS);
    output.once('drain', done);
    output.once('error', done);
    try {
      // an empty write queues behind any write in flight; 'drain' follows the last one
      output.write('');
    } catch {
      done(); // the output was destroyed: nothing is left to write
    }
  });
}
