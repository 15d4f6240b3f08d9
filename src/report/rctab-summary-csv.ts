/**
 * RCTab's CSV reports of a count under its rules, row for row as RCTab's
 * OutputWriter writes them: the contest's information and summary, then one
 * column of votes, share of the vote and transfer per round for each
 * candidate (in order of first-round votes, undeclared write-ins last), the
 * active ballots, the threshold, the inactive ballots (by reason too in the
 * detailed report), residual and final-round surplus, and footnotes for a
 * tie broken and for a precinct's or batch's report. RCTab writes two for the
 * contest, `_summary_report.csv` (without the inactive ballots by reason) and
 * `_detailed_report.csv`, and the detailed one for each precinct and batch.
 *
 * Where RCTab's output depends on the order of a Java HashMap (candidates tied
 * on first-round votes), that order is reproduced from Java's string hash.
 * Cells go through the one CSV writer, so a name a spreadsheet would run as a
 * formula is written with a leading ', as everywhere in Hustings.
 */
import { add, cmp, type Decimal, fmt, sub, ZERO } from '../count/decimal.js';
import { type RctabCandidate, type RctabPass, type RctabRound, type RctabSliceKind, UNDECLARED_WRITE_INS } from '../count/methods/rctab-tabulator.js';
import { csvLine } from './csv-writer.js';
import type { RctabSummaryHeader } from './rctab-summary.js';

export type RctabCsvKind = 'summary' | 'detailed';

/** What the CSV needs of the contest's rules beyond the count itself. */
export interface RctabCsvContest {
  /** RCTab's singleWinnerMajority (multi-pass IRV is "Multi-Winner"). */
  readonly singleWinner: boolean;
  /** bottomsUpUsingPercentageThreshold's percentage as the configuration gives it ("25"); null for the other modes. */
  readonly bottomsUpPercentage: string | null;
  readonly firstRoundDeterminesThreshold: boolean;
}

/** A precinct's or batch's report: which, and the whole contest's candidate order, which every slice keeps. */
export interface RctabCsvSlice {
  readonly kind: RctabSliceKind;
  readonly id: string;
  readonly order: readonly number[];
}

const SLICE_LABEL: Readonly<Record<RctabSliceKind, string>> = { precinct: 'Precinct', batch: 'Batch' };

/** The inactive ballots the detailed report lists by reason, in RCTab's order and words. */
const REASONS = [
  ['overvotes', 'Inactive Ballots by Overvotes'],
  ['skippedRankings', 'Inactive Ballots by Skipped Rankings'],
  ['exhaustedChoices', 'Inactive Ballots by Exhausted Choices'],
  ['repeatedRankings', 'Inactive Ballots by Repeated Rankings'],
] as const;

const SLICE_MARK = '†';
const TIE_MARK = '*';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Java's String.hashCode, over UTF-16 code units as Java's strings hold them. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The order a Java HashMap with default settings iterates keys put in the given order: by bucket
 * (the spread hash masked to the table's size, which doubles past three quarters full), then as put.
 */
function javaHashMapOrder(keys: readonly string[]): number[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string): number => {
    const h = javaHash(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.i);
}

/** RCTab's candidate order in its CSV reports: the first round's candidates from most votes to fewest, undeclared write-ins last. */
export function rctabCsvCandidateOrder(candidates: readonly RctabCandidate[], pass: RctabPass): number[] {
  const first = pass.rounds[0]!;
  const keys = [...first.tally.keys()];
  const inMapOrder = javaHashMapOrder(keys.map((c) => candidates[c]!.name)).map((k) => keys[k]!);
  const isUwi = (c: number): boolean => candidates[c]!.name === UNDECLARED_WRITE_INS;
  // Java's comparator, on a stable sort: write-ins after everyone, then votes high to low.
  return inMapOrder.sort((a, b) => {
    if (isUwi(a)) return 1;
    if (isUwi(b)) return -1;
    return cmp(first.tally.get(b)!, first.tally.get(a)!);
  });
}

/** Votes counted for candidates plus any final-round surplus: RCTab's active and locked-in ballots. */
function activeBallots(round: RctabRound): Decimal {
  let sum = ZERO;
  for (const v of round.tally.values()) sum = add(sum, v);
  return add(sum, round.inactive.finalRoundSurplus);
}

function inactiveBallots(round: RctabRound): Decimal {
  const i = round.inactive;
  let sum = ZERO;
  for (const v of [i.didNotRankAnyCandidates, i.exhaustedChoices, i.overvotes, i.skippedRankings, i.repeatedRankings]) sum = add(sum, v);
  return sum;
}

/**
 * The share of `votes` in `of` as RCTab prints it: the quotient to 7 significant digits (Java's
 * DECIMAL32, half to even), cut to hundredths of a percent, printed as a Java double ("25.0%").
 */
export function rctabSharePercent(votes: Decimal, of: Decimal): string {
  // votes / of = num / den, both whole numbers.
  const num = votes.units * 10n ** BigInt(of.scale);
  const den = of.units * 10n ** BigInt(votes.scale);
  let hundredths = 0n;
  if (num !== 0n) {
    // Find k with 10^6 <= (num / den) * 10^k < 10^7, then round to that many places, half to even.
    let k = 0;
    while (num * 10n ** BigInt(Math.max(k, 0)) < den * 10n ** BigInt(Math.max(-k, 0)) * 1_000_000n) k++;
    while (num * 10n ** BigInt(Math.max(k, 0)) >= den * 10n ** BigInt(Math.max(-k, 0)) * 10_000_000n) k--;
    const scaledNum = num * 10n ** BigInt(Math.max(k, 0));
    const scaledDen = den * 10n ** BigInt(Math.max(-k, 0));
    let q = scaledNum / scaledDen;
    const twice = 2n * (scaledNum - q * scaledDen);
    if (twice > scaledDen || (twice === scaledDen && q % 2n === 1n)) q += 1n;
    // q * 10^-k is the rounded quotient; its hundredths of a percent, cut towards zero.
    hundredths = k >= 4 ? q / 10n ** BigInt(k - 4) : q * 10n ** BigInt(4 - k);
  }
  const text = String(Number(hundredths) / 100);
  return `${text.includes('.') ? text : `${text}.0`}%`;
}

/** Each round's residual surplus so far: what winners held over the threshold once their surplus had moved. */
function residualSurplusByRound(rounds: readonly RctabRound[]): Decimal[] {
  const out: Decimal[] = [];
  let sum = ZERO;
  rounds.forEach((_, k) => {
    // A residual found in round k + 1 is a transfer out of the round before it.
    const before = rounds[k - 1];
    if (before) for (const to of before.transfersOut.values()) sum = add(sum, to.get('residual surplus') ?? ZERO);
    out.push(sum);
  });
  return out;
}

/**
 * One of RCTab's CSV reports of `pass` (or of a slice's rounds of it: give `slice`, and the slice's
 * rounds as `pass.rounds`), as text with RCTab's CRLF line ends.
 */
export function rctabSummaryCsv(
  candidates: readonly RctabCandidate[],
  pass: RctabPass,
  header: RctabSummaryHeader,
  contest: RctabCsvContest,
  kind: RctabCsvKind,
  slice?: RctabCsvSlice,
): string {
  const rounds = pass.rounds;
  const n = rounds.length;
  const first = rounds[0]!;
  const last = rounds[n - 1]!;
  const name = (c: number): string => candidates[c]!.name;
  const lines: string[] = [];
  const row = (...cells: string[]): void => {
    lines.push(csvLine(cells));
  };
  const perRound = (label: string, cells: (round: RctabRound, k: number) => [string, string, string]): void => {
    row(label, ...rounds.flatMap((r, k) => cells(r, k)));
  };
  const decided = (round: RctabRound, type: 'elected' | 'eliminated') =>
    round.decisions.filter((d) => d.kind === type).sort((a, b) => compareText(name(a.candidate), name(b.candidate)));

  row('Contest Information');
  row('Generated By', header.generatedBy);
  row('CSV Format Version', '1');
  row('Type of Election', contest.singleWinner ? 'Single-Winner' : 'Multi-Winner');
  row('Contest', header.contest);
  row('Jurisdiction', header.jurisdiction);
  row('Office', header.office);
  row('Date', header.date);
  row('Winner(s)', rounds.flatMap((r) => decided(r, 'elected').map((d) => name(d.candidate))).join(', '));
  if (slice) row(SLICE_LABEL[slice.kind], slice.id);
  else row('Final Threshold', fmt(last.threshold));
  lines.push('\r\n');

  const unranked = first.inactive.didNotRankAnyCandidates;
  row('Contest Summary');
  row(
    'Number to be Elected',
    contest.bottomsUpPercentage === null ? String(pass.numberOfWinners) : `All candidates over the ${contest.bottomsUpPercentage}% threshold`,
  );
  // Those the count began with: not excluded, nor elected in an earlier pass of multi-pass IRV.
  row('Number of Candidates', String(first.tally.size));
  row('Total Number of Ballots', fmt(add(activeBallots(first), inactiveBallots(first))));
  row('Number of Undervotes (No Rankings)', fmt(unranked));
  lines.push('\r\n');

  row('Rounds', ...rounds.flatMap((r) => [`Round ${r.round} Votes`, '% of vote', 'transfer']));
  const tieBroken = rounds.some((r) => r.decisions.some((d) => d.tiebreak !== undefined));
  for (const type of ['eliminated', 'elected'] as const) {
    const label = (type === 'elected' ? 'Elected' : 'Eliminated') + (slice ? SLICE_MARK : '');
    perRound(label, (r) => [
      decided(r, type)
        .map((d) => name(d.candidate) + (d.tiebreak !== undefined ? TIE_MARK : ''))
        .join('; '),
      '',
      '',
    ]);
  }

  // The share of the vote is of the round's own active ballots when the threshold follows them (single-winner
  // and bottoms-up to a percentage, unless the first round fixes it), else of the first round's.
  const perRoundShare = (contest.singleWinner || contest.bottomsUpPercentage !== null) && !contest.firstRoundDeterminesThreshold;
  for (const c of slice?.order ?? rctabCsvCandidateOrder(candidates, pass)) {
    perRound(name(c), (r, k) => {
      const votes = r.tally.get(c) ?? ZERO;
      const of = activeBallots(perRoundShare ? r : first);
      const next = rounds[k + 1];
      return [fmt(votes), of.units === 0n ? '' : rctabSharePercent(votes, of), next ? fmt(sub(next.tally.get(c) ?? ZERO, votes)) : '0'];
    });
  }
  perRound('Active Ballots', (r) => [fmt(activeBallots(r)), '', '']);
  if (!slice) perRound('Current Round Threshold', (r) => [fmt(r.threshold), '', '']);
  if (kind === 'detailed') {
    for (const [reason, label] of REASONS) {
      perRound(label, (r, k) => {
        const next = rounds[k + 1];
        return [fmt(r.inactive[reason]), '', next ? fmt(sub(next.inactive[reason], r.inactive[reason])) : '0'];
      });
    }
  }
  perRound('Inactive Ballots Total', (r, k) => {
    const next = rounds[k + 1];
    return [fmt(sub(inactiveBallots(r), unranked)), '', next ? fmt(sub(inactiveBallots(next), inactiveBallots(r))) : '0'];
  });
  const residual = residualSurplusByRound(rounds);
  if (!slice && residual[n - 1]!.units > 0n) perRound('Residual surplus', (_, k) => [fmt(residual[k]!), '', '']);
  if (pass.usesSurpluses) {
    // RCTab leaves the cell empty while the surplus is the untouched zero it started from.
    perRound('Final Round Surplus', (r) => {
      const s = r.inactive.finalRoundSurplus;
      return [s.units === 0n && s.scale === 0 ? '' : fmt(s), '', ''];
    });
  }
  if (slice) {
    lines.push('\r\n');
    row(`${SLICE_MARK}Elect/Eliminate decisions are from the full contest. All other results on this report are at the ${slice.kind} level.`);
  }
  if (tieBroken) {
    lines.push('\r\n');
    row(`${TIE_MARK}Tie resolved in accordance with election law`);
  }
  return lines.join('');
}
