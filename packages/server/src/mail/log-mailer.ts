import type { FastifyBaseLogger } from 'fastify';
import type { Mailer, MailMessage } from './mailer.js';

/**
 * Without `TESSERA_SMTP_URL` (development): nothing is sent; each message's link is logged at
 * `warn`, so a developer can follow it. This log line is the one place a token is written to a
 * log, and only while mail is not configured: configure SMTP in production.
 */
export class LogMailer implements Mailer {
  readonly configured = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  send(message: MailMessage): Promise<void> {
    this.log.warn(
      { event: 'mail_not_configured', kind: message.kind },
      message.link === undefined
        ? `Mail is not configured (TESSERA_SMTP_URL): "${message.subject}" not sent`
        : `Mail is not configured (TESSERA_SMTP_URL): "${message.subject}" not sent; its link: ${message.link}`,
    );
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
