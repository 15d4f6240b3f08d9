/**
 * Sending sign-in codes (notices go through the durable outbox: src/app/notices). A Mailer is a port: SMTP in production (nodemailer,
 * from HUSTINGS_SMTP_URL), or a development outbox that prints each message to
 * the console and keeps the last few so /dev/outbox can show them (that page
 * exists only when HUSTINGS_ENV=development).
 */
import nodemailer from 'nodemailer';
import { readEnvironment } from './environment.js';

/** What a message is, for the operational log, which is told the kind and never the address or the text. */
export type MailKind = 'sign-in-code';

export interface MailMessage {
  readonly kind?: MailKind;
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

export function isOutbox(m: Mailer): m is Outbox {
  return typeof (m as Partial<Outbox>).messages === 'function';
}

/** A mailer whose send only queues: it returns at once, and the message goes out in the background. */
export interface MailQueue extends Mailer {
  readonly queued: true;
  /** Resolves once nothing is waiting or being sent (tests, and a clean shutdown). */
  idle(): Promise<void>;
}

export interface MailQueueOptions {
  /** Tries per message before it is given up (default 5). */
  readonly tries?: number;
  /** The wait before the second try; each later wait doubles (default 5 s). */
  readonly firstRetryMs?: number;
  /** Messages sent at once (default 4). */
  readonly concurrency?: number;
  /** Messages waiting beyond which new ones are dropped, with a log line (default 10,000). */
  readonly limit?: number;
  /** Where failures are reported in words (default console.error). Never given the message, which holds the code. */
  readonly log?: (line: string) => void;
  /** Each message's fate as it happens, for the operational log: its kind, the tries so far, and the mail server's reason when it failed. */
  readonly report?: (kind: MailKind | undefined, outcome: 'sent' | 'retrying' | 'given-up' | 'dropped', tries: number, reason?: string) => void;
}

export const isMailQueue = (m: Mailer): m is MailQueue => (m as Partial<MailQueue>).queued === true;

/**
 * Sends through `mailer` in the background, retrying with back-off. Nobody
 * waits for the mail server: how long it takes, or whether it is up at all,
 * must not show in the answer to the sign-in form, which would otherwise say
 * whether an address belongs to a member (only members' codes are mailed).
 * A message still waiting when the process ends is lost; the member asks for
 * another code.
 */
export function mailQueue(mailer: Mailer, options: MailQueueOptions = {}): MailQueue & Partial<Outbox> {
  const tries = options.tries ?? 5;
  const firstRetryMs = options.firstRetryMs ?? 5_000;
  const concurrency = options.concurrency ?? 4;
  const limit = options.limit ?? 10_000;
  const log = options.log ?? ((line: string) => console.error(line));
  const waiting: { message: MailMessage; tried: number }[] = [];
  let sending = 0;
  let retrying = 0;
  let idlers: (() => void)[] = [];

  const settle = () => {
    if (waiting.length === 0 && sending === 0 && retrying === 0) {
      const wake = idlers;
      idlers = [];
      for (const w of wake) w();
    }
  };
  const pump = (): void => {
    while (sending < concurrency && waiting.length > 0) {
      const item = waiting.shift()!;
      sending++;
      item.tried++;
      // Called now, not on a later tick, so a mailer that keeps messages (the development outbox) has this one before the form is answered.
      mailer.send(item.message).then(
        () => {
          sending--;
          options.report?.(item.message.kind, 'sent', item.tried);
          pump();
          settle();
        },
        (e: unknown) => {
          sending--;
          const why = e instanceof Error ? e.message : String(e);
          if (item.tried >= tries) {
            log(`hustings: gave up sending an email after ${item.tried} tries: ${why}`);
            options.report?.(item.message.kind, 'given-up', item.tried, why);
          } else {
            const wait = firstRetryMs * 2 ** (item.tried - 1);
            log(`hustings: could not send an email (try ${item.tried} of ${tries}): ${why}; trying again in ${Math.round(wait / 1000)} s`);
            options.report?.(item.message.kind, 'retrying', item.tried, why);
            retrying++;
            setTimeout(() => {
              retrying--;
              waiting.push(item);
              pump();
            }, wait).unref();
          }
          pump();
          settle();
        },
      );
    }
  };

  function queue(message: MailMessage): void {
    if (waiting.length >= limit) {
      log(`hustings: ${limit} emails are already waiting to be sent; one more was dropped`);
      options.report?.(message.kind, 'dropped', 0);
      return;
    }
    waiting.push({ message, tried: 0 });
    pump();
  }

  return {
    queued: true,
    description: mailer.description,
    async send(message) {
      queue(message);
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idlers.push(resolve);
        settle();
      }),
    ...(isOutbox(mailer) ? { messages: () => mailer.messages() } : {}),
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

export const DEFAULT_MAIL_FROM = 'Hustings <no-reply@localhost>';

/** The SMTP mailer HUSTINGS_SMTP_URL names (from HUSTINGS_MAIL_FROM), or null when it names none. */
export function smtpFromEnv(env: Readonly<Record<string, string | undefined>>): Mailer | null {
  const read = readEnvironment(env, ['HUSTINGS_SMTP_URL', 'HUSTINGS_MAIL_FROM']);
  return read.HUSTINGS_SMTP_URL === undefined ? null : smtpMailer(read.HUSTINGS_SMTP_URL, read.HUSTINGS_MAIL_FROM ?? DEFAULT_MAIL_FROM);
}
