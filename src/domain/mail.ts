/**
 * The mail transport's port, as the outbox's sender (src/app/notices) uses it and the runtime's
 * adapters (SMTP, the development outbox) implement it: like `Clock`, a type with no I/O of its own.
 */

/** One message, ready to go: one recipient, a plain text and an HTML part, and the headers that name it. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<…@…>`, the same for every try of the message, so a copy sent twice after a crash is recognisable. */
  readonly messageId: string;
  /** Extra headers (X-Hustings-Idempotency-Key). */
  readonly headers: Readonly<Record<string, string>>;
}

/** What became of a send. Permanent: the server refused it for good (a 5xx reply: no such mailbox), so it is not tried again. */
export type SendOutcome = { readonly sent: true } | { readonly sent: false; readonly permanent: boolean; readonly reason: string };

export interface MailTransport {
  /** Where mail goes, in words, for a banner or a log line (never a password). */
  readonly description: string;
  /** The domain message ids are made in (the sender's address's), if known. */
  readonly domain?: string;
  /** Never throws for a refusal or a lost connection: it answers what became of the message. */
  send(mail: OutgoingMail): Promise<SendOutcome>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}
