/**
 * One officer step taken in every contest of an election at once: freezing every electorate on the
 * freeze date, opening every ballot on the opening day, closing, counting and declaring them all. A
 * national election of six contests is otherwise the same click six times on six pages, and a contest
 * forgotten is a ballot that never opens.
 *
 * Each contest takes the step on its own, exactly as from its own page (the same use cases, each in its
 * own transaction with its own audit entry): one contest refused by its rules does not stop the others,
 * and the answer says, contest by contest, what happened.
 */
import { electionNextSteps, type ELECTION_OFFICER_STEPS, type StepBar } from '../domain/processes/next-steps.js';
import type { InternalElectionState } from '../domain/processes/index.js';
import { fixedClock } from '../domain/time.js';
import type { Acting } from './acting.js';
import { applyStep } from './apply-step.js';
import { ok } from '../domain/result.js';
import { refusal, type AppResult } from './app-error.js';
import { freezeElectorate } from './freeze-electorate.js';
import { contestsOf, type Opened } from './open-process.js';
import { recordCount } from './record-count.js';
import { rulebookFor, rulebookOf, type RulebookStore } from './rulebook-of.js';
import type { Rulebook } from '../domain/rulebook.js';

/** The steps an election takes in all its contests together; nominating stays each contest's own, as its candidates differ. */
export const EVERY_CONTEST_STEPS = [
  'freeze-electorate',
  'open-ballot',
  'close-ballot',
  'record-count',
  'declare',
] as const satisfies readonly (typeof ELECTION_OFFICER_STEPS)[number][];
export type EveryContestStep = (typeof EVERY_CONTEST_STEPS)[number];

export const isEveryContestStep = (s: string): s is EveryContestStep => (EVERY_CONTEST_STEPS as readonly string[]).includes(s);

/** What happened in one contest: the step was taken, the contest had taken it already, or it could not be taken (and why). */
export type ContestStepOutcome =
  | { readonly title: string; readonly outcome: 'done' }
  | { readonly title: string; readonly outcome: 'already' }
  | { readonly title: string; readonly outcome: 'not-now'; readonly why: string };

/** How ready the election's contests are for a step: how many may take it now, and how many have taken it. */
export interface EveryContestChance {
  readonly step: EveryContestStep;
  readonly ready: number;
  readonly already: number;
  readonly contests: number;
}

type Contest = Opened<InternalElectionState>;

/** Where one contest stands for `step` today: null when it may take it now. */
function barOf(contest: Contest, rulebook: Rulebook | null, step: EveryContestStep, now: Date, zone: string): StepBar | null | 'no-rulebook' {
  if (rulebook === null) return 'no-rulebook';
  const chance = electionNextSteps(contest.state, { rulebook, clock: fixedClock(now) }, zone).find((c) => c.step === step);
  // Every step of EVERY_CONTEST_STEPS is an election officer's step, so the domain judges each.
  return chance?.bar ?? null;
}

/** For each step an election takes in all its contests, how many contests are ready for it now. */
export async function everyContestChances(store: RulebookStore, contests: readonly Contest[], now: Date, zone: string): Promise<EveryContestChance[]> {
  const rulebooks = await Promise.all(contests.map((x) => rulebookFor(store, x)));
  return EVERY_CONTEST_STEPS.map((step) => {
    const bars = contests.map((x, i) => barOf(x, rulebooks[i]!, step, now, zone));
    return {
      step,
      ready: bars.filter((b) => b === null).length,
      already: bars.filter((b) => b !== null && b !== 'no-rulebook' && b.kind === 'past').length,
      contests: contests.length,
    };
  });
}

/** The moment the ballots open and close, as an officer gave them (each optional: the timetable's days by default). */
export interface ContestOpeningTimes {
  readonly opensAt?: string;
  readonly closesAt?: string;
}

/** The step in one contest, by the same use case its own page calls. */
async function stepOne(a: Acting, contest: Contest, step: EveryContestStep, zone: string, times: ContestOpeningTimes): Promise<AppResult<unknown>> {
  switch (step) {
    case 'freeze-electorate':
      return freezeElectorate(a, contest.id, 'internal-election');
    case 'record-count': {
      const rulebook = await rulebookOf(a.store, contest);
      if (!rulebook.ok) return rulebook;
      return recordCount(a.store, a.clock, contest, rulebook.value, { kind: 'ballot-box' }, a.actor);
    }
    case 'open-ballot':
      return applyStep(a, contest, { type: step, timeZone: zone, ...times });
    default:
      return applyStep(a, contest, { type: step });
  }
}

/**
 * Takes `step` in every contest of `election` that may take it now, in the election's order. A contest
 * that took it already is passed over; one the rules refuse says why. The election must exist.
 */
export async function stepEveryContest(
  a: Acting,
  election: string,
  step: EveryContestStep,
  zone: string,
  times: ContestOpeningTimes = {},
): Promise<AppResult<ContestStepOutcome[]>> {
  const contests = await contestsOf(a, election);
  if (contests.length === 0) return refusal('not-found', 'not-found', `There is no election of several contests "${election}".`);
  const outcomes: ContestStepOutcome[] = [];
  for (const contest of contests) {
    const title = contest.state.title;
    const bar = barOf(contest, await rulebookFor(a.store, contest), step, a.clock.now(), zone);
    if (bar !== null && bar !== 'no-rulebook' && bar.kind === 'past') {
      outcomes.push({ title, outcome: 'already' });
      continue;
    }
    // A contest the stage or the day does not allow is passed over with the reason; the step itself judges the rest.
    if (bar !== null && bar !== 'no-rulebook' && bar.kind === 'later') {
      outcomes.push({ title, outcome: 'not-now', why: 'it has not reached this stage yet' });
      continue;
    }
    const r = await stepOne(a, contest, step, zone, times);
    outcomes.push(r.ok ? { title, outcome: 'done' } : { title, outcome: 'not-now', why: lowerFirst(r.error.message) });
  }
  return ok(outcomes);
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');
