/**
 * Minneapolis STV (stv-mpls) against Droop's published reference reports for its
 * mpls rule (test/ref/report/42-mpls-fixed-p4-d4.txt and
 * mpls/undeclared-mpls-fixed-p4-d4.txt in Droop's repository; figures typed in,
 * ballots written out here), and a count whose truncation is checked by hand.
 */
import { describe, expect, it } from 'vitest';
import { droopFileOptions } from '../../src/count/droop-options.js';
import { mplsStv } from '../../src/count/methods/stv-mpls.js';
import { OptionError } from '../../src/count/options.js';
import { parseBlt, writeBlt } from '../../src/formats/blt.js';
import { eventsOf, runner } from './helpers.js';

const run = runner(mplsStv);
const named = (r: { candidates: readonly string[] }, cs: readonly number[]): string[] => cs.map((c) => r.candidates[c] ?? '?');

// Droop's 42.blt: 4 ballots Castor > Pollux, 2 for Helen; 2 seats.
const FORTY_TWO = '3 2\n[droop mpls]\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen should tie"\n';
// Droop's mpls/undeclared.blt; Droop with no [tie] line breaks ties in ballot order, which [tie 1 2 3 4] declares.
const UNDECLARED = '4 2\n[undeclared 4]\n[tie 1 2 3 4]\n5 4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Paris"\n"test undeclared write-in Paris"\n';

describe('Minneapolis STV as Droop counts it (mpls)', () => {
  it("42.blt: threshold 3, Pollux defeated as a certain loser, Castor's surplus 1.0000 exhausts, Helen elected", () => {
    const r = run(parseBlt(FORTY_TWO, '42.blt'));
    expect(r.arithmetic).toBe('fixed(4)');
    expect(r.stages[0]?.threshold).toBe('3.0000');
    expect(r.stages[0]?.tally).toEqual({ 0: '4.0000', 1: '0.0000', 2: '2.0000' });
    const [batch] = eventsOf(r, 'exclude');
    expect(batch.reason).toBe('batch');
    expect(named(r, batch.candidates)).toEqual(['Pollux']);
    expect(eventsOf(r, 'surplus').map((e) => e.surplus)).toEqual(['1.0000']);
    const last = r.stages[r.stages.length - 1];
    expect(last?.tally).toEqual({ 0: '3.0000', 2: '2.0000' });
    expect(last?.inactive.exhausted).toBe('1.0000');
    expect(named(r, r.elected)).toEqual(['Castor', 'Helen']);
    expect(eventsOf(r, 'elect').map((e) => e.reason)).toEqual(['quota', 'remaining seats']);
  });

  it('undeclared.blt: the undeclared write-in Paris is defeated in round 2, Castor elected at 5, Pollux loses the tie to Helen and keeps his votes', () => {
    const e = parseBlt(UNDECLARED, 'undeclared.blt');
    expect(e.undeclared).toEqual([3]);
    const r = run(e, { tieBreak: 'order' });
    expect(r.stages[0]?.threshold).toBe('3.0000');
    expect(r.stages[0]?.tally).toEqual({ 0: '0.0000', 1: '0.0000', 2: '2.0000', 3: '5.0000' });
    const excluded = eventsOf(r, 'exclude');
    expect(excluded.map((x) => [named(r, x.candidates), x.reason])).toEqual([
      [['Paris'], 'batch'],
      [['Pollux'], 'lowest'],
    ]);
    expect(r.stages[1]?.tally).toEqual({ 0: '5.0000', 1: '0.0000', 2: '2.0000' });
    expect(eventsOf(r, 'note').map((n) => n.text)).toEqual(['Paris, undeclared write-in, defeated at the start of round 2 whatever their votes']);
    expect(eventsOf(r, 'surplus').map((x) => x.surplus)).toEqual(['2.0000']);
    expect(r.stages[2]?.tally).toEqual({ 0: '3.0000', 1: '2.0000', 2: '2.0000' });
    const [tie] = eventsOf(r, 'tie');
    expect(named(r, tie.tied)).toEqual(['Pollux', 'Helen']);
    expect(r.candidates[tie.chosen]).toBe('Pollux');
    expect(r.stages).toHaveLength(3);
    expect(named(r, r.elected)).toEqual(['Castor', 'Helen']);
  });

  it('truncates to 4 places as the ordinance says: 3/7 is 0.4285, so 7 papers carry 2.9995 and 0.0005 is lost', () => {
    // 10 ballots, 2 seats: threshold ⌊10/3⌋ + 1 = 4; A has 7, surplus 3.
    const file = '4 2\n7 1 2 0\n2 3 0\n1 4 0\n0\n"A"\n"B"\n"C"\n"D"\n"by hand"\n';
    const r = run(parseBlt(file, 'hand.blt'));
    expect(r.stages[0]?.threshold).toBe('4.0000');
    expect(r.stages[0]?.action?.transferValues).toEqual(['0.4285']);
    expect(r.stages[1]?.tally).toEqual({ 0: '4.0000', 1: '2.9995', 2: '2.0000', 3: '1.0000' });
    expect(r.stages[1]?.lost).toBe('0.0005');
    // D (1) and then C (2) cannot reach B (2.9995) and are defeated as certain losers, one round each.
    expect(eventsOf(r, 'exclude').map((x) => [named(r, x.candidates), x.reason])).toEqual([
      [['D'], 'batch'],
      [['C'], 'batch'],
    ]);
    const last = r.stages[r.stages.length - 1];
    expect(last?.inactive.exhausted).toBe('3.0000');
    expect(named(r, r.elected)).toEqual(['A', 'B']);
  });
});

describe("a BLT's [undeclared] line and [droop mpls]", () => {
  it('[undeclared] takes candidate numbers or nicknames, and is written back', () => {
    const e = parseBlt('3 1\n[nick a b c]\n[undeclared c]\n1 a 0\n0\n"A"\n"B"\n"C"\n"T"\n', 'u.blt');
    expect(e.undeclared).toEqual([2]);
    expect(writeBlt(e)).toContain('[undeclared 3]');
  });

  it('refuses an [undeclared] line naming no one, a candidate out of range, or one twice, saying where', () => {
    expect(() => parseBlt('2 1\n[undeclared]\n1 1 0\n0\n"A"\n"B"\n"T"\n', 'u.blt')).toThrow(/u\.blt:2.*\[undeclared\] names no candidate/);
    expect(() => parseBlt('2 1\n[undeclared 3]\n1 1 0\n0\n"A"\n"B"\n"T"\n', 'u.blt')).toThrow(/candidate number 3 is out of range/);
    expect(() => parseBlt('2 1\n[undeclared 2 2]\n1 1 0\n0\n"A"\n"B"\n"T"\n', 'u.blt')).toThrow(/lists candidate 2 twice/);
  });

  it('[droop mpls] is read by stv-mpls; an option the rule fixes otherwise is refused', () => {
    expect(droopFileOptions(parseBlt(FORTY_TWO, '42.blt'), mplsStv)).toEqual({});
    const other = parseBlt(FORTY_TWO.replace('[droop mpls]', '[droop mpls precision=9]'), 'x.blt');
    expect(() => droopFileOptions(other, mplsStv)).toThrow(OptionError);
  });
});
