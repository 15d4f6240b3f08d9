/**
 * Checking a bulletin board from what it publishes alone:
 *
 * 1. the ballots — each tracker once, in tracker order, each ranking naming
 *    only candidates on the paper (a repeat is the method's to read), the
 *    digest right, as many ballots as members marked as voted;
 * 2. the declared record's own arithmetic — every stage adds up to the ballots,
 *    each transfer is the difference between the totals it joins, the inactive
 *    and rounding figures move as the transfer says, the quota (or threshold) is
 *    the rule's formula applied to the stage's own figures, and the winners are
 *    those the stages elect;
 * 3. an independent recount — the ballots counted again by src/count, under the
 *    method and options the board names, compared stage by stage, candidate by
 *    candidate, with the declared record.
 *
 * Every difference is a sentence naming what differs, e.g.
 * "stage 3: Ann 120.00000 declared, 118.00000 recounted". Pure: no I/O.
 */
import { OptionError, type OptionValue } from '../count/options.js';
import { countRanked, UnknownCandidateError } from '../count/ranked.js';
import type { CountRecord, Stage } from '../count/record.js';
import { ballotsDigest, compareCodePoints, type Board } from './board.js';
import { dec, DecimalTotal, fmt, formatScaled, negate, sub, within, type Decimal } from '../count/decimal.js';

export interface Verification {
  /** Each thing that is wrong, in words; empty when the board verifies. */
  readonly problems: readonly string[];
  /** What was checked, in words, in order, for a report. */
  readonly checked: readonly string[];
  /** The independent recount, when it could run. */
  readonly recount: CountRecord | null;
}

/** At most this many differences from the recount are listed one by one. */
const MAX_RECOUNT_DIFFERENCES = 40;

export function verifyBoard(board: Board): Verification {
  const problems: string[] = [];
  const checked: string[] = [];
  checked.push(...ballotChecks(board, problems));
  const recount = verifyCount(board, problems, checked);
  return { problems, checked, recount };
}

/** What a recount needs: the ballots (ids, first preference first), the candidates, the rule, and what was declared. */
export type CountedBallots = Pick<Board, 'candidates' | 'seats' | 'method' | 'options' | 'ballots' | 'declared'> & {
  readonly process: { readonly title: string };
};

/**
 * The declared record's checks and the independent recount (2 and 3 above), for a plain board's
 * ballots or an encrypted board's decrypted rankings: problems and what was checked are added to
 * the lists given; the recount is returned when it could run.
 */
export function verifyCount(board: CountedBallots, problems: string[], checked: string[]): CountRecord | null {
  const names = candidateNames(board);
  const declared = board.declared;
  let recount: CountRecord | null = null;
  if (declared === null) {
    checked.push('no result has been declared yet, so there is no record to check');
  } else {
    checked.push(...declaredChecks(board, declared.record, names, problems));
    checked.push(...arithmeticChecks(declared.record, names, problems));
    checked.push(...quotaChecks(declared.record, problems));
  }
  const counted = recountBoard(board);
  if (typeof counted === 'string') {
    problems.push(counted);
  } else {
    recount = counted;
    if (declared !== null) checked.push(...compareRecords(declared.record, counted, names, problems));
  }
  return recount;
}

/** Candidate names for messages, by record index; a name shared by two is told apart by id. */
function candidateNames(board: CountedBallots): readonly string[] {
  const seen = new Map<string, number>();
  for (const c of board.candidates) seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
  return board.candidates.map((c) => (seen.get(c.name)! > 1 ? `${c.name} (${c.id})` : c.name));
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

// ---- 1. The ballots ------------------------------------------------------------------------------

function ballotChecks(board: Board, problems: string[]): string[] {
  const ballots = board.ballots;
  const times = new Map<string, number>();
  for (const b of ballots) times.set(b.tracker, (times.get(b.tracker) ?? 0) + 1);
  for (const [tracker, n] of times) if (n > 1) problems.push(`ballot with tracker ${tracker} appears ${n === 2 ? 'twice' : `${n} times`}`);

  const misplaced: number[] = [];
  for (let i = 1; i < ballots.length; i++) if (compareCodePoints(ballots[i - 1].tracker, ballots[i].tracker) > 0) misplaced.push(i);
  if (misplaced.length > 0) {
    const i = misplaced[0];
    const more = misplaced.length > 1 ? ` (and ${plural(misplaced.length - 1, 'other place')} out of order)` : '';
    problems.push(
      `ballots are not in tracker order: ballot ${i + 1}, tracker ${ballots[i].tracker}, comes after ballot ${i}, tracker ${ballots[i - 1].tracker}${more}`,
    );
  }

  const ids = new Set(board.candidates.map((c) => c.id));
  // A candidate ranked again is not a fault of the board: the count reads it under the method's
  // repeated-ranking rule, as every count in Hustings does, and the recount below does the same.
  let repeats = 0;
  for (const b of ballots) {
    const seen = new Set<string>();
    let repeated = false;
    for (const id of b.ranking) {
      if (!ids.has(id)) problems.push(`ballot with tracker ${b.tracker} ranks "${id}", who is not a candidate (candidates: ${[...ids].join(', ')})`);
      else if (seen.has(id)) repeated = true;
      seen.add(id);
    }
    if (repeated) repeats++;
  }

  const digest = ballotsDigest(ballots);
  if (digest !== board.ballotsSha256)
    problems.push(`the ballots' SHA-256 is ${digest}, but the board says ${board.ballotsSha256}: the ballot list is not the one published`);

  const v = board.voters;
  if (ballots.length !== v.total)
    problems.push(`${plural(ballots.length, 'ballot is', 'ballots are')} on the board, but ${plural(v.total, 'member was', 'members were')} marked as voted`);
  if (v.online + v.postal + v.inPerson !== v.total)
    problems.push(`voters by channel (${v.online} online, ${v.postal} by post, ${v.inPerson} in person) do not add up to the ${v.total} marked as voted`);
  if (board.electorate !== null && v.total > board.electorate.eligible)
    problems.push(`${v.total} members voted, but only ${board.electorate.eligible} were eligible`);
  return [
    `${plural(ballots.length, 'ballot')}: checked that each tracker appears once, in tracker order, and that each ranking names only candidates on the paper`,
    ...(repeats > 0
      ? [`${plural(repeats, 'ballot ranks', 'ballots rank')} a candidate more than once: counted under the method's rule for a repeated ranking`]
      : []),
    `the ballots' SHA-256 is ${digest}`,
    `checked that there is one ballot for each of the ${plural(v.total, 'member')} marked as voted (${v.online} online, ${v.postal} by post, ${v.inPerson} in person)`,
  ];
}

// ---- 2. The declared record ----------------------------------------------------------------------

function declaredChecks(board: CountedBallots, record: CountRecord, names: readonly string[], problems: string[]): string[] {
  if (record.method !== board.method) problems.push(`the record was counted by ${record.method}, but the board says ${board.method}`);
  if (record.seats !== board.seats) problems.push(`the record fills ${plural(record.seats, 'seat')}, but the board says ${board.seats}`);
  const paper = board.candidates.map((c) => c.name);
  if (record.candidates.length !== paper.length || record.candidates.some((n, i) => n !== paper[i])) {
    problems.push(`the record's candidates (${record.candidates.join(', ')}) are not the board's (${paper.join(', ')})`);
  }
  const total = dec(record.totalBallots);
  if (!within(total, { units: BigInt(board.ballots.length), scale: 0 }, 0n)) {
    problems.push(`the record counts ${record.totalBallots} ballots, but the board has ${board.ballots.length}`);
  }
  const named = (list: readonly number[]) => list.map((i) => names[i] ?? `candidate ${i}`).join(', ') || 'nobody';
  const byStages = record.stages.flatMap((s) => s.elected);
  if (byStages.join(',') !== record.elected.join(',')) {
    problems.push(`the record names ${named(record.elected)} as elected, but its stages elect ${named(byStages)}`);
  }
  const declaredIds = board.declared!.elected;
  const recordIds = record.elected.map((i) => board.candidates[i]?.id ?? `#${i}`);
  if (declaredIds.join(',') !== recordIds.join(',')) {
    const byId = new Map(board.candidates.map((c, i) => [c.id, names[i]]));
    problems.push(`declared elected: ${declaredIds.map((id) => byId.get(id) ?? id).join(', ') || 'nobody'}; the record elects ${named(record.elected)}`);
  }
  return [`checked that the declared result (${named(record.elected)}) is the record's, counted by ${record.method} for ${plural(record.seats, 'seat')}`];
}

/** How many units of the last place two sums of `terms` rounded-down values may differ by. */
function slack(record: CountRecord, terms: number): bigint {
  return record.arithmetic.startsWith('fixed') ? 0n : BigInt(terms);
}

function arithmeticChecks(record: CountRecord, names: readonly string[], problems: string[]): string[] {
  const who = (c: number | string) => names[Number(c)] ?? `candidate ${c}`;
  const total = dec(record.totalBallots);
  const blockVote = record.method === 'block';
  const stages = record.stages;
  for (const s of stages) {
    const values = Object.values(s.tally);
    if (blockVote) {
      // Each ballot gives up to one vote to each of `seats` candidates, so a stage does not add up to
      // the ballots; but nobody can have more votes than there are ballots.
      for (const [c, v] of Object.entries(s.tally)) {
        if (sub(dec(v), total).units > 0n) problems.push(`stage ${s.number}: ${who(c)} has ${v} votes, more than the ${record.totalBallots} ballots`);
      }
      continue;
    }
    const sum = new DecimalTotal(total.scale);
    for (const v of values) sum.add(v);
    for (const v of Object.values(s.inactive)) sum.add(v);
    sum.add(s.lost);
    if (!within(sum.value, total, slack(record, values.length + Object.keys(s.inactive).length + 1))) {
      const candidates = new DecimalTotal(0);
      for (const v of values) candidates.add(v);
      const inactive = new DecimalTotal(0);
      for (const v of Object.values(s.inactive)) inactive.add(v);
      problems.push(
        `stage ${s.number} does not add up: candidates ${fmt(candidates.value)} + inactive ${fmt(inactive.value)} + lost to rounding ${s.lost} = ${fmt(sum.value)}, but there were ${record.totalBallots} ballots`,
      );
    }
  }

  for (let k = 0; k + 1 < stages.length; k++) {
    const s = stages[k];
    const next = stages[k + 1];
    const a = s.action;
    if (a === undefined) {
      problems.push(`stage ${next.number} follows stage ${s.number}, but the record gives no transfer between them`);
      continue;
    }
    const tol = slack(record, 2);
    const candidates = new Set([...Object.keys(s.tally), ...Object.keys(next.tally)]);
    for (const c of candidates) {
      const before = s.tally[Number(c)];
      const after = next.tally[Number(c)];
      const moved = a.transfers[Number(c)];
      if (before === undefined) {
        problems.push(`stage ${next.number}: ${who(c)} has ${after} votes but was not in the count at stage ${s.number}`);
        continue;
      }
      if (after === undefined) {
        // Leaving the count: the transfer, if the record lists one, takes away all they had.
        if (moved !== undefined && !within(dec(moved), negate(dec(before)), tol)) {
          problems.push(`stage ${s.number} → ${next.number}: ${who(c)} left the count with ${before} votes, but the transfer takes ${moved}`);
        }
        continue;
      }
      const change = sub(dec(after), dec(before));
      const said = moved === undefined ? { units: 0n, scale: change.scale } : dec(moved);
      if (!within(change, said, tol)) {
        problems.push(
          `stage ${s.number} → ${next.number}: ${who(c)} went from ${before} to ${after} (${signed(change)}), but the transfer says ${moved === undefined ? 'no change' : signedText(moved)}`,
        );
      }
    }
    for (const reason of Object.keys(next.inactive) as (keyof Stage['inactive'])[]) {
      const change = sub(dec(next.inactive[reason]), dec(s.inactive[reason] ?? '0'));
      const said = a.inactive[reason];
      if (!within(change, said === undefined ? { units: 0n, scale: change.scale } : dec(said), tol)) {
        problems.push(
          `stage ${s.number} → ${next.number}: inactive (${reason}) went from ${s.inactive[reason]} to ${next.inactive[reason]}, but the transfer says ${said === undefined ? 'none became inactive' : said}`,
        );
      }
    }
    const lostChange = sub(dec(next.lost), dec(s.lost));
    if (!within(lostChange, dec(a.lost), tol)) {
      problems.push(`stage ${s.number} → ${next.number}: votes lost to rounding went from ${s.lost} to ${next.lost}, but the transfer says ${a.lost}`);
    }
  }
  return [
    blockVote
      ? 'checked that no candidate has more votes than there are ballots (block voting gives each ballot several votes, so stages are not expected to add up to the ballots)'
      : `checked that each of the ${plural(stages.length, 'stage')} adds up: candidates' votes + inactive + lost to rounding = ${record.totalBallots} ballots`,
    'checked that every transfer equals the change in the totals it joins, and that the inactive and rounding figures move as it says',
  ];
}

const signed = (d: Decimal): string => (d.units >= 0n ? `+${fmt(d)}` : fmt(d));
const signedText = (t: string): string => (t.startsWith('-') ? t : `+${t}`);

/** The quota or threshold of each stage, worked out again from the stage's own figures by the method's formula. */
function quotaChecks(record: CountRecord, problems: string[]): string[] {
  const stages = record.stages;
  if (stages.length === 0) return [];
  const places = dec(stages[0].threshold).scale;
  const seats = BigInt(record.seats + 1);
  const unit = 10n ** BigInt(places);
  /** The stage's votes for candidates, at the threshold's precision (cut down, should they have more places). */
  const sumOf = (s: Stage): bigint => {
    const sum = new DecimalTotal(places);
    for (const v of Object.values(s.tally)) sum.add(v);
    return sum.value.units / 10n ** BigInt(sum.value.scale - places);
  };
  const expect = (s: Stage, scaled: bigint, how: string) => {
    const want = formatScaled(scaled, places);
    if (!within(dec(s.threshold), dec(want), 0n)) problems.push(`stage ${s.number}: the ${how} is ${want}, but the record says ${s.threshold}`);
  };
  const valid = sumOf(stages[0]);
  switch (record.method) {
    case 'plurality':
    case 'block':
      for (const s of stages) expect(s, 0n, 'threshold (none: the most votes win)');
      return ['no quota to check: the most votes win'];
    case 'irv':
      for (const s of stages) expect(s, (sumOf(s) / unit / 2n + 1n) * unit, 'threshold ⌊continuing votes ÷ 2⌋ + 1');
      return ["checked that each stage's threshold is ⌊continuing votes ÷ 2⌋ + 1"];
    case 'stv-scottish':
      for (const s of stages) expect(s, (valid / unit / seats + 1n) * unit, 'quota ⌊valid poll ÷ (seats + 1)⌋ + 1');
      return ['checked that the quota is ⌊valid poll ÷ (seats + 1)⌋ + 1 at every stage'];
    case 'stv-droop':
      for (const s of stages) expect(s, valid / seats, 'quota valid votes ÷ (seats + 1)');
      return ['checked that the quota is valid votes ÷ (seats + 1) at every stage'];
    case 'stv-ers97': {
      let electedBefore = false;
      stages.forEach((s, k) => {
        if (!electedBefore) expect(s, ceilDiv(sumOf(s), seats), 'quota (votes of candidates still in the count) ÷ (seats + 1), rounded up');
        else if (s.threshold !== stages[k - 1].threshold)
          problems.push(`stage ${s.number}: the quota changed from ${stages[k - 1].threshold} to ${s.threshold} after someone was elected`);
        if (s.elected.length > 0) electedBefore = true;
      });
      return ['checked that the quota is (votes still in the count) ÷ (seats + 1), rounded up, until someone is elected, and fixed after'];
    }
    case 'stv-meek':
      for (const s of stages) expect(s, sumOf(s) / seats + 1n, 'quota (votes held) ÷ (seats + 1), plus the least amount');
      return ["checked that each stage's quota is the votes held ÷ (seats + 1), truncated, plus one unit of the last place"];
    default:
      return [`no quota formula is known for ${record.method}; its quota is checked by the recount only`];
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a >= 0n ? (a + b - 1n) / b : a / b;
}

// ---- 3. The recount ------------------------------------------------------------------------------

/**
 * The board's ballots counted again under its method and options, or why that could not be done. Each
 * ballot is read as every count in Hustings reads it (countRanked): a repeated candidate is left to the
 * method's repeated-ranking rule, not dropped here.
 */
export function recountBoard(board: CountedBallots): CountRecord | string {
  try {
    return countRanked(
      { title: board.process.title, candidates: board.candidates, seats: board.seats, ballots: board.ballots },
      board.method,
      board.options as Readonly<Record<string, OptionValue>>,
    );
  } catch (x) {
    if (x instanceof OptionError) return `the ballots cannot be recounted by ${board.method} with the board's options: ${x.message}`;
    if (x instanceof UnknownCandidateError) return `the ballots cannot be recounted: ${x.message}`;
    throw x;
  }
}

function compareRecords(declared: CountRecord, recount: CountRecord, names: readonly string[], problems: string[]): string[] {
  const found: string[] = [];
  const who = (c: number | string) => names[Number(c)] ?? `candidate ${c}`;
  const differ = (a: string | undefined, b: string | undefined): boolean => (a === undefined || b === undefined ? a !== b : !within(dec(a), dec(b), 0n));
  const named = (list: readonly number[]) => list.map(who).join(', ') || 'nobody';

  if (differ(declared.totalBallots, recount.totalBallots)) found.push(`ballots counted: ${declared.totalBallots} declared, ${recount.totalBallots} recounted`);
  for (const [k, v] of Object.entries(recount.options)) {
    if (JSON.stringify(declared.options[k] ?? null) !== JSON.stringify(v))
      found.push(`option ${k}: ${JSON.stringify(declared.options[k] ?? null)} declared, ${JSON.stringify(v)} in the recount`);
  }
  if (declared.stages.length !== recount.stages.length)
    found.push(`the declared record has ${plural(declared.stages.length, 'stage')}, the recount ${recount.stages.length}`);
  const common = Math.min(declared.stages.length, recount.stages.length);
  for (let k = 0; k < common; k++) {
    const d = declared.stages[k];
    const r = recount.stages[k];
    const stage = `stage ${r.number}`;
    for (const c of new Set([...Object.keys(d.tally), ...Object.keys(r.tally)])) {
      const dv = d.tally[Number(c)];
      const rv = r.tally[Number(c)];
      if (differ(dv, rv)) found.push(`${stage}: ${who(c)} ${dv ?? 'not in the count'} declared, ${rv ?? 'not in the count'} recounted`);
    }
    if (differ(d.threshold, r.threshold)) found.push(`${stage}: quota ${d.threshold} declared, ${r.threshold} recounted`);
    for (const reason of new Set([...Object.keys(d.inactive), ...Object.keys(r.inactive)]) as Set<keyof Stage['inactive']>) {
      if (differ(d.inactive[reason], r.inactive[reason]))
        found.push(`${stage}: inactive (${reason}) ${d.inactive[reason] ?? 'none'} declared, ${r.inactive[reason] ?? 'none'} recounted`);
    }
    if (differ(d.lost, r.lost)) found.push(`${stage}: lost to rounding ${d.lost} declared, ${r.lost} recounted`);
    if (d.elected.join(',') !== r.elected.join(',')) found.push(`${stage}: elected: declared ${named(d.elected)}; recounted ${named(r.elected)}`);
    if (d.excluded.join(',') !== r.excluded.join(',')) found.push(`${stage}: excluded: declared ${named(d.excluded)}; recounted ${named(r.excluded)}`);
    if (d.action && r.action) {
      for (const c of new Set([...Object.keys(d.action.transfers), ...Object.keys(r.action.transfers)])) {
        const dv = d.action.transfers[Number(c)];
        const rv = r.action.transfers[Number(c)];
        if (differ(dv ?? '0', rv ?? '0')) found.push(`${stage}: transfer to ${who(c)} ${dv ?? '0'} declared, ${rv ?? '0'} recounted`);
      }
    }
  }
  if (declared.elected.join(',') !== recount.elected.join(',')) found.push(`elected: declared ${named(declared.elected)}; recounted ${named(recount.elected)}`);
  const shown = found.slice(0, MAX_RECOUNT_DIFFERENCES);
  problems.push(...shown);
  if (found.length > shown.length) problems.push(`… and ${found.length - shown.length} more differences between the declared record and the recount`);
  return [
    `recounted independently by ${recount.method}: ${named(recount.elected)} elected, in ${plural(recount.stages.length, 'stage')}; compared stage by stage with the declared record`,
  ];
}
