/**
 * The hash chain. Every entry carries the hash of the one before it, and its
 * own hash covers its sequence number, that previous hash, who acted, the
 * type, the data and the time. Changing, removing or moving any entry
 * therefore breaks either its own hash or the link from the next one, and
 * `verifyChain` says which entry and how.
 *
 * The hash is SHA-256 (hex, lower case) of the UTF-8 bytes of
 *
 *   hustings-audit/1\n<canonical JSON of {"actor","at","data","prev","seq","type"}>
 *
 * (canonical JSON as in canonical.ts), so anyone can recompute it with their
 * own tools. The first entry's previous hash is 64 zeros.
 *
 * A chain cannot show that entries were cut off its end: what is left is
 * still a valid chain. That is what the head is for: a scrutineer writes
 * down the latest sequence number and hash, and `verifyChain` with
 * `expectHead` then detects any later truncation or rewriting up to there.
 *
 * The digest is passed in (the adapters give node:crypto's SHA-256), so this
 * module stays free of I/O and platform code.
 */
import { AuditDataError, canonicalJson, type JsonObject } from './canonical.js';
import { auditDataProblem, type AuditData, type AuditEventType } from './events.js';

/** SHA-256 of the UTF-8 encoding of `text`, as 64 lower-case hex digits. */
export type Digest = (text: string) => string;

export const GENESIS = '0'.repeat(64);
export const HASH_PREFIX = 'hustings-audit/1\n';

/** An action to log: who, what, with which data, when. */
export interface AuditRecord<T extends AuditEventType = AuditEventType> {
  /** A member id, "cli:<user>" for the command line, "system", or "demo" for the demo generator. */
  readonly actor: string;
  readonly type: T;
  readonly data: AuditData<T>;
  /** ISO instant, from the clock of whoever acted. */
  readonly at: string;
}

/** A stored entry. `data` is whatever was read back (normally a JsonObject; anything else fails verification). */
export interface AuditEntry {
  readonly seq: number;
  readonly prev: string;
  readonly actor: string;
  readonly type: string;
  readonly data: unknown;
  readonly at: string;
  readonly hash: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** Builds a record, checking its data against the registry at compile time. */
export function auditRecord<T extends AuditEventType>(actor: string, type: T, data: AuditData<T>, at: string): AuditRecord<T> {
  return { actor, type, data, at };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Why a record may not be appended (bad actor, type, data or time), or null. Appending such a record is a bug in the caller. */
export function recordProblem(record: AuditRecord): string | null {
  if (typeof record.actor !== 'string' || record.actor.trim() === '' || record.actor.length > 200)
    return 'the actor must be a non-empty text of at most 200 characters';
  if (typeof record.at !== 'string' || !INSTANT.test(record.at) || Number.isNaN(Date.parse(record.at)))
    return `the time "${String(record.at)}" is not an ISO instant in UTC`;
  const problem = auditDataProblem(record.type, record.data);
  if (problem !== null) return problem;
  try {
    canonicalJson(record.data);
  } catch (e) {
    if (e instanceof AuditDataError) return e.message;
    throw e;
  }
  return null;
}

/** The text an entry's hash is taken over. Throws AuditDataError when the data is not audit data. */
export function hashedText(e: Omit<AuditEntry, 'hash'>): string {
  return HASH_PREFIX + canonicalJson({ actor: e.actor, at: e.at, data: e.data, prev: e.prev, seq: e.seq, type: e.type } as JsonObject);
}

export function entryHash(e: Omit<AuditEntry, 'hash'>, digest: Digest): string {
  return digest(hashedText(e));
}

/**
 * The entry that `record` becomes when appended after `head` (null: the log is
 * empty). Throws if the record is malformed: that is a bug, never user input.
 */
export function chainEntry(head: AuditHead | null, record: AuditRecord, digest: Digest): AuditEntry {
  const problem = recordProblem(record);
  if (problem !== null) throw new AuditDataError(`cannot log ${record.type}: ${problem}`);
  const body = {
    seq: head === null ? 1 : head.seq + 1,
    prev: head === null ? GENESIS : head.hash,
    actor: record.actor,
    type: record.type,
    data: record.data,
    at: record.at,
  };
  return { ...body, hash: entryHash(body, digest) };
}

/** The canonical text of an entry's data, as the stores keep it. */
export function dataText(record: AuditRecord): string {
  return canonicalJson(record.data);
}

// ---- Verification ------------------------------------------------------------------------------

export type ProblemKind =
  /** The entry's content no longer matches its hash. */
  | 'edited'
  /** The entry is self-consistent, but the next entry records a different hash for it: it was rewritten and re-hashed. */
  | 'replaced'
  /** Sequence numbers are missing. */
  | 'missing'
  /** The entry was written at another position in the chain. */
  | 'moved'
  /** The entry does not follow the one before it, for no reason the checks above explain. */
  | 'broken-link'
  /** Sequence numbers go backwards or repeat (only in a log read from elsewhere: a store reads in order). */
  | 'out-of-order'
  /** Entries written down as the head are gone from the end. */
  | 'truncated'
  /** The entry at the expected head's position is not the one written down. */
  | 'head-mismatch';

export interface ChainProblem {
  readonly kind: ProblemKind;
  /** The first sequence number concerned. */
  readonly seq: number;
  /** The last one, for a run of missing entries. */
  readonly through?: number;
  /** For a moved entry: the position it was written at. */
  readonly writtenAs?: number;
  readonly message: string;
}

export interface VerifyOptions {
  readonly digest: Digest;
  /** A head written down earlier: the chain must reach it and agree with it. */
  readonly expectHead?: AuditHead;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly entries: number;
  /** The last entry read, whether or not the chain is sound. */
  readonly head: AuditHead | null;
  readonly problems: readonly ChainProblem[];
}

const short = (hash: string): string => (typeof hash === 'string' ? hash.slice(0, 12) : String(hash));

/**
 * Checks a whole log, read in sequence order. Each problem names the entry
 * and what happened to it, without repeating what follows from an earlier
 * finding (after a missing entry, the next one naturally does not link to the
 * one before the gap).
 */
export function verifyChain(log: Iterable<AuditEntry>, options: VerifyOptions): ChainReport {
  const { digest } = options;
  const entries = [...log];
  const problems: ChainProblem[] = [];

  // Which entries hash correctly at the position they are stored at.
  const selfHash = entries.map((e) => safeHash(e, e.seq, digest));
  const sound = entries.map((e, i) => selfHash[i] === e.hash);
  const byHash = new Map<string, number>();
  entries.forEach((e, i) => {
    byHash.set(e.hash, i);
  });
  // Indexes come from the entries themselves (a position, byHash), so a missing entry is a bug here.
  const entryAt = (i: number): AuditEntry => {
    const e = entries[i];
    if (e === undefined) throw new Error(`internal error: audit entry at position ${i} is missing`);
    return e;
  };

  // Where an entry was first written: right after the entry whose hash it records as its previous one.
  const writtenAt = new Map<number, number | null>();
  const originalSeq = (i: number): number | null => {
    // Walk back along the previous-hash links to an entry whose place is known (one that hashes
    // correctly where it is, the start of the chain, or one already worked out), then number the
    // path forward from there. Iterative, so a log reordered end to end cannot exhaust the stack.
    const path: number[] = [];
    let base: number | null = null;
    for (let j: number | undefined = i; ; ) {
      if (writtenAt.has(j)) {
        base = writtenAt.get(j)!;
        break;
      }
      writtenAt.set(j, null); // a cycle of links ends here, unnumbered
      path.push(j);
      const e = entryAt(j);
      if (e.prev === GENESIS) {
        base = 0;
        break;
      }
      j = byHash.get(e.prev);
      if (j === undefined) break;
      if (sound[j]) {
        base = entryAt(j).seq;
        break;
      }
    }
    for (const j of path.reverse()) {
      base = base === null ? null : base + 1;
      writtenAt.set(j, base);
    }
    return writtenAt.get(i)!;
  };

  let expected = 1;
  for (const [i, e] of entries.entries()) {
    if (!Number.isSafeInteger(e.seq) || e.seq < expected) {
      problems.push({ kind: 'out-of-order', seq: e.seq, message: `seq ${e.seq} comes after seq ${expected - 1}: the entries are out of order or repeated` });
      continue;
    }
    if (e.seq > expected) {
      problems.push(
        e.seq === expected + 1
          ? {
              kind: 'missing',
              seq: expected,
              message: `seq ${expected} is missing: the log goes from ${expected === 1 ? 'its start' : `seq ${expected - 1}`} to seq ${e.seq} (an entry was removed)`,
            }
          : {
              kind: 'missing',
              seq: expected,
              through: e.seq - 1,
              message: `seqs ${expected} to ${e.seq - 1} are missing: the log goes from ${expected === 1 ? 'its start' : `seq ${expected - 1}`} to seq ${e.seq} (${e.seq - expected} entries were removed)`,
            },
      );
    }
    expected = e.seq + 1;
    const gapBefore = i === 0 ? e.seq !== 1 : entryAt(i - 1).seq !== e.seq - 1;

    if (!sound[i]) {
      const was = originalSeq(i);
      if (was !== null && was !== e.seq && safeHash(e, was, digest) === e.hash) {
        problems.push({
          kind: 'moved',
          seq: e.seq,
          writtenAs: was,
          message: `seq ${e.seq} was moved: this entry (${e.type} by ${e.actor}) was written as seq ${was} (entries were reordered)`,
        });
      } else {
        problems.push({
          kind: 'edited',
          seq: e.seq,
          message: `seq ${e.seq} was edited: its content (${e.type} by ${e.actor} at ${e.at}) no longer matches its hash ${short(e.hash)}`,
        });
      }
      continue;
    }
    if (i === 0) {
      if (!gapBefore && e.prev !== GENESIS)
        problems.push({
          kind: 'broken-link',
          seq: e.seq,
          message: `seq ${e.seq} is first but does not start the chain (its previous hash is ${short(e.prev)}, not zeros)`,
        });
      continue;
    }
    const before = entryAt(i - 1);
    if (gapBefore || !sound[i - 1] || e.prev === before.hash) continue;
    const writtenBefore = byHash.get(e.prev);
    if (writtenBefore !== undefined) {
      // It follows an entry that is elsewhere now: that one was moved with its hash intact (counted above) — or this one was.
      problems.push({
        kind: 'moved',
        seq: e.seq,
        writtenAs: entryAt(writtenBefore).seq + 1,
        message: `seq ${e.seq} does not follow seq ${before.seq}: it was written after seq ${entryAt(writtenBefore).seq} (entries were reordered)`,
      });
    } else if (i + 1 === entries.length || entryAt(i + 1).prev === e.hash) {
      // This entry is vouched for by the next one (or is the last, whose previous hash nobody rewrites without
      // also rewriting its content): so it is the earlier entry that changed, rewritten and re-hashed.
      problems.push({
        kind: 'replaced',
        seq: before.seq,
        message: `seq ${before.seq} was replaced: it hashes to ${short(before.hash)}, but seq ${e.seq} records the entry before it as ${short(e.prev)} (it was edited and its hash recomputed)`,
      });
    } else {
      problems.push({
        kind: 'broken-link',
        seq: e.seq,
        message: `seq ${e.seq} does not follow seq ${before.seq}: it records the entry before it as ${short(e.prev)}, but seq ${before.seq} hashes to ${short(before.hash)} (one of them was rewritten)`,
      });
    }
  }

  const last = entries.at(-1) ?? null;
  const head = last === null ? null : { seq: last.seq, hash: last.hash };
  const want = options.expectHead;
  if (want !== undefined) {
    const found = entries.find((e) => e.seq === want.seq);
    if (last === null || want.seq > last.seq) {
      problems.push({
        kind: 'truncated',
        seq: last === null ? 1 : last.seq + 1,
        through: want.seq,
        message:
          last === null
            ? `the log is empty, but the head written down was seq ${want.seq}: every entry was removed (truncated)`
            : `the log ends at seq ${last.seq}, but the head written down was seq ${want.seq}: ${want.seq === last.seq + 1 ? `seq ${want.seq} was` : `seqs ${last.seq + 1} to ${want.seq} were`} removed from the end (truncated)`,
      });
    } else if (found !== undefined && found.hash !== want.hash && !problems.some((p) => p.seq === want.seq)) {
      problems.push({
        kind: 'head-mismatch',
        seq: want.seq,
        message: `seq ${want.seq} hashes to ${short(found.hash)}, not ${short(want.hash)} as written down: the log was rewritten at or before seq ${want.seq}`,
      });
    }
    // A missing, edited or moved entry at the expected head is already reported as such.
  }
  return { ok: problems.length === 0, entries: entries.length, head, problems };
}

function safeHash(e: AuditEntry, seq: number, digest: Digest): string | null {
  try {
    return entryHash({ ...e, seq }, digest);
  } catch (err) {
    if (err instanceof AuditDataError) return null;
    throw err;
  }
}

/** "seq:hash", as a head is written down and given back to `hustings audit verify --expect-head`. */
export function formatHead(head: AuditHead): string {
  return `${head.seq}:${head.hash}`;
}

export function parseHead(text: string): AuditHead | null {
  const m = /^\s*(\d{1,15}):([0-9a-fA-F]{64})\s*$/.exec(text);
  if (!m) return null;
  const seq = Number(m[1]);
  // Both groups are required by the pattern.
  return seq >= 1 ? { seq, hash: m[2]!.toLowerCase() } : null;
}
