/**
 * Sending sign-in codes. A Mailer is a port: SMTP in production (nodemailer,
 * from HUSTINGS_SMTP_URL), or a development outbox that prints each message to
 * the console and keeps the last few so /dev/outbox can show them (that page
 * exists only when HUSTINGS_ENV=development).
 */
import nodemailer from 'nodemailer';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  /** Where mail goes, in words, for the start-up banner. */
  readonly description: string;
  send(message: MailMessage): Promise<void>;
}

export interface SentMessage extends MailMessage {
  /** ISO instant. */
  readonly at: string;
}

/** A mailer that keeps what it sends: the development outbox. */
export interface Outbox extends Mailer {
  /** Newest first. */
  messages(): readonly SentMessage[];
}

export interface OutboxOptions {
  /** How many messages to keep. */
  readonly keep?: number;
  /** Each message as it is sent (the console); nothing is printed if absent. */
  readonly print?: (text: string) => void;
  readonly now?: () => Date;
}

export function devOutbox(options: OutboxOptions = {}): Outbox {
  const keep = options.keep ?? 50;
  const now = options.now ?? (() => new Date());
  const kept: SentMessage[] = [];
  return {
    description: 'the development outbox (printed to this console)',
    async send(message) {
      const sent: SentMessage = { ...message, at: now().toISOString() };
      kept.unshift(sent);
      if (kept.length > keep) kept.length = keep;
      options.print?.(`\n── mail to ${message.to} ── ${message.subject}\n${message.text}\n──\n`);
    },
    messages: () => kept.slice(),
  };
}

/** SMTP through nodemailer; `url` is smtp://… or smtps://… (user and password in it if needed). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  let host = 'an SMTP server';
  try {
    host = `SMTP at ${new URL(url).host}`;
  } catch {
    // nodemailer has accepted it; the banner just says less.
  }
  return {
    description: host,
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
