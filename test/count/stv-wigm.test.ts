/**
 * WIGM STV (stv-wigm): Droop's generic wigm rule and the PR Foundation's reference
 * WIGM rule (wigm-prf, wigm-prf-batch: fixed-point arithmetic of 4 places, every
 * product and quotient truncated, D.4), checked by hand on small elections and
 * against Droop's reference dumps (test/ref/dump/*-wigm-* in jklundell/droop,
 * figures typed in); and the BLT [droop] words that choose these rules.
 */
import { describe, expect, it } from 'vitest';
import { election } from '../../src/count/ballots.js';
import { DroopOptionError, droopFileOptions, droopRuleMethod } from '../../src/count/droop-options.js';
import { scottishStv } from '../../src/count/methods/stv-scottish.js';
import { wigmStv } from '../../src/count/methods/stv-wigm.js';
import { OptionError } from '../../src/count/options.js';
import type { CountRecord } from '../../src/count/record.js';
import { parseBlt } from '../../src/formats/blt.js';
import { droopShown, SC_NAMES, sc } from './droop-sc.js';
import { eventsOf, runner } from './helpers.js';

const run = runner(wigmStv);
const PRF = { arithmetic: 'fixed', precision: 4 };
const named = (r: CountRecord, cs: readonly number[]): string[] => cs.map((c) => r.candidates[c] ?? '?');

// Eleven ballots for two seats: A 5 (then B), B 3, C 2, D 1 (then C).
const ELEVEN = '4 2\n5 1 2 0\n3 2 0\n2 3 0\n1 4 3 0\n0\n"A"\n"B"\n"C"\n"D"\n"by hand"\n';
// Droop's 42.blt: 4 ballots Castor > Pollux, 2 for Helen; 2 seats. Droop with no [tie] line breaks ties in
// ballot order, which [tie 1 2 3] declares.
const FORTY_TWO = '3 2\n[tie 1 2 3]\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen should tie"\n';

describe("the PR Foundation's reference WIGM rule at 4 places, by hand", () => {
  it('eleven ballots: quota 3.6667, both surpluses truncated after the product and after the quotient', () => {
    const r = run(parseBlt(ELEVEN, 'eleven.blt'), PRF);
    expect(r.arithmetic).toBe('fixed(4)');
    // A.1: 11 ÷ 3 = 3.66666… truncated to 3.6666, plus 0.0001.
    expect(r.stages.map((s) => s.threshold)).toEqual(['3.6667', '3.6667', '3.6667']);
    expect(r.stages[0]?.tally).toEqual({ 0: '5.0000', 1: '3.0000', 2: '2.0000', 3: '1.0000' });
    // B.1: A (5.0000 ≥ 3.6667) is elected; surplus 5.0000 − 3.6667 = 1.3333. B.3: each of A's 5 papers at
    // 1.0000 × 1.3333 = 1.3333, ÷ 5.0000 = 0.26666 → 0.2666; B gets 5 × 0.2666 = 1.3330, 3 + 1.3330 = 4.3330,
    // and 1.3333 − 1.3330 = 0.0003 is lost.
    expect(eventsOf(r, 'surplus').map((e) => [r.candidates[e.candidate], e.surplus])).toEqual([
      ['A', '1.3333'],
      ['B', '0.6663'],
    ]);
    expect(r.stages[0]?.action?.transferValues).toEqual(['0.2666']);
    expect(r.stages[1]?.tally).toEqual({ 0: '3.6667', 1: '4.3330', 2: '2.0000', 3: '1.0000' });
    expect(r.stages[1]?.lost).toBe('0.0003');
    // B reaches the quota and fills the last seat; as in Droop, B's pending surplus still moves: 4.3330 − 3.6667
    // = 0.6663. B's own 3 papers: 1.0000 × 0.6663 = 0.6663, ÷ 4.3330 = 0.15377… → 0.1537, and they exhaust:
    // 3 × 0.1537 = 0.4611. A's 5 papers: 0.2666 × 0.6663 = 0.17763558 → 0.1776, ÷ 4.3330 = 0.040988… → 0.0409,
    // exhausting 5 × 0.0409 = 0.2045. Exhausted 0.4611 + 0.2045 = 0.6656; lost 0.6663 − 0.6656 = 0.0007.
    expect(r.stages[1]?.action?.transferValues).toEqual(['0.1537', '0.0409']);
    expect(r.stages[2]?.tally).toEqual({ 0: '3.6667', 1: '3.6667', 2: '2.0000', 3: '1.0000' });
    expect(r.stages[2]?.inactive.exhausted).toBe('0.6656');
    expect(r.stages[2]?.lost).toBe('0.0010');
    expect(named(r, r.elected)).toEqual(['A', 'B']);
    expect(eventsOf(r, 'exclude').map((e) => [named(r, e.candidates), e.reason])).toEqual([[['C', 'D'], 'remaining seats filled']]);
  });

  it('with batch defeats (wigm-prf-batch) D is a sure loser at once, and C after the surplus', () => {
    // Stage 1: A pending with surplus 1.3333. Sure losers: D 1 + 1.3333 = 2.3333 is not below C's 2, so none.
    // Stage 2 as above: B elected, surplus 0.6663 pending; D 1 + 0.6663 < C 2 → D is a sure loser; D and C
    // together (3 + 0.6663) would leave no hopeful, and only 2 − 2 = 0 seats are left, so D alone goes; the
    // hopeful C (1) is then no more than... the seats are full, so the count ends with C defeated.
    const r = run(parseBlt(ELEVEN, 'eleven.blt'), { ...PRF, defeatBatch: 'sure' });
    expect(eventsOf(r, 'exclude').map((e) => [named(r, e.candidates), e.reason])).toEqual([
      [['D'], 'batch'],
      [['C'], 'remaining seats filled'],
    ]);
    expect(r.stages[2]?.tally).toEqual({ 0: '3.6667', 1: '4.3330', 2: '3.0000' });
    expect(named(r, r.elected)).toEqual(['A', 'B']);
  });
});

describe("Droop's reference dumps for its WIGM rules", () => {
  it('42.blt as 42-wigm-prf-fixed-p4-d4: quota 2.0001, Pollux gets 4 × 0.4999 = 1.9996 and is defeated, Helen elected', () => {
    const r = run(parseBlt(FORTY_TWO, '42.blt'), { ...PRF, tieBreak: 'order' });
    // Castor's surplus 4.0000 − 2.0001 = 1.9999; each paper 1.0000 × 1.9999 ÷ 4.0000 = 0.499975 → 0.4999.
    expect(r.stages.map((s) => [s.threshold, s.tally, s.inactive.exhausted])).toEqual([
      ['2.0001', { 0: '4.0000', 1: '0.0000', 2: '2.0000' }, '0.0000'],
      ['2.0001', { 0: '2.0001', 1: '1.9996', 2: '2.0000' }, '0.0000'],
      ['2.0001', { 0: '2.0001', 2: '2.0000' }, '1.9996'],
    ]);
    expect(named(r, r.elected)).toEqual(['Castor', 'Helen']);
  });

  it('42.blt as 42-wigm-prf-batch-fixed-p4-d4: Pollux (0 + 1.9999 < 2) is a sure loser before any transfer', () => {
    const r = run(parseBlt(FORTY_TWO, '42.blt'), { ...PRF, defeatBatch: 'sure' });
    expect(r.stages).toHaveLength(1);
    expect(eventsOf(r, 'exclude').map((e) => [named(r, e.candidates), e.reason])).toEqual([[['Pollux'], 'batch']]);
    expect(named(r, r.elected)).toEqual(['Castor', 'Helen']);
  });

  it('42.blt as 42-wigm-guarded-p18-g9-d18: the exact quota 2 is passed by Castor, then all three hold 2 and the tie defeats Pollux', () => {
    const r = run(parseBlt(FORTY_TWO, '42.blt'), { tieBreak: 'order' });
    expect(r.arithmetic).toBe('guarded(18+9)');
    expect(r.options).toMatchObject({ arithmetic: 'guarded', precision: 18, guard: 9 });
    const two = `2.${'0'.repeat(27)}`;
    expect(r.stages[1]?.tally).toEqual({ 0: two, 1: two, 2: two });
    const [tie] = eventsOf(r, 'tie');
    expect(named(r, tie.tied)).toEqual(['Pollux', 'Helen']);
    expect(r.candidates[tie.chosen]).toBe('Pollux');
    expect(r.stages[2]?.inactive.exhausted).toBe(two);
    expect(named(r, r.elected)).toEqual(['Castor', 'Helen']);
  });

  // Per stage, Droop's votes in SC.blt's candidate order ("-": defeated) and its non-transferable votes.
  const SC_PRF: [string, string][] = [
    ['6.0000 3.0000 8.0000 22.0000 2.0000 0.0000 33.0000 1.0000 1.0000 0.0000 0.0000 0.0000 18.0000', '0.0000'],
    ['6.8606 3.4303 8.4303 22.0000 2.4303 0.0000 18.8001 12.6181 1.4303 0.0000 0.0000 0.0000 18.0000', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 0.0000 18.8001 12.9089 1.4303 0.0000 0.0000 0.0000 18.5816', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 - 18.8001 12.9089 1.4303 0.0000 0.0000 0.0000 18.5816', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 - 18.8001 12.9089 1.4303 - 0.0000 0.0000 18.5816', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 - 18.8001 12.9089 1.4303 - - 0.0000 18.5816', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 - 18.8001 12.9089 1.4303 - - - 18.5816', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 - 18.8001 14.3392 - - - - 18.5816', '0.0000'],
    ['8.8784 3.7211 9.3027 18.8001 - - 18.8001 14.7695 - - - - 19.7270', '0.0000'],
    ['9.1598 4.0698 9.5909 18.8001 - - 18.8001 14.7695 - - - - 18.8001', '0.0068'],
    ['9.6002 - 10.7363 18.8001 - - 18.8001 15.8164 - - - - 18.8001', '1.4439'],
    ['- - 16.8969 18.8001 - - 18.8001 16.8292 - - - - 18.8001', '3.8707'],
    ['- - 18.9089 18.8001 - - 18.8001 - - - - - 18.8001', '18.6879'],
  ];
  const SC_PRF_BATCH: [string, string][] = [
    ['6.0000 3.0000 8.0000 22.0000 2.0000 0.0000 33.0000 1.0000 1.0000 0.0000 0.0000 0.0000 18.0000', '0.0000'],
    ['6.8606 3.4303 8.4303 22.0000 2.4303 0.0000 18.8001 12.6181 1.4303 0.0000 0.0000 0.0000 18.0000', '0.0000'],
    ['7.8784 3.5757 9.3027 18.8001 2.7211 0.0000 18.8001 12.9089 1.4303 0.0000 0.0000 0.0000 18.5816', '0.0000'],
    ['8.8784 - 10.4481 18.8001 - - 18.8001 15.7695 - - - - 21.3027', '0.0000'],
    ['10.3382 - 11.1695 18.8001 - - 18.8001 15.8869 - - - - 18.8001', '0.2019'],
    ['- - 17.6349 18.8001 - - 18.8001 16.9099 - - - - 18.8001', '3.0517'],
  ];
  // The same, in guarded arithmetic as Droop shows it: 18 places, rounded.
  const SC_GUARDED: [string, string][] = [
    [
      '6.000000000000000000 3.000000000000000000 8.000000000000000000 22.000000000000000000 2.000000000000000000 0.000000000000000000 33.000000000000000000 1.000000000000000000 1.000000000000000000 0.000000000000000000 0.000000000000000000 0.000000000000000000 18.000000000000000000',
      '0.000000000000000000',
    ],
    [
      '6.860606060606060606 3.430303030303030303 8.430303030303030303 22.000000000000000000 2.430303030303030303 0.000000000000000000 18.800000000000000000 12.618181818181818182 1.430303030303030303 0.000000000000000000 0.000000000000000000 0.000000000000000000 18.000000000000000000',
      '0.000000000000000000',
    ],
    [
      '7.878787878787878788 3.575757575757575758 9.303030303030303030 18.800000000000000000 2.721212121212121212 0.000000000000000000 18.800000000000000000 12.909090909090909091 1.430303030303030303 0.000000000000000000 0.000000000000000000 0.000000000000000000 18.581818181818181818',
      '0.000000000000000000',
    ],
    [
      '7.878787878787878788 3.575757575757575758 9.303030303030303030 18.800000000000000000 2.721212121212121212 - 18.800000000000000000 12.909090909090909091 1.430303030303030303 0.000000000000000000 0.000000000000000000 0.000000000000000000 18.581818181818181818',
      '0.000000000000000000',
    ],
    [
      '7.878787878787878788 3.575757575757575758 9.303030303030303030 18.800000000000000000 2.721212121212121212 - 18.800000000000000000 12.909090909090909091 1.430303030303030303 - 0.000000000000000000 0.000000000000000000 18.581818181818181818',
      '0.000000000000000000',
    ],
    [
      '7.878787878787878788 3.575757575757575758 9.303030303030303030 18.800000000000000000 2.721212121212121212 - 18.800000000000000000 12.909090909090909091 1.430303030303030303 - - 0.000000000000000000 18.581818181818181818',
      '0.000000000000000000',
    ],
    [
      '7.878787878787878788 3.575757575757575758 9.303030303030303030 18.800000000000000000 2.721212121212121212 - 18.800000000000000000 12.909090909090909091 1.430303030303030303 - - - 18.581818181818181818',
      '0.000000000000000000',
    ],
    [
      '7.878787878787878788 3.575757575757575758 9.303030303030303030 18.800000000000000000 2.721212121212121212 - 18.800000000000000000 14.339393939393939394 - - - - 18.581818181818181818',
      '0.000000000000000000',
    ],
    [
      '8.878787878787878788 3.721212121212121212 9.303030303030303030 18.800000000000000000 - - 18.800000000000000000 14.769696969696969697 - - - - 19.727272727272727273',
      '0.000000000000000000',
    ],
    [
      '9.160815528557464041 4.070755481078061723 9.591894986733696411 18.800000000000000000 - - 18.800000000000000000 14.769696969696969697 - - - - 18.800000000000000000',
      '0.006837033933808127',
    ],
    [
      '9.601971791649211004 - 10.737349532188241866 18.800000000000000000 - - 18.800000000000000000 15.816701577991900573 - - - - 18.800000000000000000',
      '1.443977098170646558',
    ],
    ['- - 16.898941488618907974 18.800000000000000000 - - 18.800000000000000000 16.829599217986314761 - - - - 18.800000000000000000', '3.871459293394777266'],
    ['- - 18.911062700740120095 18.800000000000000000 - - 18.800000000000000000 - - - - - 18.800000000000000000', '18.688937299259879905'],
  ];
  const asDroop = (r: CountRecord): [string, string][] => r.stages.map((s) => [SC_NAMES.map((_, c) => s.tally[c] ?? '-').join(' '), s.inactive.exhausted]);
  // Droop's default tie order is the ballot order: as a [tie] line listing every candidate in order.
  const scInOrder = () => ({ ...sc(), tieOrder: SC_NAMES.map((_, c) => c) });

  it('SC.blt as SC-wigm-prf-fixed-p4-d4: every stage, figure for figure, and the same four elected', () => {
    const r = run(scInOrder(), { ...PRF, tieBreak: 'order' });
    expect(asDroop(r)).toEqual(SC_PRF);
    expect(r.stages[0]?.threshold).toBe('18.8001');
    expect(named(r, r.elected)).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Tom Sevigny']);
  });

  it('SC.blt as SC-wigm-guarded-p18-g9-d18: every stage as Droop shows it, 18 places rounded from 27', () => {
    const r = run(scInOrder(), { tieBreak: 'order' });
    const shown = (v: string | undefined): string => (v === undefined ? '-' : droopShown(v));
    const droop = (row: string): string[] => row.split(' ').map((v) => (v === '-' ? v : v.replace(/\.?0+$/, '') || '0'));
    expect(r.stages).toHaveLength(SC_GUARDED.length);
    SC_GUARDED.forEach(([votes, exhausted], k) => {
      const stage = r.stages[k];
      expect(
        SC_NAMES.map((_, c) => shown(stage?.tally[c])),
        `stage ${k + 1}`,
      ).toEqual(droop(votes));
      expect(shown(stage?.inactive.exhausted), `stage ${k + 1} exhausted`).toEqual(droop(exhausted)[0]);
    });
    expect(droopShown(r.stages[0]?.threshold ?? '')).toBe('18.8');
    expect(named(r, r.elected)).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Tom Sevigny']);
  });

  it('SC.blt as SC-wigm-prf-batch-fixed-p4-d4: seven sure losers go together after the second surplus', () => {
    const r = run(scInOrder(), { ...PRF, defeatBatch: 'sure', tieBreak: 'order' });
    expect(asDroop(r)).toEqual(SC_PRF_BATCH);
    expect(named(r, eventsOf(r, 'exclude')[0]?.candidates ?? [])).toEqual([
      'Kirit Mookerjee',
      'Michael Piacsek',
      'Write-In 2',
      'Jason Jones',
      'Write-In 1',
      'Steve Greenfield',
      'Jimmy Leas',
    ]);
    expect(named(r, r.elected)).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Tom Sevigny']);
  });
});

describe("Droop's generic WIGM settings", () => {
  const e = (blt: string) => parseBlt(blt, 'w.blt');

  it('rational: the quota is exact and must be passed; nothing is lost', () => {
    // 9 ballots, 2 seats: quota 9 ÷ 3 = 3 exactly. A holds 3, which does not pass it; C (1) is defeated and
    // its paper goes to A: 4 > 3, A elected, surplus 1, each of A's 4 papers at 1 × 1 ÷ 4 = 1/4.
    const r = run(e('3 2\n3 1 2 0\n5 2 0\n1 3 1 0\n0\n"A"\n"B"\n"C"\n"T"\n'), { arithmetic: 'rational', precision: 2 });
    expect(r.arithmetic).toBe('rational');
    expect(r.stages[0]?.threshold).toBe('3.00');
    expect(eventsOf(r, 'elect').map((x) => [r.candidates[x.candidate], x.stage])).toEqual([
      ['B', 1],
      ['A', 3],
    ]);
    expect(r.stages.every((s) => s.lost === '0.00')).toBe(true);
  });

  it('fixed at 0 places (Droop’s integer) with --integer-quota: quota ⌊9 ÷ 3⌋ + 1 = 4, surplus values truncated to whole votes', () => {
    const r = run(e('3 2\n6 1 2 0\n2 2 0\n1 3 0\n0\n"A"\n"B"\n"C"\n"T"\n'), { arithmetic: 'fixed', precision: 0, integerQuota: true });
    expect(r.stages[0]?.threshold).toBe('4');
    // A's surplus 2: each paper 1 × 2 = 2, ÷ 6 = 0.33… → 0. B gets nothing and 2 is lost.
    expect(r.stages[1]?.tally).toEqual({ 0: '4', 1: '2', 2: '1' });
    expect(r.stages[1]?.lost).toBe('2');
  });

  it('--defeat-batch zero defeats every hopeful with no votes at once', () => {
    // 5 ballots, 1 seat: quota 2.5, which nobody passes; D and E have no votes and go together, then C (1),
    // whose paper takes A to 3.
    const file = '5 1\n2 1 0\n2 2 0\n1 3 1 0\n0\n"A"\n"B"\n"C"\n"D"\n"E"\n"T"\n';
    const r = run(e(file), { defeatBatch: 'zero' });
    expect(eventsOf(r, 'exclude').map((x) => [named(r, x.candidates), x.reason])).toEqual([
      [['D', 'E'], 'batch'],
      [['C'], 'lowest'],
      [['B'], 'remaining seats filled'],
    ]);
    expect(named(r, r.elected)).toEqual(['A']);
    const one = run(e(file), { defeatBatch: 'none' });
    expect(eventsOf(one, 'exclude')[0]).toMatchObject({ reason: 'lowest' });
    expect(eventsOf(one, 'exclude')[0]?.candidates).toHaveLength(1);
  });

  it('refuses guard digits without guarded arithmetic', () => {
    expect(() => run(e(ELEVEN), { arithmetic: 'fixed', guard: 3 })).toThrow(new OptionError('--guard is only used with --arithmetic guarded'));
  });
});

describe('the [droop] words of the WIGM rules and Scottish STV', () => {
  const words = (line: string) => ({ ...election({ candidates: ['A', 'B'], seats: 1, ballots: [{ ranks: [0] }] }), countOptions: line.split(' ') });

  it('name the method that counts them', () => {
    expect(droopRuleMethod(['wigm'])).toBe('stv-wigm');
    expect(droopRuleMethod(['rule=wigm-prf'])).toBe('stv-wigm');
    expect(droopRuleMethod(['wigm-prf-batch'])).toBe('stv-wigm');
    expect(droopRuleMethod(['scotland'])).toBe('stv-scottish');
    expect(droopRuleMethod(['cfer'])).toBeUndefined();
  });

  it('set the rule’s options: wigm-prf and wigm-prf-batch fix them all, wigm takes Droop’s settings', () => {
    expect(droopFileOptions(words('wigm'), wigmStv)).toEqual({});
    expect(droopFileOptions(words('rule=wigm-prf'), wigmStv)).toEqual({ arithmetic: 'fixed', precision: 4, defeatBatch: 'none' });
    expect(droopFileOptions(words('wigm-prf-batch display=4'), wigmStv)).toEqual({ arithmetic: 'fixed', precision: 4, defeatBatch: 'sure' });
    expect(droopFileOptions(words('wigm arithmetic=integer integer_quota=true defeat_batch=zero'), wigmStv)).toEqual({
      arithmetic: 'fixed',
      precision: 0,
      integerQuota: true,
      defeatBatch: 'zero',
    });
    expect(droopFileOptions(words('wigm arithmetic=guarded precision=12 guard=6 display=9'), wigmStv)).toEqual({
      arithmetic: 'guarded',
      precision: 12,
      guard: 6,
    });
    expect(droopFileOptions(words('wigm arithmetic=rational display=6'), wigmStv)).toEqual({ arithmetic: 'rational', precision: 6 });
    expect(droopFileOptions(words('scotland'), scottishStv)).toEqual({});
    expect(droopFileOptions(words('rule=scotland arithmetic=fixed precision=5'), scottishStv)).toEqual({});
  });

  it('refuse a word the rule does not take, naming the word (its place is what the reader turns into a line)', () => {
    const refused = (line: string, method = wigmStv): DroopOptionError => {
      try {
        droopFileOptions(words(line), method);
      } catch (e) {
        if (e instanceof DroopOptionError) return e;
        throw e;
      }
      throw new Error(`"${line}" was not refused`);
    };
    expect(refused('wigm-prf precision=6')).toMatchObject({ word: 1 });
    expect(refused('wigm-prf precision=6').message).toContain(
      `"precision=6" does not apply to the PR Foundation's reference WIGM rule (wigm-prf), which fixes its arithmetic at 4 places`,
    );
    expect(refused('wigm-prf-batch defeat_batch=zero')).toMatchObject({ word: 1 });
    expect(refused('wigm omega=9').message).toContain('"omega=9" is not a setting of WIGM');
    expect(refused('wigm defeat_batch=safe').message).toContain('"defeat_batch=safe" is not a defeat batch of WIGM');
    expect(refused('wigm integer_quota=yes')).toMatchObject({ word: 1 });
    expect(refused('wigm arithmetic=fixed guard=3')).toMatchObject({ word: 2 });
    expect(refused('scotland precision=6', scottishStv).message).toContain(
      'does not apply to Scottish STV (stv-scottish), whose arithmetic is fixed at 5 places',
    );
  });
});
