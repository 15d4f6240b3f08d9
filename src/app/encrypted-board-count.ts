/**
 * The `count` section of an encrypted board (docs/verifiable-ballots.md §11): what the decrypted
 * rankings are counted by, so that anyone can recount them. Its candidates are the protocol's
 * numbering (ranking number c is candidates[c]); its seats, method and options are the plain
 * board's, the seed appearing once the seal draws it; the declared result once it is declared.
 */
import { genderAttribute } from '../domain/processes/index.js';
import type { EncryptedCountTerms } from '../verifiable/board.js';
import type { AuditStore, IntegrityStore, StoredProcess } from '../store/store.js';
import type { BoardOptionValue } from '../integrity/board.js';
import { refusal, type AppResult } from './app-error.js';
import { orderBallotPaper } from '../domain/ballot-order.js';
import { ballotPaper, type BallotState, methodOf, minWomenOf, type PaperCandidate, seatsOf } from './ballot-paper.js';
import { keptRecord } from './kept-results.js';
import { rulebookFor, type RulebookStore } from './rulebook-of.js';
import { sealEntry } from './seal-ballot-box.js';

/** The candidates of an encrypted ballot, numbered 0, 1, … as the protocol numbers them: by surname, withdrawn ones kept so numbers never move. */
export function encryptedCandidates(state: BallotState): PaperCandidate[] {
  return orderBallotPaper(ballotPaper(state), 'surname', null);
}

export async function encryptedCountTermsOf(
  store: AuditStore & IntegrityStore & RulebookStore,
  proc: Pick<StoredProcess, 'id' | 'kind' | 'rulebook'>,
  state: BallotState,
): Promise<AppResult<EncryptedCountTerms>> {
  const summary = state.count;
  const rb = await rulebookFor(store, proc);
  const method = summary?.method ?? (rb === null ? null : methodOf(state, rb));
  if (method === null) return refusal('unavailable', 'rulebook-missing', `The process's rulebook (${proc.rulebook}) is not bundled with this Hustings.`);
  const seats = summary?.seats ?? seatsOf(state);
  const seed = summary?.seed ?? (await sealEntry(store, proc.id))?.seed;
  const options: Record<string, BoardOptionValue> = { seats, ...(seed === undefined ? {} : { seed }) };
  const minWomen = minWomenOf(state);
  if (minWomen !== null && minWomen > 0) options.minimum = `gender=woman:${minWomen}`;
  const candidates = encryptedCandidates(state).map((c) => ({
    id: c.id,
    name: c.name,
    withdrawn: c.withdrawn,
    ...(options.minimum === undefined ? {} : { attributes: { gender: genderAttribute(c.gender) } }),
  }));
  let declared: EncryptedCountTerms['declared'] = null;
  if (summary && state.phase === 'declared') {
    const record = await keptRecord(store, proc.id, state.title);
    if (!record.ok) return refusal('conflict', record.error.code, record.error.message);
    declared = { elected: summary.elected, record: record.value };
  }
  return { ok: true, value: { title: state.title, candidates, seats, method, options, declared } };
}
