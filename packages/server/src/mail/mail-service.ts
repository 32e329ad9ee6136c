import type { FastifyBaseLogger } from 'fastify';
import type { Mailer, MailMessage } from './mailer.js';

/** Who a message concerns, for the log lines about it (never the address or the content). */
export interface MailContext {
  readonly userId?: number;
}

/**
 * Tessera's outbox, `app.tessera.mail`: messages leave off the request path (the answer never
 * waits for SMTP, and never changes when sending fails: a failure is logged at `error`).
 * A host app can send its own mail through it.
 *
 * @example
 * ```ts
 * app.tessera.mail.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hi', html: '<p>Hi</p>', kind: 'hello' });
 * ```
 */
export class MailService {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** `true` when an SMTP server is configured (`TESSERA_SMTP_URL`). */
  get configured(): boolean {
    return this.mailer.configured;
  }

  /** Queues `message`; returns at once. */
  send(message: MailMessage, context: MailContext = {}): void {
    this.later(async () => {
      await this.sendNow(message, context);
    });
  }

  /**
   * Runs `job` off the request path (after the current turn), tracked so {@link idle} and
   * {@link close} can wait for it; a failure is logged, never thrown.
   */
  later(job: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(job)
      .catch((error: unknown) => {
        this.log.error(
          { event: 'mail_job_failed', error: errorCode(error) },
          'a background mail job failed',
        );
      });
    this.#pending.add(run);
    void run.finally(() => this.#pending.delete(run));
  }

  /** Sends `message` now; resolves `true` when the mailer took it, `false` (logged) if not. */
  async sendNow(message: MailMessage, context: MailContext = {}): Promise<boolean> {
    try {
      await this.mailer.send(message);
      this.log.info(
        { event: 'mail_sent', kind: message.kind, user_id: context.userId },
        'mail sent',
      );
      return true;
    } catch (error) {
      this.log.error(
        {
          event: 'mail_failed',
          kind: message.kind,
          user_id: context.userId,
          error: errorCode(error),
        },
        'mail could not be sent',
      );
      return false;
    }
  }

  /** Resolves once every queued message and job has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Waits for the queue, then closes the mailer (the plugin's onClose). */
  async close(): Promise<void> {
    await this.idle();
    await this.mailer.close();
  }
}

/** A failure's code (`ECONNREFUSED`, `EAUTH`, …) or name: never its message, which may hold an address. */
function errorCode(error: unknown): string {
  const code: unknown = Reflect.get(Object(error), 'code');
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
