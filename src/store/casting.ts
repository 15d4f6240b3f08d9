/** What both adapters do alike when a ballot is cast. */
import { randomBytes } from 'node:crypto';
import type { MemberId, ProcessId } from '../domain/ids.js';
import { err, type Result } from '../domain/result.js';
import { isIsoDate, type IsoDate } from '../domain/time.js';
import type { BallotBox, CastEncryptedBallot, OfflineChannel, VoteChannel } from './store.js';

/**
 * The key a cast ballot is stored under: 128 random bits, drawn afresh for
 * each ballot, so the order of keys (the order ballots are listed and stored
 * in) is unrelated to who cast them or when.
 */
export const newBallotKey = (): string => randomBytes(16).toString('hex');

/** What a cast stores beside the mark: a plain ranking, or an encrypted ballot and its credential. */
export type Kept = { readonly ranking: string; readonly tracker: string } | { readonly encrypted: CastEncryptedBallot };

/** An online cast waiting for its group's commit (both adapters gather casts into one transaction). */
export interface PendingCast {
  readonly process: ProcessId;
  readonly member: MemberId;
  readonly kept: Kept;
  readonly day: IsoDate;
  resolve(r: Result<{ readonly tracker: string }>): void;
  reject(e: unknown): void;
}

/** The member's standing in a process, as read in a cast's transaction; undefined if there is no such process. */
export interface Standing {
  /** Non-null once the electorate is frozen. */
  readonly frozen: unknown;
  /** Null when the member is not in the electorate; otherwise truthy if eligible. */
  readonly eligible: unknown;
  /** Non-null once the ballot box is sealed. */
  readonly sealed: unknown;
}

/** Why a member may not cast in a process, or null if they may. */
export function refusalOf(processId: ProcessId, member: MemberId, standing: Standing | undefined): Result<never> | null {
  if (standing === undefined) return err('not-found', `there is no process with the id "${processId}"`);
  if (standing.sealed !== null) return err('closed', `voting in process "${processId}" has closed: its ballot box is sealed`);
  if (standing.frozen === null) return err('not-eligible', `the electorate of process "${processId}" has not been frozen, so nobody may vote yet`);
  if (standing.eligible === null) return err('not-eligible', `member "${member}" is not in the electorate of process "${processId}"`);
  if (!standing.eligible) return err('not-eligible', `member "${member}" is not eligible to vote in process "${processId}"`);
  return null;
}

const CHANNEL_WORDS: Readonly<Record<VoteChannel, string>> = { online: 'online', postal: 'by post', 'in-person': 'in person' };

/**
 * The refusal of a second vote; `channel` is how the first was made, when the store knows it. The
 * day is left to the member's own view (voteOf): this message also reaches the officer who tried.
 */
export const alreadyVoted = (processId: ProcessId, member: MemberId, channel?: VoteChannel): Result<never> =>
  err('already-voted', `member "${member}" has already voted in process "${processId}"${channel ? ` (${CHANNEL_WORDS[channel]})` : ''}`);

/** The day a vote is recorded on: the given day, the day of an instant (UTC), or today (UTC). */
export function voteDay(given?: string): IsoDate {
  const day = (given ?? new Date().toISOString()).slice(0, 10);
  if (!isIsoDate(day)) throw new TypeError(`a vote's day must be a date written YYYY-MM-DD, got ${JSON.stringify(given)}`);
  return day;
}

/** A paper vote's day: that of its audit entry's instant; today if it has none (a malformed one is refused by the log's own check). */
export function paperVoteDay(auditAt: string | undefined): IsoDate {
  const day = auditAt?.slice(0, 10);
  return voteDay(day !== undefined && isIsoDate(day) ? day : undefined);
}

export function checkChannel(channel: unknown): VoteChannel {
  if (channel !== 'online' && channel !== 'postal' && channel !== 'in-person')
    throw new TypeError(`a vote's channel must be online, postal or in-person, got ${JSON.stringify(channel)}`);
  return channel;
}

export function checkPaperChannel(channel: unknown): OfflineChannel {
  if (channel !== 'postal' && channel !== 'in-person') throw new TypeError(`a vote recorded from paper is postal or in-person, got ${JSON.stringify(channel)}`);
  return channel;
}

/** Counts by channel from the voters marked and the votes recorded on paper. */
export function byChannel(voters: number, postal: number, inPerson: number): Record<VoteChannel, number> {
  return { online: voters - postal - inPerson, postal, 'in-person': inPerson };
}

export const trackerTaken = (processId: ProcessId, tracker: string): Result<never> =>
  err('tracker-taken', `the tracker code "${tracker}" is already used in process "${processId}"; cast again with a new one`);

export const credentialUnknown = (processId: ProcessId): Result<never> =>
  err('credential-unknown', `the ballot is signed with a credential that is not among the public credentials of process "${processId}"`);

export const credentialUsed = (processId: ProcessId): Result<never> =>
  err('credential-used', `a ballot signed with this credential has already been cast in process "${processId}"`);

export function checkTracker(tracker: unknown): string {
  if (typeof tracker !== 'string' || tracker === '') throw new TypeError(`a ballot's tracker code must be a non-empty string, got ${JSON.stringify(tracker)}`);
  return tracker;
}

/** A ballot box's figures as both adapters read them in one query. */
export interface BallotBoxRow {
  voters: number;
  ballots: number;
  postal: number;
  in_person: number;
  seal_voters: number | null;
  seal_ballots: number | null;
  /** PostgreSQL reads a boolean; SQLite stores 0 or 1. */
  traces_cleared: boolean | number | null;
  /** The ballots set aside before this one. */
  set_aside: number;
}

export function ballotBoxFromRow(row: BallotBoxRow): BallotBox {
  const sealed = row.seal_ballots !== null;
  return {
    sealed,
    round: row.set_aside + 1,
    voters: row.voters,
    byChannel: byChannel(row.voters, row.postal, row.in_person),
    ballots: row.ballots,
    atSeal: sealed ? { voters: row.seal_voters!, ballots: row.seal_ballots! } : null,
    tracesCleared: row.traces_cleared === true || row.traces_cleared === 1,
  };
}

/**
 * Seals a ballot box and, the first time only, forgets the sign-in attempts: their times could be set
 * beside casting times, and once the box is sealed nothing needs them. Sealing again (as publishing
 * does) must forget nothing, or any visitor to the board could reset the sign-in limits.
 */
export async function sealForgettingSignIns(
  box: () => Promise<BallotBox | null>,
  seal: () => Promise<Result<BallotBox>>,
  forgetLoginAttempts: () => Promise<void>,
): Promise<Result<BallotBox>> {
  const first = (await box())?.sealed === false;
  const sealed = await seal();
  if (sealed.ok && first) await forgetLoginAttempts();
  return sealed;
}

/**
 * The statements that set a process's ballot aside (see ProcessUpdate.setAsideBallots), in order, for
 * a dialect whose n-th parameter is written `at(n)`; each takes the process as its first parameter and
 * the round set aside as its second, and the first the moment as its third.
 */
export function setAsideStatements(at: (n: number) => string): readonly string[] {
  const [p, r, t] = [at(1), at(2), at(3)];
  return [
    `INSERT INTO set_aside_boxes (process, round, voters, ballots, set_aside_at)
      SELECT ${p}, ${r}, (SELECT count(*) FROM voters_marked WHERE process = ${p}), (SELECT count(*) FROM cast_ballots WHERE process = ${p}), ${t}`,
    `INSERT INTO set_aside_ballots (process, round, key, ranking, tracker) SELECT process, ${r}, key, ranking, tracker FROM cast_ballots WHERE process = ${p} ORDER BY key`,
    `INSERT INTO set_aside_marks (process, round, member, day, channel, told)
      SELECT v.process, ${r}, v.member, v.day, o.channel, n.told FROM voters_marked v
      LEFT JOIN offline_votes o ON o.process = v.process AND o.member = v.member
      LEFT JOIN paper_vote_notices n ON n.process = v.process AND n.member = v.member
      WHERE v.process = ${p} ORDER BY v.member`,
    `INSERT INTO set_aside_counts (process, round, record, sha256, counted_at) SELECT process, ${r}, record, sha256, counted_at FROM count_records WHERE process = ${p}`,
    `DELETE FROM cast_ballots WHERE process = ${p}`,
    `DELETE FROM voters_marked WHERE process = ${p}`,
    `DELETE FROM offline_votes WHERE process = ${p}`,
    `DELETE FROM paper_vote_notices WHERE process = ${p}`,
    `DELETE FROM count_records WHERE process = ${p}`,
    `DELETE FROM ballot_seals WHERE process = ${p}`,
  ];
}

/** The round a process's box holds: one more than the rounds set aside. */
export const roundSql = (p: string): string => `(SELECT count(*) FROM set_aside_boxes WHERE process = ${p})`;
