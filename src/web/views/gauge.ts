/**
 * Trigger-ballot gauges: each class's share of voting units wanting a
 * selection (and, for a pooled count or an electoral college, the combined
 * figure), drawn against the rulebook's threshold. The sentence is the
 * gauge; the bar repeats it for sighted readers and is hidden from assistive
 * technology so nothing is read twice.
 */
import type { Fraction, Rulebook, Threshold } from '../../domain/rulebook.js';
import type { ClassFigures, TriggerOutcome } from '../../domain/trigger-outcome.js';
import { ratio } from '../../count/ratio.js';
import { meets, percentText, ratioOf, thresholdWords } from '../../domain/rulebook-words.js';
import { badge } from './common.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { fractionIn } from './language.js';
import { html, trusted, type Html } from './html.js';

export interface Gauge {
  readonly label: string;
  /** The figure drawn; null when nobody in it has voted yet. */
  readonly share: Fraction | null;
  /** The line the figure is judged against; null when this gauge is shown for information only. */
  readonly threshold: Threshold | null;
  /** The whole gauge in words. */
  readonly text: string;
}

/** "40%", "about 33.33%": a share as a percentage, in `w`'s words. */
function percentIn(w: Words, f: Fraction): string {
  const p = percentText(ratioOf(f));
  return p.startsWith('about ') ? w.t('gauge.about', { share: p.slice('about '.length) }) : p;
}

function shareWords(w: Words, share: Fraction | null): string {
  return share === null ? w.t('gauge.noVotes') : percentIn(w, share);
}

/** "at least one third", "more than half" (or, with `percent`, "at least 50%", "above 50%"), as the domain's `thresholdWords` says it in English. */
function thresholdIn(w: Words, t: Threshold, percent = false): string {
  if (w.language === 'en-GB') return thresholdWords(t, percent);
  const p = percentText(ratioOf(t.share));
  if (percent && !p.startsWith('about')) return w.t(t.inclusive ? 'gauge.atLeast' : 'gauge.above', { share: p });
  return w.t(t.inclusive ? 'gauge.atLeast' : 'gauge.moreThan', { share: fractionIn(w, t.share) });
}

type UnitWord = 'branches' | 'affiliates' | 'affiliatedBranches';

function classGauge(w: Words, label: string, f: ClassFigures, threshold: Threshold | null, unitWord: UnitWord): Gauge {
  const share = f.voting === 0 ? null : { num: f.yes, den: f.voting };
  const undecided = f.abstain + f.absent;
  const base =
    f.voting === 0
      ? w.t(`gauge.noneYet.${unitWord}`, { label, votes: f.votes })
      : w.t('gauge.want', { label, yes: f.yes, voting: f.voting, share: shareWords(w, share) });
  const rest = undecided > 0 ? w.t('gauge.undecided', { text: base, undecided }) : base;
  const text = threshold ? w.t('gauge.threshold', { text: rest, threshold: thresholdIn(w, threshold) }) : rest;
  return { label, share, threshold, text };
}

/** The gauges a trigger outcome calls for under its rulebook's way of combining the classes, in `w`'s words (English when absent). */
export function triggerGauges(outcome: TriggerOutcome, rulebook: Rulebook, w: Words = wordsIn('en-GB')): Gauge[] {
  const review = rulebook.incumbentReview;
  if (review.kind !== 'trigger-ballot') return [];
  const c = review.combine;
  const { branch, affiliate } = outcome.classes;
  const affWord: UnitWord = review.affiliateCounting === 'per-affiliate' ? 'affiliates' : 'affiliatedBranches';
  const branches = w.t('gauge.branches');
  const affiliates = w.t('gauge.affiliates');
  switch (c.kind) {
    case 'either-class':
      return [classGauge(w, branches, branch, c.threshold, 'branches'), classGauge(w, affiliates, affiliate, c.threshold, affWord)];
    case 'pooled': {
      const yes = branch.yes + affiliate.yes;
      const voting = branch.voting + affiliate.voting;
      const share = voting === 0 ? null : { num: yes, den: voting };
      const label = w.t('gauge.all');
      return [
        classGauge(w, branches, branch, null, 'branches'),
        classGauge(w, affiliates, affiliate, null, affWord),
        {
          label,
          share,
          threshold: c.threshold,
          text: w.t('gauge.threshold', {
            text: w.t('gauge.want', { label, yes, voting, share: shareWords(w, share) }),
            threshold: thresholdIn(w, c.threshold),
          }),
        },
      ];
    }
    case 'college':
      return [
        classGauge(w, branches, branch, null, 'branches'),
        classGauge(w, affiliates, affiliate, null, affWord),
        {
          label: w.t('gauge.college'),
          share: outcome.score,
          threshold: c.threshold,
          text: w.t('gauge.threshold', {
            text: outcome.score === null ? w.t('gauge.collegeNone') : w.t('gauge.collegeWant', { share: shareWords(w, outcome.score) }),
            threshold: thresholdIn(w, c.threshold, true),
          }),
        },
      ];
  }
}

function reached(g: Gauge): boolean | null {
  if (g.threshold === null || g.share === null) return null;
  return meets(ratio(g.share.num, g.share.den), g.threshold);
}

const pct = (f: Fraction): number => (f.den === 0 ? 0 : Math.min(100, Math.max(0, (f.num / f.den) * 100)));

/** Numbers only: safe to mark as markup. */
function bar(g: Gauge, hit: boolean | null): Html {
  const w = g.share ? pct(g.share).toFixed(2) : '0';
  const t = g.threshold ? pct(g.threshold.share).toFixed(2) : null;
  return trusted(
    `<svg class="gauge-bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
      `<rect class="gauge-track" x="0" y="0" width="100" height="12"/>` +
      `<rect class="gauge-fill${hit ? ' gauge-fill-reached' : ''}" x="0" y="0" width="${w}" height="12"/>` +
      (t === null ? '' : `<line class="gauge-threshold" x1="${t}" y1="0" x2="${t}" y2="12"/>`) +
      `</svg>`,
  );
}

export function gaugeView(g: Gauge, w: Words = wordsIn('en-GB')): Html {
  const hit = reached(g);
  const verdict = hit === null ? null : hit ? badge(w.t('gauge.reached'), 'good') : badge(w.t('gauge.notReached'), 'neutral');
  return html`<div class="gauge">
<p>${g.text}.${verdict && html` ${verdict}`}</p>
${bar(g, hit)}
</div>`;
}
