/**
 * What a selection and an internal election share once candidates are settled:
 * checking the ranked ballots a count is given, running the counting engine, and
 * keeping a compact, plain-data summary of the count in the process's state. The
 * full record is handed back with the step, for the store to keep beside the
 * process (see src/app/record-count.ts): it is never counted again.
 */
import { methodById } from '../../count/methods/index.js';
import { countRanked } from '../../count/ranked.js';
import { OptionError, type OptionValue } from '../../count/options.js';
import type { CountRecord } from '../../count/record.js';
import { present } from '../../count/checked.js';
import type { RankedCandidate } from '../../count/ranked.js';
import { err, ok, type Result } from '../result.js';
import { checkPositive, isWoman, show } from './common.js';

/** A person standing, as both processes keep them. */
export interface StandingCandidate {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly withdrawn: { readonly at: string; readonly reason: string | null } | null;
}

/** Ranked ballots as a command carries them: candidate ids from first preference down, and how many ballots carry that ranking. */
export interface RankedBallot {
  readonly ranking: readonly string[];
  readonly count?: number;
}

export interface RoundSummary {
  readonly stage: number;
  /** Votes of each candidate still in the count, by candidate id, as the rule's exact decimals. */
  readonly tally: Readonly<Record<string, string>>;
  readonly threshold: string;
  /** Non-transferable votes so far, by reason (only reasons with some). */
  readonly inactive: Readonly<Record<string, string>>;
  readonly elected: readonly string[];
  readonly excluded: readonly string[];
}

export interface TieSummary {
  readonly stage: number;
  readonly purpose: string;
  readonly tied: readonly string[];
  readonly chosen: string;
  readonly rule: string;
}

export interface CountSummary {
  readonly method: string;
  readonly seats: number;
  /** Seed of the lot, kept so a recount draws the same lots. */
  readonly seed: number;
  readonly ballots: number;
  /** Candidates in ballot order, by id (the record's candidate indexes refer to this order). */
  readonly candidates: readonly string[];
  /** Winners by id, in order of election. */
  readonly elected: readonly string[];
  readonly rounds: readonly RoundSummary[];
  readonly ties: readonly TieSummary[];
  /** Minimum representation in force and how it was enforced, if any. */
  readonly constraint: string | null;
  readonly countedAt: string;
}

export interface CountRequest {
  readonly title: string;
  /** Candidates on the ballot paper, in order; withdrawn ones are ignored on every ballot. */
  readonly candidates: readonly StandingCandidate[];
  readonly seats: number;
  readonly method: string;
  readonly minWomen: number | null;
  readonly ballots: unknown;
  readonly seed: unknown;
  /** Most ballots there can be: the number of eligible voters. */
  readonly electorate: number;
  readonly at: string;
}

/** The `gender` attribute the counting library's minimum-representation option reads. */
export function genderAttribute(gender: string | null): string {
  return isWoman(gender) ? 'woman' : gender === null || gender.trim() === '' ? 'unspecified' : gender.trim().toLowerCase();
}

export interface Counted {
  readonly summary: CountSummary;
  readonly record: CountRecord;
}

/** Checks the ballots against the candidates on the paper and the electorate, runs the count, and summarises it. */
export function runCount(req: CountRequest): Result<Counted> {
  const seed = req.seed === undefined ? 1 : req.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    return err('invalid-input', `The seed of the lot must be a whole number from 0 to ${2 ** 32 - 1}, not ${show(seed)}.`);
  }
  if (!Array.isArray(req.ballots)) return err('invalid-input', `The ballots must be a list of { ranking, count }, not ${show(req.ballots)}.`);
  const index = new Map(req.candidates.map((c, i) => [c.id, i]));
  const ballots: RankedBallot[] = [];
  let total = 0;
  for (const [k, b] of (req.ballots as unknown[]).entries()) {
    const where = `Ballot line ${k + 1}`;
    if (typeof b !== 'object' || b === null || !Array.isArray((b as RankedBallot).ranking)) {
      return err('invalid-input', `${where} must be { ranking: [candidate ids…], count }, not ${show(b)}.`);
    }
    const { ranking, count: n = 1 } = b as RankedBallot;
    const badCount = checkPositive(n, `${where}: the number of ballots`);
    if (badCount) return badCount;
    for (const id of ranking) {
      if (typeof id !== 'string' || !index.has(id)) {
        return err(
          'unknown-candidate',
          `${where} ranks ${show(id)}, who is not on the ballot paper (candidates: ${req.candidates.map((c) => c.id).join(', ')}).`,
        );
      }
    }
    total += n;
    if (total > req.electorate) {
      return err(
        'invalid-input',
        `There are more ballots (at least ${total}) than eligible voters (${req.electorate}); check the ballot file against the frozen electorate.`,
      );
    }
    ballots.push({ ranking, count: n });
  }
  let record: CountRecord;
  try {
    record = countRanked(
      { title: req.title, candidates: paperCandidates(req.candidates), seats: req.seats, ballots },
      req.method,
      countOptions(seed, req.minWomen),
    );
  } catch (e) {
    // The engine refuses what it cannot count (too few standing, a minimum that cannot be met) with an
    // OptionError; that is an expected failure of this step. Anything else is a bug and must surface.
    if (e instanceof OptionError) return err('count-failed', `The count under ${req.method} could not run: ${e.message}.`);
    throw e;
  }
  return ok({ summary: summarise(record, req, seed, total), record });
}

/** The paper as the count reads it: every candidate carries the gender a minimum-representation option reads. */
export function paperCandidates(
  candidates: readonly { readonly id: string; readonly name: string; readonly gender: string | null; readonly withdrawn: unknown }[],
): RankedCandidate[] {
  return candidates.map((c) => ({
    id: c.id,
    name: c.name,
    withdrawn: c.withdrawn !== null && c.withdrawn !== false,
    attributes: { gender: genderAttribute(c.gender) },
  }));
}

/** The options every count of a process runs with, beside its seats: the seed of the lot and any women's minimum. */
export function countOptions(seed: number, minWomen: number | null): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = { seed };
  if (minWomen !== null && minWomen > 0) options.minimum = `gender=woman:${minWomen}`;
  return options;
}

function summarise(record: CountRecord, req: CountRequest, seed: number, ballots: number): CountSummary {
  const id = (i: number): string => present(req.candidates[i], 'a counted candidate').id;
  const rounds: RoundSummary[] = record.stages.map((s) => ({
    stage: s.number,
    tally: Object.fromEntries(Object.entries(s.tally).map(([i, v]) => [id(Number(i)), v])),
    threshold: s.threshold,
    inactive: Object.fromEntries(Object.entries(s.inactive).filter(([, v]) => !/^0(\.0*)?$/.test(v))),
    elected: s.elected.map(id),
    excluded: s.excluded.map(id),
  }));
  const ties: TieSummary[] = record.events.flatMap((ev) =>
    ev.type === 'tie' ? [{ stage: ev.stage, purpose: ev.purpose, tied: ev.tied.map(id), chosen: id(ev.chosen), rule: ev.rule }] : [],
  );
  const constraint = record.constraint
    ? `${record.constraint.rules.map((r) => `at least ${r.minimum} with ${r.attribute}=${r.value}`).join('; ')} (${record.constraint.enforcement})`
    : null;
  return {
    method: record.method,
    seats: record.seats,
    seed,
    ballots,
    candidates: req.candidates.map((c) => c.id),
    elected: record.elected.map(id),
    rounds,
    ties,
    constraint,
    countedAt: req.at,
  };
}

/**
 * Whether the counting rule `method` exists, can fill `seats` (when given) and,
 * if women's places are required, can enforce them — checked when a process
 * opens, so that a count that could never run is refused before anyone votes.
 */
export function checkMethod(method: string, minWomen: number | null, seats?: number): Result<null> {
  let rule: ReturnType<typeof methodById>;
  try {
    rule = methodById(method);
  } catch (e) {
    if (e instanceof OptionError) return err('invalid-rulebook', `The counting method cannot be used: ${e.message}.`);
    throw e;
  }
  if (seats !== undefined && seats > 1 && !rule.multiSeat) {
    return err('method-seats', `${rule.name} fills one seat, not ${seats}: choose a method for several seats, or 1 seat.`);
  }
  if (minWomen !== null && minWomen > 0 && !rule.options.some((o) => o.name === 'minimum')) {
    return err(
      'method-minimum',
      `At least ${minWomen} ${minWomen === 1 ? 'woman' : 'women'} must be elected, but ${rule.name} cannot enforce a minimum of women: choose a method that can, or no minimum.`,
    );
  }
  if (seats !== undefined && minWomen !== null && minWomen > seats) {
    return err('minimum-seats', `At least ${minWomen} women must be elected, but there ${seats === 1 ? 'is 1 seat' : `are only ${seats} seats`}.`);
  }
  return ok(null);
}

/** One candidate's votes as the declaration announces them: at the first stage and at the last stage they were in the count (exact decimals). */
export interface DeclaredCandidate {
  readonly id: string;
  readonly name: string;
  readonly first: string;
  readonly final: string;
}

/** The figures announced at a declaration, kept with it so what was announced stays on record whatever is shown later. */
export interface DeclaredFigures {
  readonly candidates: readonly DeclaredCandidate[];
  /** Names, in order of election. */
  readonly elected: readonly string[];
  /** Ballots counted, of the members eligible. */
  readonly turnout: { readonly ballots: number; readonly electorate: number };
}

/** Who declared, when, and the figures announced. `by` is absent on declarations made before it was kept. */
export interface DeclarationRecord {
  readonly at: string;
  readonly by?: string | null;
  readonly figures?: DeclaredFigures;
}

/** The figures to announce from a count: each candidate's first and final votes, who was elected, and the turnout. */
export function declaredFigures(count: CountSummary, names: (id: string) => string, electorate: number): DeclaredFigures {
  const candidates = count.candidates.map((id) => {
    const held = count.rounds.filter((r) => Object.hasOwn(r.tally, id));
    return { id, name: names(id), first: held[0]?.tally[id] ?? '0', final: held.at(-1)?.tally[id] ?? '0' };
  });
  return { candidates, elected: count.elected.map(names), turnout: { ballots: count.ballots, electorate } };
}
