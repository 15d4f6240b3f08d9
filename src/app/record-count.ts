/**
 * Recording the count of a selection or an internal election: the one count
 * use case, which the officer's web form and `hustings selection|election
 * count` both call.
 *
 * The ballots are counted once, here. What is counted is the sealed box,
 * refused if it no longer matches its seal entry in the audit log, with the
 * seed drawn at the seal: nobody supplies a seed at count time. A ballot file is
 * counted only for a process whose box stayed empty (ballots counted elsewhere),
 * and the file's digest is logged. The full record is kept beside the process,
 * in the step's own transaction, as canonical JSON whose SHA-256 goes into the
 * audit log (`count.recorded`): the results served later are that copy, served
 * only while it matches the entry.
 */
import { auditRecord, canonicalJson, processStepRecord } from '../audit/index.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import { applyProcess, type RankedBallot } from '../domain/processes/index.js';
import { err, ok, type DomainError, type Result } from '../domain/result.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import { sha256Hex } from '../integrity/sha256.js';
import type { AuditStore, IntegrityStore, ProcessStore, VotingStore } from '../store/store.js';
import { inAppTerms, type AppResult } from './app-error.js';
import { checkSealedBox, sealBallotBox } from './seal-ballot-box.js';

/**
 * Where the ballots come from: the process's own sealed box, a file of ballots counted elsewhere, or
 * the rankings its trustees decrypted from its encrypted ballots (the box then holds only the marks).
 */
export type CountSource =
  | { readonly kind: 'ballot-box' }
  | { readonly kind: 'encrypted'; readonly ballots: readonly RankedBallot[]; readonly order: readonly string[] }
  | { readonly kind: 'file'; readonly name: string; readonly sha256: string; readonly ballots: readonly RankedBallot[] };

/** Identical rankings merged, with how many ballots carry each: what the count step takes. */
function merged(ballots: readonly { readonly ranking: readonly string[] }[]): RankedBallot[] {
  const byKey = new Map<string, { ranking: readonly string[]; count: number }>();
  for (const b of ballots) {
    const key = b.ranking.join('\u0000');
    const had = byKey.get(key);
    if (had) had.count++;
    else byKey.set(key, { ranking: b.ranking, count: 1 });
  }
  return [...byKey.values()];
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What a count touches: the process, its sealed box and ballots, the kept record and the audit log. */
export type CountingStore = ProcessStore & VotingStore & IntegrityStore & AuditStore;

export async function recordCount(
  store: CountingStore,
  clock: Clock,
  proc: ProcessDocument,
  rulebook: Rulebook,
  source: CountSource,
  actor: string,
): Promise<AppResult<ProcessDocument>> {
  return inAppTerms(await countAndKeep(store, clock, proc, rulebook, source, actor));
}

async function countAndKeep(
  store: CountingStore,
  clock: Clock,
  proc: ProcessDocument,
  rulebook: Rulebook,
  source: CountSource,
  actor: string,
): Promise<Result<ProcessDocument, DomainError>> {
  const title = proc.kind === 'trigger-ballot' ? proc.id : proc.state.title;
  if (proc.state.phase !== 'closed') {
    // Let the state machine word the refusal, as for any step out of turn.
    const refused = applyProcess(proc.state, { type: 'record-count', ballots: [] }, { rulebook, clock, actor });
    if (!refused.ok) return refused;
    throw new Error(`the state machine counted ${proc.id} in phase "${proc.state.phase}"`);
  }
  const sealed = await sealBallotBox(store, proc.id, actor, clock.now().toISOString());
  if (!sealed.ok) return sealed;
  const { box, seal } = sealed.value;
  let ballots: readonly RankedBallot[];
  if (source.kind === 'file') {
    if (box.ballots > 0 || box.voters > 0) {
      return err(
        'has-ballot-box',
        `${title} has its own ballot box (${plural(box.ballots, 'ballot', 'ballots')}, ${plural(box.voters, 'member', 'members')} marked as voted), so it is counted from that box, not from a file: run the count without a ballot file.`,
      );
    }
    ballots = source.ballots;
  } else {
    const intact = await checkSealedBox(store, proc.id, title);
    if (!intact.ok) return intact;
    ballots = merged(source.kind === 'encrypted' ? source.ballots : await store.ballots(proc.id));
  }
  const ctx = { rulebook, clock, actor };
  return store.updateDocument(proc.id, (current) => {
    const order = source.kind === 'encrypted' ? { order: source.order } : {};
    const r = applyProcess(current.state, { type: 'record-count', ballots, seed: seal.seed, ...order }, ctx);
    if (!r.ok) return r;
    const { state, event, record } = r.value;
    if (record === undefined) throw new Error(`the count of ${current.id} gave no record`);
    const text = canonicalJson(record);
    const sha256 = sha256Hex(text);
    const counted = state.kind === 'trigger-ballot' || state.kind === 'nomination-meeting' ? 0 : (state.count?.ballots ?? 0);
    const keep = {
      record: text,
      sha256,
      audit: auditRecord(
        actor,
        'count.recorded',
        {
          process: current.id,
          recordSha256: sha256,
          ballots: counted,
          seed: seal.seed,
          source: source.kind,
          file: source.kind === 'file' ? source.name : null,
          fileSha256: source.kind === 'file' ? source.sha256 : null,
        },
        event.at,
      ),
    };
    return ok({
      state,
      event,
      at: event.at,
      audit: processStepRecord({ process: current.id, kind: current.kind, version: current.version + 1, event }, actor, event.at),
      keep,
    });
  });
}
