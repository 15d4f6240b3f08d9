import { describe, expect, it } from 'vitest';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { diffRulebooks } from '../../src/domain/rulebook-diff.js';
import { describeRulebook } from '../../src/domain/rulebook-words.js';
import { parseRulebook, rulebookProblems } from '../../src/formats/rulebook-schema.js';
import { bySurname, orderBallotPaper, rotated, rotationOffset, surnameOf } from '../../src/domain/ballot-order.js';

const c = (id: string, name: string) => ({ id, name });
const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

describe('ballot order by surname', () => {
  it('takes the last word of a name as its surname', () => {
    expect(surnameOf('Ada Lovelace')).toBe('Lovelace');
    expect(surnameOf('  Mary  Anne   Evans ')).toBe('Evans');
    expect(surnameOf('Cher')).toBe('Cher');
  });

  it('orders by surname, not by the order of nomination or by first name', () => {
    const nominated = [c('c1', 'Zara Adams'), c('c2', 'Alan Young'), c('c3', 'Bea Morgan'), c('c4', 'Carl Davies')];
    expect(names(bySurname(nominated))).toEqual(['Zara Adams', 'Carl Davies', 'Bea Morgan', 'Alan Young']);
  });

  it('breaks a tie of surnames by the whole name, and keeps identical names in their order', () => {
    const xs = [c('a', 'Sam Smith'), c('b', 'Alex Smith'), c('c', 'Alex Smith'), c('d', 'Jo Brown')];
    expect(bySurname(xs).map((x) => x.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('collates as English does: case and accents do not put a name out of place', () => {
    const xs = [c('a', 'Ann Zeller'), c('b', 'Émile Éclair'), c('c', 'Dan de Vere'), c('d', 'Ed Able')];
    expect(names(bySurname(xs))).toEqual(['Ed Able', 'Émile Éclair', 'Dan de Vere', 'Ann Zeller']);
  });

  it('does not change the list it is given', () => {
    const xs = [c('a', 'B Young'), c('b', 'A Adams')];
    bySurname(xs);
    expect(names(xs)).toEqual(['B Young', 'A Adams']);
  });

  it('is the order of a surname rulebook whoever votes', () => {
    const xs = [c('a', 'B Young'), c('b', 'A Adams'), c('c', 'C Kaur')];
    expect(names(orderBallotPaper(xs, 'surname', { process: 'p1', voter: 'm1' }))).toEqual(['A Adams', 'C Kaur', 'B Young']);
    expect(names(orderBallotPaper(xs, 'surname', { process: 'p1', voter: 'm2' }))).toEqual(['A Adams', 'C Kaur', 'B Young']);
  });
});

describe('ballot order rotated per voter', () => {
  const five = [c('a', 'Eve Evans'), c('b', 'Ann Adams'), c('c', 'Dee Dodd'), c('d', 'Cy Cole'), c('e', 'Bo Bell')];

  it('rotations 0 to n−1 put every candidate in every position exactly once', () => {
    const sorted = bySurname(five);
    const seen = new Map<string, Set<number>>();
    for (let k = 0; k < five.length; k++)
      rotated(sorted, k).forEach((x, pos) => {
        seen.set(x.id, (seen.get(x.id) ?? new Set()).add(pos));
      });
    for (const x of five) expect([...(seen.get(x.id) ?? [])].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('a voter sees the same order on every visit, and it is a rotation of the surname order', () => {
    const forVoter = { process: 'sel-ardford', voter: 'M000123' };
    const first = orderBallotPaper(five, 'rotated', forVoter);
    expect(orderBallotPaper([...five].reverse(), 'rotated', forVoter)).toEqual(first);
    const sorted = names(bySurname(five));
    const k = sorted.indexOf(first[0]!.name);
    expect(names(first)).toEqual([...sorted.slice(k), ...sorted.slice(0, k)]);
  });

  it('over many voters every candidate is in every position about equally often', () => {
    const voters = 10_000;
    const counts = five.map(() => five.map(() => 0));
    for (let v = 0; v < voters; v++) {
      orderBallotPaper(five, 'rotated', { process: 'ne-2027', voter: `M${String(v).padStart(6, '0')}` }).forEach((x, pos) => {
        counts[five.findIndex((y) => y.id === x.id)]![pos]!++;
      });
    }
    // Each cell is a count of voters drawn with chance 1/5: within four standard deviations of 2,000.
    const expected = voters / five.length;
    const sd = Math.sqrt(voters * (1 / five.length) * (1 - 1 / five.length));
    for (const row of counts) {
      expect(row.reduce((a, b) => a + b, 0)).toBe(voters);
      for (const n of row) expect(Math.abs(n - expected)).toBeLessThan(4 * sd);
    }
    // And each column is a permutation's worth: every position holds one candidate per voter.
    for (let pos = 0; pos < five.length; pos++) expect(counts.reduce((a, row) => a + row[pos]!, 0)).toBe(voters);
  });

  it('the rotation depends on the process too', () => {
    const offsets = new Set(Array.from({ length: 40 }, (_, i) => rotationOffset(`p${i}`, 'M1', 5)));
    expect(offsets.size).toBe(5);
  });

  it('without a voter a rotating paper is shown by surname; an empty paper stays empty', () => {
    expect(names(orderBallotPaper(five, 'rotated', null))).toEqual(names(bySurname(five)));
    expect(orderBallotPaper([], 'rotated', { process: 'p', voter: 'v' })).toEqual([]);
  });
});

describe('the ballot order as a rule of the rulebook', () => {
  it('Labour rulebooks list candidates by surname, and say so in words', () => {
    expect(LABOUR_2021.ballotOrder).toBe('surname');
    const section = describeRulebook(LABOUR_2021).find((s) => s.heading === 'Ballot papers');
    expect(section?.lines).toEqual([
      'It lists candidates on the ballot paper alphabetically by surname, never in the order of nomination.',
      'It lets each selection and election choose, before anyone votes, ballots encrypted in the voter’s browser and decrypted only by its trustees (plain ballots otherwise).',
    ]);
  });

  it('a rotating rulebook differs from Labour in one sentence', () => {
    const rotating = { ...LABOUR_2021, name: 'Rotating', ballotOrder: 'rotated' as const };
    const diff = diffRulebooks(LABOUR_2021, rotating);
    expect(diff).toHaveLength(1);
    expect(diff[0]).toContain('alphabetically by surname');
    expect(diff[0]).toContain('rotated for each voter');
  });

  it('a rulebook file must name a ballot order the schema knows; one written before the field existed reads as by surname', () => {
    expect(rulebookProblems({ ...LABOUR_2021, ballotOrder: 'random' })[0]).toMatch(/^ballotOrder: /);
    const { ballotOrder: _, ...without } = LABOUR_2021;
    expect(rulebookProblems(without)).toEqual([]);
    const read = parseRulebook(without, 'old.json');
    expect(read.ok && read.value.ballotOrder).toBe('surname');
    expect(rulebookProblems({ ...LABOUR_2021, ballotOrder: 'rotated' })).toEqual([]);
  });
});
