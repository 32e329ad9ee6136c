import { Writable } from 'node:stream';

/** Collects the app's log lines (pino JSON) so tests can search them (SECURITY.md G6). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line !== '') this.lines.push(line);
    done();
  }

  /** Every line joined, for `toContain` checks. */
  get text(): string {
    return this.lines.join('\n');
  }

  /** Parsed log records. */
  records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
