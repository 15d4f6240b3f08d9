/**
 * Droop's BLT options acting in a count: a file's [tie] order settles ties as
 * Droop settles them, [nick] and [withdrawn] name candidates, and a tie order
 * on the command line can name a candidate whose name holds a comma.
 */
import { describe, expect, it } from 'vitest';
import { droopFileOptions } from '../../src/count/droop-options.js';
import { droopStv } from '../../src/count/methods/stv-droop.js';
import { meek } from '../../src/count/methods/stv-meek.js';
import { OptionError, type OptionValue } from '../../src/count/options.js';
import { parseBlt } from '../../src/formats/blt.js';
import { eventsOf, makeElection, runner } from './helpers.js';

const run = runner(meek);

// Candidates 2 and 3 tie for the second seat; the file's [tie 3 2 1] puts 3 first.
const TIED = '3 2\n[tie 3 2 1]\n4 1 0\n2 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen tie"\n';

describe("a BLT file's [tie] order in a count", () => {
  it('is read as Droop reads it: the first of the tied in [tie] order is the one defeated', () => {
    const r = run(parseBlt(TIED, 'tied.blt'), { tieBreak: 'order' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Castor', 'Pollux']);
    const [tie] = eventsOf(r, 'tie');
    expect(tie.tied.map((c) => r.candidates[c])).toEqual(['Pollux', 'Helen']);
    expect(r.candidates[tie.chosen]).toBe('Helen');
    expect(tie.rule).toBe("first of them in the ballot file's [tie] order");
  });

  it('without --tie-break order the file’s order is not used (a seeded lot settles the tie)', () => {
    const r = run(parseBlt(TIED, 'tied.blt'));
    expect(eventsOf(r, 'tie')[0].rule).toMatch(/^lot \(seed 1/);
  });

  it('--tie-order given on the command line is used instead of the file’s, read as most to least favoured', () => {
    const r = run(parseBlt(TIED, 'tied.blt'), { tieBreak: 'order', tieOrder: 'Castor,Helen,Pollux' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Castor', 'Helen']);
  });

  it('--tie-order may use the file’s nicknames', () => {
    const file = '3 2\n[nick cas pol hel]\n4 cas\n2 pol\n2 hel\n0\n"Castor"\n"Pollux"\n"Helen"\n"T"\n';
    const r = run(parseBlt(file, 'n.blt'), { tieBreak: 'order', tieOrder: 'cas,pol,hel' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Castor', 'Pollux']);
  });

  it('[withdrawn] by nickname withdraws the candidate from the count', () => {
    const file = '3 1\n[nick a b c]\n[withdrawn a]\n4 a b\n3 c\n0\n"A"\n"B"\n"C"\n"T"\n';
    const r = run(parseBlt(file, 'w.blt'));
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['B']);
    expect(eventsOf(r, 'exclude')[0]).toMatchObject({ candidates: [0], reason: 'withdrawn' });
  });
});

describe('--tie-order with a comma in a name', () => {
  const e = makeElection(['Smith, Jo', 'Brown, Al', 'Cy'], 1, [
    { ranks: [0], weight: 2 },
    { ranks: [1], weight: 2 },
    { ranks: [2], weight: 1 },
  ]);

  it('names a candidate whose name contains a comma in double quotes', () => {
    const r = run(e, { tieBreak: 'order', tieOrder: '"Brown, Al", "Smith, Jo", Cy' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Brown, Al']);
    const r2 = run(e, { tieBreak: 'order', tieOrder: '"Smith, Jo","Brown, Al",Cy' });
    expect(r2.elected.map((c) => r2.candidates[c])).toEqual(['Smith, Jo']);
  });

  it('says how to write such a name when it is split at its comma, and names what is missing', () => {
    expect(() => run(e, { tieBreak: 'order', tieOrder: 'Brown, Al,Smith, Jo,Cy' })).toThrow(
      new OptionError('--tie-order names "Brown", who is not a candidate (a name containing a comma is written in double quotes: "Smith, Jo")'),
    );
    expect(() => run(e, { tieBreak: 'order', tieOrder: '"Brown, Al",Cy' })).toThrow(
      new OptionError('--tie-order must list every candidate; missing: "Smith, Jo"'),
    );
    expect(() => run(e, { tieBreak: 'order', tieOrder: '"Brown, Al,Cy' })).toThrow(OptionError);
    expect(() => run(e, { tieBreak: 'order', tieOrder: '"Brown, Al" x,Cy' })).toThrow(OptionError);
    expect(() => run(e, { tieBreak: 'order', tieOrder: 'Cy,Cy,"Brown, Al"' })).toThrow(new OptionError('--tie-order names "Cy" twice'));
  });
});

describe('tie options of the STV rules that look back: --tie-look-back, --tie-order-surplus, --tie-order-exclusion', () => {
  // D (2) is excluded first and its ballots go to C: B and C then tie at 5 for exclusion. They differed at
  // stage 1 (B 5, C 3), so looking back excludes C.
  const e = makeElection(['A', 'B', 'C', 'D'], 1, [
    { ranks: [0], weight: 6 },
    { ranks: [1], weight: 5 },
    { ranks: [2], weight: 3 },
    { ranks: [3, 2], weight: 2 },
  ]);
  const droop = runner(droopStv);
  const excludedSecond = (o: Record<string, OptionValue>): string => {
    const r = droop(e, o);
    return r.candidates[eventsOf(r, 'exclude')[1].candidates[0]];
  };

  it('looks back by default, and goes straight to the tie-break when the look-back is off', () => {
    expect(excludedSecond({ tieBreak: 'order', tieOrder: 'A,C,B,D' })).toBe('C');
    expect(excludedSecond({ tieBreak: 'order', tieOrder: 'A,C,B,D', tieLookBack: false })).toBe('B');
    const r = droop(e, { tieBreak: 'order', tieOrder: 'A,C,B,D', tieLookBack: false });
    expect(r.options.tieLookBack).toBe(false);
    expect(eventsOf(r, 'tie')[0].rule).toBe('declared candidate order');
  });

  it('an exclusion order of its own replaces --tie-order for exclusion ties', () => {
    const o = { tieBreak: 'order', tieOrder: 'A,C,B,D', tieOrderExclusion: 'A,B,C,D', tieLookBack: false };
    expect(excludedSecond(o)).toBe('C');
    expect(eventsOf(droop(e, o), 'tie')[0].rule).toBe('declared candidate order for exclusion ties');
    // A surplus order does not touch exclusion ties.
    expect(excludedSecond({ tieBreak: 'order', tieOrder: 'A,C,B,D', tieOrderSurplus: 'A,B,C,D', tieLookBack: false })).toBe('B');
  });

  it('a surplus order of its own decides which of two equal surpluses goes first', () => {
    // 3 seats, 16 ballots: A and B are elected with 7 each and equal surpluses, whose order is a tie.
    const s = makeElection(['A', 'B', 'C', 'D'], 3, [
      { ranks: [0, 2], weight: 7 },
      { ranks: [1, 3], weight: 7 },
      { ranks: [2], weight: 1 },
      { ranks: [3], weight: 1 },
    ]);
    const first = (o: Record<string, OptionValue>): string => {
      const r = droop(s, o);
      const t = eventsOf(r, 'tie').find((x) => x.purpose === 'surplus order');
      return t ? r.candidates[t.chosen] : 'no surplus tie';
    };
    expect(first({ tieBreak: 'order', tieOrder: 'A,B,C,D', tieOrderSurplus: 'B,A,C,D' })).toBe('B');
    expect(first({ tieBreak: 'order', tieOrder: 'A,B,C,D' })).toBe('A');
  });

  it('refuses the per-purpose orders without --tie-break order, and checks them as --tie-order', () => {
    expect(() => droop(e, { tieOrderExclusion: 'A,B,C,D' })).toThrow(new OptionError('--tie-order-exclusion is only used with --tie-break order'));
    expect(() => droop(e, { tieBreak: 'order', tieOrderSurplus: 'A,B' })).toThrow(
      new OptionError('--tie-order-surplus must list every candidate; missing: C, D'),
    );
  });
});

describe("a BLT file's [droop] options as defaults for the count", () => {
  const withLine = (line: string): ReturnType<typeof parseBlt> => parseBlt(`3 2\n${line}\n4 1 2\n2 3\n0\n"A"\n"B"\n"C"\n"T"\n`, 'd.blt');

  it('[droop meek] counts as Droop’s Meek: guarded arithmetic, equal rankings split', () => {
    expect(droopFileOptions(withLine('[droop meek]'), meek)).toEqual({ transfer: 'meek', equalRanks: 'split', arithmetic: 'guarded' });
    expect(droopFileOptions(withLine('[droop rule=warren arithmetic=fixed precision=12 omega=8 defeat_batch=none dump]'), meek)).toEqual({
      transfer: 'warren',
      equalRanks: 'split',
      arithmetic: 'fixed',
      precision: '12',
      omega: '8',
      defeatBatch: 'none',
    });
  });

  it('[droop meek arithmetic=rational display=12] counts in exact fractions, shown to 12 places', () => {
    expect(droopFileOptions(withLine('[droop meek arithmetic=rational display=12]'), meek)).toEqual({
      transfer: 'meek',
      equalRanks: 'split',
      arithmetic: 'rational',
      precision: '12',
    });
  });

  it('sets only what the chosen rule has, and passes over Droop’s other rules and report settings', () => {
    expect(droopFileOptions(withLine('[droop meek precision=18 display=9]'), droopStv)).toEqual({});
    expect(droopFileOptions(withLine('[droop scotland]'), meek)).toEqual({});
  });

  it('refuses an option it cannot honour, by name', () => {
    expect(() => droopFileOptions(withLine('[droop arithmetic=decimal]'), meek)).toThrow(OptionError);
    expect(() => droopFileOptions(withLine('[droop prexision=5]'), meek)).toThrow(/"prexision=5" has no equivalent/);
  });
});
