/**
 * One message: a plain-text and an HTML body of the same content. `link` is the message's
 * action link (reset, verify, accept), which the log mailer prints when no SMTP server is set.
 */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** What kind of message it is, for logs (`reset`, `password_changed`, …): never its content. */
  readonly kind: string;
  /** The action link, if the message has one (it holds a token: never logged, but see LogMailer). */
  readonly link?: string;
}

/**
 * Where Tessera's mail goes: an SMTP server ({@link SmtpMailer}), or, without one, the log
 * ({@link LogMailer}). `send` resolves once the message is accepted, and rejects when it is not.
 */
export interface Mailer {
  /** `true` when messages really leave (SMTP); `false` for the log mailer. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
