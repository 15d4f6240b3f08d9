import { describe, expect, it } from 'vitest';
import { count } from '../../../src/count/methods/index.js';
import { election } from '../../../src/count/ballots.js';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, LIBDEM_READOPTION } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { applySelection, openSelection } from '../../../src/domain/processes/selection.js';
import { context, d, fails, jsonRoundTrips, must } from './helpers.js';
import { idOf, SELECTION_OPENS, SELECTION_TIMETABLE, SELECTION_UNITS, selectionTo, triggeredBallot } from './drivers.js';

const withShortlist = (rb: Rulebook, over: Partial<Rulebook['selection']['shortlist']>): Rulebook => ({
  ...rb,
  id: `${rb.id}-custom`,
  selection: { ...rb.selection, shortlist: { ...rb.selection.shortlist, ...over } },
});

describe('selection: the whole path', () => {
  it('runs an open seat from applications to declaration under labour-2021, with dated events', () => {
    const { state, ctx } = selectionTo('declared');
    expect(state.phase).toBe('declared');
    expect(state.followsTrigger).toBeNull();
    expect(state.candidates.map((c) => [c.id, c.name])).toEqual([
      ['c1', 'Alice Ash'],
      ['c2', 'Bella Birch'],
      ['c3', 'Carl Cedar'],
      ['c4', 'Dev Deodar'],
    ]);
    expect(state.nominations.map((n) => [n.unit, n.candidates])).toEqual([
      ['b1', ['c1']],
      ['b2', ['c2']],
    ]);
    expect(state.longlist).toEqual(['c1', 'c2', 'c3']);
    expect(state.shortlist).toEqual(['c1', 'c2', 'c3']);
    expect(state.electorate).toEqual({
      freezeDate: '2024-02-01',
      eligible: 100,
      total: 130,
      summary: '100 of 130 members eligible at 2024-02-01',
      frozenAt: '2024-03-25T10:00:00.000Z',
    });
    expect(state.ballot).toEqual({
      openedAt: '2024-04-01T07:00:00.000Z',
      closedAt: '2024-04-10T22:00:00.000Z',
      opensAt: '2024-03-31T23:00:00.000Z',
      closesAt: '2024-04-10T23:00:00.000Z',
      timeZone: 'Europe/London',
    });
    expect(state.count?.method).toBe('irv');
    expect(state.count?.ballots).toBe(75);
    expect(state.count?.elected).toEqual(['c2']);
    expect(state.count?.rounds.map((r) => r.tally)).toEqual([
      { c1: '30', c2: '25', c3: '20' },
      { c1: '35', c2: '40' },
    ]);
    expect(state.count?.rounds[0].excluded).toEqual(['c3']);
    // The declaration keeps who declared and the figures announced: each candidate's first and final votes, the winner, the turnout.
    expect(state.declaration).toEqual({
      winner: 'c2',
      name: 'Bella Birch',
      at: '2024-04-11T10:00:00.000Z',
      by: 'procedures-secretary',
      figures: {
        candidates: [
          { id: 'c1', name: 'Alice Ash', first: '30', final: '35' },
          { id: 'c2', name: 'Bella Birch', first: '25', final: '40' },
          { id: 'c3', name: 'Carl Cedar', first: '20', final: '20' },
        ],
        elected: ['Bella Birch'],
        turnout: { ballots: 75, electorate: 100 },
      },
    });
    expect(ctx.actor).toBe('procedures-secretary');
    jsonRoundTrips(state);
  });

  it('keeps the same winner as the counting engine run directly on the same ballots', () => {
    const { state } = selectionTo('counted');
    const direct = count(
      election({
        candidates: ['Alice Ash', 'Bella Birch', 'Carl Cedar'],
        ballots: [
          { ranks: [0], weight: 25 },
          { ranks: [0, 1], weight: 5 },
          { ranks: [1], weight: 25 },
          { ranks: [2, 1], weight: 15 },
          { ranks: [2, 0], weight: 5 },
        ],
      }),
      'irv',
      { seats: 1 },
    );
    expect(state.count?.elected).toEqual(direct.elected.map((i) => `c${i + 1}`));
    expect(state.count?.rounds.length).toBe(direct.stages.length);
  });

  it('enters a triggered incumbent as a candidate and longlists and shortlists them automatically', () => {
    const { state } = selectionTo('shortlist', { trigger: true });
    expect(state.followsTrigger).toBe('tb-1');
    expect(state.incumbent?.name).toBe('Sam Sitting');
    const sam = state.candidates.find((c) => c.incumbent);
    expect(sam).toMatchObject({ id: 'c1', name: 'Sam Sitting', withdrawn: null });
    expect(state.longlist).toContain('c1');
    expect(state.shortlist).toEqual([idOf(state, 'Alice Ash'), idOf(state, 'Bella Birch'), idOf(state, 'Carl Cedar'), 'c1']);
  });

  it('says in the event that the incumbent was added', () => {
    const { state, ctx } = selectionTo('longlist', { trigger: true });
    const step = must(applySelection(state, { type: 'set-shortlist', candidates: [idOf(state, 'Alice Ash'), idOf(state, 'Bella Birch')] }, ctx));
    expect(step.event.type).toBe('shortlisted');
    expect(step.event.data).toEqual({ candidates: ['c2', 'c3', 'c1'], incumbentAdded: 'c1' });
  });

  it('does not add the incumbent when the rulebook does not shortlist them automatically', () => {
    const rb = withShortlist(LABOUR_2021, { incumbentAutomatically: false });
    const { ctx, clock } = context(rb, SELECTION_OPENS);
    const opened = must(
      openSelection(
        {
          constituency: 'ilford-south',
          timetable: SELECTION_TIMETABLE,
          units: SELECTION_UNITS,
          followsTrigger: { process: 'tb-1', ballot: triggeredBallot() },
        },
        ctx,
      ),
    );
    expect(opened.state.candidates).toHaveLength(1);
    let s = opened.state;
    s = must(applySelection(s, { type: 'apply', name: 'Alice Ash', gender: 'woman' }, ctx)).state;
    clock.set('2024-03-10T12:00:00Z');
    s = must(applySelection(s, { type: 'close-applications' }, ctx)).state;
    clock.set('2024-03-20T12:00:00Z');
    s = must(applySelection(s, { type: 'set-longlist', candidates: ['c2'] }, ctx)).state;
    expect(s.longlist).toEqual(['c2']);
  });

  it('does not shortlist an incumbent who has withdrawn', () => {
    const { state, ctx, clock } = selectionTo('nominations', { trigger: true });
    const s = must(applySelection(state, { type: 'withdraw', candidate: 'c1', reason: 'retiring' }, ctx)).state;
    clock.set('2024-03-21T10:00:00Z');
    const next = must(applySelection(s, { type: 'set-longlist', candidates: [idOf(s, 'Alice Ash'), idOf(s, 'Bella Birch'), idOf(s, 'Carl Cedar')] }, ctx));
    expect(next.state.longlist).not.toContain('c1');
  });

  it('counts a candidate who withdrew after the ballot opened as withdrawn: their votes pass to the next preference', () => {
    const { state, ctx, clock } = selectionTo('ballot-open');
    const s = must(applySelection(state, { type: 'withdraw', candidate: 'c1', reason: 'ill health' }, ctx)).state;
    clock.set('2024-04-10T23:00:00Z');
    const closed = must(applySelection(s, { type: 'close-ballot' }, ctx)).state;
    const counted = must(
      applySelection(
        closed,
        {
          type: 'record-count',
          ballots: [
            { ranking: ['c1', 'c3'], count: 10 },
            { ranking: ['c2'], count: 6 },
            { ranking: ['c3'], count: 1 },
          ],
        },
        ctx,
      ),
    ).state;
    expect(counted.count?.elected).toEqual(['c3']);
    expect(counted.count?.rounds[0].tally).toEqual({ c2: '6', c3: '11' });
  });

  it('runs under every Labour preset (1979 delegates, 1990 without share rules, 2018)', () => {
    for (const rb of [LABOUR_1979, LABOUR_1990, LABOUR_2018]) {
      const { state } = selectionTo('declared', { rulebook: rb });
      expect(state.rulebook).toBe(`${rb.id}@${rb.version}`);
      expect(state.declaration?.name).toBe('Bella Birch');
    }
  });

  it('breaks a tie by the seeded lot, records it, and draws the same lot for the same seed', () => {
    const { state, ctx } = selectionTo('closed');
    const ballots = [
      { ranking: ['c1'], count: 10 },
      { ranking: ['c2'], count: 10 },
    ];
    const a = must(applySelection(state, { type: 'record-count', ballots, seed: 7 }, ctx)).state;
    const b = must(applySelection(state, { type: 'record-count', ballots, seed: 7 }, ctx)).state;
    expect(a).toEqual(b);
    expect(a.count?.seed).toBe(7);
    expect(a.count?.ties.length).toBeGreaterThan(0);
    expect([...(a.count?.ties[0].tied ?? [])].sort()).toEqual(['c1', 'c2']);
    expect(a.count?.ties[0].rule).toMatch(/lot/);
  });
});

describe('selection: opening', () => {
  const { ctx } = context(LABOUR_2021, SELECTION_OPENS);
  const open = (over: Record<string, unknown>) =>
    openSelection(
      { constituency: 'ilford-south', timetable: SELECTION_TIMETABLE, units: SELECTION_UNITS, ...over } as Parameters<typeof openSelection>[0],
      ctx,
    );

  it('refuses a timetable out of order or already past', () => {
    expect(fails(open({ timetable: { ...SELECTION_TIMETABLE, nominationsClose: d('2024-03-05') } }), 'timetable').message).toMatch(
      /applications close \(2024-03-10\) must not be after nominations close \(2024-03-05\)/,
    );
    expect(fails(open({ timetable: { ...SELECTION_TIMETABLE, applicationsClose: d('2024-02-28') } }), 'timetable').message).toMatch(
      /before the selection opens today \(2024-03-01\)/,
    );
    fails(open({ timetable: { ...SELECTION_TIMETABLE, freezeDate: d('2024-05-01') } }), 'timetable');
    fails(open({ timetable: { ...SELECTION_TIMETABLE, ballotCloses: d('2024-03-31') } }), 'timetable');
    fails(open({ timetable: { ...SELECTION_TIMETABLE, ballotOpens: '1 April' } }), 'invalid-input');
  });

  it('refuses duplicate or malformed units', () => {
    fails(open({ units: [SELECTION_UNITS[0], SELECTION_UNITS[0]] }), 'invalid-input');
    fails(open({ units: [{ id: 'x', name: 'X', class: 'ward' }] }), 'invalid-input');
  });

  it('follows only a trigger ballot that triggered, in the same constituency', () => {
    const ballot = triggeredBallot();
    fails(open({ followsTrigger: { process: 'tb-1', ballot: { ...ballot, phase: 'readopted' } } }), 'not-triggered');
    fails(open({ constituency: 'elsewhere', followsTrigger: { process: 'tb-1', ballot } }), 'invalid-input');
  });

  it('refuses an all-women shortlist in a seat whose triggered male incumbent is shortlisted automatically', () => {
    const e = fails(open({ allWomenShortlist: true, followsTrigger: { process: 'tb-1', ballot: triggeredBallot() } }), 'gender-rule');
    expect(e.message).toMatch(/Sam Sitting/);
  });
});

describe('selection: applications and withdrawals', () => {
  it('refuses an application after the closing date, and closing before it', () => {
    const { state, ctx, clock } = selectionTo('applications');
    const early = fails(applySelection(state, { type: 'close-applications' }, ctx), 'timetable');
    expect(early.message).toMatch(/open until 10 March 2024/);
    clock.set('2024-03-11T00:00:01Z');
    expect(fails(applySelection(state, { type: 'apply', name: 'Late Larch', gender: null }, ctx), 'timetable').message).toMatch(/closed on 10 March 2024/);
  });

  it('refuses a second standing candidate of the same name, a blank name, or a non-text gender', () => {
    const { state, ctx } = selectionTo('applications');
    fails(applySelection(state, { type: 'apply', name: 'alice ash', gender: 'woman' }, ctx), 'duplicate');
    fails(applySelection(state, { type: 'apply', name: '  ', gender: 'woman' }, ctx), 'invalid-input');
    fails(applySelection(state, { type: 'apply', name: 'Eve Elm', gender: 5 as unknown as string }, ctx), 'invalid-input');
  });

  it('refuses a member who already stands, under any name, but takes them back once they have withdrawn', () => {
    const { state, ctx } = selectionTo('applications');
    const s = must(applySelection(state, { type: 'apply', name: 'Fay Fir', gender: 'woman', member: 'm42' }, ctx)).state;
    const again = fails(applySelection(s, { type: 'apply', name: 'Fay F. Fir', gender: 'woman', member: 'm42' }, ctx), 'already-applied');
    expect(again.message).toContain('as Fay Fir (c5)');
    const gone = must(applySelection(s, { type: 'withdraw', candidate: 'c5' }, ctx)).state;
    expect(must(applySelection(gone, { type: 'apply', name: 'Fay Fir', gender: 'woman', member: 'm42' }, ctx)).state.candidates.at(-1)!.id).toBe('c6');
  });

  it('refuses to close applications with nobody standing', () => {
    const { ctx, clock } = context(LABOUR_2021, SELECTION_OPENS);
    const s = must(openSelection({ constituency: 'ilford-south', timetable: SELECTION_TIMETABLE, units: SELECTION_UNITS }, ctx)).state;
    clock.set('2024-03-10T12:00:00Z');
    fails(applySelection(s, { type: 'close-applications' }, ctx), 'no-candidates');
  });

  it('refuses to withdraw an unknown candidate or one already withdrawn', () => {
    const { state, ctx } = selectionTo('applications');
    fails(applySelection(state, { type: 'withdraw', candidate: 'c9' }, ctx), 'unknown-candidate');
    const s = must(applySelection(state, { type: 'withdraw', candidate: 'c4' }, ctx)).state;
    expect(s.candidates[3].withdrawn).toEqual({ at: SELECTION_OPENS, reason: null });
    fails(applySelection(s, { type: 'withdraw', candidate: 'c4' }, ctx), 'already-withdrawn');
  });
});

describe('selection: nominations under per-unit limits', () => {
  it('refuses more nominations than the per-unit limit (labour-2021: 2)', () => {
    const { state, ctx } = selectionTo('nominations');
    const e = fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c1', 'c2', 'c3'] }, ctx), 'nomination-limit');
    expect(e.message).toMatch(/at most 2/);
  });

  it('refuses two nominations without a woman ("one man and one woman")', () => {
    const { state, ctx } = selectionTo('nominations');
    const e = fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c3', 'c4'] }, ctx), 'gender-rule');
    expect(e.message).toMatch(/0 are women/);
    must(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c4'] }, ctx));
    must(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c2', 'c4'] }, ctx));
  });

  it('accepts two men where the rulebook has no per-unit women rule', () => {
    const rb: Rulebook = { ...LABOUR_2021, selection: { ...LABOUR_2021.selection, nominations: { perUnit: 3, minWomenPerUnit: 0 } } };
    const { state, ctx } = selectionTo('nominations', { rulebook: rb });
    must(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c3', 'c4'] }, ctx));
  });

  it('refuses a unit not in the selection, a unit nominating twice, and nominations of unknown or withdrawn candidates', () => {
    const { state, ctx } = selectionTo('nominations');
    expect(fails(applySelection(state, { type: 'nominate', unit: 'b9', candidates: ['c1'] }, ctx), 'unknown-unit').message).toMatch(/b9/);
    expect(fails(applySelection(state, { type: 'nominate', unit: 'b1', candidates: ['c2'] }, ctx), 'already-recorded').message).toMatch(/Cranbrook/);
    fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c7'] }, ctx), 'unknown-candidate');
    const s = must(applySelection(state, { type: 'withdraw', candidate: 'c4' }, ctx)).state;
    fails(applySelection(s, { type: 'nominate', unit: 'a1', candidates: ['c4'] }, ctx), 'unknown-candidate');
    fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: [] }, ctx), 'invalid-input');
    fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c1', 'c1'] }, ctx), 'invalid-input');
  });

  it('refuses a nomination after nominations close, and a longlist before', () => {
    const { state, ctx, clock } = selectionTo('nominations');
    fails(applySelection(state, { type: 'set-longlist', candidates: ['c1', 'c2'] }, ctx), 'timetable');
    clock.set('2024-03-21T00:00:00Z');
    fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c1'] }, ctx), 'timetable');
  });
});

describe('selection: longlist and shortlist under gender rules', () => {
  it('refuses a longlist with fewer than half women, exactly at and either side of the share', () => {
    const { state, ctx, clock } = selectionTo('nominations');
    clock.set('2024-03-21T10:00:00Z');
    expect(fails(applySelection(state, { type: 'set-longlist', candidates: ['c1', 'c3', 'c4'] }, ctx), 'gender-rule').message).toMatch(/1 women among 3.*1\/2/);
    must(applySelection(state, { type: 'set-longlist', candidates: ['c1', 'c3'] }, ctx));
    must(applySelection(state, { type: 'set-longlist', candidates: ['c1', 'c2', 'c3'] }, ctx));
  });

  it('refuses a shortlist naming someone not longlisted, or an empty one', () => {
    const { state, ctx } = selectionTo('longlist');
    expect(fails(applySelection(state, { type: 'set-shortlist', candidates: ['c4'] }, ctx), 'not-longlisted').message).toMatch(/Dev Deodar/);
    fails(applySelection(state, { type: 'set-shortlist', candidates: [] }, ctx), 'invalid-input');
  });

  it('refuses a shortlist breaking the women share', () => {
    const { state, ctx } = selectionTo('longlist');
    fails(applySelection(state, { type: 'set-shortlist', candidates: ['c3'] }, ctx), 'gender-rule');
    must(applySelection(state, { type: 'set-shortlist', candidates: ['c1', 'c3'] }, ctx));
  });

  it('enforces an all-women shortlist, whether decided for the seat or required by the rulebook', () => {
    for (const variant of ['seat', 'rulebook'] as const) {
      const rb = variant === 'rulebook' ? withShortlist(LABOUR_2021, { allWomen: true }) : LABOUR_2021;
      const { ctx, clock } = context(rb, SELECTION_OPENS);
      let s = must(
        openSelection({ constituency: 'ilford-south', timetable: SELECTION_TIMETABLE, units: SELECTION_UNITS, allWomenShortlist: variant === 'seat' }, ctx),
      ).state;
      expect(s.allWomenShortlist).toBe(true);
      for (const [name, gender] of [
        ['Alice Ash', 'woman'],
        ['Bella Birch', 'female'],
        ['Carl Cedar', 'man'],
      ])
        s = must(applySelection(s, { type: 'apply', name, gender }, ctx)).state;
      clock.set('2024-03-10T12:00:00Z');
      s = must(applySelection(s, { type: 'close-applications' }, ctx)).state;
      clock.set('2024-03-20T12:00:00Z');
      s = must(applySelection(s, { type: 'set-longlist', candidates: ['c1', 'c2', 'c3'] }, ctx)).state;
      expect(fails(applySelection(s, { type: 'set-shortlist', candidates: ['c1', 'c3'] }, ctx), 'gender-rule').message).toMatch(
        /all-women shortlist.*Carl Cedar/,
      );
      expect(must(applySelection(s, { type: 'set-shortlist', candidates: ['c1', 'c2'] }, ctx)).state.shortlist).toEqual(['c1', 'c2']);
    }
  });
});

describe('selection: electorate, ballot and count', () => {
  it('refuses to freeze before the freeze date, or with impossible counts', () => {
    const rb = LABOUR_2021;
    const { ctx, clock } = context(rb, SELECTION_OPENS);
    const timetable = { ...SELECTION_TIMETABLE, freezeDate: d('2024-03-28') };
    let s = must(openSelection({ constituency: 'ilford-south', timetable, units: SELECTION_UNITS }, ctx)).state;
    s = must(applySelection(s, { type: 'apply', name: 'Alice Ash', gender: 'woman' }, ctx)).state;
    clock.set('2024-03-10T12:00:00Z');
    s = must(applySelection(s, { type: 'close-applications' }, ctx)).state;
    clock.set('2024-03-20T12:00:00Z');
    s = must(applySelection(s, { type: 'set-longlist', candidates: ['c1'] }, ctx)).state;
    s = must(applySelection(s, { type: 'set-shortlist', candidates: ['c1'] }, ctx)).state;
    expect(fails(applySelection(s, { type: 'freeze-electorate', eligible: 10, total: 12 }, ctx), 'timetable').message).toMatch(/28 March 2024/);
    clock.set('2024-03-28T00:00:00Z');
    fails(applySelection(s, { type: 'freeze-electorate', eligible: 13, total: 12 }, ctx), 'invalid-input');
    fails(applySelection(s, { type: 'freeze-electorate', eligible: -1, total: 12 }, ctx), 'invalid-input');
    fails(applySelection(s, { type: 'freeze-electorate', eligible: 0, total: 12 }, ctx), 'invalid-input');
    fails(applySelection(s, { type: 'freeze-electorate', eligible: 2.5, total: 12 }, ctx), 'invalid-input');
    must(applySelection(s, { type: 'freeze-electorate', eligible: 12, total: 12 }, ctx));
  });

  it('opens the ballot only within its dates (UK time) and closes it only from its closing date', () => {
    const { state, ctx, clock } = selectionTo('electorate-frozen');
    // British Summer Time: the opening day, 1 April, starts at 23:00 UTC the day before, and the closing day ends at 23:00 UTC.
    clock.set('2024-03-31T22:59:59Z');
    fails(applySelection(state, { type: 'open-ballot' }, ctx), 'timetable');
    clock.set('2024-04-10T23:00:00Z');
    fails(applySelection(state, { type: 'open-ballot' }, ctx), 'timetable');
    clock.set('2024-04-05T12:00:00Z');
    const open = must(applySelection(state, { type: 'open-ballot' }, ctx)).state;
    expect(fails(applySelection(open, { type: 'close-ballot' }, ctx), 'timetable').message).toMatch(/closes on 10 April 2024/);
  });

  it('refuses to open a ballot when every shortlisted candidate has withdrawn', () => {
    let { state, ctx, clock } = selectionTo('electorate-frozen');
    for (const id of state.shortlist ?? []) state = must(applySelection(state, { type: 'withdraw', candidate: id }, ctx)).state;
    clock.set('2024-04-02T12:00:00Z');
    fails(applySelection(state, { type: 'open-ballot' }, ctx), 'no-candidates');
  });

  it('refuses ballots ranking someone not on the paper, bad counts, or more ballots than eligible voters', () => {
    const { state, ctx } = selectionTo('closed');
    expect(fails(applySelection(state, { type: 'record-count', ballots: [{ ranking: ['c4'] }] }, ctx), 'unknown-candidate').message).toMatch(/c4/);
    fails(applySelection(state, { type: 'record-count', ballots: [{ ranking: ['c1'], count: 0 }] }, ctx), 'invalid-input');
    fails(applySelection(state, { type: 'record-count', ballots: [{ ranking: ['c1'], count: -3 }] }, ctx), 'invalid-input');
    fails(applySelection(state, { type: 'record-count', ballots: 'c1,c2' as unknown as [] }, ctx), 'invalid-input');
    fails(applySelection(state, { type: 'record-count', ballots: [{ ranking: ['c1'] }], seed: -1 }, ctx), 'invalid-input');
    expect(
      fails(
        applySelection(
          state,
          {
            type: 'record-count',
            ballots: [
              { ranking: ['c1'], count: 60 },
              { ranking: ['c2'], count: 41 },
            ],
          },
          ctx,
        ),
        'invalid-input',
      ).message,
    ).toMatch(/more ballots \(at least 101\) than eligible voters \(100\)/);
    must(
      applySelection(
        state,
        {
          type: 'record-count',
          ballots: [
            { ranking: ['c1'], count: 60 },
            { ranking: ['c2'], count: 40 },
          ],
        },
        ctx,
      ),
    );
  });

  it('reports a count the engine cannot run as count-failed, not a throw', () => {
    let { state, ctx, clock } = selectionTo('ballot-open');
    for (const id of state.shortlist ?? []) state = must(applySelection(state, { type: 'withdraw', candidate: id }, ctx)).state;
    clock.set('2024-04-10T23:00:00Z');
    state = must(applySelection(state, { type: 'close-ballot' }, ctx)).state;
    fails(applySelection(state, { type: 'record-count', ballots: [{ ranking: ['c1'] }] }, ctx), 'count-failed');
  });
});

describe('selection: a different party', () => {
  it('runs under a Liberal Democrat rulebook (one nomination per unit, no gender share)', () => {
    const { state, ctx } = selectionTo('nominations', { rulebook: LIBDEM_READOPTION });
    fails(applySelection(state, { type: 'nominate', unit: 'a1', candidates: ['c1', 'c2'] }, ctx), 'nomination-limit');
    const { state: done } = selectionTo('declared', { rulebook: LIBDEM_READOPTION });
    expect(done.declaration?.name).toBe('Bella Birch');
  });
});
