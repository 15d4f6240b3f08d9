/** The public results index: each declared result and decided trigger-ballot outcome, in words, a page at a time. */
import type { DecisionTally, PublicResult } from '../../app/declared-results.js';
import { localDate } from '../../domain/local-time.js';
import type { UnitClass } from '../../domain/trigger-outcome.js';
import { paths } from '../views/paths.js';
import { pageAt, rowsOf } from './pages.js';
import { numberText, percentOf } from '../views/format.js';
import { andListIn, wordsIn, type Words } from '../../app/language/index.js';

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

const CLASS_KEYS: Readonly<Record<UnitClass, 'resultsIndex.branches' | 'resultsIndex.affiliates'>> = {
  branch: 'resultsIndex.branches',
  affiliate: 'resultsIndex.affiliates',
};

function tallyWords(cls: UnitClass, t: DecisionTally, w: Words): string | null {
  const total = t.yes + t.no + t.abstain + t.absent;
  if (total === 0) return null;
  // Each figure with its share of the class's units, worked out exactly (see format.ts).
  const of = (n: number, key: 'resultsIndex.for' | 'resultsIndex.against' | 'resultsIndex.abstained' | 'resultsIndex.didNotMeet'): string =>
    w.t(key, { count: numberText(n), share: percentOf(n, total) ?? '' });
  const parts = [of(t.yes, 'resultsIndex.for'), of(t.no, 'resultsIndex.against')];
  if (t.abstain > 0) parts.push(of(t.abstain, 'resultsIndex.abstained'));
  if (t.absent > 0) parts.push(of(t.absent, 'resultsIndex.didNotMeet'));
  return w.t('resultsIndex.tally', { units: w.t(CLASS_KEYS[cls], { n: numberText(total) }), parts: andListIn(w, parts) });
}

function rowOf(r: PublicResult, timeZone: string, w: Words): ResultsIndexRow {
  if (r.kind === 'trigger-ballot') {
    const detail =
      r.tally === null
        ? w.t(`resultsIndex.${r.decidedBy === 'units' ? 'members-meeting' : r.decidedBy}`)
        : `${(['branch', 'affiliate'] as const)
            .flatMap((c) => {
              const words = r.tally === null ? null : tallyWords(c, r.tally[c], w);
              return words === null ? [] : [words];
            })
            .join('; ')}.`;
    return {
      kind: 'review',
      title: w.t('resultsIndex.reviewTitle', { incumbent: r.incumbent }),
      where: r.constituency,
      on: localDate(new Date(r.decidedAt), timeZone),
      onLabel: w.t('resultsIndex.decidedOn'),
      outcome: r.result === 'triggered' ? w.t('resultsIndex.triggered') : w.t('resultsIndex.readopted', { incumbent: r.incumbent }),
      detail,
      href: null,
    };
  }
  return {
    kind: 'declared',
    title: r.title,
    where: r.constituency ?? w.t('resultsIndex.national'),
    on: localDate(new Date(r.declaredAt), timeZone),
    onLabel: w.t('resultsIndex.declaredOn'),
    outcome: r.elected.length === 0 ? w.t('resultsIndex.nobody') : w.t('resultsIndex.elected', { names: andListIn(w, r.elected) }),
    detail: null,
    href: paths.results(r.process),
  };
}

/** The page of the index asked for (the query's `page`; the first when absent or out of range), dates in the organisation's time zone. */
export function resultsIndexView(results: readonly PublicResult[], asked: string | undefined, timeZone: string, w: Words = wordsIn('en-GB')): ResultsIndexView {
  const at = pageAt(results.length, asked, RESULTS_PER_PAGE);
  return { rows: rowsOf(results, at, RESULTS_PER_PAGE).map((r) => rowOf(r, timeZone, w)), total: results.length, page: at.page, pages: at.pages };
}
