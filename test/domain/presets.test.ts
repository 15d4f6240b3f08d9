import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/count/methods/index.js';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, PRESETS, presetById } from '../../src/domain/presets.js';
import { rulebookRef } from '../../src/domain/rulebook.js';
import { parseRulebook, rulebookProblems } from '../../src/formats/rulebook-schema.js';

describe('the bundled rulebooks', () => {
  it('are the four Labour eras, two readoption styles and a union executive, each version 1, ids unique', () => {
    expect(PRESETS.map(rulebookRef)).toEqual([
      'labour-1979@1',
      'labour-1990@1',
      'labour-2018@1',
      'labour-2021@1',
      'libdem-readoption@1',
      'conservative-readoption@1',
      'union-executive-statutory@1',
    ]);
    expect(presetById('labour-2021')).toBe(LABOUR_2021);
    expect(presetById('labour-2022')).toBeUndefined();
  });

  it('each passes the same validation as a custom rulebook read from JSON', () => {
    for (const p of PRESETS) {
      expect(rulebookProblems(JSON.parse(JSON.stringify(p))), p.id).toEqual([]);
      const parsed = parseRulebook(JSON.parse(JSON.stringify(p)), p.id);
      expect(parsed.ok && parsed.value).toEqual(p);
    }
  });

  it('cannot be changed in place', () => {
    expect(Object.isFrozen(LABOUR_2021)).toBe(true);
    expect(Object.isFrozen(LABOUR_2021.selection.shortlist)).toBe(true);
    expect(() => {
      (LABOUR_2021.eligibility as { minMembershipMonths: number }).minMembershipMonths = 1;
    }).toThrow(TypeError);
  });

  it('name every counting method that exists', () => {
    const ids = METHODS.map((m) => m.id);
    for (const p of PRESETS) {
      expect(ids).toContain(p.selection.method);
      if (p.internalElection) expect(ids).toContain(p.internalElection.method);
    }
  });
});

describe('what DESIGN.md says of each Labour era', () => {
  it('1979: mandatory reselection, selection by GMC delegates, the 1987 affiliate cap noted', () => {
    expect(LABOUR_1979.incumbentReview).toEqual({ kind: 'mandatory-reselection' });
    expect(LABOUR_1979.selection.ballot).toBe('delegates');
    expect(LABOUR_1979.description).toMatch(/40%/);
    expect(LABOUR_1979.uncertain['selection.ballot']).toMatch(/1987.*40%/);
  });

  it('1990: branches and affiliates pooled, about half, exact half an explicit and explained setting; OMOV AV', () => {
    const r = LABOUR_1990.incumbentReview;
    expect(r.kind === 'trigger-ballot' && r.combine).toEqual({ kind: 'pooled', threshold: { share: { num: 1, den: 2 }, inclusive: false } });
    expect(LABOUR_1990.uncertain['incumbentReview.combine.threshold.inclusive']).toMatch(/exact half/);
    expect(LABOUR_1990.selection).toMatchObject({ ballot: 'omov', method: 'irv' });
    expect(LABOUR_1990.uncertain['selection.ballot']).toMatch(/1993/);
  });

  it('2018: either class reaching at least one third; NEC by block vote', () => {
    const r = LABOUR_2018.incumbentReview;
    expect(r.kind === 'trigger-ballot' && r.combine).toEqual({ kind: 'either-class', threshold: { share: { num: 1, den: 3 }, inclusive: true } });
    expect(LABOUR_2018.internalElection).toMatchObject({ seats: 9, method: 'block', minWomen: 4, nominations: { bodies: ['constituency'], threshold: 5 } });
    expect(LABOUR_2018.internalElection?.contests?.[0]).toMatchObject({ id: 'nec-clp', seats: 9, method: 'block', minWomen: 4 });
  });

  it('2021: a 50/50 college, strictly above 50%; NEC by Droop STV', () => {
    const r = LABOUR_2021.incumbentReview;
    expect(r.kind === 'trigger-ballot' && r.combine).toMatchObject({
      kind: 'college',
      weights: { branch: { num: 1, den: 2 }, affiliate: { num: 1, den: 2 } },
      threshold: { share: { num: 1, den: 2 }, inclusive: false },
    });
    expect(LABOUR_2021.internalElection).toMatchObject({ seats: 9, method: 'stv-droop', minWomen: 4, nominations: { bodies: ['constituency'], threshold: 5 } });
    expect(LABOUR_2021.internalElection?.contests?.[0]).toMatchObject({ id: 'nec-clp', seats: 9, method: 'stv-droop', minWomen: 4 });
  });

  it('eligibility, exemptions and snap elections', () => {
    for (const p of [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021]) {
      expect(p.eligibility).toEqual({ minMembershipMonths: 6, arrearsGraceMonths: null, excludeSuspended: true });
      expect(p.snapElection).toBe('readopt-incumbents');
      expect(p.uncertain['eligibility.arrearsGraceMonths']).toBeDefined();
    }
    for (const p of [LABOUR_2018, LABOUR_2021]) {
      expect(p.exemptions).toEqual({ suspendedIncumbent: true, parentalLeaveMonths: 12 });
      expect(p.uncertain['internalElection.minWomen']).toMatch(/not verified/);
    }
    for (const p of [LABOUR_1990, LABOUR_2018, LABOUR_2021]) {
      const r = p.incumbentReview;
      expect(r.kind === 'trigger-ballot' && r.unitVote).toEqual({ tie: 'no' });
      expect(r.kind === 'trigger-ballot' && r.affiliateCounting).toBe('per-branch');
      expect(p.uncertain['incumbentReview.unitVote.tie']).toBeDefined();
      expect(p.uncertain['incumbentReview.affiliateCounting']).toMatch(/one vote in total/);
      expect(p.selection.shortlist.incumbentAutomatically).toBe(true);
    }
  });

  it('every uncertain note names a field of its rulebook and says something', () => {
    // The validator checks the paths; here, that no note is a bare marker.
    for (const p of PRESETS) for (const [k, note] of Object.entries(p.uncertain)) expect(note.length, `${p.id} ${k}`).toBeGreaterThan(40);
  });
});
