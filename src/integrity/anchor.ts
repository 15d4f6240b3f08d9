/**
 * Checking a bulletin board against the audit log: a board rebuilt with the
 * library's own functions is consistent with itself, so checking it alone
 * proves nothing against whoever holds the database. The log's seal entry
 * (`box.sealed`: the box's counts, its ballots' digest and the seed drawn at
 * the close) and count entry (`count.recorded`: the kept record's digest) were
 * written when those things happened, and a scrutineer's head pins the log:
 * an entry cannot then be rewritten without breaking the chain up to it.
 *
 * The log is given whole or as an extract (`hustings audit export`): any run
 * of consecutive entries that ends at the head to trust. Each entry's hash is
 * recomputed and each link followed, so the entries read are exactly those the
 * head vouches for. Pure: no I/O; the SHA-256 is the board's own.
 */
import { canonicalJson, entryHash, type AuditEntry, type AuditHead } from '../audit/index.js';
import type { Board } from './board.js';
import { sha256Hex } from './sha256.js';

export interface AnchorCheck {
  readonly problems: readonly string[];
  readonly checked: readonly string[];
}

export const AUDIT_EXTRACT_FORMAT = 'hustings-audit-extract';

/** The record's digest as the count entry holds it: SHA-256 of its canonical JSON. */
export const recordDigest = (record: unknown): string => sha256Hex(canonicalJson(record));

/** Why `entries` are not a run of the chain ending at `head`, or null when they are. */
function chainProblem(entries: readonly AuditEntry[], head: AuditHead): string | null {
  if (entries.length === 0) return 'the audit log given is empty';
  for (const [i, e] of entries.entries()) {
    let own: string;
    try {
      own = entryHash(e, sha256Hex);
    } catch {
      return `audit entry ${e.seq} holds data that is not audit data`;
    }
    if (own !== e.hash) return `audit entry ${e.seq} does not match its hash: it was changed`;
    if (i > 0) {
      const before = entries[i - 1];
      if (e.seq !== before.seq + 1) return `audit entries ${before.seq} and ${e.seq} are not consecutive: the log given has a gap`;
      if (e.prev !== before.hash) return `audit entry ${e.seq} does not follow entry ${before.seq}: the chain is broken there`;
    }
  }
  const last = entries[entries.length - 1];
  if (last.seq !== head.seq || last.hash !== head.hash) {
    const at = entries.find((e) => e.seq === head.seq);
    if (at === undefined) return `the audit log given ends at entry ${last.seq}, not at the head to trust (entry ${head.seq})`;
    return `audit entry ${head.seq} has the hash ${at.hash}, not the head's ${head.hash}: the log is not the one the head was written down from`;
  }
  return null;
}

const dataOf = (e: AuditEntry): Record<string, unknown> => (typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {});

export function checkAgainstLog(board: Board, entries: readonly AuditEntry[], head: AuditHead): AnchorCheck {
  const problems: string[] = [];
  const checked: string[] = [];
  const broken = chainProblem(entries, head);
  if (broken !== null) return { problems: [broken], checked };
  checked.push(`the audit log given is a run of ${entries.length} hash-chained entries ending at the head to trust (entry ${head.seq})`);
  const id = board.process.id;
  // The latest of each: a ballot voided and held again has a seal and a count a round, and the board is of the one held last.
  const of = (type: string) => entries.filter((e) => e.type === type && dataOf(e).process === id).at(-1);

  const seal = of('box.sealed');
  if (seal === undefined) {
    problems.push(`the audit log has no seal entry for ${id}, so nothing vouches for its ballots (export the log from before the close)`);
  } else {
    const d = dataOf(seal);
    const on = seal.at.slice(0, 10);
    if (d.ballots !== board.ballots.length)
      problems.push(`the board has ${board.ballots.length} ballots, but ${String(d.ballots)} were sealed on ${on} (audit entry ${seal.seq})`);
    if (d.boxSha256 !== board.ballotsSha256)
      problems.push(
        `the board's ballots are not the ones sealed on ${on}: their SHA-256 is ${board.ballotsSha256}, the seal's ${String(d.boxSha256)} (audit entry ${seal.seq})`,
      );
    const v = board.voters;
    if (d.marked !== v.total || d.online !== v.online || d.postal !== v.postal || d.inPerson !== v.inPerson) {
      problems.push(
        `the board's voters (${v.total}: ${v.online} online, ${v.postal} by post, ${v.inPerson} in person) are not the sealed ones (${String(d.marked)}: ${String(d.online)}, ${String(d.postal)}, ${String(d.inPerson)}; audit entry ${seal.seq})`,
      );
    }
    if (board.options.seed !== undefined && board.options.seed !== d.seed)
      problems.push(`the board's seed of the lot is ${String(board.options.seed)}, but ${String(d.seed)} was drawn at the seal (audit entry ${seal.seq})`);
    checked.push(`checked the ballots, their SHA-256, the voters by channel and the seed against the seal of ${on} (audit entry ${seal.seq})`);
  }

  if (board.declared !== null) {
    const counted = of('count.recorded');
    if (counted === undefined) {
      problems.push(`the board declares a result, but the audit log has no count entry for ${id}`);
    } else {
      const d = dataOf(counted);
      const digest = recordDigest(board.declared.record);
      if (d.recordSha256 !== digest)
        problems.push(
          `the board's count record is not the one kept at the count: its SHA-256 is ${digest}, the audit log's ${String(d.recordSha256)} (audit entry ${counted.seq})`,
        );
      if (seal !== undefined && d.seed !== dataOf(seal).seed)
        problems.push(`the count used the seed ${String(d.seed)}, not the ${String(dataOf(seal).seed)} drawn at the seal (audit entry ${counted.seq})`);
      checked.push(`checked the declared record against the digest logged when it was counted (audit entry ${counted.seq})`);
    }
  }
  return { problems, checked };
}
