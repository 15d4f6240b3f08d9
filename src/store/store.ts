/**
 * The storage port. Two adapters implement it (SQLite, the embedded default,
 * and PostgreSQL, for production) and both pass the same contract suite.
 *
 * Processes are stored as documents: the domain owns their shape (plain JSON
 * data) and their transitions; the store only guarantees that each change is
 * applied to the latest state, atomically, one writer at a time.
 */
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { Incumbent, Member, Office, Unit, UnitKind } from '../domain/organisation.js';
import type { DomainError, Result } from '../domain/result.js';

export type ProcessKind = 'trigger-ballot' | 'selection' | 'internal-election';

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
export interface ProcessEvent {
  readonly process: ProcessId;
  readonly version: number;
  /** What happened, as domain data (e.g. { type: 'meeting-recorded', unit, … }). */
  readonly event: unknown;
  /** ISO instant, from the domain's clock. */
  readonly at: string;
}

/** A change to a process: from its current state, the next state and the event that explains it, or an error. */
export type ProcessChange = (current: StoredProcess) => Result<{ readonly state: unknown; readonly event: unknown; readonly at: string }, DomainError>;

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

export interface Store extends AuthStore, VotingStore {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;

  /** Inserts or replaces units, all in one transaction. */
  putUnits(units: readonly Unit[]): Promise<void>;
  getUnit(id: UnitId): Promise<Unit | null>;
  listUnits(filter?: UnitFilter): Promise<Unit[]>;

  /** Inserts or replaces members (with their status history), all in one transaction. */
  putMembers(members: readonly Member[]): Promise<void>;
  getMember(id: MemberId): Promise<Member | null>;
  /** Members of the given branches, in id order, streamed. */
  membersOf(branches: readonly UnitId[]): AsyncIterable<Member>;
  countMembers(): Promise<number>;

  putOffice(office: Office): Promise<void>;
  removeOffice(office: Office): Promise<void>;
  listOffices(filter?: { readonly unit?: UnitId; readonly member?: MemberId }): Promise<Office[]>;

  putIncumbent(incumbent: Incumbent): Promise<void>;
  getIncumbent(constituency: UnitId): Promise<Incumbent | null>;
  listIncumbents(): Promise<Incumbent[]>;

  /** Fails (a DomainError with code "exists") if the id is taken. */
  createProcess(process: Omit<StoredProcess, 'version'>, event: { readonly event: unknown; readonly at: string }): Promise<Result<StoredProcess>>;
  getProcess(id: ProcessId): Promise<StoredProcess | null>;
  listProcesses(filter?: { readonly kind?: ProcessKind; readonly constituency?: UnitId }): Promise<StoredProcess[]>;
  processEvents(id: ProcessId): Promise<ProcessEvent[]>;
  /**
   * Applies `change` to the latest state of the process under a lock, and stores
   * the new state and its event in one transaction. Concurrent callers are
   * serialised; if `change` returns an error nothing is written.
   */
  updateProcess(id: ProcessId, change: ProcessChange): Promise<Result<StoredProcess>>;

  /** Stores a frozen electorate for a process, in one transaction; an error if one is already frozen. */
  freezeElectorate(process: ProcessId, entries: Iterable<ElectorateEntry> | AsyncIterable<ElectorateEntry>): Promise<Result<{ readonly eligible: number; readonly total: number }>>;
  electorate(process: ProcessId): Promise<ElectorateEntry[]>;
}

// ---- Sign-in and sessions (issue 4) ----------------------------------------------------

/** A one-time sign-in code sent by email; only its hash is stored. */
export interface LoginCode {
  readonly member: MemberId;
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

/** Instants given to these stores are kept (and returned) as `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export interface AuthStore {
  /** The member with this email address, ignoring case; when members share one, the first by id. */
  memberByEmail(email: string): Promise<Member | null>;
  putLoginCode(code: LoginCode): Promise<void>;
  /** Marks the code used and returns true if it exists for this member, is unused and has not expired at `now`; atomic, so a code works once. */
  consumeLoginCode(member: MemberId, codeHash: string, now: string): Promise<boolean>;
  /**
   * Records a sign-in attempt under `key` (e.g. an email or address) and returns how many were made since `since` (this one included).
   * Attempts under one key are counted one at a time, so each of many at once gets its own count. Attempts from before `since`
   * (and any key's from over a day before it) are forgotten as it goes.
   */
  countLoginAttempt(key: string, at: string, since: string): Promise<number>;
  /** Stores a session, forgetting the member's sessions that had expired by its start. */
  putSession(session: Session): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: string): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Sign out everywhere. */
  deleteSessionsOf(member: MemberId): Promise<number>;
}

// ---- Casting ballots (issue 4; integrity hardened in issue 5) -----------------------------

/** A ranked ballot as cast: candidate ids in order of preference. */
export interface CastBallot {
  readonly ranking: readonly string[];
  /** The code the voter keeps to find their ballot on the bulletin board. */
  readonly tracker: string;
}

export interface VotingStore {
  /**
   * Casts one ballot in one transaction: the member must be eligible in the process's frozen
   * electorate and must not have voted; the member is marked as voted and the ballot stored
   * under a random key with no link to the member (no member id, no precise time, no order).
   * Errors: 'not-eligible' (also while no electorate is frozen), 'already-voted', 'not-found' (no such
   * process), 'tracker-taken' (the tracker is already used in this process: nothing is stored and the
   * member may cast again with a new one).
   */
  castBallot(process: ProcessId, member: MemberId, ballot: CastBallot): Promise<Result<{ readonly tracker: string }>>;
  hasVoted(process: ProcessId, member: MemberId): Promise<boolean>;
  /** How many have voted (no names). */
  turnout(process: ProcessId): Promise<number>;
  /** Every ballot cast, in a random order unrelated to casting order. */
  ballots(process: ProcessId): Promise<CastBallot[]>;
}
