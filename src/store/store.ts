/**
 * The storage port. Two adapters implement it (SQLite, the embedded default,
 * and PostgreSQL, for production) and both pass the same contract suite.
 *
 * Processes are stored as documents: the domain owns their shape (plain JSON
 * data) and their transitions; the store only guarantees that each change is
 * applied to the latest state, atomically, one writer at a time.
 */
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { Incumbent, MemberLanguage, Member, Office, Unit, UnitKind } from '../domain/organisation.js';
import type { DomainError, Result } from '../domain/result.js';
import type { IsoDate } from '../domain/time.js';
import type { AuditEntry, AuditHead, AuditRecord } from '../audit/index.js';
import type { ProcessDocument, ProcessKind, ProcessState } from '../domain/processes/documents.js';
import type { PhotoType } from '../domain/processes/candidate-statements.js';
import type { PaperMarks, PostalFigures, PostalPaper, PostalReturn, ReturnKind } from '../domain/postal-ballot.js';
import type { ApplicationStatus, SupporterApplication, SupporterApplicationInput, SupporterClass, SupporterWindow } from '../domain/supporters.js';

/**
 * A process as the store keeps it: its state is any JSON data, as the change that wrote it gave
 * it. To read the state as its kind's domain type, read the process as a ProcessDocument.
 */
export interface StoredProcess {
  readonly id: ProcessId;
  readonly kind: ProcessKind;
  /** The constituency it runs in; null for a national process (e.g. an NEC election). */
  readonly constituency: UnitId | null;
  /** Id of the rulebook (and version) it runs under, e.g. "labour-2021@1". */
  readonly rulebook: string;
  /** The domain's state: plain JSON data. */
  readonly state: unknown;
  /** Increases by one with every change. */
  readonly version: number;
}

/** One applied change, kept in order for each process (its history). */
export interface ProcessHistoryEntry {
  readonly process: ProcessId;
  readonly version: number;
  /** What happened, as domain data (e.g. { type: 'meeting-recorded', unit, … }). */
  readonly event: unknown;
  /** ISO instant, from the domain's clock. */
  readonly at: string;
}

/** What a change hands the store: the next state, the event that explains it, and what to log and keep with it. */
export interface ProcessUpdate<S = unknown> {
  readonly state: S;
  readonly event: unknown;
  readonly at: string;
  readonly audit?: AuditRecord;
  readonly keep?: KeepCount;
  /**
   * Notices the step causes, stored in its transaction; each one due by the step's `at` (its `sendAt`
   * not later) is fanned out into the outbox in that same transaction too (see OutboxStore).
   */
  readonly notices?: readonly NewNotice[];
  /**
   * A member added to the process's frozen electorate by the step (an upheld dispute's remedy), in its
   * transaction: eligible from then on, with `reason` as their entry's reason. The step is refused
   * ('already-recorded') if they are eligible already, ('not-frozen') if no electorate is frozen.
   */
  readonly restore?: { readonly member: MemberId; readonly reason: string };
  /**
   * The step voids the process's ballot (an upheld dispute's remedy): in its transaction, every
   * ballot, voter mark, paper-vote record and kept count of the ballot under way is set aside, as the
   * round it was (see migration 020), and the box is unsealed and empty for the ballot held again.
   * Setting aside moves the rows as they are: it joins no voter to a ballot.
   */
  readonly setAsideBallots?: true;
}

/**
 * A change to a process: from its current state, the next state and the event that explains it, or an error.
 * With `audit`, the change is also logged in the audit log, in the same transaction (both or neither).
 */
export type ProcessChange = (current: StoredProcess) => Result<ProcessUpdate, DomainError>;

/** As ProcessChange, from the process read as its domain document; the next state is written at its kind's current schema version. */
export type DocumentChange = (current: ProcessDocument) => Result<ProcessUpdate<ProcessState>, DomainError>;

/**
 * A count's record to keep with the change that records the count: stored in the same transaction,
 * with its own audit entry (appended after the step's), so a kept record never lacks its entry.
 */
export interface KeepCount {
  /** The record as canonical JSON; `sha256` is the digest of exactly this text. */
  readonly record: string;
  readonly sha256: string;
  readonly audit: AuditRecord;
}

/** A process's kept count record, as stored. */
export interface KeptCount {
  readonly process: ProcessId;
  readonly record: string;
  readonly sha256: string;
  readonly countedAt: string;
}

export interface ElectorateEntry {
  readonly member: MemberId;
  readonly eligible: boolean;
  /** Plain-language reason for the yes or no. */
  readonly reason: string;
}

export interface UnitFilter {
  readonly kind?: UnitKind;
  readonly parent?: UnitId;
  /** Affiliated branches attached to, or branches within, this constituency. */
  readonly constituency?: UnitId;
}

/**
 * The whole store: every part below on one connection (or pool), and its lifecycle. Code that
 * needs only one concern takes that part (e.g. `ProcessStore`), so it says what it touches.
 */
export interface Store
  extends OrganisationStore,
    ProcessStore,
    AuthStore,
    VotingStore,
    IntegrityStore,
    AuditStore,
    OutboxStore,
    PostalStore,
    SupporterStore,
    MeetingBoothStore,
    EncryptedBallotStore {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

// ---- Organisation: units, members, offices, incumbents ------------------------------------

export interface OrganisationStore {
  /** Inserts or replaces units, all in one transaction. */
  putUnits(units: readonly Unit[]): Promise<void>;
  getUnit(id: UnitId): Promise<Unit | null>;
  listUnits(filter?: UnitFilter): Promise<Unit[]>;

  /**
   * Inserts or replaces members (with their status history), all in one transaction. Of the
   * optional fields (born, membershipClass, selfIdentified, language), one left out keeps what is
   * stored. A member whose email changes is taken off the list of failing addresses (failingAddresses).
   */
  putMembers(members: readonly Member[]): Promise<void>;
  /** Replaces the member's self-identified characteristics (none: an empty list); false if there is no such member. */
  setSelfIdentified(member: MemberId, characteristics: readonly string[]): Promise<boolean>;
  /** Sets the member's chosen language; false if there is no such member. */
  setMemberLanguage(member: MemberId, language: MemberLanguage): Promise<boolean>;
  getMember(id: MemberId): Promise<Member | null>;
  /** The members with these ids, in one read (a page of names); ids with no member are left out. */
  membersById(ids: readonly MemberId[]): Promise<Member[]>;
  /** Members of the given branches, in id order, streamed. */
  membersOf(branches: readonly UnitId[]): AsyncIterable<Member>;
  countMembers(): Promise<number>;

  putOffice(office: Office): Promise<void>;
  removeOffice(office: Office): Promise<void>;
  listOffices(filter?: { readonly unit?: UnitId; readonly member?: MemberId }): Promise<Office[]>;

  putIncumbent(incumbent: Incumbent): Promise<void>;
  getIncumbent(constituency: UnitId): Promise<Incumbent | null>;
  listIncumbents(): Promise<Incumbent[]>;

  /**
   * Members found by name, for a person choosing one: every word of `text` begins a word of the name,
   * ignoring case; in name order (then id), at most `limit` (1 to 100). No words, no members.
   */
  findMembers(text: string, limit: number): Promise<Member[]>;
  /** Units found by name, as findMembers. */
  findUnits(text: string, limit: number): Promise<Unit[]>;

  /** An organisation setting (e.g. the rulebook in force), or null while it has never been set. */
  organisationSetting(name: OrganisationSettingName): Promise<string | null>;
  /** Sets an organisation setting, replacing its value. */
  putOrganisationSetting(name: OrganisationSettingName, value: string): Promise<void>;
}

/** The organisation's settings, each kept once; `rulebook:<id>@<version>` holds a rulebook of its own that it named in force, as JSON. */
export type OrganisationSettingName = 'rulebook-in-force' | 'disputes-panel' | `rulebook:${string}`;

// ---- Processes: documents, their history, their electorates ------------------------------

/** What is stored with a new process, in its transaction. */
export interface ProcessCreation {
  readonly event: unknown;
  readonly at: string;
  readonly audit?: AuditRecord;
  readonly notices?: readonly NewNotice[];
  readonly encryption?: { readonly setup: EncryptedElectionSetup; readonly audit: AuditRecord };
}

export interface ProcessStore {
  /**
   * Fails (a DomainError with code "exists") if the id is taken. With `audit`, logs the opening in the same transaction;
   * with `notices`, stores them (and fans out those due at `at`) in it too, as a change does (ProcessUpdate);
   * with `encryption`, stores the encrypted ballot's set-up and its audit entry in it too, so a process
   * opened with encrypted ballots is never stored without them.
   */
  createProcess(proc: Omit<StoredProcess, 'version'>, event: ProcessCreation): Promise<Result<StoredProcess>>;
  getProcess(id: ProcessId): Promise<StoredProcess | null>;
  listProcesses(filter?: ProcessFilter): Promise<StoredProcess[]>;
  /**
   * The process as its domain document: its state upcast to the current schema version of its kind
   * and checked against that kind's schema. Throws a DocumentRefused naming the process and the field
   * when the stored state is not a document of its kind (or is of a version newer than this code).
   */
  processDocument(id: ProcessId): Promise<ProcessDocument | null>;
  /** As processDocument, for every process the filter admits, in id order. */
  processDocuments(filter?: ProcessFilter): Promise<ProcessDocument[]>;
  processEvents(id: ProcessId): Promise<ProcessHistoryEntry[]>;
  /**
   * Applies `change` to the latest state of the process under a lock, and stores
   * the new state and its event in one transaction. Concurrent callers are
   * serialised; if `change` returns an error nothing is written.
   */
  updateProcess(id: ProcessId, change: ProcessChange): Promise<Result<StoredProcess>>;
  /**
   * As updateProcess, with the process read as its document (see processDocument). The next state
   * is checked against its kind's schema before it is written: one that does not fit is a bug, thrown.
   */
  updateDocument(id: ProcessId, change: DocumentChange): Promise<Result<ProcessDocument>>;

  /** Stores a frozen electorate for a process, in one transaction; an error if one is already frozen. */
  freezeElectorate(
    processId: ProcessId,
    entries: Iterable<ElectorateEntry> | AsyncIterable<ElectorateEntry>,
  ): Promise<Result<{ readonly eligible: number; readonly total: number }>>;
  electorate(processId: ProcessId): Promise<ElectorateEntry[]>;
  /** One member's entry in the process's electorate, or null if they are not on it: one keyed read, whatever the electorate's size. */
  electorateEntry(processId: ProcessId, member: MemberId): Promise<ElectorateEntry | null>;

  /**
   * Keeps a candidate's photo as the next version for the process and member (the same bytes sent
   * again keep their version); its digest (SHA-256, hex) is what a statement names it by.
   */
  putCandidatePhoto(
    processId: ProcessId,
    member: MemberId,
    photo: { readonly type: PhotoType; readonly bytes: Uint8Array; readonly at: string },
  ): Promise<StoredPhoto>;
  /** The member's photo in the process with this digest (the latest version holding it), or null. */
  candidatePhoto(processId: ProcessId, member: MemberId, sha256: string): Promise<(StoredPhoto & { readonly bytes: Uint8Array }) | null>;
}

/** A kept photo, without its bytes. */
export interface StoredPhoto {
  readonly version: number;
  readonly type: PhotoType;
  readonly sha256: string;
}

export interface ProcessFilter {
  readonly kind?: ProcessKind;
  readonly constituency?: UnitId;
}

// ---- Sign-in and sessions (issue 4) ----------------------------------------------------

/** A one-time sign-in code sent by email; only its hash is stored. */
export interface LoginCode {
  readonly member: MemberId;
  /** Which browser asked for it (a digest of its sign-in cookie): the code works only there, and replaces only that browser's earlier code. */
  readonly client: string;
  readonly codeHash: string;
  /** ISO instant after which it no longer works. */
  readonly expiresAt: string;
}

/** A signed-in session; the cookie holds the token, the store only its hash. */
export interface Session {
  readonly tokenHash: string;
  readonly member: MemberId;
  /** ISO instants. */
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Who a session belongs to, read in one go: what every signed-in request needs first. */
export interface SignedIn {
  readonly session: Session;
  readonly member: Member;
  /** The member's offices, ordered by unit and role. */
  readonly offices: readonly Office[];
}

/** Instants given to these stores are kept (and returned) as `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export interface AuthStore {
  /** The member with this email address, ignoring case; when members share one, the first by id. */
  memberByEmail(email: string): Promise<Member | null>;
  /** Stores a code, replacing the one the same member and client had (so only the latest code asked for in one browser works). */
  putLoginCode(code: LoginCode): Promise<void>;
  /** Deletes the code and returns true if it exists for this member and has not expired at `now`; atomic, so a code works once. */
  consumeLoginCode(member: MemberId, codeHash: string, now: string): Promise<boolean>;
  /** Deletes the member's code for this client, if any (it was tried wrongly too often). */
  retireLoginCode(member: MemberId, client: string): Promise<void>;
  /**
   * Records a sign-in attempt under `key` (e.g. an email or address) and returns how many were made since `since` (this one included).
   * Attempts under one key are counted one at a time, so each of many at once gets its own count. Attempts from before `since`
   * (and any key's from over a day before it) are forgotten as it goes.
   */
  countLoginAttempt(key: string, at: string, since: string): Promise<number>;
  /** Forgets the attempts under `key`, or every key's when none is given (at a seal, so no attempt time can be set beside a cast). */
  forgetLoginAttempts(key?: string): Promise<void>;
  /** The secret kept under `name`: `candidate` is kept (and returned) if there is none yet, so every instance on one store agrees. */
  keptSecret(name: string, candidate: string): Promise<string>;
  /** Stores a session, forgetting the member's sessions that had expired by its start. */
  putSession(session: Session): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: string): Promise<Session | null>;
  /** The session unexpired at `now` with its member and their offices, in one read; null if there is no such session or its member is gone. */
  signedIn(tokenHash: string, now: string): Promise<SignedIn | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Sign out everywhere. */
  deleteSessionsOf(member: MemberId): Promise<number>;
}

// ---- Casting ballots (issue 4; integrity hardened in issue 5) -----------------------------

/**
 * A vote recorded in a member's name, as the member may see it: how it came and on which day, never
 * what it was. `castBallot`'s `day` (and a paper vote's, the day of its audit entry; otherwise today,
 * in UTC) is kept beside the voter's mark only: a ballot never carries a time.
 */
export interface MemberVote {
  readonly process: ProcessId;
  readonly channel: VoteChannel;
  /** The day it was recorded; null for a vote recorded before the day was kept. */
  readonly day: IsoDate | null;
}

/**
 * Eligible members of one place who voted alike (or did not vote), counted. A member's place is their
 * branch's constituency (an affiliated branch's, the one it is attached to) and that constituency's
 * region; either is null when the unit ancestry names none.
 */
export interface TurnoutGroup {
  readonly constituency: { readonly id: UnitId; readonly name: string } | null;
  readonly region: { readonly id: UnitId; readonly name: string } | null;
  /** How and on which day they voted (the day null for a vote recorded before days were kept); null: not voted (yet). */
  readonly vote: { readonly channel: VoteChannel; readonly day: IsoDate | null } | null;
  readonly members: number;
}

/** A ranked ballot as cast: candidate ids in order of preference. */
export interface CastBallot {
  readonly ranking: readonly string[];
  /** The code the voter keeps to find their ballot on the bulletin board. */
  readonly tracker: string;
}

/** An encrypted ballot as cast (docs/verifiable-ballots.md §7): its JSON, its credential and its tracker. */
export interface CastEncryptedBallot {
  readonly credential: string;
  /** The ballot's JSON as the board publishes it. */
  readonly ballot: string;
  readonly tracker: string;
}

export interface VotingStore {
  /**
   * Casts one ballot in one transaction: the member must be eligible in the process's frozen
   * electorate and must not have voted; the member is marked as voted and the ballot stored
   * under a random key with no link to the member (no member id, no precise time, no order).
   * Errors: 'not-eligible' (also while no electorate is frozen), 'already-voted', 'not-found' (no such
   * process), 'tracker-taken' (the tracker is already used in this process: nothing is stored and the
   * member may cast again with a new one), 'closed' (the process's ballot box is sealed: see sealBallots).
   */
  castBallot(processId: ProcessId, member: MemberId, ballot: CastBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>>;
  /**
   * Casts one encrypted ballot as castBallot casts a plain one (the member marked, the ballot under
   * a random key, together or not at all), and also one ballot per credential. Besides castBallot's
   * errors: 'credential-unknown' (not among the process's public credentials), 'credential-used'.
   * The ballot is checked (signature, proof) by the caller; the store keeps its JSON as given.
   */
  castEncryptedBallot(processId: ProcessId, member: MemberId, ballot: CastEncryptedBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>>;
  hasVoted(processId: ProcessId, member: MemberId): Promise<boolean>;
  /** The member's vote in the process (how, and the day), or null if none is recorded: for the member's own eyes. */
  voteOf(processId: ProcessId, member: MemberId): Promise<MemberVote | null>;
  /** Every vote recorded in the member's name, by process id. */
  votesOf(member: MemberId): Promise<MemberVote[]>;
  /** How many have voted (no names). */
  turnout(processId: ProcessId): Promise<number>;
  /**
   * The process's eligible electorate counted by where its members are (the constituency and region
   * their branch lies in) and by whether, how and on which day they voted: one row per such group,
   * counts only, read in one grouped query. Empty while no electorate is frozen.
   */
  turnoutGroups(processId: ProcessId): Promise<TurnoutGroup[]>;
  /** Every ballot cast, in a random order unrelated to casting order. */
  ballots(processId: ProcessId): Promise<CastBallot[]>;
}

// ---- Ballot integrity (issue 5) ----------------------------------------------------------------

/** How a vote reached the ballot box. Only the voter's side records it: a stored ballot never carries its channel. */
export type VoteChannel = 'online' | 'postal' | 'in-person';
/** A vote made on paper and recorded by an officer. */
export type OfflineChannel = Exclude<VoteChannel, 'online'>;
export const VOTE_CHANNELS: readonly VoteChannel[] = ['online', 'postal', 'in-person'];

/** A process's ballot box, in counts only: never who cast which ballot. */
export interface BallotBox {
  /** True once sealed: from then on no cast and no recorded vote is taken ('closed'). */
  readonly sealed: boolean;
  /** Which ballot of the process the box holds: 1, or 2, 3… once ballots before it were voided and set aside. */
  readonly round: number;
  /** Members marked as voted, by any channel. */
  readonly voters: number;
  /** The same, by channel (online = marked − postal − in person). */
  readonly byChannel: Readonly<Record<VoteChannel, number>>;
  /** Ballots in the box. Marking and storing are one step, so this equals `voters`. */
  readonly ballots: number;
  /** The counts when the box was sealed (null while open): a later difference means rows were removed or added since. */
  readonly atSeal: { readonly voters: number; readonly ballots: number } | null;
  /**
   * Once sealed: whether the database's own traces of the order of casting (SQLite's write-ahead
   * log; PostgreSQL's superseded row versions) have been cleared. False while open; false after a
   * seal that could not clear them at once (another connection was holding them), in which case
   * sealing again retries.
   */
  readonly tracesCleared: boolean;
}

/**
 * What keeps ballots secret and countable beyond casting (see "Ballot secrecy" in
 * docs/architecture.md). Votes on paper go through the same credential as online ones: a member
 * has one vote per process, however it reaches the box.
 */
export interface IntegrityStore {
  /**
   * Records a postal or in-person vote, entered by an officer: exactly as castBallot (same checks,
   * same one transaction marking the member and storing the ballot, which carries no channel),
   * and it also notes the member's channel on the voter side. The member's online credential is
   * then spent; if they have already voted (online or on paper), nothing is stored and the error
   * 'already-voted' says how they voted. Errors otherwise as castBallot.
   * `audit`, the officer's entry for the audit log, is appended in the same transaction, and only
   * when the vote is recorded: a refused vote leaves no entry, and no recorded vote lacks one.
   * The vote's day is the (UTC) day of `audit`, else today. In the same transaction the member is
   * owed a notice of the vote (untoldPaperVotes), so that a vote added in their name is told to them;
   * with `notice`, that notice is stored in the outbox in the same transaction too, addressed to the
   * member alone (its id and audience are the store's), and fanned out at once: `queued` then says
   * how many messages it queued (0 when the member has no email address).
   */
  recordOfflineVote(
    processId: ProcessId,
    member: MemberId,
    channel: OfflineChannel,
    ballot: CastBallot | { readonly encrypted: CastEncryptedBallot },
    audit?: AuditRecord,
    day?: IsoDate,
    notice?: PaperVoteNotice,
  ): Promise<Result<{ readonly tracker: string; readonly queued?: number }>>;
  /**
   * Paper votes recorded in the member's name that they have not been told of, by process id: not
   * yet shown at sign-in, and whose notice in the outbox could not be delivered (it reached nobody,
   * as the member had no address; or its message failed for good; or it was cancelled), or that had
   * no notice. A notice still on its way, or sent, is not owed.
   */
  untoldPaperVotes(member: MemberId): Promise<MemberVote[]>;
  /** Notes that the member has been shown the paper vote's notice at sign-in; false if they already had been (or there is none). */
  markPaperVoteShown(processId: ProcessId, member: MemberId): Promise<boolean>;
  /** The box's counts and state; null if there is no such process. */
  ballotBox(processId: ProcessId): Promise<BallotBox | null>;
  /**
   * Seals the process's ballot box, at the close of voting: waits for casts under way, then in one
   * transaction refuses all later ones and rewrites every ballot of the process in the order of its
   * random key, so that no ballot row keeps anything written at its cast (on PostgreSQL, the
   * transaction id and physical place it shared with the voter's mark), and rewrites the marks of who
   * voted (and by which paper channel) in member order, so they no longer keep the order members
   * voted in; then clears the database's traces of the casting order (VACUUM FULL of the ballot and
   * mark tables; on SQLite a VACUUM of the file and a TRUNCATE checkpoint of its write-ahead log).
   * Idempotent: sealing a sealed box only retries clearing traces not yet cleared
   * (on SQLite, whose clearing holds the thread, at most once a minute per box).
   * Error: 'not-found'.
   */
  sealBallots(processId: ProcessId): Promise<Result<BallotBox>>;

  /** The count record kept when the process's count was recorded (see ProcessChange's `keep`); null if none. */
  keptCount(processId: ProcessId): Promise<KeptCount | null>;
}

// ---- Audit log (issue 5) -----------------------------------------------------------------------

/** Which entries a listing returns: bounds are exclusive sequence numbers. */
export interface AuditListing {
  readonly after?: number;
  readonly before?: number;
  /** At most this many (default 1,000; never more than 10,000). */
  readonly limit?: number;
  /** Latest first; by default in sequence order. */
  readonly newestFirst?: boolean;
  /** Only entries by one of these actors (as logged: a member id, `cli:…`, …). */
  readonly actors?: readonly string[];
  /** Only entries of one of these types. */
  readonly types?: readonly string[];
  /** Only entries whose data names this process. */
  readonly process?: string;
  /** Only entries at or after this instant (ISO, as logged). */
  readonly from?: string;
  /** Only entries before this instant (ISO, as logged). */
  readonly until?: string;
}

/**
 * The append-only, hash-chained log of administrative actions (src/audit). Appends are serialised
 * across every store instance sharing the database (two app servers never fork the chain), and a
 * process change can append its own entry in its transaction (ProcessChange's `audit`).
 */
export interface AuditStore {
  /** Appends one entry at the head of the chain, in a transaction of its own, and returns it. Throws on a malformed record (a bug). */
  appendAudit(record: AuditRecord): Promise<AuditEntry>;
  auditEntries(listing?: AuditListing): Promise<AuditEntry[]>;
  /** The latest entry's sequence number and hash; null while the log is empty. */
  auditHead(): Promise<AuditHead | null>;
  /** The entries of type `type` whose data names `process`, in sequence order. */
  auditEntriesOf(processId: ProcessId, type: string): Promise<AuditEntry[]>;
}

// ---- Notices and the mail outbox (issue 13) --------------------------------------------------

/**
 * Who a notice goes to. `electorate`: every eligible member of the notice's process's frozen
 * electorate who has an email address; `notVoted`: the same, less those with a vote recorded in
 * the process by any channel, as it stands when the notice is fanned out; `members`: these members
 * (each with an email address); `secretariesToRecord`: the secretaries (with an email address) of
 * the units of the notice's process, an open trigger ballot, that have not yet recorded their
 * decision, as it stands when the notice is fanned out (none once the ballot is no longer open);
 * `applicant`: whoever made this application to a supporters' window of the notice's process (who
 * may be nobody's member yet), at the address and in the language of the application, under `member`,
 * the membership id the application is (or would be) accepted as.
 */
export type NoticeAudience =
  | { readonly electorate: true }
  | { readonly notVoted: true }
  | { readonly members: readonly MemberId[] }
  | { readonly secretariesToRecord: true }
  | { readonly applicant: { readonly number: number; readonly member: MemberId } };

/** A notice to store: what kind, for which process, to whom, with what the template needs, and when. */
export interface NewNotice {
  /** Unique; the caller chooses it (e.g. from the process and the step). */
  readonly id: string;
  /** E.g. 'ballot-invitation', 'ballot-reminder', 'candidate-shortlisted': the template to render. */
  readonly kind: string;
  /** Required for the electorate, notVoted and secretariesToRecord audiences. */
  readonly process: ProcessId | null;
  readonly audience: NoticeAudience;
  /** JSON data: what the template needs. */
  readonly params: unknown;
  /** ISO instant from which it may be sent (a reminder is scheduled for later). */
  readonly sendAt: string;
  /** A ballot notice, whose recipient list must never be kept (every message's row goes once it is sent or given up). */
  readonly private: boolean;
  /** Who caused it, as the audit log names actors. */
  readonly createdBy: string;
}

/**
 * The notice of a paper vote recorded in a member's name (recordOfflineVote): the store gives it its
 * id and addresses it to that member alone, with no process, so it is in no process's list of notices.
 */
export type PaperVoteNotice = Pick<NewNotice, 'kind' | 'params' | 'sendAt' | 'createdBy'>;

export type NoticeState = 'scheduled' | 'queued' | 'cancelled';

/** A notice as stored, with its delivery in counts: never who. */
export interface StoredNotice extends NewNotice {
  readonly state: NoticeState;
  readonly createdAt: string;
  /** Messages queued when it was fanned out (0 while scheduled). */
  readonly recipients: number;
  readonly sent: number;
  readonly failed: number;
  /** Messages still to send (queued, or being sent). */
  readonly queued: number;
}

/** One message claimed by a sender: to whom, in which language, for which notice. */
export interface OutboxMessage {
  readonly id: number;
  readonly notice: string;
  readonly member: MemberId;
  /** The member's name as the message was claimed (null if the member has since been removed). */
  readonly name: string | null;
  readonly address: string;
  readonly language: MemberLanguage;
  /** Tries so far, this one included. */
  readonly tries: number;
  /** The notice and the member: the same for every try of this message, so a copy sent twice can be recognised. */
  readonly idempotencyKey: string;
}

/** Why and how a message failed (see messageFailed). */
export type MessageFailure =
  | { readonly permanent: true; readonly reason: string; readonly at: string; readonly blameAddress?: boolean }
  | { readonly permanent: false; readonly reason: string; readonly nextTryAt: string };

/** A member whose address refuses mail, for the administrator to correct: nothing about which notice or process. */
export interface FailingAddress {
  readonly member: MemberId;
  readonly name: string;
  readonly address: string;
  readonly reason: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly count: number;
}

/** A one-time link in an invitation: only the SHA-256 of its token is kept. */
export interface SignInLink {
  readonly tokenHash: string;
  readonly member: MemberId;
  readonly process: ProcessId;
  /** ISO instant after which it no longer works (the ballot's close). */
  readonly expiresAt: string;
}

/**
 * Notices and the durable outbox. A notice is stored once and fanned out once (into one outbox row
 * per recipient) when due; senders claim rows under a lease, so several senders share the outbox
 * without sending a message twice, and a crashed sender's rows are claimed again when its lease
 * ends. Instants are kept as `YYYY-MM-DDTHH:MM:SS.sssZ`.
 */
export interface OutboxStore {
  /**
   * Stores a notice (in a transaction of its own) and, if it is due at `at`, fans it out in the
   * same transaction. Throws if the id is taken, or an electorate audience has no process.
   */
  putNotice(notice: NewNotice, at: string): Promise<StoredNotice>;
  /** Cancels a notice not yet fully sent: a scheduled one is never fanned out; a queued one's unsent messages are dropped. False if it was neither. */
  cancelNotice(id: string): Promise<boolean>;
  notice(id: string): Promise<StoredNotice | null>;
  /** The process's notices with their counts, by sendAt then id. */
  noticesOf(processId: ProcessId): Promise<StoredNotice[]>;
  /** Scheduled notices due at `now` (sendAt not later), by sendAt then id. */
  dueNotices(now: string): Promise<StoredNotice[]>;
  /**
   * Fans a scheduled notice out into the outbox (its audience computed now, inside the store),
   * queued to be sent from `at`, and marks it queued: how many messages were queued. 0 if it was
   * not scheduled (already fanned out, or cancelled), so fanning out twice queues no one twice.
   */
  fanOut(noticeId: string, at: string): Promise<number>;
  /**
   * How many members a reminder of the process to those who have not voted would reach if it were
   * fanned out now: the same members fanOut would queue (one condition serves both), counted, never
   * listed. A whole-ballot figure: no count of who has not voted is given for any part of it.
   */
  reminderReach(processId: ProcessId): Promise<number>;
  /**
   * Claims up to `limit` messages due at `now` (queued and due, or claimed by a sender whose lease
   * has ended), for `worker`, until `now` + `leaseMs`; counts the try. Two senders never claim one
   * message while its lease runs.
   */
  claimMessages(worker: string, limit: number, now: string, leaseMs: number): Promise<OutboxMessage[]>;
  /** The message went: counted sent on its notice, and its row deleted, together. False if it was no longer there. */
  messageSent(id: number): Promise<boolean>;
  /** As messageSent for several at once, in one transaction: how many were still there (and so counted). */
  messagesSent(ids: readonly number[]): Promise<number>;
  /**
   * The message did not go. Permanent: counted failed on its notice and its row deleted, together;
   * unless `blameAddress` is false (a fault of ours, not the address's), the address is recorded as
   * failing at `at` too. Temporary: it waits until `nextTryAt` for another try. False if it was no
   * longer there.
   */
  messageFailed(id: number, failure: MessageFailure): Promise<boolean>;
  /** Members whose address refuses mail, by member id. */
  failingAddresses(): Promise<FailingAddress[]>;
  /** Stores a one-time sign-in link. */
  putSignInLink(link: SignInLink): Promise<void>;
  /** Uses the link: its member and process if it exists, is unused and has not expired at `now`; atomic, so it works once. */
  useSignInLink(tokenHash: string, now: string): Promise<{ readonly member: MemberId; readonly process: ProcessId } | null>;
}

// ---- A union's statutory postal ballot (issue 14) ----------------------------------------------

/** How a statutory postal ballot was set up when its papers were issued. */
export interface PostalSetup {
  readonly process: ProcessId;
  /** The independent scrutineer, as the papers name them (a person or a body). */
  readonly scrutineer: string;
  /** Where the papers go back to. */
  readonly returnAddress: string;
  /** The last day a paper may reach the scrutineer and be counted. */
  readonly lastDay: IsoDate;
  readonly issuedAt: string;
}

export interface PostalComplaint {
  readonly at: string;
  readonly text: string;
}

/** A postal ballot as kept: its setup, complaints, what has happened, and its figures (never a member). */
export interface PostalBallotRecord extends PostalSetup {
  readonly complaints: readonly PostalComplaint[];
  /** When the marks were taken from their numbers for the count; null before. */
  readonly countedAt: string | null;
  /** When the register link and the marks were destroyed; null before. */
  readonly destroyedAt: string | null;
  readonly figures: PostalFigures;
}

/** A line of the register: who holds which paper. For the scrutineer's eyes alone. */
export interface RegisterLine {
  readonly number: number;
  readonly member: MemberId;
  readonly state: PostalPaper['state'];
  readonly replacedBy: number | null;
}

/** A line of the returns log (by number: never a member). */
export interface LoggedReturn extends PostalReturn {
  readonly seq: number;
  readonly recordedAt: string;
}

/**
 * The statutory postal ballot's papers, returns log and marks. The register↔number link is held
 * here and read only through `postalRegister` (the app lets only the scrutineer call it); every
 * other read is by number or in figures. Each write is one transaction with its audit entry.
 */
export interface PostalStore {
  /** Sets the ballot up and stores its papers (number and member), in one transaction. Error 'exists' if papers were issued already. */
  issuePostalPapers(setup: PostalSetup, papers: readonly { readonly number: number; readonly member: MemberId }[], audit: AuditRecord): Promise<Result<void>>;
  postalBallot(processId: ProcessId): Promise<PostalBallotRecord | null>;
  /** A page of the register in number order (after `after`, at most `limit`, default 1,000). */
  postalRegister(processId: ProcessId, page?: { readonly after?: number; readonly limit?: number }): Promise<RegisterLine[]>;
  /** Logs a paper's return (judged by judgeReturn): its kind; refused ('unknown-paper', 'not-issued', 'counted') with nothing stored. */
  logPostalReturn(processId: ProcessId, number: number, receivedOn: IsoDate, audit: (kind: ReturnKind) => AuditRecord): Promise<Result<ReturnKind>>;
  /** Voids a paper and issues its member the next number; refused as checkSpoil says. */
  spoilPostalPaper(processId: ProcessId, number: number, audit: (replacement: number) => AuditRecord): Promise<Result<{ readonly replacement: number }>>;
  postalReturns(processId: ProcessId): Promise<LoggedReturn[]>;
  /** Enters the marks of a paper received in time; refused ('not-received', 'marks-entered', 'counted'). */
  enterPostalMarks(processId: ProcessId, number: number, marks: PaperMarks, audit: AuditRecord): Promise<Result<void>>;
  /** Papers received in time whose marks are not yet entered, by number. */
  postalAwaitingMarks(processId: ProcessId): Promise<number[]>;
  /** The valid papers' rankings merged (with how many papers carry each): what is counted. */
  postalRankings(processId: ProcessId): Promise<{ readonly ranking: readonly string[]; readonly count: number }[]>;
  /** Takes the marks from their numbers (merged, order gone) once counted; false if already done. */
  separatePostalMarks(processId: ProcessId, at: string, audit: AuditRecord): Promise<boolean>;
  addPostalComplaint(processId: ProcessId, complaint: PostalComplaint, audit: AuditRecord): Promise<boolean>;
  /** Deletes the register link and the marks, keeping numbers, returns and figures; false if already destroyed. */
  destroyPostalRecords(processId: ProcessId, at: string, audit: AuditRecord): Promise<boolean>;
}

// ---- Supporters of a leadership election: the window and the validation queue -----------------

/** A decision the store applies to an application, if it is still `from`. */
export interface SupporterApplicationChange {
  readonly from: ApplicationStatus;
  readonly status: 'accepted' | 'rejected';
  readonly reason: string;
  readonly decidedOn: IsoDate;
  /**
   * For an acceptance: the membership row the supporter votes as, written in the same transaction. A
   * supporter's row of an earlier election with the same email (ignoring case) is used instead, so one
   * person signs in as one voter.
   */
  readonly member: Member | null;
}

/** An accepted supporter of an election, as its freeze reads them. */
export interface AcceptedSupporter {
  readonly member: MemberId;
  readonly class: SupporterClass;
  readonly acceptedOn: IsoDate;
}

export interface SupporterStore {
  /** Sets (or replaces) the election's window and fee, with its audit entry, in one transaction. */
  setSupporterWindow(processId: ProcessId, window: SupporterWindow, at: string, audit: AuditRecord): Promise<void>;
  supporterWindow(processId: ProcessId): Promise<SupporterWindow | null>;
  /**
   * Stores an application as pending under the election's next number, in the language the applicant
   * read the form in, with its audit entry and the notice of its receipt (each given the number), in
   * one transaction.
   */
  addSupporterApplication(
    processId: ProcessId,
    application: SupporterApplicationInput,
    tokenHash: string,
    at: string,
    audit: (number: number) => AuditRecord,
    mail: { readonly language: MemberLanguage; readonly notice: (number: number) => NewNotice },
  ): Promise<SupporterApplication>;
  /** The election's applications by number. */
  supporterApplications(processId: ProcessId): Promise<SupporterApplication[]>;
  supporterApplication(processId: ProcessId, number: number): Promise<SupporterApplication | null>;
  /** The application whose status link (the one shown on applying, or one a mail carried) has this digest, or null. */
  supporterApplicationByToken(tokenHash: string): Promise<SupporterApplication | null>;
  /** Keeps the digest of a further status link to an application, made as a mail to its applicant is written. */
  putSupporterStatusLink(tokenHash: string, processId: ProcessId, number: number): Promise<void>;
  /**
   * Decides an application still `from` (else 'decided', nothing written), writing the member row of
   * an acceptance, the audit entry and the notice telling the applicant with it.
   */
  decideSupporterApplication(
    processId: ProcessId,
    number: number,
    change: SupporterApplicationChange,
    audit: AuditRecord,
    notice: NewNotice,
  ): Promise<Result<SupporterApplication>>;
  /** The election's accepted supporters, by member id. */
  acceptedSupporters(processId: ProcessId): Promise<AcceptedSupporter[]>;
}

// ---- The booth of an online nomination meeting: one vote a member a round, kept apart from who voted ----

/** A closed round's votes as the booth counted them: by candidate (every candidate of the round, 0 for none), and how many voted. */
export interface MeetingRoundCount {
  readonly votes: Readonly<Record<string, number>>;
  readonly voters: number;
}

export interface MeetingBoothStore {
  /** Opens round `round` of a meeting for voting between `candidates` (member ids); opening it again changes nothing. */
  openMeetingRound(processId: ProcessId, round: number, candidates: readonly string[]): Promise<void>;
  /**
   * Casts a member's one vote in an open round, in one transaction: the member is marked as having
   * voted in the round and the vote stored (with a random key, no member, no time) together or not at
   * all. Refused with 'closed' when the round is not open (never opened, or closed: a close waits for
   * a cast under way, and a cast after it stores nothing), 'already-voted' when the member has voted
   * in it (of two at once, one counts), 'invalid-input' when the candidate does not stand in it.
   */
  castMeetingVote(processId: ProcessId, round: number, member: MemberId, candidate: string): Promise<Result<void>>;
  /** How many have voted in the round so far (never who for whom). */
  meetingRoundTurnout(processId: ProcessId, round: number): Promise<number>;
  hasVotedInMeetingRound(processId: ProcessId, round: number, member: MemberId): Promise<boolean>;
  /** Closes the round (no vote is taken after) and counts it; closing a closed round counts it again, alike. 'not-found' if never opened. */
  closeMeetingRound(processId: ProcessId, round: number): Promise<Result<MeetingRoundCount>>;
}

// ---- Encrypted ballots: set-up, trustees' messages, credentials, mixes ----------------------------

/** How a process's encrypted ballot is set up when it is opened. */
export interface EncryptedElectionSetup {
  /** The election id E bound into every hash (docs/verifiable-ballots.md §2). */
  readonly electionId: string;
  /** k: how many trustees suffice to decrypt. */
  readonly threshold: number;
  /** The trustees' members, trustee 1 first (n is their number). */
  readonly trustees: readonly MemberId[];
  /** The member who generates the credentials and uploads the public ones. */
  readonly authority: MemberId;
}

/** A trustee's key-generation message of one round, as its JSON. */
export interface StoredKeyGeneration {
  readonly trustee: number;
  readonly round: 1 | 2;
  readonly message: string;
}

/** A mix or a decryption message, as its JSON, with who made it. */
export interface StoredTrusteeMessage {
  readonly trustee: number;
  readonly message: string;
}

/**
 * What an encrypted ballot keeps beyond the ballot box. Each message is kept as the JSON the board
 * publishes, checked by the caller; each put is one write that refuses (false) a second message in
 * the same place rather than replacing the first.
 */
export interface EncryptedBallotStore {
  /** False if the process already has a set-up (or the election id is taken). */
  setUpEncryptedElection(processId: ProcessId, setup: EncryptedElectionSetup): Promise<boolean>;
  encryptedElectionOf(processId: ProcessId): Promise<EncryptedElectionSetup | null>;
  putKeyGeneration(processId: ProcessId, message: StoredKeyGeneration): Promise<boolean>;
  /** Every message, by trustee then round. */
  keyGenerations(processId: ProcessId): Promise<StoredKeyGeneration[]>;
  /**
   * All the public credentials at once, with the authority's register of whose each is when given
   * (the caller checks it names exactly these credentials); false if the process has some already.
   */
  putPublicCredentials(processId: ProcessId, credentials: readonly string[], register?: ReadonlyMap<MemberId, string>): Promise<boolean>;
  /** The member's public credential from the authority's register; null if there is no register or the member is not on it. */
  registeredCredential(processId: ProcessId, member: MemberId): Promise<string | null>;
  /** How many members the register names (0: no register was uploaded). */
  registerSize(processId: ProcessId): Promise<number>;
  /** Sorted, as the board lists them. */
  publicCredentials(processId: ProcessId): Promise<string[]>;
  /** The encrypted ballots' JSON in the order of their random keys. */
  encryptedBallots(processId: ProcessId): Promise<string[]>;
  /** The mix at `position` (1, 2, …); false if that place or that mixer is taken. */
  putMix(processId: ProcessId, position: number, mix: StoredTrusteeMessage): Promise<boolean>;
  /** In order of position. */
  mixes(processId: ProcessId): Promise<StoredTrusteeMessage[]>;
  putDecryption(processId: ProcessId, decryption: StoredTrusteeMessage): Promise<boolean>;
  /** By trustee. */
  decryptions(processId: ProcessId): Promise<StoredTrusteeMessage[]>;
}
