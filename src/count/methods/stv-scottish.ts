/**
 * Scottish STV: the count of the Scottish Local Government Elections Order 2007
 * (SSI 2007/42, schedule 1, rules 45–52), used for every Scottish council ward.
 *
 * - Quota: ⌊valid poll ÷ (seats + 1)⌋ + 1 (rule 46). Reaching it elects (rule 47).
 * - Surplus (rule 48): ALL the elected candidate's papers move to their next
 *   continuing preference, each at value surplus × (its value) ÷ (candidate's total
 *   votes), calculated to five decimal places with any remainder ignored. The
 *   candidate keeps exactly the quota. Papers with no further preference are
 *   non-transferable (counted at the value they would have carried); what the
 *   truncation drops is recorded as lost.
 * - Largest surplus first; equal surpluses: the candidate with more votes at the most
 *   recent preceding stage at which they differed, else lot (rule 49).
 * - With no surplus to move, the candidate with fewest votes is excluded; all their
 *   papers move at the value they arrived with, in one stage (rule 50). Equal lowest:
 *   fewest at the most recent preceding stage at which they differed, else lot (rule 51).
 * - When the continuing candidates are as many as the seats left, they are all
 *   elected and nothing more moves (rule 52).
 * One stage per surplus or exclusion, so the record's stages are those of an
 * official result sheet.
 */
import { fixed } from '../arithmetic.js';
import { INACTIVE_REASONS, nextChoice, prepareBallots, stopReason, type InactiveReason } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import { present } from '../checked.js';
import { lowest } from '../extremes.js';
import type { CountMethod } from '../method.js';
import { ballotRulesFrom, representationFrom, seatsFrom, tieBreakerFrom, type OptionValues } from '../options.js';
import { STATUTORY_STV_OPTIONS } from './statutory-ballot-options.js';
import { RecordBuilder, type CountRecord } from '../record.js';
import { ENFORCEMENT, Representation } from '../representation.js';

const ar = fixed(5);
const ONE = ar.one;

export const scottishStv: CountMethod = {
  id: 'stv-scottish',
  name: 'Scottish STV (SSI 2007/42)',
  summary:
    'Single transferable vote as counted at Scottish council elections under the Scottish Local Government Elections Order 2007: ' +
    'quota ⌊valid/(seats+1)⌋+1; every paper of an elected candidate transfers at surplus × value ÷ total, truncated to 5 decimal places; ' +
    'largest surplus first; lowest candidate excluded with all papers moving at their current value; ties settled by the most recent ' +
    'preceding stage at which the tied candidates differed (rules 49 and 51), then by lot.',
  multiSeat: true,
  options: STATUTORY_STV_OPTIONS,
  count: countScottish,
};

function countScottish(election: Election, opts: OptionValues): CountRecord {
  const seats = seatsFrom(opts, election, 'stv-scottish');
  const n = election.candidates.length;
  const names = election.candidates.map((c) => c.name);
  const ballots = prepareBallots(election.ballots, ballotRulesFrom(opts), { withdrawn: election.withdrawn, candidates: election.candidates.length });
  const ties = tieBreakerFrom(opts, election, ar, 'backward');
  const representation = new Representation(representationFrom(opts, election), election.candidates);
  const rec = new RecordBuilder(ar);

  const CONTINUING = 0;
  const ELECTED = 1;
  const EXCLUDED = 2;
  const state = new Uint8Array(n);
  const continuing = new Uint8Array(n);
  for (let c = 0; c < n; c++) continuing[c] = 1;
  for (const w of election.withdrawn) {
    state[w] = EXCLUDED;
    continuing[w] = 0;
  }

  const size = ballots.size;
  const weight = ballots.weights;
  const value: bigint[] = new Array<bigint>(size).fill(ONE);
  const valueAt = (i: number): bigint => present(value[i], 'a ballot’s value');
  const position = new Int32Array(size);
  const piles: number[][] = Array.from({ length: n }, () => []);
  const totals: bigint[] = new Array<bigint>(n).fill(0n);
  const inactive: Record<InactiveReason, bigint> = { exhausted: 0n, overvote: 0n, skippedRanks: 0n, repeatedRanking: 0n };
  let lost = 0n;
  const at = new Int32Array(1);
  const totalOf = (c: number): bigint => present(totals[c], 'a candidate’s total');

  /**
   * Moves ballot i on from its current position; returns the value it carried where it went. The hot
   * path of the count: the `!`s read the one-element `at`, per-ballot arrays at a ballot i < size, and
   * per-candidate arrays (n long) at a candidate that nextChoice returned.
   */
  const place = (i: number, from: number, v: bigint, moved: bigint[], gone: Record<InactiveReason, bigint>): void => {
    const c = nextChoice(ballots, i, from, continuing, at);
    position[i] = at[0]!;
    value[i] = v;
    const amount = weight[i]! * v;
    if (c >= 0) {
      piles[c]!.push(i);
      moved[c]! += amount;
    } else {
      gone[stopReason(c)] += amount;
    }
  };

  // Stage 1: first preferences.
  {
    const first = new Array<bigint>(n).fill(0n);
    for (let i = 0; i < size; i++) place(i, 0, ONE, first, inactive);
    for (const [c, t] of first.entries()) totals[c] = t;
  }
  // Ballots with no usable first preference are not part of the valid poll.
  const invalid = inactive.exhausted + inactive.overvote + inactive.skippedRanks + inactive.repeatedRanking;
  const validPoll = (ar.int(ballots.total) - invalid) / ONE;
  const quota = ar.int(validPoll / BigInt(seats + 1) + 1n);

  const tally = (): (bigint | undefined)[] => totals.map((t, c) => (state[c] === EXCLUDED ? undefined : t));
  const recordStage = (): void => {
    rec.stage({ tally: tally(), threshold: quota, inactive, lost });
  };
  recordStage();
  if (invalid > 0n)
    rec.event({
      type: 'note',
      stage: 1,
      text: `${ar.format(invalid, 0)} ballot(s) had no valid first preference and are not part of the valid poll (${validPoll})`,
    });

  const pendingSurplus: number[] = [];
  const elected = (): number[] => rec.elected;
  const continuingList = (): number[] => {
    const out: number[] = [];
    for (let c = 0; c < n; c++) if (state[c] === CONTINUING) out.push(c);
    return out;
  };
  const seatsLeft = (): number => seats - rec.elected.length;
  // Totals at every stage so far, oldest first; the tied candidates are equal at the last one.
  const pastStages = (): (bigint | undefined)[][] => rec.history;

  const markExcluded = (cs: readonly number[], reason: 'lowest' | 'constraint'): void => {
    const why = representation.active
      ? representation.account(cs, continuingList(), elected(), seatsLeft(), (a, b) => totalOf(a) < totalOf(b), reason === 'constraint')
      : undefined;
    for (const c of cs) {
      state[c] = EXCLUDED;
      continuing[c] = 0;
    }
    rec.exclude(cs, reason, why);
  };

  /** Candidates from most to fewest votes; equal votes ordered by the tie rule (and recorded). */
  const inOrderOfVotes = (group: readonly number[]): number[] => {
    const out: number[] = [];
    let rest = [...group];
    while (rest.length > 0) {
      const top = rest.reduce((m, c) => (totalOf(c) > m ? totalOf(c) : m), -1n);
      const tied = rest.filter((c) => totalOf(c) === top);
      let chosen = tied[0]!; // top is the total of one of rest, who is therefore tied
      if (tied.length > 1) {
        const d = ties.choose(tied, 'highest', 'election', pastStages());
        rec.event({ type: 'tie', stage: rec.stageNumber, purpose: 'election', tied, chosen: d.chosen, rule: d.rule });
        chosen = d.chosen;
      }
      out.push(chosen);
      rest = rest.filter((c) => c !== chosen);
    }
    return out;
  };

  /** Elects, in order of votes, every continuing candidate at or above the quota. */
  const electReachingQuota = (): void => {
    for (const chosen of inOrderOfVotes(continuingList().filter((c) => totalOf(c) >= quota))) {
      if (seatsLeft() === 0) break;
      // Passed over: stays continuing until the main loop excludes it (moving its papers).
      if (representation.active && !representation.canElect(chosen, elected(), seatsLeft())) continue;
      state[chosen] = ELECTED;
      continuing[chosen] = 0;
      rec.elect(chosen, 'quota', totalOf(chosen));
      if (totalOf(chosen) > quota) pendingSurplus.push(chosen);
    }
  };

  const transfer = (kind: 'surplus' | 'exclusion', from: readonly number[], valueAt: (i: number) => bigint): void => {
    const before = tally();
    const moved = new Array<bigint>(n).fill(0n);
    const gone: Record<InactiveReason, bigint> = { exhausted: 0n, overvote: 0n, skippedRanks: 0n, repeatedRanking: 0n };
    const transferValues = new Set<bigint>();
    for (const c of from) {
      const pile = present(piles[c], 'a candidate’s papers');
      piles[c] = [];
      for (const i of pile) {
        const v = valueAt(i);
        if (kind === 'surplus') transferValues.add(v);
        place(i, position[i]! + 1, v, moved, gone);
      }
    }
    for (const [c, m] of moved.entries()) totals[c] = totalOf(c) + m;
    for (const r of INACTIVE_REASONS) inactive[r] += gone[r];
    let lostNow = 0n;
    if (kind === 'surplus') {
      const e = present(from[0], 'the candidate whose surplus moves');
      const surplus = totalOf(e) - quota;
      const placed = moved.reduce((a, b) => a + b, 0n) + INACTIVE_REASONS.reduce((a, r) => a + gone[r], 0n);
      lostNow = surplus - placed;
      lost += lostNow;
      totals[e] = quota;
    } else {
      for (const c of from) totals[c] = 0n;
    }
    const afterTally = tally();
    rec.action({
      kind,
      candidates: [...from],
      transfers: rec.diff(before, afterTally),
      inactive: Object.fromEntries(INACTIVE_REASONS.filter((r) => gone[r] !== 0n).map((r) => [r, ar.format(gone[r])])),
      lost: ar.format(lostNow),
      ...(kind === 'surplus' ? { transferValues: [...transferValues].sort((a, b) => (a < b ? 1 : -1)).map((v) => ar.format(v)) } : {}),
    });
    recordStage();
  };

  electReachingQuota();
  for (;;) {
    if (seatsLeft() === 0) break;
    const cont = continuingList();
    if (cont.length <= seatsLeft()) {
      // Rule 52: the continuing candidates fill the remaining seats; nothing more moves.
      for (const c of inOrderOfVotes(cont)) {
        state[c] = ELECTED;
        continuing[c] = 0;
        rec.elect(c, 'remaining seats', totalOf(c));
      }
      break;
    }
    if (representation.active) {
      const barred = representation.mustExclude(cont, elected(), seatsLeft());
      if (barred.length > 0) {
        markExcluded(barred, 'constraint');
        transfer('exclusion', barred, valueAt);
        electReachingQuota();
        continue;
      }
    }
    if (pendingSurplus.length > 0) {
      const largest = pendingSurplus.reduce((m, c) => (totalOf(c) > m ? totalOf(c) : m), -1n);
      const tied = pendingSurplus.filter((c) => totalOf(c) === largest);
      let e = tied[0]!; // largest is the total of one of them
      if (tied.length > 1) {
        const d = ties.choose(tied, 'highest', 'surplus order', pastStages());
        rec.event({ type: 'tie', stage: rec.stageNumber, purpose: 'surplus order', tied, chosen: d.chosen, rule: d.rule });
        e = d.chosen;
      }
      pendingSurplus.splice(pendingSurplus.indexOf(e), 1);
      const total = totalOf(e);
      const surplus = total - quota;
      rec.event({ type: 'surplus', stage: rec.stageNumber, candidate: e, surplus: ar.format(surplus) });
      transfer('surplus', [e], (i) => ar.mulDiv(surplus, valueAt(i), total));
      electReachingQuota();
      continue;
    }
    const shielded = representation.active ? representation.protectedFrom(cont, elected()) : new Set<number>();
    const candidates = cont.filter((c) => !shielded.has(c));
    const low = lowest(candidates, totalOf);
    const tied = candidates.filter((c) => totalOf(c) === low);
    let x = tied[0]!; // low is the total of one of them
    if (tied.length > 1) {
      const d = ties.choose(tied, 'lowest', 'exclusion', pastStages());
      rec.event({ type: 'tie', stage: rec.stageNumber, purpose: 'exclusion', tied, chosen: d.chosen, rule: d.rule });
      x = d.chosen;
    }
    markExcluded([x], 'lowest');
    transfer('exclusion', [x], valueAt);
    electReachingQuota();
  }

  return {
    method: scottishStv.id,
    methodName: scottishStv.name,
    title: election.title,
    candidates: names,
    seats,
    arithmetic: ar.name,
    options: { ...opts, seats },
    totalBallots: ballots.total.toString(),
    undervotes: ballots.unranked.toString(),
    stages: rec.stages,
    events: rec.events,
    elected: rec.elected,
    ...(representation.active ? { constraint: { rules: representation.rules, enforcement: ENFORCEMENT } } : {}),
  };
}
