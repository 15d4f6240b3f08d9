/**
 * Real trigger ballots, from published reports, as data: Barking 2019, Hull
 * North 2019 and Ilford South 2022. Reports give counts of units, never every
 * unit's decision, and they leave things out (how the affiliated branches
 * voted, whether a branch had voted yet) or disagree. Where they do, each
 * reading is modelled explicitly and one is marked as the one assumed, with
 * the reason, so a reader can see how much an outcome hangs on the gap.
 *
 * Only counts matter to every rule here, so units are named "Branch 1",
 * "Affiliated branch 1", …: the reports rarely say which ward voted which way,
 * and real ward names would suggest they did.
 *
 * Pure: no I/O. Sources are summarised in our own words with where to find them.
 */
import { csvLine } from '../report/csv-writer.js';
import type { Rulebook } from '../domain/rulebook.js';
import { present } from '../count/checked.js';
import type { UnitDecision, UnitResult } from '../domain/trigger-outcome.js';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../domain/presets.js';
import { replay, type ConstituencyResults, type Outcome, type Replay } from './replay.js';

/** How many units of one class decided each way. */
export interface Counts {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly absent: number;
}

export interface Source {
  readonly publisher: string;
  readonly title: string;
  /** When it was published, as precisely as we know it: "2022-07-09" or "2019-09". */
  readonly date: string;
  readonly url: string;
  /** What it reports that the case uses, in our words. */
  readonly reports: string;
}

/** One way of reading what the reports say about the branches. */
export interface BranchReading {
  readonly id: string;
  readonly name: string;
  readonly why: string;
  readonly counts: Counts;
}

/**
 * One way of reading what the reports say (or do not say) about the
 * affiliated branches. When their votes are not reported, a reading derives
 * them from the branches: none voted; as many affiliated branches as
 * branches, all against a selection; the same decisions as the branches; or
 * as many, all for a selection (the upper bound).
 */
export type AffiliateReading = {
  readonly id: string;
  readonly name: string;
  readonly why: string;
} & ({ readonly kind: 'reported'; readonly counts: Counts } | { readonly kind: 'none' | 'all-for-mp' | 'like-branches' | 'all-for-selection' });

export interface RealCase {
  readonly id: string;
  readonly name: string;
  readonly constituency: string;
  readonly year: number;
  readonly incumbent: string;
  /** The rulebook the ballot was held under, and what it decided. */
  readonly heldUnder: Rulebook;
  readonly reportedOutcome: Outcome;
  /** What the reports agree on, in a sentence. */
  readonly reported: string;
  readonly sources: readonly Source[];
  readonly branchReadings: readonly BranchReading[];
  readonly affiliateReadings: readonly AffiliateReading[];
  /** The reading taken as what happened, by branch and affiliate reading id, and why. */
  readonly assumed: { readonly branches: string; readonly affiliates: string; readonly why: string };
}

/** A branch reading with an affiliate reading: one complete set of unit decisions. */
export interface Reading {
  /** "branch-id/affiliate-id". */
  readonly id: string;
  /** "5 of 11 branches; no affiliates voted". */
  readonly name: string;
  readonly assumed: boolean;
  readonly branches: Counts;
  readonly affiliates: Counts;
}

const counts = (yes: number, no: number, abstain = 0, absent = 0): Counts => ({ yes, no, abstain, absent });
const size = (c: Counts): number => c.yes + c.no + c.abstain + c.absent;

/** The readings of the affiliated branches when the reports are silent on them (Barking, Hull North). */
const UNREPORTED_AFFILIATES: readonly AffiliateReading[] = [
  {
    id: 'none',
    kind: 'none',
    name: 'no affiliates voted',
    why: 'The reports count branches only; if no affiliated branch voted, the branches decide alone.',
  },
  {
    id: 'all-for-mp',
    kind: 'all-for-mp',
    name: 'affiliates all for the MP',
    why:
      'Every affiliated branch against a selection. How many there were is not reported: modelled as many as the branches. ' +
      'Under each of the four Labour eras the outcome is the same for any number from 1 to 26 (about the most a constituency has).',
  },
  {
    id: 'like-branches',
    kind: 'like-branches',
    name: 'affiliates like the branches',
    why: "The affiliated branches decided exactly as the branches did (as many of them, each way); every share is then the branches' share.",
  },
  {
    id: 'all-for-selection',
    kind: 'all-for-selection',
    name: 'affiliates all for a selection',
    why: 'Every affiliated branch for a selection, as many as the branches: the upper bound, showing how far the outcome could turn on the affiliates.',
  },
];

export const BARKING_2019: RealCase = {
  id: 'barking-2019',
  name: 'Barking 2019',
  constituency: 'Barking',
  year: 2019,
  incumbent: 'Margaret Hodge',
  heldUnder: LABOUR_2018,
  reportedOutcome: 'triggered',
  reported: 'Of the 11 branches, 5 wanted a selection and 6 wanted the MP readopted; the MP was triggered. How the affiliated branches voted is not reported.',
  sources: [
    {
      publisher: 'LabourList',
      title: 'Margaret Hodge becomes second ‘triggered’ Labour MP',
      date: '2019-09',
      url: 'https://labourlist.org/2019/09/margaret-hodge-becomes-second-triggered-labour-mp',
      reports:
        'Six branches voted to readopt the MP automatically and five for a full selection, which reached the one-third threshold; nothing on affiliates.',
    },
    {
      publisher: 'HuffPost UK (as reprinted by uk.timesofnews.com)',
      title: "Labour's Margaret Hodge facing reselection battle after members trigger challenge",
      date: '2019-09-28',
      url: 'https://uk.timesofnews.com/?p=247614',
      reports: 'Five of the 11 branches voted for a contest and six backed the MP, according to local sources.',
    },
  ],
  branchReadings: [{ id: '5-of-11', name: '5 of 11 branches', why: 'Every report agrees: 5 for a selection, 6 against, all 11 voting.', counts: counts(5, 6) }],
  affiliateReadings: UNREPORTED_AFFILIATES,
  assumed: {
    branches: '5-of-11',
    affiliates: 'none',
    why: 'The reports count only branches, and the branches alone reached the one-third threshold that was in force, so nothing suggests an affiliate vote.',
  },
};

export const HULL_NORTH_2019: RealCase = {
  id: 'hull-north-2019',
  name: 'Hull North 2019',
  constituency: 'Kingston upon Hull North',
  year: 2019,
  incumbent: 'Diana Johnson',
  heldUnder: LABOUR_2018,
  reportedOutcome: 'triggered',
  reported:
    'The MP was triggered; of the 10 branches, 6 wanted her readopted. Reports differ on whether 3 or 4 wanted a selection, and on whether the tenth had voted; how the affiliated branches voted is not reported.',
  sources: [
    {
      publisher: 'LabourList',
      title: 'Diana Johnson becomes first Labour MP to be ‘triggered’',
      date: '2019-09-08',
      url: 'https://labourlist.org/2019/09/diana-johnson-becomes-first-labour-mp-to-be-triggered/',
      reports: 'First published as four of ten branches voting for a selection; the article as it stands now says three branches.',
    },
    {
      publisher: 'Yorkshire Post',
      title: 'Reselection battle for Hull MP Diana Johnson triggered by just 16 Labour members',
      date: '2019-09',
      url: 'https://www.yorkshirepost.co.uk/news/reselection-battle-hull-mp-diana-johnson-triggered-just-16-labour-members-1750210',
      reports: 'The MP said six wards, the biggest, voted to reselect her, and that 16 members across three smaller wards tipped the balance.',
    },
    {
      publisher: 'Yorkshire Post',
      title: "Outcry from Labour's Yorkshire MPs as Hull's Diana Johnson faces deselection battle",
      date: '2019-09',
      url: 'https://www.yorkshirepost.co.uk/news/uk-news/outcry-labours-yorkshire-mps-hulls-diana-johnson-faces-deselection-battle-1750374',
      reports: 'The constituency chair thought it improper to announce a result before every unit had voted; the MP said the one-third threshold had been met.',
    },
  ],
  branchReadings: [
    {
      id: '3-of-9',
      name: '3 of 9 voting branches',
      why: 'Three branches for a selection and six against, as the later reports say; the tenth had not voted when the threshold was declared met, so it drops out of the count.',
      counts: counts(3, 6, 0, 1),
    },
    {
      id: '3-of-10',
      name: '3 of 10 branches',
      why: 'Three for and seven against, all ten voting: 3/10 is short of one third, so under the rules in force this reading contradicts the reported trigger unless the affiliates made it.',
      counts: counts(3, 7),
    },
    { id: '4-of-10', name: '4 of 10 branches', why: 'Four for and six against, as LabourList first reported.', counts: counts(4, 6) },
  ],
  affiliateReadings: UNREPORTED_AFFILIATES,
  assumed: {
    branches: '3-of-9',
    affiliates: 'none',
    why: "Three is what the later reports and the MP's own account (six wards for her, three against) agree on, and the threshold was declared before every unit had voted, which fits 3 of 9 exactly reaching one third. No report mentions affiliates.",
  },
};

export const ILFORD_SOUTH_2022: RealCase = {
  id: 'ilford-south-2022',
  name: 'Ilford South 2022',
  constituency: 'Ilford South',
  year: 2022,
  incumbent: 'Sam Tarry',
  heldUnder: LABOUR_2021,
  reportedOutcome: 'triggered',
  reported: 'All 10 branches wanted a selection; of the 21 affiliated branches, 3 did and 1 abstained; the electoral college stood at 57.5% for a selection.',
  sources: [
    {
      publisher: 'On London',
      title: 'Ilford South: Unions could thwart Labour members seeking change of parliamentary candidate (update of 9 July 2022)',
      date: '2022-07-09',
      url: 'https://www.onlondon.co.uk/ilford-south-unions-could-thwart-labour-members-seeking-change-of-parliamentary-candidate/',
      reports: 'All ten ward branches and three of 21 affiliates voted to trigger, one affiliate abstaining: 57.5% of the electoral college.',
    },
    {
      publisher: 'LabourList',
      title: 'Shadow minister and Labour MP Sam Tarry to face full selection process',
      date: '2022-07',
      url: 'https://labourlist.org/2022/07/shadow-minister-and-labour-mp-sam-tarry-to-face-full-selection-process/',
      reports: 'The electoral college voted 57.5% to 42.5% for a full selection, branches and affiliates each making up half of it.',
    },
  ],
  branchReadings: [{ id: '10-of-10', name: '10 of 10 branches', why: 'Every report agrees that all ten branches wanted a selection.', counts: counts(10, 0) }],
  affiliateReadings: [
    {
      id: '3-of-21',
      kind: 'reported',
      name: '3 of 21 affiliates (1 abstaining)',
      why: 'The other 17 are taken as against a selection: 50% + 3/20 × 50% = 57.5%, the reported college figure, holds only if the 20 that did not abstain all voted.',
      counts: counts(3, 17, 1, 0),
    },
  ],
  assumed: { branches: '10-of-10', affiliates: '3-of-21', why: 'The reports agree, and the reported 57.5% confirms the reading.' },
};

/** Every real case, oldest first. */
export const REAL_CASES: readonly RealCase[] = [BARKING_2019, HULL_NORTH_2019, ILFORD_SOUTH_2022];

/** The four Labour eras every case is judged under. */
export const LABOUR_ERAS: readonly Rulebook[] = [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021];

export function caseById(id: string): RealCase | undefined {
  return REAL_CASES.find((c) => c.id === id);
}

/** The affiliated branches' decisions under a reading, given the branches'. */
export function affiliateCounts(reading: AffiliateReading, branches: Counts): Counts {
  switch (reading.kind) {
    case 'reported':
      return reading.counts;
    case 'none':
      return counts(0, 0);
    case 'all-for-mp':
      return counts(0, size(branches));
    case 'like-branches':
      return branches;
    case 'all-for-selection':
      return counts(size(branches), 0);
  }
}

/** Every branch reading with every affiliate reading, in the order listed. */
export function readingsOf(c: RealCase): Reading[] {
  return c.branchReadings.flatMap((b) =>
    c.affiliateReadings.map((a) => ({
      id: `${b.id}/${a.id}`,
      name: `${b.name}; ${a.name}`,
      assumed: b.id === c.assumed.branches && a.id === c.assumed.affiliates,
      branches: b.counts,
      affiliates: affiliateCounts(a, b.counts),
    })),
  );
}

const DECISIONS: readonly UnitDecision[] = ['yes', 'no', 'abstain', 'absent'];

/** The unit decisions of a reading: "Branch 1" … then "Affiliated branch 1" …, for a selection first. */
export function unitsOf(reading: Pick<Reading, 'branches' | 'affiliates'>): UnitResult[] {
  const units: UnitResult[] = [];
  for (const [cls, label, c] of [
    ['branch', 'Branch', reading.branches],
    ['affiliate', 'Affiliated branch', reading.affiliates],
  ] as const) {
    let n = 0;
    for (const d of DECISIONS) for (let i = 0; i < c[d]; i++) units.push({ unit: `${label} ${++n}`, class: cls, decision: d });
  }
  return units;
}

/** The constituency name a reading has in a replay: "Barking 2019: 5 of 11 branches; no affiliates voted". */
export function readingConstituency(c: RealCase, r: Reading): string {
  return `${c.name}: ${r.name}`;
}

/** A case's readings as the constituencies of a replay. */
export function caseConstituencies(c: RealCase): ConstituencyResults[] {
  return readingsOf(c).map((r) => ({ constituency: readingConstituency(c, r), units: unitsOf(r) }));
}

/** Cases as a `hustings simulate replay` CSV: a constituency per reading (LF line ends, as the examples are stored). */
export function casesCsv(cases: readonly RealCase[]): string {
  const lines = [csvLine(['constituency', 'unit', 'class', 'decision'], '\n')];
  for (const c of cases) {
    for (const k of caseConstituencies(c)) for (const u of k.units) lines.push(csvLine([k.constituency, u.unit, u.class, u.decision], '\n'));
  }
  return lines.join('');
}

// ---- Judging the cases ------------------------------------------------------------------

export interface JudgedReading {
  readonly reading: Reading;
  /** In the order of `JudgedCase.replay.rulebooks`. */
  readonly outcomes: readonly Outcome[];
  /** Whether the reading gives the reported outcome under the rulebook the ballot was held under; null when that rulebook was not judged. */
  readonly matchesReport: boolean | null;
}

export interface JudgedCase {
  readonly case: RealCase;
  /** The case's readings replayed (one constituency per reading, in `readingsOf` order). */
  readonly replay: Replay;
  readonly readings: readonly JudgedReading[];
}

/** Every reading of a case under each rulebook (the four Labour eras unless told otherwise). */
export function judgeCase(c: RealCase, rulebooks: readonly Rulebook[] = LABOUR_ERAS): JudgedCase {
  const r = replay(caseConstituencies(c), rulebooks);
  const held = r.rulebooks.findIndex((rb) => rb.id === c.heldUnder.id);
  const readings = readingsOf(c).map((reading, i) => {
    const outcomes = present(r.rows[i], 'the replay of a reading').outcomes.map((o) => o.outcome);
    return { reading, outcomes, matchesReport: held < 0 ? null : outcomes[held] === c.reportedOutcome };
  });
  return { case: c, replay: r, readings };
}
