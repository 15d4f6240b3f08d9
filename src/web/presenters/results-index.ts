/** The public results index: each declared result and decided trigger-ballot outcome, in words, a page at a time. */
import type { DecisionTally, PublicResult } from '../../app/declared-results.js';
import { localDate } from '../../domain/local-time.js';
import type { DecidedBy } from '../../domain/processes/trigger-ballot.js';
import type { UnitClass } from '../../domain/trigger-outcome.js';
import { paths } from '../views/paths.js';
import { pageAt, rowsOf } from './pages.js';
import { numberText, percentOf } from '../views/format.js';

/** Results shown on one page of the index. */
export const RESULTS_PER_PAGE = 25;

export interface ResultsIndexRow {
  readonly kind: 'declared' | 'review';
  /** What it was: the ballot's title, or the review of the sitting representative. */
  readonly title: string;
  /** The constituency's name, or "National". */
  readonly where: string;
  /** The calendar date it was declared or decided. */
  readonly on: string;
  /** "Declared on" or "Decided on". */
  readonly onLabel: string;
  /** Who was elected, or the outcome, in words. */
  readonly outcome: string;
  /** How it was decided, in words (a review's tally; null for a declared ballot). */
  readonly detail: string | null;
  /** The full results page, when there is one. */
  readonly href: string | null;
}

export interface ResultsIndexView {
  readonly rows: readonly ResultsIndexRow[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

const plural = (n: number, one: string, many: string): string => `${numberText(n)} ${n === 1 ? one : many}`;

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const CLASS_WORDS: Readonly<Record<UnitClass, readonly [string, string]>> = {
  branch: ['branch', 'branches'],
  affiliate: ['affiliated branch', 'affiliated branches'],
};

function tallyWords(cls: UnitClass, t: DecisionTally): string | null {
  const total = t.yes + t.no + t.abstain + t.absent;
  if (total === 0) return null;
  const [one, many] = CLASS_WORDS[cls];
  // Each figure with its share of the class's units, worked out exactly (see format.ts).
  const of = (n: number, words: string): string => `${numberText(n)} ${words} (${percentOf(n, total)})`;
  const parts = [of(t.yes, 'for a selection'), of(t.no, 'against')];
  if (t.abstain > 0) parts.push(of(t.abstain, 'abstained'));
  if (t.absent > 0) parts.push(of(t.absent, 'did not meet'));
  return `${plural(total, one, many)}: ${listed(parts)}`;
}

const DECIDED_BY: Readonly<Record<Exclude<DecidedBy, 'units'>, string>> = {
  'mandatory-reselection': 'The rules require a selection every time: no trigger ballot is held.',
  'snap-election': 'Readopted without a ballot because an election was called early.',
  'members-meeting': 'Decided by a meeting of the constituency’s members.',
  'no-appeal': 'Not readopted by the members’ meeting, and no appeal was made.',
  'appeal-ballot': 'Decided by a ballot of all the constituency’s members on appeal.',
};

function rowOf(r: PublicResult, timeZone: string): ResultsIndexRow {
  if (r.kind === 'trigger-ballot') {
    const detail =
      r.tally === null
        ? DECIDED_BY[r.decidedBy === 'units' ? 'members-meeting' : r.decidedBy]
        : `${(['branch', 'affiliate'] as const)
            .flatMap((c) => {
              const w = r.tally === null ? null : tallyWords(c, r.tally[c]);
              return w === null ? [] : [w];
            })
            .join('; ')}.`;
    return {
      kind: 'review',
      title: `Review of ${r.incumbent}, the sitting representative`,
      where: r.constituency,
      on: localDate(new Date(r.decidedAt), timeZone),
      onLabel: 'Decided on',
      outcome: r.result === 'triggered' ? 'Triggered: an open selection will be held' : `Readopted: ${r.incumbent} will stand again`,
      detail,
      href: null,
    };
  }
  return {
    kind: 'declared',
    title: r.title,
    where: r.constituency ?? 'National',
    on: localDate(new Date(r.declaredAt), timeZone),
    onLabel: 'Declared on',
    outcome: r.elected.length === 0 ? 'Nobody was elected' : `Elected: ${listed(r.elected)}`,
    detail: null,
    href: paths.results(r.process),
  };
}

/** The page of the index asked for (the query's `page`; the first when absent or out of range), dates in the organisation's time zone. */
export function resultsIndexView(results: readonly PublicResult[], asked: string | undefined, timeZone: string): ResultsIndexView {
  const at = pageAt(results.length, asked, RESULTS_PER_PAGE);
  return { rows: rowsOf(results, at, RESULTS_PER_PAGE).map((r) => rowOf(r, timeZone)), total: results.length, page: at.page, pages: at.pages };
}
