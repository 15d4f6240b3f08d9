/**
 * A count record laid out as a result sheet: one column per stage, one row per
 * candidate, then the non-transferable votes, the loss by fractions, the total
 * and the quota. The terminal table and the CSV are two printings of this one
 * layout, so they cannot disagree.
 */
import type { CountEvent, CountRecord, RepresentationRule, Stage } from '../count/record.js';
import { present } from '../count/checked.js';
import type { InactiveReason } from '../count/ballot-rules.js';
import { INACTIVE_REASONS } from '../count/ballot-rules.js';
import { flagOf, type OptionSpec } from '../count/options.js';
import { dec, fmt, sign, sumDecimals } from '../count/decimal.js';

export interface SheetCell {
  /** The candidate's votes at this stage; null once they are out of the count. */
  readonly value: string | null;
  readonly elected: boolean;
  /** Excluded at the end of this stage (their votes move in the next). */
  readonly excluded: boolean;
}

export interface CandidateRow {
  readonly candidate: number;
  readonly name: string;
  readonly cells: readonly SheetCell[];
  /** e.g. "elected at stage 3", "excluded at stage 5", "not elected". */
  readonly result: string;
  readonly status: 'elected' | 'excluded' | 'not elected' | 'withdrawn';
}

export interface TotalRow {
  readonly label: string;
  readonly cells: readonly string[];
}

export interface StageHeading {
  readonly number: number;
  /** Short, for a column heading: what produced this stage ("First", "Surplus of", "Exclusion of"). */
  readonly what: string;
  /** Short, for a column heading: whose votes moved ("preferences" at stage 1). */
  readonly who: string;
  /** Everything that happened, in a sentence: for the notes under a table. */
  readonly description: string;
}

export interface Sheet {
  readonly stages: readonly StageHeading[];
  readonly candidates: readonly CandidateRow[];
  readonly totals: readonly TotalRow[];
  /** Names of those elected at each stage (index = stage - 1). */
  readonly electedAt: readonly string[][];
  /** Names of those excluded at the end of each stage. */
  readonly excludedAt: readonly string[][];
  /** Under a minimum representation: whether it changed who was elected, in a sentence. */
  readonly minimumEffect?: string | undefined;
}

export const INACTIVE_LABELS: Readonly<Record<InactiveReason, string>> = {
  exhausted: 'Non-transferable: exhausted',
  overvote: 'Non-transferable: overvote',
  skippedRanks: 'Non-transferable: skipped ranks',
  repeatedRanking: 'Non-transferable: repeated ranking',
};

/** "Quota" for the STV rules, whose threshold is a quota; "Threshold" otherwise. */
export function thresholdLabel(record: CountRecord): string {
  return record.method.startsWith('stv') ? 'Quota' : 'Threshold';
}

export function nameList(record: CountRecord, candidates: readonly number[]): string {
  const names = candidates.map((c) => record.candidates[c] ?? `#${c + 1}`);
  if (names.length <= 1) return names.join('');
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

function eventsAt(record: CountRecord, stage: number): CountEvent[] {
  return record.events.filter((e) => e.stage === stage);
}

function headingFor(record: CountRecord, stage: Stage, previous: Stage | undefined): StageHeading {
  const notes: string[] = [];
  let what: string;
  let who = '';
  if (record.freshVotesEachStage) {
    what = 'Votes in';
    who = `round ${stage.number}`;
    notes.push(`votes cast in round ${stage.number}`);
  } else if (!previous && record.method === 'block') {
    // Block vote counts every mark, not first preferences.
    what = 'Votes';
    notes.push('votes');
  } else if (!previous) {
    what = 'First';
    who = 'preferences';
    notes.push('first preferences');
  } else {
    const a = previous.action;
    const names = a ? nameList(record, a.candidates) : '';
    if (!a) {
      what = 'Recount';
    } else if (a.kind === 'surplus') {
      what = 'Surplus of';
      who = names;
      const ev = record.events.find((e) => e.type === 'surplus' && e.stage === previous.number && a.candidates.includes(e.candidate));
      let text = `surplus of ${names}`;
      if (ev && ev.type === 'surplus') text += ` (${ev.surplus})`;
      text += ' transferred';
      if (a.transferValues && a.transferValues.length > 0) {
        text += a.transferValues.length === 1 ? ` at a value of ${a.transferValues[0]}` : ` at values ${a.transferValues.join(', ')}`;
      }
      notes.push(text);
    } else if (a.kind === 'exclusion' || previous.excluded.length > 0) {
      // A Meek iteration that follows an exclusion is, on the sheet, that exclusion.
      const excluded = a.kind === 'exclusion' ? a.candidates : previous.excluded;
      what = 'Exclusion of';
      who = nameList(record, excluded);
      const reasons = record.events
        .filter((e): e is ExcludeEvent => e.type === 'exclude' && e.stage === previous.number)
        .map((e) => exclusionText(record, e))
        .filter((r, i, all) => all.indexOf(r) === i);
      const why = reasons.length ? ` (${reasons.join('; ')})` : '';
      notes.push(`votes of ${who} transferred after exclusion${why}`);
      if (a.kind === 'iteration') notes.push('keep values recomputed');
    } else {
      what = 'Surpluses';
      notes.push('surpluses of the elected candidates redistributed (keep values recomputed)');
    }
    if (a && sign(dec(a.lost)) !== 0) notes.push(`${a.lost} lost to fractions`);
  }
  for (const e of eventsAt(record, stage.number)) {
    if (e.type === 'elect') notes.push(`${record.candidates[e.candidate]} elected (${electReasonText(e.reason)}, ${e.votes})`);
    else if (e.type === 'note') notes.push(e.text);
  }
  const description = notes.join('; ');
  return { number: stage.number, what, who, description: description.charAt(0).toUpperCase() + description.slice(1) };
}

export function electReasonText(reason: Extract<CountEvent, { type: 'elect' }>['reason']): string {
  switch (reason) {
    case 'quota':
      return 'reached the quota';
    case 'majority':
      return 'majority of continuing votes';
    case 'most votes':
      return 'most votes';
    case 'remaining seats':
      return 'remaining seats equal remaining candidates';
    case 'last continuing':
      return 'last continuing candidate';
  }
}

type ExcludeEvent = Extract<CountEvent, { type: 'exclude' }>;

/** "women", "a man", "candidates with slate Grassroots Voice": who a minimum is for, singular for a minimum of one. */
export function minimumGroupNoun(rule: RepresentationRule, article = false): string {
  const one = rule.minimum === 1;
  if (rule.attribute === 'gender' && rule.value === 'woman') return one ? `${article ? 'a ' : ''}woman` : 'women';
  if (rule.attribute === 'gender' && rule.value === 'man') return one ? `${article ? 'a ' : ''}man` : 'men';
  return `${one ? `${article ? 'a ' : ''}candidate` : 'candidates'} with ${rule.attribute} ${rule.value}`;
}

/** "4 women", "1 man", "2 candidates with slate Grassroots Voice": the group a minimum is for. */
function groupWords(rule: RepresentationRule): string {
  return `${rule.minimum} ${minimumGroupNoun(rule)}`;
}

/** "the minimum of 4 women", "the minimums of 4 women and 2 men": rules by their index in the record. */
export function minimumsText(record: CountRecord, rules?: readonly number[]): string {
  const all = record.constraint?.rules ?? [];
  const chosen = (rules ?? all.map((_, i) => i)).flatMap((i) => (all[i] ? [groupWords(all[i])] : []));
  if (chosen.length === 0) return 'the minimum representation';
  const list = chosen.length === 1 ? chosen[0] : chosen.slice(0, -1).join(', ') + ' and ' + chosen[chosen.length - 1];
  return `the minimum${chosen.length === 1 ? '' : 's'} of ${list}`;
}

/**
 * Why candidates were excluded, in words: "lowest votes", or for a minimum
 * "under the minimum of 4 women; Joanna Wills, with fewer votes, protected".
 */
export function exclusionText(record: CountRecord, e: ExcludeEvent): string {
  if (!e.underMinimum) return excludeReasonText(e.reason);
  const kept = e.underMinimum.protected;
  const protectedText = kept.length > 0 ? `; ${nameList(record, kept)}, with fewer votes, protected` : '';
  return `under ${minimumsText(record, e.underMinimum.rules)}${protectedText}`;
}

/** Each exclusion a minimum decided, as a sentence: "Stage 16: Peter Lang excluded under …". */
export function minimumExclusions(record: CountRecord): string[] {
  return record.events.flatMap((e) =>
    e.type === 'exclude' && e.reason === 'constraint' && e.candidates.length > 0
      ? [`Stage ${e.stage}: ${nameList(record, e.candidates)} excluded ${e.underMinimum ? exclusionText(record, e) : 'under the minimum representation'}.`]
      : [],
  );
}

/**
 * Whether the minimum changed who was elected: "The minimum of 4 women changed the
 * result: Joanna Wills was elected in place of Tom Baker." Undefined without a minimum
 * or without the comparison count.
 */
export function minimumEffectText(record: CountRecord): string | undefined {
  const effect = record.constraint?.effect;
  if (!effect || record.constraint.rules.length === 0) return undefined;
  const rules = minimumsText(record);
  const subject = rules.charAt(0).toUpperCase() + rules.slice(1);
  if (effect.gained.length === 0 && effect.displaced.length === 0) return `${subject} did not change who was elected.`;
  const verb = effect.gained.length === 1 ? 'was' : 'were';
  const inPlace = effect.displaced.length > 0 ? ` in place of ${nameList(record, effect.displaced)}` : '';
  return `${subject} changed the result: ${nameList(record, effect.gained)} ${verb} elected${inPlace}.`;
}

export function excludeReasonText(reason: ExcludeEvent['reason']): string {
  switch (reason) {
    case 'lowest':
      return 'lowest votes';
    case 'batch':
      return 'batch exclusion: together they cannot overtake the next candidate';
    case 'constraint':
      return 'under the minimum representation';
    case 'remaining seats filled':
      return 'all seats filled';
    case 'withdrawn':
      return 'withdrawn';
  }
}

export function buildSheet(record: CountRecord): Sheet {
  const stages = record.stages;
  const electedStage = new Map<number, number>();
  const excludedStage = new Map<number, number>();
  stages.forEach((s) => {
    for (const c of s.elected) if (!electedStage.has(c)) electedStage.set(c, s.number);
    for (const c of s.excluded) if (!excludedStage.has(c)) excludedStage.set(c, s.number);
  });
  const withdrawn = new Set<number>();
  for (const e of record.events) if (e.type === 'exclude' && e.reason === 'withdrawn') for (const c of e.candidates) withdrawn.add(c);
  const underMinimum = new Map<number, string>();
  for (const e of record.events) {
    if (e.type === 'exclude' && e.underMinimum) for (const c of e.candidates) underMinimum.set(c, `under ${minimumsText(record, e.underMinimum.rules)}`);
  }

  const candidates: CandidateRow[] = record.candidates.map((name, c) => {
    const cells = stages.map((s) => ({
      value: s.tally[c] ?? null,
      elected: s.elected.includes(c),
      excluded: s.excluded.includes(c),
    }));
    const inCount = cells.some((x) => x.value !== null);
    let status: CandidateRow['status'];
    let result: string;
    if (electedStage.has(c)) {
      status = 'elected';
      result = `elected at stage ${electedStage.get(c)}`;
    } else if (withdrawn.has(c) || !inCount) {
      status = 'withdrawn';
      result = 'withdrawn';
    } else if (excludedStage.has(c)) {
      status = 'excluded';
      const why = underMinimum.get(c);
      result = `excluded at stage ${excludedStage.get(c)}${why ? ` ${why}` : ''}`;
    } else {
      status = 'not elected';
      result = 'not elected';
    }
    return { candidate: c, name, cells, result, status };
  });

  const totals: TotalRow[] = [];
  for (const reason of INACTIVE_REASONS) {
    const cells = stages.map((s) => s.inactive[reason]);
    // An official sheet always has a non-transferable row; the rarer reasons only when they occur.
    // A meeting's rounds are fresh votes: no paper moves, so none becomes non-transferable.
    if (record.freshVotesEachStage) break;
    if (reason === 'exhausted' || cells.some((v) => sign(dec(v)) !== 0)) totals.push({ label: INACTIVE_LABELS[reason], cells });
  }
  if (stages.some((s) => sign(dec(s.lost)) !== 0)) totals.push({ label: 'Loss by fractions', cells: stages.map((s) => s.lost) });
  totals.push({
    label: 'Total',
    cells: stages.map((s) => fmt(sumDecimals([...Object.values(s.tally), ...INACTIVE_REASONS.map((r) => s.inactive[r]), s.lost].map(dec)))),
  });
  if (stages.some((s) => sign(dec(s.threshold)) !== 0)) totals.push({ label: thresholdLabel(record), cells: stages.map((s) => s.threshold) });

  return {
    stages: stages.map((s, i) => headingFor(record, s, i > 0 ? stages[i - 1] : undefined)),
    candidates,
    totals,
    electedAt: stages.map((s) => s.elected.map((c) => present(record.candidates[c], 'an elected candidate’s name'))),
    excludedAt: stages.map((s) => s.excluded.map((c) => present(record.candidates[c], 'an excluded candidate’s name'))),
    ...(minimumEffectText(record) ? { minimumEffect: minimumEffectText(record) } : {}),
  };
}

/** A tie event as one sentence. */
export function tieText(record: CountRecord, e: Extract<CountEvent, { type: 'tie' }>): string {
  return `Stage ${e.stage}, ${e.purpose}: ${nameList(record, e.tied)} tied; ${record.candidates[e.chosen]} chosen by ${e.rule}`;
}

/** An option value as typed on the command line: choices are camelCase in the record, kebab-case there. */
export function optionText(v: string | number | boolean | null, spec?: OptionSpec): string {
  if (v === null) return spec?.type === 'integer' && spec.unlimited ? 'unlimited' : 'none';
  if (typeof v === 'string' && /^[a-z]+[A-Z][A-Za-z0-9]*$/.test(v)) return flagOf(v);
  return String(v);
}
