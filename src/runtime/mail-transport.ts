/**
 * The outbox's transports (the MailTransport port of src/domain/mail.ts): pooled SMTP through
 * nodemailer, from HUSTINGS_SMTP_URL, or, without one, a development transport that hands each
 * message to the development outbox (printed to the console, shown at /dev/outbox).
 *
 * A transport never throws for a refused or lost message: it answers whether it went, and if not
 * whether the refusal is permanent (a 5xx reply from the server: no such mailbox) or worth another
 * try (a 4xx reply, a connection refused, dropped or timed out).
 */
import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail, SendOutcome } from '../domain/mail.js';
import { readEnvironment } from './environment.js';
import { DEFAULT_MAIL_FROM, type Mailer } from './mailer.js';
import { mailbox, mimeMessage } from './mime.js';

export interface SmtpTransportOptions {
  /** Connections kept open to the server (default 5). */
  readonly maxConnections?: number;
  /** Messages sent on one connection before it is replaced (default 1,000). */
  readonly maxMessages?: number;
  /** How long to wait for the server's greeting, and for it to answer each command (default 30 s). */
  readonly timeoutMs?: number;
}

/** The domain of an address such as `Name <user@example.org>`, for message ids. */
function domainOf(from: string): string | undefined {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1];
}

/** A nodemailer failure as an outcome: the server's own 5xx is permanent; anything else may pass on another try. */
export function outcomeOfError(e: unknown): SendOutcome {
  const error = e as { responseCode?: unknown; response?: unknown; message?: unknown; code?: unknown };
  const code = typeof error.responseCode === 'number' ? error.responseCode : null;
  const reason = typeof error.response === 'string' ? error.response : typeof error.message === 'string' ? error.message : String(e);
  // 503 is "bad sequence of commands": a fault of the session, not of the address.
  return { sent: false, permanent: code !== null && code >= 500 && code < 600 && code !== 503, reason };
}

/** Pooled SMTP; `url` is smtp://… or smtps://… (user and password in it if needed). */
export function smtpTransport(url: string, from: string, options: SmtpTransportOptions = {}): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 1_000,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  let where = 'an SMTP server';
  try {
    where = `SMTP at ${new URL(url).host}`;
  } catch {
    // nodemailer has accepted it; the banner just says less.
  }
  const domain = domainOf(from);
  const sender = mailbox(from).address;
  return {
    description: where,
    ...(domain === undefined ? {} : { domain }),
    async send(mail: OutgoingMail): Promise<SendOutcome> {
      try {
        await transport.sendMail({ envelope: { from: sender, to: [mail.to] }, raw: mimeMessage({ ...mail, from, date: new Date() }) });
        return { sent: true };
      } catch (e) {
        return outcomeOfError(e);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** The development transport: each message to `mailer` (the development outbox), as text. */
export function mailerTransport(mailer: Mailer): MailTransport {
  return {
    description: mailer.description,
    async send(mail) {
      try {
        await mailer.send({ to: mail.to, subject: mail.subject, text: mail.text });
        return { sent: true };
      } catch (e) {
        return { sent: false, permanent: false, reason: e instanceof Error ? e.message : String(e) };
      }
    },
    async close() {},
  };
}

/** The outbox's settings from the environment: the SMTP transport HUSTINGS_SMTP_URL names (null without one) and HUSTINGS_MAIL_RATE. */
export function outboxTransportFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: SmtpTransportOptions = {},
): { readonly smtp: MailTransport | null; readonly rate: number | undefined } {
  const read = readEnvironment(env, ['HUSTINGS_SMTP_URL', 'HUSTINGS_MAIL_FROM', 'HUSTINGS_MAIL_RATE']);
  const smtp = read.HUSTINGS_SMTP_URL === undefined ? null : smtpTransport(read.HUSTINGS_SMTP_URL, read.HUSTINGS_MAIL_FROM ?? DEFAULT_MAIL_FROM, options);
  return { smtp, rate: read.HUSTINGS_MAIL_RATE };
}

/** Who the notices come from (HUSTINGS_ORGANISATION) and where members ask questions (HUSTINGS_CONTACT); null when not set. */
export function noticeSenderFromEnv(env: Readonly<Record<string, string | undefined>>): {
  readonly organisation: string | null;
  readonly contact: string | null;
} {
  const read = readEnvironment(env, ['HUSTINGS_ORGANISATION', 'HUSTINGS_CONTACT']);
  return { organisation: read.HUSTINGS_ORGANISATION ?? null, contact: read.HUSTINGS_CONTACT ?? null };
}
