/**
 * What both adapters share of notices and the outbox: checking a notice before it is stored,
 * reading its row back, and the idempotency key every try of a message carries.
 */
import type { MemberId, ProcessId } from '../domain/ids.js';
import type { MemberLanguage } from '../domain/organisation.js';
import { instant } from './rows.js';
import type { NewNotice, NoticeAudience, NoticeState, OutboxMessage, PaperVoteNotice, StoredNotice } from './store.js';

/**
 * A notice's columns, in the order both adapters select them. Every message queued ends counted sent
 * or failed, so what is still queued is the difference, read without counting a national run's rows
 * on every read; only a cancelled notice, whose queued messages were dropped uncounted, is counted.
 */
export const NOTICE_COLUMNS = `n.id, n.kind, n.process, n.audience, n.params, n.send_at, n.state, n.private, n.created_at, n.created_by,
  n.recipients, n.sent, n.failed,
  CASE WHEN n.state = 'cancelled' THEN (SELECT count(*) FROM outbox o WHERE o.notice = n.id) ELSE n.recipients - n.sent - n.failed END AS queued`;

export interface NoticeRow {
  readonly id: string;
  readonly kind: string;
  readonly process: string | null;
  /** JSON text (SQLite) or parsed JSON (PostgreSQL's json columns). */
  readonly audience: unknown;
  readonly params: unknown;
  readonly send_at: string;
  readonly state: string;
  readonly private: number | boolean;
  readonly created_at: string;
  readonly created_by: string;
  readonly recipients: number;
  readonly sent: number;
  readonly failed: number;
  readonly queued: number | string;
}

const parsed = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

export function noticeFromRow(r: NoticeRow): StoredNotice {
  return {
    id: r.id,
    kind: r.kind,
    process: r.process as ProcessId | null,
    audience: parsed(r.audience) as NoticeAudience,
    params: parsed(r.params),
    sendAt: r.send_at,
    state: r.state as NoticeState,
    private: r.private === true || r.private === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
    recipients: r.recipients,
    sent: r.sent,
    failed: r.failed,
    queued: Number(r.queued),
  };
}

/** A notice's column values, checked: a notice the store cannot send is a bug in the caller, thrown. */
export interface NoticeColumns {
  readonly id: string;
  readonly kind: string;
  readonly process: ProcessId | null;
  readonly audience: string;
  readonly params: string;
  readonly sendAt: string;
  readonly private: boolean;
  readonly createdBy: string;
}

export function noticeColumns(n: NewNotice): NoticeColumns {
  if (typeof n.id !== 'string' || n.id === '') throw new TypeError('a notice needs an id');
  if (typeof n.kind !== 'string' || n.kind === '') throw new TypeError(`notice ${n.id} needs a kind`);
  const a = n.audience as Partial<Record<'electorate' | 'notVoted' | 'members' | 'secretariesToRecord' | 'applicant', unknown>>;
  const audiences = (['electorate', 'notVoted', 'members', 'secretariesToRecord', 'applicant'] as const).filter((k) => a[k] !== undefined);
  if (audiences.length !== 1)
    throw new TypeError(
      `notice ${n.id} needs exactly one audience (electorate, notVoted, members, secretariesToRecord or applicant), got ${JSON.stringify(n.audience)}`,
    );
  if (a.applicant !== undefined) {
    const app = a.applicant as { number?: unknown; member?: unknown };
    if (n.process === null || !Number.isSafeInteger(app.number) || typeof app.member !== 'string' || app.member === '')
      throw new TypeError(`notice ${n.id}: its applicant needs the process, the application's number and a member id`);
  } else if (a.members !== undefined) {
    if (!Array.isArray(a.members) || !a.members.every((m) => typeof m === 'string' && m !== ''))
      throw new TypeError(`notice ${n.id}: its members must be a list of member ids`);
  } else if (n.process === null) {
    throw new TypeError(`notice ${n.id} goes to a process's electorate or units, so it needs the process`);
  }
  const params = JSON.stringify(n.params ?? {});
  if (typeof params !== 'string') throw new TypeError(`notice ${n.id}: its params must be JSON data`);
  return {
    id: n.id,
    kind: n.kind,
    process: n.process,
    audience: JSON.stringify(n.audience),
    params,
    sendAt: instant(n.sendAt, `notice ${n.id}'s sendAt`),
    private: n.private === true,
    createdBy: n.createdBy,
  };
}

/**
 * The notice of a paper vote, as stored: one per vote (so per process and member), to the member
 * alone. Its id is how the member's paper vote finds it again (PAPER_VOTE_NOTICE_ID_SQL).
 */
export function paperVoteNoticeOf(processId: ProcessId, member: MemberId, n: PaperVoteNotice): NewNotice {
  return {
    id: `paper-vote:${processId}:${member}`,
    kind: n.kind,
    process: null,
    audience: { members: [member] },
    params: n.params,
    sendAt: n.sendAt,
    private: true,
    createdBy: n.createdBy,
  };
}

/**
 * A paper vote the member is still owed word of, in SQL over `paper_vote_notices n` (both dialects):
 * not yet shown at sign-in, and its notice (as paperVoteNoticeOf names it) missing, cancelled, or
 * fanned out with nothing sent and nothing still to send (it reached no address, or failed for good).
 */
export const PAPER_VOTE_OWED_SQL = `n.told IS NULL AND NOT EXISTS (
    SELECT 1 FROM notices x WHERE x.id = 'paper-vote:' || n.process || ':' || n.member
      AND (x.state = 'scheduled' OR (x.state = 'queued' AND (x.sent > 0 OR x.recipients > x.failed))))`;

/** The same for every try of one message: the notice and the member. */
export function idempotencyKey(notice: string, member: string): string {
  return `${notice}/${member}`;
}

export interface MessageRow {
  readonly id: number | string;
  readonly notice: string;
  readonly member: string;
  readonly name: string | null;
  readonly address: string;
  readonly language: string;
  readonly tries: number;
}

export function messageFromRow(r: MessageRow): OutboxMessage {
  return {
    id: Number(r.id),
    notice: r.notice,
    member: r.member as MemberId,
    name: r.name,
    address: r.address,
    language: r.language as MemberLanguage,
    tries: r.tries,
    idempotencyKey: idempotencyKey(r.notice, r.member),
  };
}

/** The instant `ms` after `now`, as the store keeps instants. */
export function later(now: string, ms: number): string {
  return new Date(Date.parse(now) + ms).toISOString();
}

/** A mail server's reason, kept short: it goes in a table an administrator reads. */
export function reasonText(reason: string): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 299)}…` : oneLine || 'no reason given';
}
