import type { Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from './mailer.js';

/**
 * How long to wait for the SMTP server, in ms: a hung server must not hold messages (and the
 * shutdown, which waits for the queue) for nodemailer's defaults of 2 and 10 minutes.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends through the SMTP server of `TESSERA_SMTP_URL` (`smtp://user:pass@host:587`,
 * `smtps://…:465`), from `TESSERA_MAIL_FROM`. nodemailer is loaded only when mail is configured.
 */
export class SmtpMailer implements Mailer {
  readonly configured = true;

  private constructor(
    private readonly transport: Transporter,
    private readonly from: string,
  ) {}

  static async open(url: string, from: string): Promise<SmtpMailer> {
    const nodemailer = await import('nodemailer');
    return new SmtpMailer(nodemailer.createTransport({ url, ...TIMEOUTS }), from);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
