/**
 * Sealing a ballot box at the close, and checking later that it still holds
 * what was sealed: the one seal use case, which the web app, the command line
 * and anything that closes a ballot by itself all call.
 *
 * The first seal appends a `box.sealed` entry to the hash-chained audit
 * log: the box's counts, the digest of its ballots as the bulletin board lists
 * them, and the seed of any drawing of lots, drawn here from a secure random
 * source. Whoever holds the database can rewrite ballot rows, but not that entry
 * without breaking the chain (or the head a scrutineer wrote down), so counting
 * and publishing compare the box with it and refuse a box that differs. The
 * seed is drawn once the ballots can no longer change and before anyone has
 * seen them counted, so no one can choose the lot knowing the ballots.
 */
import { randomInt } from 'node:crypto';
import { auditRecord } from '../audit/index.js';
import type { ProcessId } from '../domain/ids.js';
import { err, ok, type Result } from '../domain/result.js';
import { boardOrder, canonicalBallots, type BoardBallot } from '../integrity/board.js';
import { sha256Hex } from '../integrity/sha256.js';
import type { AuditStore, BallotBox, IntegrityStore, VotingStore } from '../store/store.js';

/** What the seal entry of a process records. */
export interface SealEntry {
  readonly process: string;
  readonly marked: number;
  readonly online: number;
  readonly postal: number;
  readonly inPerson: number;
  readonly ballots: number;
  readonly boxSha256: string;
  readonly seed: number;
  /** When the box was sealed (the entry's time). */
  readonly at: string;
}

/** The board's `ballotsSha256` of these ballots, hashed by the platform (the board's own SHA-256 is plain TypeScript, slower over a large box). */
const boxDigest = (ballots: readonly BoardBallot[]): string => sha256Hex(canonicalBallots(boardOrder(ballots)));

/** Seeds are whole numbers below 2^32, as the counting library's lot takes them. */
const SEED_LIMIT = 2 ** 32;

/**
 * The seal entry in the audit log of the ballot the process's box holds now (the first, should a race
 * have written two; a ballot voided and held again has one a round, naming its round); null if that
 * box was never sealed with one.
 */
export async function sealEntry(store: AuditStore & IntegrityStore, processId: ProcessId): Promise<SealEntry | null> {
  const round = (await store.ballotBox(processId))?.round ?? 1;
  const first = (await store.auditEntriesOf(processId, 'box.sealed')).find((e) => ((e.data as { round?: number }).round ?? 1) === round);
  if (first === undefined) return null;
  return { ...(first.data as Omit<SealEntry, 'at'>), at: first.at };
}

/**
 * Seals the box (idempotent) and makes sure its seal is in the audit log: the first seal logs the
 * box's counts, its ballots' digest and the seed it draws; later calls return the entry already there.
 */
export async function sealBallotBox(
  store: AuditStore & VotingStore & IntegrityStore,
  processId: ProcessId,
  actor: string,
  at: string,
): Promise<Result<{ readonly box: BallotBox; readonly seal: SealEntry }>> {
  const sealed = await store.sealBallots(processId);
  if (!sealed.ok) return sealed;
  const box = sealed.value;
  const already = await sealEntry(store, processId);
  if (already !== null) return ok({ box, seal: already });
  const ballots = await store.ballots(processId);
  const data = {
    process: processId,
    marked: box.voters,
    online: box.byChannel.online,
    postal: box.byChannel.postal,
    inPerson: box.byChannel['in-person'],
    ballots: ballots.length,
    boxSha256: boxDigest(ballots),
    seed: randomInt(0, SEED_LIMIT),
    round: box.round,
  };
  try {
    await store.appendAudit(auditRecord(actor, 'box.sealed', data, at));
  } catch (e) {
    // Another server sealed the same box at the same moment: the store keeps one seal entry a box
    // (a unique index), so this one was refused and theirs, with its seed, is the seal.
    const theirs = await sealEntry(store, processId);
    if (theirs === null) throw e;
    return ok({ box, seal: theirs });
  }
  return ok({ box, seal: (await sealEntry(store, processId))! });
}

/**
 * The seal entry, if the box still holds exactly what was sealed; otherwise an error ('seal-mismatch')
 * naming what differs, or ('not-sealed') if the box has no seal entry.
 */
export async function checkSealedBox(store: AuditStore & VotingStore & IntegrityStore, processId: ProcessId, title: string): Promise<Result<SealEntry>> {
  const seal = await sealEntry(store, processId);
  if (seal === null) return err('not-sealed', `The ballot box of ${title} has no seal in the audit log, so what it held at the close cannot be checked.`);
  const box = await store.ballotBox(processId);
  const ballots = await store.ballots(processId);
  const on = seal.at.slice(0, 10);
  const differences: string[] = [];
  if (ballots.length !== seal.ballots) differences.push(`the ballot box holds ${ballots.length} ballots but ${seal.ballots} were sealed on ${on}`);
  if (box !== null && box.voters !== seal.marked) differences.push(`${box.voters} members are marked as voted but ${seal.marked} were at the seal on ${on}`);
  if (box !== null && (box.byChannel.postal !== seal.postal || box.byChannel['in-person'] !== seal.inPerson)) {
    differences.push(
      `the votes by post and in person are ${box.byChannel.postal} and ${box.byChannel['in-person']}, but ${seal.postal} and ${seal.inPerson} were sealed`,
    );
  }
  if (differences.length === 0 && boxDigest(ballots) !== seal.boxSha256)
    differences.push(`the ballots in the box are not the ones sealed on ${on} (some were changed)`);
  if (differences.length > 0)
    return err(
      'seal-mismatch',
      `The ballot box of ${title} no longer matches its seal in the audit log: ${differences.join('; ')}. Nothing was counted or published. Tell the scrutineers.`,
    );
  return ok(seal);
}
