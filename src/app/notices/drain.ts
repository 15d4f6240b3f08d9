/**
 * The outbox's sender: claims due messages in batches (under a lease, so several senders share one
 * outbox and a crashed one's messages are claimed again when its lease ends), renders each in its
 * recipient's language, sends it through the transport at a bounded rate and concurrency, and
 * records what became of it. A temporary failure (a 4xx reply, a lost connection) is tried again
 * after a wait that doubles each time, up to a number of tries; a permanent one (a 5xx refusal) is
 * recorded against the address and not tried again.
 *
 * Every try of a message carries the same Message-ID and X-Hustings-Idempotency-Key, so if a sender
 * dies between the server's acceptance and the store's record, the copy sent again is recognisable;
 * only messages in flight at that moment (at most `concurrency`, and those waiting for their record
 * to be written) can go twice, and none is lost.
 *
 * It also fans out scheduled notices as they fall due (a reminder is computed when it goes).
 * The operational log gets counts only: never an address, a name or a text.
 */
import { hostname } from 'node:os';
import { sha256Hex } from '../../integrity/sha256.js';
import type { MailTransport, SendOutcome } from '../../domain/mail.js';
import type { Clock } from '../../domain/time.js';
import { auditRecord } from '../../audit/index.js';
import type { AuditStore, OutboxMessage, OutboxStore, StoredNotice } from '../../store/store.js';
import type { RenderedMail, RenderNotice } from './render.js';

/** The log the sender writes counts to: the runtime's Logger fits it. */
export interface DrainLog {
  info(event: string, fields?: Readonly<Record<string, string | number | boolean | null | undefined>>): void;
  error(event: string, fields?: Readonly<Record<string, string | number | boolean | null | undefined>>, error?: unknown): void;
}

export interface Backoff {
  /** The wait before the second try (default 1 minute); each later wait doubles. */
  readonly firstMs?: number;
  /** The longest wait (default 1 hour). */
  readonly maxMs?: number;
  /** Tries before a message is given up as failed (default 8). */
  readonly maxTries?: number;
}

export interface DrainOptions {
  readonly store: Pick<OutboxStore, 'claimMessages' | 'messagesSent' | 'messageFailed' | 'notice' | 'dueNotices' | 'fanOut'> & Pick<AuditStore, 'appendAudit'>;
  readonly transport: MailTransport;
  readonly render: RenderNotice;
  readonly clock: Clock;
  /** This sender's name in the outbox's claims (see senderName). */
  readonly worker: string;
  /** Most messages started per second (default: no limit). */
  readonly rate?: number;
  /** Messages being sent at once (default 8). */
  readonly concurrency?: number;
  /** Messages claimed at a time (default 100). */
  readonly batch?: number;
  /** How long a claim holds (default 10 minutes; at least long enough for a batch at the rate). */
  readonly leaseMs?: number;
  readonly backoff?: Backoff;
  /** Return once nothing is due, rather than waiting for more. */
  readonly once?: boolean;
  /** Stops the sender: no new message is started; claimed ones not yet started are handed back at once. */
  readonly signal?: AbortSignal;
  /** How long to wait when nothing is due before looking again (default 2 s). */
  readonly idleMs?: number;
  /** Whether to fan out scheduled notices as they fall due (default true). */
  readonly fanOutDue?: boolean;
  readonly log?: DrainLog;
}

/** What a run did, in counts. */
export interface DrainTally {
  readonly fannedOut: number;
  readonly claimed: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
  readonly released: number;
}

/** A name for this sender that no other running sender has: host, process and a random part. */
export function senderName(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/** `<digest@domain>`: the same for every try of a message. */
export function messageIdFor(idempotencyKey: string, domain = 'hustings.invalid'): string {
  return `<${sha256Hex(new TextEncoder().encode(idempotencyKey)).slice(0, 40)}@${domain}>`;
}

export const IDEMPOTENCY_HEADER = 'X-Hustings-Idempotency-Key';

/** Who the audit log names as queueing a notice that fell due (a reminder): the sender, not a person. */
export const OUTBOX_ACTOR = 'outbox';

/**
 * Fans out every scheduled notice due now: how many messages that queued. Each notice fanned out is
 * logged with how many members it went to (of several senders, only the one whose fan-out queued it).
 */
export async function fanOutDue(store: Pick<OutboxStore, 'dueNotices' | 'fanOut'> & Pick<AuditStore, 'appendAudit'>, clock: Clock): Promise<number> {
  const now = clock.now().toISOString();
  let queued = 0;
  for (const n of await store.dueNotices(now)) {
    const fanned = await store.fanOut(n.id, now);
    if (fanned > 0 && n.process !== null)
      await store.appendAudit(auditRecord(OUTBOX_ACTOR, 'notice.queued', { process: n.process, kind: n.kind, recipients: fanned }, now));
    queued += fanned;
  }
  return queued;
}

const wait = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Spaces the starts of sends so that no more than `rate` begin in any second. */
function pacer(rate: number | undefined, signal?: AbortSignal): () => Promise<void> {
  if (rate === undefined || !(rate > 0)) return async () => undefined;
  const gap = 1000 / rate;
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(next, now);
    next = at + gap;
    if (at > now) await wait(at - now, signal);
  };
}

export async function drainOutbox(options: DrainOptions): Promise<DrainTally> {
  const { store, transport, render, clock, worker, signal, log } = options;
  const batch = options.batch ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const rate = options.rate;
  // A claim must outlast the batch it covers, or another sender would take messages still waiting here.
  const leaseMs = Math.max(options.leaseMs ?? 600_000, rate ? Math.ceil((2 * batch * 1000) / rate) : 0);
  const firstMs = options.backoff?.firstMs ?? 60_000;
  const maxMs = options.backoff?.maxMs ?? 3_600_000;
  const maxTries = options.backoff?.maxTries ?? 8;
  const idleMs = options.idleMs ?? 2_000;
  const paced = pacer(rate, signal);
  const domain = transport.domain ?? 'hustings.invalid';
  // The read itself is kept, so lanes starting together read a notice once between them.
  const notices = new Map<string, Promise<StoredNotice | null>>();
  const tally = { fannedOut: 0, claimed: 0, sent: 0, retrying: 0, failed: 0, released: 0 };
  const now = () => clock.now().toISOString();

  const noticeOf = (id: string): Promise<StoredNotice | null> => {
    let read = notices.get(id);
    if (read === undefined) {
      read = store.notice(id);
      notices.set(id, read);
    }
    return read;
  };

  const giveUp = async (m: OutboxMessage, reason: string, blameAddress: boolean): Promise<void> => {
    if (await store.messageFailed(m.id, { permanent: true, reason, at: now(), blameAddress })) tally.failed++;
  };

  // A sent message is recorded as soon as it is sent, so a sender that dies can send again only what
  // was in flight. One transaction a message would be most of the store's work at a national run's
  // pace, so the records are group-committed: while one write is under way, the messages sent
  // meanwhile wait and go together in the next.
  let unrecorded: number[] = [];
  let writing: Promise<void> | undefined;
  const recordSent = async (id: number): Promise<void> => {
    unrecorded.push(id);
    while (writing !== undefined) await writing;
    // Empty: a write that has finished took this message with others.
    if (unrecorded.length === 0) return;
    const ids = unrecorded;
    unrecorded = [];
    writing = store
      .messagesSent(ids)
      .then((recorded) => {
        tally.sent += recorded;
      })
      .finally(() => {
        writing = undefined;
      });
    await writing;
  };

  const settle = async (m: OutboxMessage, outcome: SendOutcome): Promise<void> => {
    if (outcome.sent) {
      await recordSent(m.id);
    } else if (outcome.permanent || m.tries >= maxTries) {
      await giveUp(m, outcome.permanent ? outcome.reason : `gave up after ${m.tries} tries: ${outcome.reason}`, true);
    } else {
      const delay = Math.min(maxMs, firstMs * 2 ** (m.tries - 1));
      const nextTryAt = new Date(clock.now().getTime() + delay).toISOString();
      if (await store.messageFailed(m.id, { permanent: false, reason: outcome.reason, nextTryAt })) tally.retrying++;
    }
  };

  const one = async (m: OutboxMessage): Promise<void> => {
    const notice = await noticeOf(m.notice);
    if (notice === null || notice.state === 'cancelled') return giveUp(m, 'the notice was cancelled', false);
    let mail: RenderedMail;
    try {
      mail = await render(notice, { member: m.member, name: m.name, address: m.address, language: m.language });
    } catch (e) {
      log?.error('outbox.render-failed', { kind: notice.kind }, e);
      return giveUp(m, 'the notice could not be written', false);
    }
    let outcome: SendOutcome;
    try {
      outcome = await transport.send({
        to: m.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(m.idempotencyKey, domain),
        headers: { [IDEMPOTENCY_HEADER]: m.idempotencyKey },
      });
    } catch (e) {
      outcome = { sent: false, permanent: false, reason: e instanceof Error ? e.message : String(e) };
    }
    await settle(m, outcome);
  };

  /** Hands a claimed message back untried, for this or another sender to take at once. */
  const release = async (m: OutboxMessage): Promise<void> => {
    if (await store.messageFailed(m.id, { permanent: false, reason: 'handed back at shutdown', nextTryAt: now() })) tally.released++;
  };

  const runBatch = async (claimed: readonly OutboxMessage[]): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < claimed.length) {
        const m = claimed[next++]!;
        if (!signal?.aborted) await paced();
        if (signal?.aborted) await release(m);
        else await one(m);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
  };

  while (!signal?.aborted) {
    if (options.fanOutDue !== false) {
      const queued = await fanOutDue(store, clock);
      tally.fannedOut += queued;
    }
    const claimed = await store.claimMessages(worker, batch, now(), leaseMs);
    if (claimed.length === 0) {
      if (options.once) break;
      await wait(idleMs, signal);
      continue;
    }
    tally.claimed += claimed.length;
    // Read afresh for each batch, so a notice cancelled meanwhile is seen.
    notices.clear();
    const before = { ...tally };
    await runBatch(claimed);
    log?.info('outbox.batch', {
      claimed: claimed.length,
      sent: tally.sent - before.sent,
      retrying: tally.retrying - before.retrying,
      failed: tally.failed - before.failed,
      released: tally.released - before.released,
    });
  }
  return tally;
}
