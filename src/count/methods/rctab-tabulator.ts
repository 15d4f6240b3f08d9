/**
 * RCTab's tabulation, rule for rule, in its vocabulary: a contest configured
 * for RCTab (Ranked Choice Voting Tabulator) counts here to the same rounds,
 * tallies, transfers and inactive ballots RCTab reports. It is its own module
 * because RCTab's rules differ from the textbook IRV and STV of the other
 * methods in ways its users rely on: every ballot is re-read from its first
 * rank each round (under the ballot rules every count shares, ballot-rules.ts);
 * surpluses move as fractions cut to
 * `decimalPlacesForVoteArithmetic` places, rounding down, at the value each
 * ballot still carries; with "continue until two candidates remain" the
 * threshold is fixed once a winner is found and a round that elects does not
 * also eliminate; a ballot whose marks are all unusable is exhausted from round
 * 1, not an undervote. Vote values are exact decimals that keep their scale as
 * Java's BigDecimal does, so "6" and "6.0000" print as RCTab prints them.
 *
 * Ties RCTab settles by a random draw (`random`, `previousRoundCountsThenRandom`,
 * `generatePermutation`) are drawn with Hustings' own seeded lot, not Java's
 * `java.util.Random`: the same seed draws the same lots every time, but not
 * RCTab's. A tie that RCTab would ask its operator about (`stopCountingAndAsk`,
 * `previousRoundCountsThenAsk`) stops the count with a `RctabCountError`.
 *
 * Tabulating by precinct or by batch (RCTab's `tabulateByPrecinct`,
 * `tabulateByBatch`) does not count each precinct on its own: it follows the
 * whole contest's rounds and says where each round's votes, inactive ballots
 * and transfers came from. So each slice's rounds carry the contest's
 * threshold and decisions; a slice's winners keep what their ballots in it
 * kept, not cut to the threshold, and residual surplus is reported for the
 * whole contest only, as RCTab reports them.
 */
import { batchEliminated } from '../batch-elimination.js';
import { nextChoice, prepareBallots, stopReason, type InactiveReason, type PreparedBallots } from '../ballot-rules.js';
import { SKIP, type BallotSet } from '../ballots.js';
import { add, cmp, type Decimal, fmt, sign, sub, ZERO } from '../decimal.js';
import { mulberry32 } from '../prng.js';

export type RctabWinnerElectionMode =
  | 'singleWinnerMajority'
  | 'multiWinnerAllowOnlyOneWinnerPerRound'
  | 'multiWinnerAllowMultipleWinnersPerRound'
  | 'bottomsUp'
  | 'bottomsUpUsingPercentageThreshold'
  | 'multiPassIrv';
export const RCTAB_WINNER_ELECTION_MODES: readonly RctabWinnerElectionMode[] = [
  'singleWinnerMajority',
  'multiWinnerAllowOnlyOneWinnerPerRound',
  'multiWinnerAllowMultipleWinnersPerRound',
  'bottomsUp',
  'bottomsUpUsingPercentageThreshold',
  'multiPassIrv',
];

export type RctabTiebreakMode =
  | 'random'
  | 'stopCountingAndAsk'
  | 'previousRoundCountsThenRandom'
  | 'previousRoundCountsThenAsk'
  | 'useCandidateOrder'
  | 'generatePermutation';
export const RCTAB_TIEBREAK_MODES: readonly RctabTiebreakMode[] = [
  'random',
  'stopCountingAndAsk',
  'previousRoundCountsThenRandom',
  'previousRoundCountsThenAsk',
  'useCandidateOrder',
  'generatePermutation',
];

export type RctabOvervoteRule = 'alwaysSkipToNextRank' | 'exhaustImmediately' | 'exhaustIfMultipleContinuing';
export const RCTAB_OVERVOTE_RULES: readonly RctabOvervoteRule[] = ['alwaysSkipToNextRank', 'exhaustImmediately', 'exhaustIfMultipleContinuing'];

export interface RctabRules {
  readonly winnerElectionMode: RctabWinnerElectionMode;
  readonly numberOfWinners: number;
  readonly decimalPlacesForVoteArithmetic: number;
  readonly tiebreakMode: RctabTiebreakMode;
  /** The seed of the lot (RCTab's `randomSeed`); null when the tie-break mode draws no lots. */
  readonly randomSeed: bigint | null;
  readonly overvoteRule: RctabOvervoteRule;
  /** null: unlimited. */
  readonly maxSkippedRanksAllowed: number | null;
  readonly exhaustOnDuplicateCandidate: boolean;
  readonly nonIntegerWinningThreshold: boolean;
  readonly hareQuota: boolean;
  readonly doesFirstRoundDetermineThreshold: boolean;
  readonly batchElimination: boolean;
  readonly continueUntilTwoCandidatesRemain: boolean;
  readonly cutoffElimination: boolean;
  /** A fraction (15% is 0.15), for bottomsUpUsingPercentageThreshold. */
  readonly multiSeatBottomsUpPercentageThreshold: Decimal | null;
  /** Candidates under this many votes are eliminated together, before any other elimination; zero: none. */
  readonly minimumVoteThreshold: Decimal;
  /** null: never stop early. */
  readonly stopTabulationEarlyAfterRound: number | null;
}

export interface RctabCandidate {
  readonly name: string;
  readonly excluded: boolean;
}

/** RCTab's name for votes for undeclared write-ins, counted as one candidate. */
export const UNDECLARED_WRITE_INS = 'Undeclared Write-ins';
/** A mark that is itself an overvote (a source's overvote label). */
export const OVERVOTE_MARK = -1;

/**
 * One cast-vote record's rankings: `ranks[k]` is a rank number (1 = first,
 * ascending, each once) and `choices[k]` the candidates marked at it (indices
 * into the candidate list, or OVERVOTE_MARK). Ranks with no mark are absent.
 */
export interface RctabBallot {
  readonly ranks: readonly number[];
  readonly choices: readonly (readonly number[])[];
  /** The record's precinct and batch, needed when the count is tabulated by them. */
  readonly precinct?: string | undefined;
  readonly batch?: string | undefined;
}

/** What RCTab can split a contest's results by (its "tabulate by" slices). */
export type RctabSliceKind = 'precinct' | 'batch';

export type RctabInactiveStatus = 'overvotes' | 'skippedRankings' | 'exhaustedChoices' | 'repeatedRankings' | 'didNotRankAnyCandidates' | 'finalRoundSurplus';
const INACTIVE: readonly RctabInactiveStatus[] = [
  'overvotes',
  'skippedRankings',
  'exhaustedChoices',
  'repeatedRankings',
  'didNotRankAnyCandidates',
  'finalRoundSurplus',
];

export interface RctabDecision {
  /** Candidate index. */
  readonly candidate: number;
  readonly kind: 'elected' | 'eliminated';
  /** How a tie was broken, in a sentence; undefined when there was no tie. */
  readonly tiebreak?: string;
}

export interface RctabRound {
  readonly round: number;
  /** Candidate index to votes: the continuing candidates at the round's start, and earlier winners (multi-winner rules). */
  readonly tally: ReadonlyMap<number, Decimal>;
  readonly threshold: Decimal;
  readonly inactive: Readonly<Record<RctabInactiveStatus, Decimal>>;
  readonly decisions: readonly RctabDecision[];
  /** Votes that moved from a candidate (the key) during the next round: target candidate index, or 'exhausted' / 'residual surplus'. */
  readonly transfersOut: ReadonlyMap<number, ReadonlyMap<number | 'exhausted' | 'residual surplus', Decimal>>;
}

export interface RctabPass {
  readonly rounds: readonly RctabRound[];
  readonly winners: readonly number[];
  /** Seats this pass fills (1 in each pass of multi-pass IRV). */
  readonly numberOfWinners: number;
  /** Whether winners' surpluses moved (multi-winner rules but bottoms-up): RCTab then reports a final-round surplus. */
  readonly usesSurpluses: boolean;
  /**
   * For each slice the count was tabulated by, each precinct's (or batch's) share of every round, in the
   * order first met: its tallies, inactive ballots and transfers, with the whole contest's threshold and decisions.
   */
  readonly slices: ReadonlyMap<RctabSliceKind, ReadonlyMap<string, readonly RctabRound[]>>;
}

export interface RctabResult {
  /** One pass; several for multiPassIrv, one per seat. */
  readonly passes: readonly RctabPass[];
}

export class RctabCountError extends Error {
  override readonly name = 'RctabCountError';
}

const ONE: Decimal = { units: 1n, scale: 0 };

/** BigDecimal's setScale(places, DOWN) for a non-negative or negative value: towards zero. */
function toScaleDown(a: Decimal, places: number): Decimal {
  if (places >= a.scale) return { units: a.units * 10n ** BigInt(places - a.scale), scale: places };
  return { units: a.units / 10n ** BigInt(a.scale - places), scale: places };
}

function multiplyDown(a: Decimal, b: Decimal, places: number): Decimal {
  return toScaleDown({ units: a.units * b.units, scale: a.scale + b.scale }, places);
}

function multiplyExact(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** a ÷ b to `places` places, rounded towards zero (DOWN) or away from zero (UP); b > 0, a ≥ 0. */
function divide(a: Decimal, b: Decimal, places: number, mode: 'down' | 'up'): Decimal {
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scaled by 10^places.
  const num = a.units * 10n ** BigInt(places + b.scale);
  const den = b.units * 10n ** BigInt(a.scale);
  let q = num / den;
  if (mode === 'up' && q * den !== num) q += 1n;
  return { units: q, scale: places };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface BallotState {
  recipient: number; // -1: none
  exhausted: RctabInactiveStatus | null;
  /** Winner index → the part of this ballot kept by that winner. */
  kept: Map<number, Decimal> | null;
  value: Decimal;
}

type Target = number | 'exhausted' | 'residual surplus';

/** RCTab's name for each way a ballot stops counting that the shared ballot rules tell apart. */
const STATUS_OF: Readonly<Record<InactiveReason, RctabInactiveStatus>> = {
  exhausted: 'exhaustedChoices',
  overvote: 'overvotes',
  skippedRanks: 'skippedRankings',
  repeatedRanking: 'repeatedRankings',
};

/**
 * The records as a ballot set, one ranking each (a record's value moves on its own once surpluses
 * move), blank ranks where its rank numbers skip. The overvote label is the candidate index after
 * the last, which `prepareBallots` reads as an overvote naming no one. A rank that marks one
 * candidate twice is, to RCTab, two marks: under exhaustOnDuplicateCandidate a repeated ranking
 * (`prepareBallots` finds it so), otherwise an overvote, written here as the overvote label when
 * the rule settles every overvote alike (exhaustIfMultipleContinuing reads the candidate once).
 */
function ballotSetOf(ballots: readonly RctabBallot[], overvoteLabel: number, rules: RctabRules): BallotSet {
  const rule = rules.overvoteRule;
  const repeatIsOvervote = !rules.exhaustOnDuplicateCandidate && rule !== 'exhaustIfMultipleContinuing';
  const tokens: number[] = [];
  const offsets = new Uint32Array(ballots.length + 1);
  for (const [b, { ranks, choices }] of ballots.entries()) {
    offsets[b] = tokens.length;
    let last = 0;
    for (const [k, rank] of ranks.entries()) {
      for (let r = last + 1; r < rank; r++) tokens.push(SKIP);
      last = rank;
      const marks = choices[k]!; // one list of marks per rank
      if (marks.includes(OVERVOTE_MARK)) {
        if (marks.length !== 1) throw new RctabCountError('a ranking holds the overvote label together with candidates');
        if (rule === 'exhaustIfMultipleContinuing')
          throw new RctabCountError('overvoteRule exhaustIfMultipleContinuing cannot be used with a source that has an overvote label');
      }
      if (repeatIsOvervote && marks.length > 1 && new Set(marks).size < marks.length) tokens.push(overvoteLabel);
      else for (const [m, c] of marks.entries()) tokens.push(m === 0 ? (c === OVERVOTE_MARK ? overvoteLabel : c) : -2 - c);
    }
  }
  offsets[ballots.length] = tokens.length;
  return { size: ballots.length, tokens: Int32Array.from(tokens), offsets, weights: ballots.map(() => 1n), total: BigInt(ballots.length) };
}

/**
 * Counts under RCTab's rules. `candidates` may end with UNDECLARED_WRITE_INS when a source has undeclared
 * write-ins. `tabulateBy`: the slices whose shares of each round are reported too; every ballot must then name its own.
 */
export function tabulateRctab(
  candidates: readonly RctabCandidate[],
  ballots: readonly RctabBallot[],
  rules: RctabRules,
  tabulateBy: readonly RctabSliceKind[] = [],
): RctabResult {
  const set = ballotSetOf(ballots, candidates.length, rules);
  if (rules.winnerElectionMode !== 'multiPassIrv') {
    return { passes: [new Tabulation(candidates, ballots, set, rules, new Set(), tabulateBy).run()] };
  }
  const passes: RctabPass[] = [];
  const earlier = new Set<number>();
  const single: RctabRules = { ...rules, numberOfWinners: 1 };
  while (passes.length < rules.numberOfWinners) {
    const pass = new Tabulation(candidates, ballots, set, single, earlier, tabulateBy).run();
    if (pass.winners.length !== 1) throw new RctabCountError(`pass ${passes.length + 1} of multi-pass IRV found ${pass.winners.length} winners, not one`);
    passes.push(pass);
    earlier.add(pass.winners[0]!);
  }
  return { passes };
}

function noInactive(): Record<RctabInactiveStatus, Decimal> {
  return Object.fromEntries(INACTIVE.map((s) => [s, ZERO])) as Record<RctabInactiveStatus, Decimal>;
}

/** One precinct's (or batch's) share of each round, kept beside the whole contest's as RCTab keeps it. */
class SliceSheet {
  readonly rounds: { tally: Map<number, Decimal>; inactive: Record<RctabInactiveStatus, Decimal> }[] = [];
  /** As `Tabulation.transfers`: round → from → to → votes. */
  readonly transfers = new Map<number, Map<number, Map<Target, Decimal>>>();

  get current(): { tally: Map<number, Decimal>; inactive: Record<RctabInactiveStatus, Decimal> } {
    return this.rounds[this.rounds.length - 1]!;
  }

  addTransfer(round: number, from: number, to: Target, value: Decimal): void {
    addTransferTo(this.transfers, round, from, to, value);
  }
}

/** Adds `value` moved in `round` from one candidate to a target, to transfers kept as round → from → to → votes. */
function addTransferTo(transfers: Map<number, Map<number, Map<Target, Decimal>>>, round: number, from: number, to: Target, value: Decimal): void {
  let byFrom = transfers.get(round);
  if (!byFrom) transfers.set(round, (byFrom = new Map()));
  let byTo = byFrom.get(from);
  if (!byTo) byFrom.set(from, (byTo = new Map()));
  byTo.set(to, add(byTo.get(to) ?? ZERO, value));
}

class Tabulation {
  private readonly excluded: Uint8Array;
  private readonly winnerRound = new Map<number, number>();
  private readonly eliminatedRound = new Map<number, number>();
  private readonly rounds: RctabRound[] = [];
  private readonly transfers = new Map<number, Map<number, Map<Target, Decimal>>>();
  private readonly states: BallotState[];
  private readonly prepared: PreparedBallots;
  private readonly uwi: number;
  private readonly permutation: number[];
  private readonly draw: () => number;
  private round = 0;
  /** Each slice kind's sheets by id, in the order first met. */
  private readonly sheets = new Map<RctabSliceKind, Map<string, SliceSheet>>();
  /** Each ballot's sheets (one per slice kind); empty lists when the count is not sliced. */
  private readonly sheetsOf: SliceSheet[][];

  constructor(
    private readonly candidates: readonly RctabCandidate[],
    private readonly ballots: readonly RctabBallot[],
    set: BallotSet,
    private readonly rules: RctabRules,
    earlierWinners: ReadonlySet<number>,
    tabulateBy: readonly RctabSliceKind[],
  ) {
    for (const kind of tabulateBy) this.sheets.set(kind, new Map());
    this.sheetsOf = ballots.map((b, i) =>
      tabulateBy.map((kind) => {
        const id = b[kind];
        if (id === undefined || id === '') throw new RctabCountError(`ballot ${i + 1} names no ${kind}, and the count is tabulated by ${kind}`);
        const byId = this.sheets.get(kind)!;
        let sheet = byId.get(id);
        if (!sheet) byId.set(id, (sheet = new SliceSheet()));
        return sheet;
      }),
    );
    this.excluded = new Uint8Array(candidates.length);
    candidates.forEach((c, i) => {
      if (c.excluded || earlierWinners.has(i)) this.excluded[i] = 1;
    });
    this.prepared = prepareBallots(
      set,
      { overvote: rules.overvoteRule, maxSkippedRanks: rules.maxSkippedRanksAllowed, exhaustOnDuplicate: rules.exhaustOnDuplicateCandidate },
      {
        withdrawn: candidates.map((_, i) => i).filter((i) => this.excluded[i]),
        ...(rules.overvoteRule === 'exhaustIfMultipleContinuing' ? {} : { overvoteLabel: candidates.length }),
      },
    );
    this.uwi = candidates.findIndex((c) => c.name === UNDECLARED_WRITE_INS);
    this.states = ballots.map(() => ({ recipient: -1, exhausted: null, kept: null, value: ONE }));
    const seed = rules.randomSeed ?? 0n;
    this.draw = mulberry32(Number(BigInt.asUintN(32, seed)));
    // RCTab's permutation lists the declared candidates (never the write-ins) in the configuration's order.
    this.permutation = candidates.map((_, i) => i).filter((i) => i !== this.uwi);
    if (rules.tiebreakMode === 'generatePermutation') {
      this.permutation.sort((a, b) => compareText(candidates[a]!.name, candidates[b]!.name));
      for (let i = this.permutation.length - 1; i > 0; i--) {
        const j = this.lot(i + 1);
        [this.permutation[i], this.permutation[j]] = [this.permutation[j]!, this.permutation[i]!];
      }
    }
  }

  /** A uniformly drawn whole number below n (rejection sampling keeps each equally likely). */
  private lot(n: number): number {
    const limit = 2 ** 32 - (2 ** 32 % n);
    let r = this.draw();
    while (r >= limit) r = this.draw();
    return r % n;
  }

  private get places(): number {
    return this.rules.decimalPlacesForVoteArithmetic;
  }

  private get usesSurpluses(): boolean {
    return this.rules.numberOfWinners > 1 && this.rules.winnerElectionMode !== 'bottomsUp';
  }

  private get numCandidates(): number {
    let n = 0;
    for (const e of this.excluded) if (!e) n++;
    return n;
  }

  private get numDeclared(): number {
    return this.candidates.length - (this.uwi >= 0 ? 1 : 0);
  }

  private continuing(c: number): boolean {
    if (this.excluded[c]) return false;
    if (this.winnerRound.has(c)) return this.rules.continueUntilTwoCandidatesRemain;
    return !this.eliminatedRound.has(c);
  }

  run(): RctabPass {
    const r = this.rules;
    while (this.shouldContinue()) {
      this.round++;
      const { tally, inactive } = this.tallyRound();
      const threshold = this.threshold(tally, inactive);
      const round: RctabRound = { round: this.round, tally, threshold, inactive, decisions: [], transfersOut: new Map() };
      this.rounds.push(round);
      const decisions = round.decisions as RctabDecision[];
      const winners = this.identifyWinners(tally, threshold);
      if (winners.length > 0) {
        for (const w of winners) this.winnerRound.set(w.candidate, this.round);
        decisions.push(...winners);
        if (this.usesSurpluses) this.transferSurpluses(winners, tally, threshold);
      } else if (
        this.winnerRound.size < r.numberOfWinners ||
        (r.continueUntilTwoCandidatesRemain && this.eliminatedRound.size < this.numCandidates - 2) ||
        r.winnerElectionMode === 'bottomsUpUsingPercentageThreshold'
      ) {
        const eliminated = this.eliminate(tally, threshold);
        for (const e of eliminated) this.eliminatedRound.set(e.candidate, this.round);
        decisions.push(...eliminated);
      }
      if (r.numberOfWinners > 1) this.updateWinnerTallies(tally as Map<number, Decimal>, threshold);
    }
    for (const round of this.rounds) {
      const out = this.transfers.get(round.round + 1);
      if (out) (round as { transfersOut: RctabRound['transfersOut'] }).transfersOut = out;
    }
    const winners = [...this.winnerRound.entries()].sort((a, b) => a[1] - b[1]).map(([c]) => c);
    const slices = new Map<RctabSliceKind, Map<string, RctabRound[]>>();
    for (const [kind, byId] of this.sheets) {
      const rounds = new Map<string, RctabRound[]>();
      for (const [id, sheet] of byId) {
        rounds.set(
          id,
          sheet.rounds.map(({ tally, inactive }, k) => {
            const whole = this.rounds[k]!;
            return { ...whole, tally, inactive, transfersOut: sheet.transfers.get(whole.round + 1) ?? new Map() };
          }),
        );
      }
      slices.set(kind, rounds);
    }
    return { rounds: this.rounds, winners, numberOfWinners: r.numberOfWinners, usesSurpluses: this.usesSurpluses, slices };
  }

  private shouldContinue(): boolean {
    const r = this.rules;
    if (r.stopTabulationEarlyAfterRound !== null && this.round >= r.stopTabulationEarlyAfterRound) return false;
    const winners = this.winnerRound.size;
    if (winners === this.numDeclared && r.numberOfWinners > this.numCandidates) return false;
    if (r.continueUntilTwoCandidatesRemain) {
      return this.eliminatedRound.size + winners + 1 < this.numCandidates || [...this.eliminatedRound.values()].includes(this.round);
    }
    if (r.winnerElectionMode === 'bottomsUpUsingPercentageThreshold') return winners === 0;
    return winners < r.numberOfWinners || (this.usesSurpluses && [...this.winnerRound.values()].includes(this.round));
  }

  private addTransfer(from: number, to: Target, value: Decimal): void {
    addTransferTo(this.transfers, this.round, from, to, value);
  }

  private tallyRound(): { tally: Map<number, Decimal>; inactive: Record<RctabInactiveStatus, Decimal> } {
    const tally = new Map<number, Decimal>();
    for (let c = 0; c < this.candidates.length; c++) if (this.continuing(c)) tally.set(c, ZERO);
    const inactive = noInactive();
    for (const byId of this.sheets.values())
      for (const sheet of byId.values()) sheet.rounds.push({ tally: new Map([...tally.keys()].map((c) => [c, ZERO])), inactive: noInactive() });
    const allSeatsFilled = this.usesSurpluses && this.winnerRound.size === this.rules.numberOfWinners;
    // One more place than there are candidates: the overvote label's stand-in, never continuing.
    const continuing = new Uint8Array(this.candidates.length + 1);
    for (let c = 0; c < this.candidates.length; c++) if (this.continuing(c)) continuing[c] = 1;
    const found = new Int32Array(1);
    // Every vote and inactive ballot is also credited to the ballot's own precinct and batch, when sliced.
    const credit = (b: number, c: number, value: Decimal): void => {
      tally.set(c, add(tally.get(c)!, value));
      for (const sheet of this.sheetsOf[b]!) sheet.current.tally.set(c, add(sheet.current.tally.get(c)!, value));
    };
    const inactivate = (b: number, status: RctabInactiveStatus, value: Decimal): void => {
      inactive[status] = add(inactive[status], value);
      for (const sheet of this.sheetsOf[b]!) sheet.current.inactive[status] = add(sheet.current.inactive[status], value);
    };
    const settle = (b: number, st: BallotState, to: number | null, status: RctabInactiveStatus | null): void => {
      if (sign(st.value) > 0 && st.recipient >= 0) {
        this.addTransfer(st.recipient, to ?? 'exhausted', st.value);
        for (const sheet of this.sheetsOf[b]!) sheet.addTransfer(this.round, st.recipient, to ?? 'exhausted', st.value);
      }
      st.recipient = to ?? -1;
      if (to === null) st.exhausted = status;
      if (status !== null) inactivate(b, status, st.value);
    };
    for (let b = 0; b < this.ballots.length; b++) {
      const st = this.states[b]!;
      if (st.exhausted !== null) {
        inactivate(b, st.exhausted, st.value);
        continue;
      }
      if (st.recipient >= 0 && continuing[st.recipient]) {
        credit(b, st.recipient, st.value);
        continue;
      }
      if (this.ballots[b]!.ranks.length === 0) settle(b, st, null, 'didNotRankAnyCandidates');
      else if (allSeatsFilled) settle(b, st, null, 'finalRoundSurplus');
      else {
        // RCTab reads the ballot again from its first rank.
        const c = nextChoice(this.prepared, b, 0, continuing, found);
        if (c >= 0) {
          settle(b, st, c, null);
          credit(b, c, st.value);
        } else settle(b, st, null, STATUS_OF[stopReason(c)]);
      }
    }
    return { tally, inactive };
  }

  /** Votes counted for continuing candidates, plus any final-round surplus (RCTab counts both as active). */
  private activeSum(tally: ReadonlyMap<number, Decimal>, inactive: Readonly<Record<RctabInactiveStatus, Decimal>>): Decimal {
    let sum = ZERO;
    for (const v of tally.values()) sum = add(sum, v);
    return add(sum, inactive.finalRoundSurplus);
  }

  private threshold(tally: ReadonlyMap<number, Decimal>, inactive: Readonly<Record<RctabInactiveStatus, Decimal>>): Decimal {
    const r = this.rules;
    let recompute: boolean;
    if (r.numberOfWinners > 1) recompute = this.round === 1;
    else if (this.round === 1) recompute = true;
    else if (r.doesFirstRoundDetermineThreshold) recompute = false;
    else if (r.continueUntilTwoCandidatesRemain) recompute = this.winnerRound.size === 0;
    else recompute = true;
    if (!recompute) return this.rounds[this.rounds.length - 1]!.threshold;
    const active = this.activeSum(tally, inactive);
    if (r.winnerElectionMode === 'bottomsUpUsingPercentageThreshold') {
      if (!r.multiSeatBottomsUpPercentageThreshold) throw new RctabCountError('bottomsUpUsingPercentageThreshold needs multiSeatBottomsUpPercentageThreshold');
      return multiplyExact(active, r.multiSeatBottomsUpPercentageThreshold);
    }
    const places = r.nonIntegerWinningThreshold ? this.places : 0;
    if (r.hareQuota) return divide(active, { units: BigInt(r.numberOfWinners), scale: 0 }, places, 'up');
    return add(divide(active, { units: BigInt(r.numberOfWinners + 1), scale: 0 }, places, 'down'), { units: 1n, scale: places });
  }

  /** Candidates of `tally` grouped by votes, lowest first (RCTab's tally-to-candidates map). */
  private byVotes(tally: ReadonlyMap<number, Decimal>): { votes: Decimal; candidates: number[] }[] {
    const groups: { votes: Decimal; candidates: number[] }[] = [];
    const sorted = [...tally.entries()].sort((a, b) => cmp(a[1], b[1]) || a[0] - b[0]);
    for (const [c, v] of sorted) {
      const last = groups[groups.length - 1];
      if (last && cmp(last.votes, v) === 0) last.candidates.push(c);
      else groups.push({ votes: v, candidates: [c] });
    }
    return groups;
  }

  private identifyWinners(tally: ReadonlyMap<number, Decimal>, threshold: Decimal): RctabDecision[] {
    const r = this.rules;
    if (this.uwi >= 0 && sign(tally.get(this.uwi) ?? ZERO) !== 0) return [];
    const groups = this.byVotes(tally);
    const descending = (cs: number[]): number[] => [...cs].sort((a, b) => cmp(tally.get(b)!, tally.get(a)!) || a - b);
    let selected: number[] = [];
    if (r.winnerElectionMode === 'bottomsUpUsingPercentageThreshold') {
      const above = [...tally.values()].filter((v) => cmp(v, threshold) > 0).length;
      if (above === tally.size) selected = descending([...tally.keys()]);
      return selected.map((candidate) => ({ candidate, kind: 'elected' }));
    }
    const unfilled = r.numberOfWinners - this.winnerRound.size;
    if (unfilled > 0) {
      if (tally.size <= unfilled) selected = descending([...tally.keys()]);
      else if (r.doesFirstRoundDetermineThreshold && tally.size - 1 === r.numberOfWinners) selected = [...groups[groups.length - 1]!.candidates];
      else if (r.winnerElectionMode !== 'bottomsUp') {
        selected = descending([...tally.keys()].filter((c) => c !== this.uwi && cmp(tally.get(c)!, threshold) >= 0));
      }
    }
    const tieMany = selected.length > 1 && (r.winnerElectionMode === 'multiWinnerAllowOnlyOneWinnerPerRound' || r.doesFirstRoundDetermineThreshold);
    const tieNone = r.numberOfWinners === 1 && selected.length === 0 && tally.size === 2 && unfilled === 1;
    if (tieMany || tieNone) {
      const top = groups[groups.length - 1]!;
      if (top.candidates.length > 1) {
        const { chosen, how } = this.breakTie(top.candidates, true, top.votes);
        return [{ candidate: chosen, kind: 'elected', tiebreak: how }];
      }
      return [{ candidate: top.candidates[0]!, kind: 'elected' }];
    }
    return selected.map((candidate) => ({ candidate, kind: 'elected' }));
  }

  private transferSurpluses(winners: readonly RctabDecision[], tally: ReadonlyMap<number, Decimal>, threshold: Decimal): void {
    for (const w of winners) {
      const votes = tally.get(w.candidate)!;
      const extra = sub(votes, threshold);
      const fraction = sign(extra) > 0 ? divide(extra, votes, this.places, 'down') : ZERO;
      for (const st of this.states) {
        if (st.recipient !== w.candidate) continue;
        const moved = multiplyDown(st.value, fraction, this.places);
        st.kept ??= new Map();
        st.kept.set(w.candidate, sub(st.value, moved));
        let value = ONE;
        for (const v of st.kept.values()) value = sub(value, v);
        st.value = value;
      }
    }
  }

  /** Winners' tallies after the round's decisions: what each keeps of the ballots it was elected with, cut to the threshold. */
  private updateWinnerTallies(tally: Map<number, Decimal>, threshold: Decimal): void {
    const previous = this.rounds.length > 1 ? this.rounds[this.rounds.length - 2]!.tally : new Map<number, Decimal>();
    const fresh: number[] = [];
    for (const [w, at] of this.winnerRound) {
      if (at === this.round) continue;
      if (at === this.round - 1) {
        fresh.push(w);
        tally.set(w, ZERO);
      } else tally.set(w, previous.get(w) ?? ZERO);
    }
    this.updateSheetWinnerTallies(fresh);
    if (fresh.length === 0) return;
    for (const st of this.states) {
      if (!st.kept) continue;
      for (const w of fresh) {
        const kept = st.kept.get(w);
        if (kept !== undefined) tally.set(w, add(tally.get(w)!, kept));
      }
    }
    for (const w of fresh) {
      const residual = sub(tally.get(w)!, threshold);
      if (sign(residual) > 0) {
        tally.set(w, threshold);
        this.addTransfer(w, 'residual surplus', residual);
      }
    }
  }

  /** Each slice's winners: earlier ones as they were, new ones what their ballots there kept (not cut to the threshold). */
  private updateSheetWinnerTallies(fresh: readonly number[]): void {
    if (this.sheets.size === 0) return;
    for (const byId of this.sheets.values()) {
      for (const sheet of byId.values()) {
        const previous = sheet.rounds[sheet.rounds.length - 2]?.tally;
        for (const [w, at] of this.winnerRound) {
          if (at < this.round - 1) sheet.current.tally.set(w, previous?.get(w) ?? ZERO);
          else if (at === this.round - 1) sheet.current.tally.set(w, ZERO);
        }
      }
    }
    if (fresh.length === 0) return;
    this.states.forEach((st, b) => {
      if (!st.kept) return;
      for (const w of fresh) {
        const kept = st.kept.get(w);
        if (kept === undefined) continue;
        for (const sheet of this.sheetsOf[b]!) sheet.current.tally.set(w, add(sheet.current.tally.get(w)!, kept));
      }
    });
  }

  private eliminate(tally: ReadonlyMap<number, Decimal>, threshold: Decimal): RctabDecision[] {
    const r = this.rules;
    const groups = this.byVotes(tally);
    if (this.uwi >= 0 && sign(tally.get(this.uwi) ?? ZERO) > 0) return [{ candidate: this.uwi, kind: 'eliminated' }];
    if (sign(r.minimumVoteThreshold) > 0) {
      const under = [...tally.keys()].filter((c) => cmp(tally.get(c)!, r.minimumVoteThreshold) < 0);
      if (under.length > 0 && under.length < tally.size) return under.map((candidate) => ({ candidate, kind: 'eliminated' }));
    }
    if (r.cutoffElimination && r.winnerElectionMode === 'bottomsUpUsingPercentageThreshold') {
      const under = [...tally.keys()].filter((c) => cmp(tally.get(c)!, threshold) < 0);
      if (under.length > 0) return under.map((candidate) => ({ candidate, kind: 'eliminated' }));
    }
    if (r.batchElimination) {
      const ascending = groups.flatMap((g) => g.candidates);
      const batch = batchEliminated(ascending, (c) => tally.get(c)!, { zero: ZERO, add, cmp }, r.continueUntilTwoCandidatesRemain);
      if (batch.length > 0) return batch.map((candidate) => ({ candidate, kind: 'eliminated' }));
    }
    const last = groups[0]!;
    if (last.candidates.length > 1) {
      const { chosen, how } = this.breakTie(last.candidates, false, last.votes);
      return [{ candidate: chosen, kind: 'eliminated', tiebreak: how }];
    }
    return [{ candidate: last.candidates[0]!, kind: 'eliminated' }];
  }

  private name(c: number): string {
    return this.candidates[c]!.name;
  }

  private breakTie(tied: readonly number[], selectingWinner: boolean, votes: Decimal): { chosen: number; how: string } {
    const mode = this.rules.tiebreakMode;
    const sorted = [...tied].sort((a, b) => compareText(this.name(a), this.name(b)));
    const names = sorted.map((c) => this.name(c)).join(', ');
    const ask = (among: readonly number[]): never => {
      throw new RctabCountError(
        `round ${this.round}: ${among.map((c) => this.name(c)).join(', ')} are tied on ${fmt(votes)} votes, and tiebreakMode ${mode} asks the person counting who ${selectingWinner ? 'wins' : 'is eliminated'}; a count from the command line cannot ask. Choose another tiebreakMode (useCandidateOrder, random, previousRoundCountsThenRandom or generatePermutation).`,
      );
    };
    if (mode === 'stopCountingAndAsk') return ask(sorted);
    if (mode === 'random') {
      const chosen = sorted[this.lot(sorted.length)]!;
      return { chosen, how: `drawn by lot among ${names}` };
    }
    if (mode === 'useCandidateOrder' || mode === 'generatePermutation') {
      const order = selectingWinner ? this.permutation : [...this.permutation].reverse();
      const chosen = order.find((c) => tied.includes(c));
      if (chosen === undefined) throw new RctabCountError(`round ${this.round}: ${names} are tied and none of them is in the tie-break order`);
      return { chosen, how: `${this.name(chosen)} comes ${selectingWinner ? 'earliest' : 'latest'} of ${names} in the tie-break order` };
    }
    let contention = sorted;
    for (let k = this.rounds.length - 2; k >= 0; k--) {
      const earlier = this.rounds[k]!.tally;
      const values = contention.map((c) => earlier.get(c) ?? ZERO);
      let best = values[0]!;
      for (const v of values) if (selectingWinner ? cmp(v, best) > 0 : cmp(v, best) < 0) best = v;
      contention = contention.filter((_, i) => cmp(values[i]!, best) === 0);
      if (contention.length === 1) {
        return {
          chosen: contention[0]!,
          how: `${this.name(contention[0]!)} had the ${selectingWinner ? 'most' : 'fewest'} votes (${fmt(best)}) in round ${k + 1}`,
        };
      }
    }
    if (mode === 'previousRoundCountsThenAsk') return ask(contention);
    const chosen = contention[this.lot(contention.length)]!;
    return { chosen, how: `still tied in every earlier round; drawn by lot among ${contention.map((c) => this.name(c)).join(', ')}` };
  }
}
