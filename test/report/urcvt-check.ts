/**
 * Checks a URCVT document the way rcvis reads one, and that its numbers add
 * up: each round's tally, inactive ballots and residual surplus account for
 * every ballot, and each round's transfers turn its tally into the next one.
 * Returns a list of problems (empty when it is sound).
 */
import { add, dec, fmt, sub, sumDecimals, ZERO, type Decimal } from '../../src/count/decimal.js';

const DECIMAL = /^\d*[.]?\d+$/;

interface Doc {
  config: Record<string, unknown>;
  jsonFormatVersion: unknown;
  results: {
    round: number;
    tally: Record<string, string>;
    threshold: string;
    inactiveBallots: Record<string, string>;
    tallyResults: Record<string, unknown>[];
  }[];
  summary: Record<string, unknown>;
}

/**
 * A round is "fully named" when every candidate whose votes fall in it has an
 * entry there; such a round must balance exactly: each receiver ends with what
 * it had plus what it was sent, and a lone sender with what it had less what it
 * sent. `allNamed`: every round must be fully named (true for rules that move
 * one surplus or one exclusion at a time). `slack`: how far a round's accounting
 * may fall short of the ballots when values are exact fractions shown rounded
 * down (0 otherwise).
 */
export function urcvtProblems(doc: Doc, opts: { allNamed: boolean; slack?: string }): string[] {
  const problems: string[] = [];
  const need = (cond: boolean, what: string): void => {
    if (!cond) problems.push(what);
  };
  need(Object.keys(doc).sort().join() === 'config,jsonFormatVersion,results,summary', `top-level keys: ${Object.keys(doc).join()}`);
  need(doc.jsonFormatVersion === '1', 'jsonFormatVersion is "1"');
  for (const k of ['contest', 'date', 'jurisdiction', 'office', 'threshold', 'generatedBy']) need(typeof doc.config[k] === 'string', `config.${k} is a string`);
  for (const k of ['finalThreshold', 'totalNumBallots']) need(typeof doc.summary[k] === 'string', `summary.${k} is a string`);
  for (const k of ['numCandidates', 'numWinners', 'undervotes']) need(typeof doc.summary[k] === 'number', `summary.${k} is a number`);

  const first = doc.results[0];
  const items = new Set(Object.keys(first?.tally ?? {}));
  const total = dec(String(doc.summary.totalNumBallots));
  const undervotes = dec(String(doc.summary.undervotes));
  const electedSeen = new Set<string>();
  const eliminatedSeen = new Set<string>();
  let residual: Decimal = ZERO;
  const slack = dec(opts.slack ?? '0');

  doc.results.forEach((r, k) => {
    need(r.round === k + 1, `round ${k + 1} numbered ${r.round}`);
    need(
      Object.keys(r.inactiveBallots).sort().join() === 'exhaustedChoices,overvotes,repeatedRankings,skippedRankings',
      `round ${r.round} inactiveBallots keys`,
    );
    for (const [name, v] of Object.entries(r.tally)) {
      need(DECIMAL.test(v), `round ${r.round} tally ${name} = "${v}" is a decimal string`);
      need(items.has(name), `round ${r.round}: ${name} is not in round 1`);
      need(!eliminatedSeen.has(name), `round ${r.round}: ${name} is in the tally after elimination`);
    }
    const inactive = sumDecimals(Object.values(r.inactiveBallots).map(dec));
    const accounted = add(add(add(sumDecimals(Object.values(r.tally).map(dec)), inactive), undervotes), residual);
    const short = sub(total, accounted);
    need(
      short.units >= 0n && sub(slack, short).units >= 0n,
      `round ${r.round}: tally + inactive + undervotes + residual = ${fmt(accounted)}, ballots ${fmt(total)}`,
    );

    const next = doc.results[k + 1];
    const moved = new Map<string, Decimal>();
    const sent = new Map<string, Decimal>();
    for (const tr of r.tallyResults) {
      const who = (tr.elected ?? tr.eliminated) as string;
      need(typeof who === 'string' && 'elected' in tr !== 'eliminated' in tr, `round ${r.round}: entry names one elected or eliminated candidate`);
      need(typeof tr.transfers === 'object' && tr.transfers !== null, `round ${r.round}: ${who} has transfers`);
      if ('elected' in tr) {
        need(!electedSeen.has(who), `${who} is elected twice`);
        electedSeen.add(who);
      } else {
        need(next !== undefined, `round ${r.round}: elimination of ${who} in the last round`);
        eliminatedSeen.add(who);
      }
      let out = ZERO;
      for (const [to, v] of Object.entries(tr.transfers as Record<string, string>)) {
        need(DECIMAL.test(v), `round ${r.round}: transfer ${who} -> ${to} = "${v}" is a non-negative decimal string`);
        need(
          next !== undefined && (to === 'exhausted' || to === 'residual surplus' || to in next.tally),
          `round ${r.round}: transfer target ${to} exists in the next round`,
        );
        if (to === 'residual surplus') residual = add(residual, dec(v));
        moved.set(to, add(moved.get(to) ?? ZERO, dec(v)));
        out = add(out, dec(v));
      }
      sent.set(who, out);
    }
    if (next) {
      const names = new Set([...Object.keys(r.tally), ...Object.keys(next.tally)]);
      const fall = (n: string): boolean => sub(dec(next.tally[n] ?? '0'), dec(r.tally[n] ?? '0')).units < 0n;
      const losers = [...names].filter(fall);
      const unnamed = losers.filter((n) => !sent.has(n));
      if (unnamed.length > 0) {
        need(!opts.allNamed, `round ${r.round}: ${unnamed.join(', ')} lose votes but have no entry`);
      } else {
        for (const name of names) {
          const before = dec(r.tally[name] ?? '0');
          const after = dec(next.tally[name] ?? '0');
          // Several senders at once are split pro rata, rounded: only a lone sender balances exactly.
          if (fall(name) && losers.length > 1) continue;
          const expected = add(sub(before, sent.get(name) ?? ZERO), moved.get(name) ?? ZERO);
          const off = sub(expected, after);
          // A receiver's gain is exact; a sender's loss may differ by the display rounding (slack).
          const ok = fall(name) ? sub(slack, off.units < 0n ? sub(ZERO, off) : off).units >= 0n : off.units === 0n;
          need(ok, `round ${next.round}: ${name} has ${fmt(after)}, transfers give ${fmt(expected)}`);
        }
      }
    }
  });
  return problems;
}
