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

function shareWords(share: Fraction | null): string {
  return share === null ? 'no votes yet' : percentText(ratioOf(share));
}

function classGauge(label: string, f: ClassFigures, threshold: Threshold | null, unitWord: string): Gauge {
  const share = f.voting === 0 ? null : { num: f.yes, den: f.voting };
  const undecided = f.abstain + f.absent;
  const base =
    f.voting === 0
      ? `${label}: none of ${f.votes} ${unitWord} has voted yes or no yet`
      : `${label}: ${f.yes} of ${f.voting} voting want a selection (${shareWords(share)})`;
  const rest = undecided > 0 ? `; ${undecided} abstained or did not vote` : '';
  const thr = threshold ? `; threshold: ${thresholdWords(threshold)}` : '';
  return { label, share, threshold, text: base + rest + thr };
}

/** The gauges a trigger outcome calls for under its rulebook's way of combining the classes. */
export function triggerGauges(outcome: TriggerOutcome, rulebook: Rulebook): Gauge[] {
  const review = rulebook.incumbentReview;
  if (review.kind !== 'trigger-ballot') return [];
  const c = review.combine;
  const { branch, affiliate } = outcome.classes;
  const affWord = review.affiliateCounting === 'per-affiliate' ? 'affiliates' : 'affiliated branches';
  switch (c.kind) {
    case 'either-class':
      return [classGauge('Branches', branch, c.threshold, 'branches'), classGauge('Affiliates', affiliate, c.threshold, affWord)];
    case 'pooled': {
      const yes = branch.yes + affiliate.yes;
      const voting = branch.voting + affiliate.voting;
      const share = voting === 0 ? null : { num: yes, den: voting };
      return [
        classGauge('Branches', branch, null, 'branches'),
        classGauge('Affiliates', affiliate, null, affWord),
        {
          label: 'All units together',
          share,
          threshold: c.threshold,
          text: `All units together: ${yes} of ${voting} voting want a selection (${shareWords(share)}); threshold: ${thresholdWords(c.threshold)}`,
        },
      ];
    }
    case 'college':
      return [
        classGauge('Branches', branch, null, 'branches'),
        classGauge('Affiliates', affiliate, null, affWord),
        {
          label: 'Electoral college',
          share: outcome.score,
          threshold: c.threshold,
          text: `Electoral college: ${outcome.score === null ? 'no votes yet' : `${shareWords(outcome.score)} want a selection`}; threshold: ${thresholdWords(c.threshold, true)}`,
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

export function gaugeView(g: Gauge): Html {
  const hit = reached(g);
  const verdict = hit === null ? null : hit ? badge('Threshold reached', 'good') : badge('Threshold not reached', 'neutral');
  return html`<div class="gauge">
<p>${g.text}.${verdict && html` ${verdict}`}</p>
${bar(g, hit)}
</div>`;
}
