/**
 * A real SMTP server in the test process (smtp-server), for mail tests here and in the e2e
 * suite: it listens on 127.0.0.1 (a free port), takes any message (no auth, no STARTTLS: its
 * built-in certificate is stale, and nodemailer would upgrade to it), parses it with
 * mailparser and keeps it in an inbox. Never a mock of nodemailer.
 *
 * @example
 * ```ts
 * const sink = await startSmtpSink();
 * const app = await startTestApp('sqlite', { config: { smtpUrl: sink.url } });
 * const mail = await sink.waitFor((m) => m.to === 'alice@example.com');
 * await sink.close();
 * ```
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as received. */
export interface SinkMail {
  /** The first recipient address of the `To` header. */
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The first `#token=` of the message's text, if any. */
  readonly token: string | undefined;
  /** The first link with a `#token=` fragment in the text, if any. */
  readonly link: string | undefined;
  readonly receivedAt: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: set it as `TESSERA_SMTP_URL` / `config.smtpUrl`. */
  readonly url: string;
  readonly port: number;
  /** Every message received so far, oldest first. */
  readonly inbox: readonly SinkMail[];
  /** The messages to `address` (case-insensitive), oldest first. */
  to(address: string): SinkMail[];
  /** Resolves with the first message (received or to come) matching `match`, or rejects after `timeoutMs`. */
  waitFor(match: (mail: SinkMail) => boolean, timeoutMs?: number): Promise<SinkMail>;
  /** Forgets every message. */
  clear(): void;
  close(): Promise<void>;
}

const LINK = /(https?:\/\/\S+#token=([A-Za-z0-9_-]+))/;

function addressOf(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  const list: unknown = Reflect.get(Object(first), 'value');
  const address: unknown = Array.isArray(list) ? Reflect.get(Object(list[0]), 'address') : '';
  return typeof address === 'string' ? address.toLowerCase() : '';
}

/** Starts the sink on 127.0.0.1 and a free port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const inbox: SinkMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? '';
          const found = LINK.exec(text);
          inbox.push({
            to: addressOf(parsed.to),
            from: addressOf(parsed.from),
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            link: found?.[1],
            token: found?.[2],
            receivedAt: Date.now(),
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error('parse')));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    inbox,
    to: (address) => inbox.filter((mail) => mail.to === address.toLowerCase()),
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const mail = inbox.find(match);
          if (mail === undefined) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(mail);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`smtp-sink: no matching mail within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    clear: () => void inbox.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
