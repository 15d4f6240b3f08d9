/**
 * The real cases judged under each rulebook, as text and as JSON: for every
 * case, a table of its readings × rulebooks, which reading is assumed and why,
 * which readings contradict what was reported, and the sources.
 */
import { present } from '../count/checked.js';
import type { Counts, JudgedCase, RealCase } from './cases.js';
import { columns, rulesLegend, wrap, type Outcome } from './replay.js';

/** Marks in the first column of a case's table. */
const ASSUMED = '*';
const CONTRADICTS = '!';
function caseText(j: JudgedCase): string[] {
  const c = j.case;
  const rulebooks = j.replay.rulebooks;
  const rows: string[][] = [['', 'reading', ...rulebooks.map((rb) => rb.id)]];
  for (const r of j.readings) {
    const mark = (r.reading.assumed ? ASSUMED : '') + (r.matchesReport === false ? CONTRADICTS : '');
    rows.push([mark, r.reading.name, ...r.outcomes]);
  }
  if (j.readings.length > 1) {
    rows.push(['', 'triggered', ...rulebooks.map((_, i) => `${j.readings.filter((r) => r.outcomes[i] === 'triggered').length} of ${j.readings.length}`)]);
  }
  const lines = [
    `${c.name} (${c.incumbent}), held under ${c.heldUnder.id}: ${c.reportedOutcome}`,
    ...wrap(c.reported, '', ''),
    '',
    ...columns(rows).map((l) => `  ${l}`),
    '',
    ...wrap(c.assumed.why, `  ${ASSUMED} assumed: `, '    '),
  ];
  if (j.readings.some((r) => r.matchesReport === false)) {
    lines.push(
      ...wrap(
        `under ${c.heldUnder.id} it gives ${other(c.reportedOutcome)}; the reports say ${c.reportedOutcome}`,
        `  ${CONTRADICTS} contradicts the report: `,
        '    ',
      ),
    );
  }
  lines.push('', '  Readings:');
  for (const r of [...c.branchReadings, ...c.affiliateReadings]) lines.push(...wrap(r.why, `    ${r.name}: `, '      '));
  lines.push('', '  Sources:');
  // The address stays whole on a line of its own, so it can be copied.
  for (const s of c.sources) lines.push(...wrap(`${s.publisher}, “${s.title}”, ${s.date}: ${s.reports}`, '    ', '      '), `      ${s.url}`);
  return lines;
}

const other = (o: Outcome): Outcome => (o === 'triggered' ? 'readopted' : 'triggered');

/** Every case's table, then the rules the columns stand for. */
export function casesText(judged: readonly JudgedCase[]): string {
  const lines: string[] = [];
  for (const j of judged) lines.push(...caseText(j), '');
  const rulebooks = judged[0]?.replay.rulebooks ?? [];
  lines.push('Rules:', ...rulesLegend(rulebooks));
  return lines.join('\n') + '\n';
}

export interface CasesJson {
  readonly rulebooks: readonly string[];
  readonly cases: readonly {
    readonly id: string;
    readonly name: string;
    readonly constituency: string;
    readonly year: number;
    readonly incumbent: string;
    readonly heldUnder: string;
    readonly reportedOutcome: Outcome;
    readonly reported: string;
    readonly assumed: { readonly reading: string; readonly why: string };
    readonly branchReadings: readonly { readonly id: string; readonly name: string; readonly why: string }[];
    readonly affiliateReadings: readonly { readonly id: string; readonly name: string; readonly why: string }[];
    readonly readings: readonly {
      readonly id: string;
      readonly name: string;
      readonly assumed: boolean;
      readonly branches: Counts;
      readonly affiliates: Counts;
      readonly outcomes: Readonly<Record<string, Outcome>>;
      readonly matchesReport: boolean | null;
    }[];
    readonly sources: RealCase['sources'];
  }[];
}

export function casesJson(judged: readonly JudgedCase[]): CasesJson {
  const words = (r: { readonly id: string; readonly name: string; readonly why: string }) => ({ id: r.id, name: r.name, why: r.why });
  return {
    rulebooks: (judged[0]?.replay.rulebooks ?? []).map((rb) => rb.id),
    cases: judged.map(({ case: c, replay, readings }) => ({
      id: c.id,
      name: c.name,
      constituency: c.constituency,
      year: c.year,
      incumbent: c.incumbent,
      heldUnder: c.heldUnder.id,
      reportedOutcome: c.reportedOutcome,
      reported: c.reported,
      assumed: { reading: `${c.assumed.branches}/${c.assumed.affiliates}`, why: c.assumed.why },
      branchReadings: c.branchReadings.map(words),
      affiliateReadings: c.affiliateReadings.map(words),
      readings: readings.map((r) => ({
        id: r.reading.id,
        name: r.reading.name,
        assumed: r.reading.assumed,
        branches: r.reading.branches,
        affiliates: r.reading.affiliates,
        outcomes: Object.fromEntries(replay.rulebooks.map((rb, i) => [rb.id, present(r.outcomes[i], 'a rulebook’s outcome')])),
        matchesReport: r.matchesReport,
      })),
      sources: c.sources,
    })),
  };
}
