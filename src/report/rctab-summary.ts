/**
 * RCTab's summary JSON (its "detailed report" JSON, the URCVT format rcvis
 * draws) of a count under RCTab's rules, key for key as RCTab writes it: keys
 * in alphabetical order at every level, vote values as decimal strings at the
 * scale RCTab's arithmetic gives them. Built from the rounds of
 * `tabulateRctab`, which carry each candidate's own transfers, so nothing here
 * is inferred from differences between rounds (unlike `urcvt.ts`, which renders
 * any Hustings count in this shape).
 */
import { add, type Decimal, fmt, ZERO } from '../count/decimal.js';
import type { RctabCandidate, RctabPass } from '../count/methods/rctab-tabulator.js';

export interface RctabSummaryHeader {
  readonly contest: string;
  readonly date: string;
  readonly jurisdiction: string;
  readonly office: string;
  /** e.g. "Hustings 0.1.0", where RCTab writes "RCTab 2.0.0". */
  readonly generatedBy: string;
  /** In a report of one precinct's or batch's share of the count: which (RCTab names it in the config block). */
  readonly precinct?: string;
  readonly batch?: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Object keys in the order RCTab's writer gives them (sorted), so the text compares line for line too. */
function sorted(entries: Iterable<[string, Json]>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

export function rctabSummary(candidates: readonly RctabCandidate[], pass: RctabPass, header: RctabSummaryHeader): { [key: string]: Json } {
  const name = (c: number): string => candidates[c]!.name;
  const rounds = pass.rounds;
  const last = rounds[rounds.length - 1]!;
  const results: Json[] = rounds.map((r) => {
    const inactive: [string, Json][] = [
      ['exhaustedChoices', fmt(r.inactive.exhaustedChoices)],
      ['overvotes', fmt(r.inactive.overvotes)],
      ['repeatedRankings', fmt(r.inactive.repeatedRankings)],
      ['skippedRankings', fmt(r.inactive.skippedRankings)],
    ];
    if (pass.usesSurpluses && r === last) inactive.push(['finalRoundSurplus', fmt(r.inactive.finalRoundSurplus)]);
    const actions: Json[] = [];
    for (const kind of ['elected', 'eliminated'] as const) {
      for (const d of r.decisions) {
        if (d.kind !== kind) continue;
        const out = r.transfersOut.get(d.candidate);
        const transfers = sorted([...(out ?? new Map())].map(([to, v]): [string, Json] => [typeof to === 'number' ? name(to) : to, fmt(v)]));
        actions.push(
          sorted([
            [kind, name(d.candidate)],
            ['transfers', transfers],
          ]),
        );
      }
    }
    return sorted([
      ['inactiveBallots', sorted(inactive)],
      ['round', r.round],
      ['tally', sorted([...r.tally].map(([c, v]): [string, Json] => [name(c), fmt(v)]))],
      ['tallyResults', actions],
      ['threshold', fmt(r.threshold)],
    ]);
  });
  const first = rounds[0]!;
  let total: Decimal = ZERO;
  for (const v of first.tally.values()) total = add(total, v);
  for (const v of Object.values(first.inactive)) total = add(total, v);
  return sorted([
    ['config', sorted(Object.entries(header))],
    ['jsonFormatVersion', '1'],
    ['results', results],
    [
      'summary',
      sorted([
        ['finalThreshold', fmt(last.threshold)],
        ['numCandidates', candidates.length],
        ['numWinners', pass.numberOfWinners],
        ['totalNumBallots', fmt(total)],
        ['undervotes', Number(first.inactive.didNotRankAnyCandidates.units / 10n ** BigInt(first.inactive.didNotRankAnyCandidates.scale))],
      ]),
    ],
  ]);
}

/** The summary as RCTab's writer prints it: two-space indent, `"key" : value`. */
export function rctabSummaryText(summary: { [key: string]: Json }): string {
  return JSON.stringify(summary, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"):/gm, '$1 :') + '\n';
}
