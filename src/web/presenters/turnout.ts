/** A ballot's turnout page: the app's figures in words, with the bars of its charts. */
import type { Turnout, TurnoutLine } from '../../app/turnout.js';
import type { BallotDocument } from '../../app/ballot-paper.js';
import { numberText, percentOf } from '../views/format.js';
import { paths } from '../views/paths.js';
import type { TurnoutPageView, TurnoutRow } from '../views/turnout.js';

/** The words of a hidden figure (see src/app/turnout-suppression.ts for why each is hidden). */
export const HIDDEN_WORDS = {
  small: 'fewer than 5',
  'nearly-all': 'all but fewer than 5',
  tiny: 'not shown (under 10 eligible)',
  withheld: 'not shown',
  sheltering: 'not shown until the close',
} as const;

function row(l: TurnoutLine, of: number | null): TurnoutRow {
  if (l.voted.shown !== 'exact') {
    return { label: l.label, voted: HIDDEN_WORDS[l.voted.shown], share: null, eligible: l.eligible === null ? null : numberText(l.eligible), length: null };
  }
  // A place's share is of its own electorate; a channel's or a day's, of the whole electorate.
  const whole = l.eligible ?? of;
  const share = whole === null ? null : percentOf(l.voted.count, whole);
  return {
    label: l.label,
    voted: numberText(l.voted.count),
    share,
    eligible: l.eligible === null ? null : numberText(l.eligible),
    length: whole === null || whole === 0 ? 0 : l.voted.count / whole,
  };
}

/** Days drawn against the busiest day shown, so a chart of a long ballot is not a row of slivers. */
function dayRows(t: Turnout): TurnoutRow[] {
  const rows = t.days.map((d) => row(d, t.total.eligible));
  const busiest = Math.max(0, ...t.days.map((d) => (d.voted.shown === 'exact' ? d.voted.count : 0)));
  return rows.map((r, i) => {
    const v = t.days[i]!.voted;
    return r.length === null || v.shown !== 'exact' ? r : { ...r, length: busiest === 0 ? 0 : v.count / busiest };
  });
}

export function turnoutView(p: BallotDocument, t: Turnout, links: { readonly processUrl?: string; readonly resultsUrl?: string }): TurnoutPageView {
  const total = t.total;
  const headline =
    total.voted.shown === 'exact'
      ? `${numberText(total.voted.count)} of ${numberText(total.eligible ?? 0)} eligible members ${t.open ? 'have voted so far' : 'voted'}${
          total.eligible ? ` (${percentOf(total.voted.count, total.eligible)})` : ''
        }.`
      : total.voted.shown === 'small'
        ? `Fewer than 5 of ${numberText(total.eligible ?? 0)} eligible members have voted so far.`
        : total.voted.shown === 'nearly-all'
          ? `All but fewer than 5 of ${numberText(total.eligible ?? 0)} eligible members have voted so far.`
          : total.voted.shown === 'tiny'
            ? `${numberText(total.eligible ?? 0)} members are eligible; with fewer than 10, how many have voted is not shown until the close.`
            : `${numberText(total.eligible ?? 0)} members are eligible; how many have voted so far is not shown yet.`;
  const all = [total, ...t.regions, ...t.constituencies, ...t.channels, ...t.days];
  return {
    process: { id: p.id, title: p.state.title },
    open: t.open,
    headline,
    hidden: all.some((l) => l.voted.shown !== 'exact'),
    days: dayRows(t),
    channels: t.channels.map((c) => row(c, total.eligible)),
    regions: t.regions.map((r) => row(r, null)),
    constituencies: t.constituencies.map((c) => ({ ...row(c, null), region: c.region })),
    ...(links.processUrl ? { processUrl: links.processUrl } : {}),
    ...(links.resultsUrl ? { resultsUrl: links.resultsUrl } : {}),
    turnoutUrl: paths.turnout(p.id),
  };
}
