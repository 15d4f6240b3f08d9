/**
 * Endorsement of readoptions, pausing, resuming and extending a timetable, and emergency selections:
 * each rule at and either side of where it changes.
 */
import { describe, expect, it } from 'vitest';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { applyTrigger, openTriggerBallot, type TriggerBallotState } from '../../../src/domain/processes/trigger-ballot.js';
import { applySelection, openSelection, type SelectionState } from '../../../src/domain/processes/selection.js';
import { outsideVotingWindow, pausedState, pauseWords } from '../../../src/domain/processes/index.js';
import { branches, context, d, fails, incumbent, jsonRoundTrips, must, NO, YES } from './helpers.js';
import { idOf, SELECTION_TIMETABLE, SELECTION_UNITS, selectionTo } from './drivers.js';

const OPENS = '2024-01-10T10:00:00.000Z';
const CLOSES = d('2024-02-10');
const EVERY: Rulebook = { ...LABOUR_2021, emergency: { ...LABOUR_2021.emergency!, readoptionEndorsement: 'every-readoption' } };
const NONE: Rulebook = { ...LABOUR_2021, emergency: { ...LABOUR_2021.emergency!, readoptionEndorsement: 'none' } };
const BALLOT: Rulebook = { ...LABOUR_2021, emergency: { ...LABOUR_2021.emergency!, emergencySelection: 'members-ballot' } };

function review(rb: Rulebook = LABOUR_2021) {
  const { ctx, clock } = context(rb, OPENS, 'nat-1');
  const state = must(openTriggerBallot({ incumbent: incumbent(), units: branches(3), closes: CLOSES }, ctx)).state;
  return { state, ctx, clock };
}

/** The review with every branch voting `vote`, closed on the meeting day. */
function closed(rb: Rulebook, vote: typeof YES | typeof NO): TriggerBallotState {
  const { state: opened, ctx, clock } = review(rb);
  let state = opened;
  clock.set('2024-01-20T19:00:00.000Z');
  for (const u of state.units) state = must(applyTrigger(state, { type: 'record-meeting', unit: u.id, ...vote, date: d('2024-01-20') }, ctx)).state;
  return must(applyTrigger(state, { type: 'close' }, ctx)).state;
}

describe('endorsement of a readoption by the national body', () => {
  it('applies to a snap election’s readoption under Labour 2021, and not to a readoption by the units', () => {
    const { state, ctx } = review();
    const snap = must(applyTrigger(state, { type: 'snap-election', note: 'election called' }, ctx));
    expect(snap.state.phase).toBe('awaiting-endorsement');
    expect(snap.state.outcome).toBeNull();
    expect(snap.state.endorsement).toMatchObject({ required: 'snap-election', decision: null, readoption: { result: 'readopted' } });
    expect(snap.event.data.outcome).toBe('awaiting endorsement');
    jsonRoundTrips(snap.state);
    expect(closed(LABOUR_2021, NO).phase).toBe('readopted');
  });

  it('applies to every readoption where the rulebook says so, never to a trigger, and to none where it says none', () => {
    expect(closed(EVERY, NO).phase).toBe('awaiting-endorsement');
    expect(closed(EVERY, YES).phase).toBe('triggered');
    const { state, ctx } = review(NONE);
    expect(must(applyTrigger(state, { type: 'snap-election' }, ctx)).state.phase).toBe('readopted');
  });

  it('endorsed: readopted, the decision and its reason kept in the arithmetic', () => {
    const { state, ctx, clock } = review();
    const waiting = must(applyTrigger(state, { type: 'snap-election' }, ctx)).state;
    clock.set('2024-01-12T10:00:00.000Z');
    const step = must(applyTrigger(waiting, { type: 'endorse', reason: 'Stands again with the support of the CLP.', date: d('2024-01-11') }, ctx));
    expect(step.state.phase).toBe('readopted');
    expect(step.state.outcome).toMatchObject({ result: 'readopted', decidedBy: 'snap-election' });
    expect(step.state.outcome?.arithmetic.at(-1)).toBe(
      'On 11 January 2024 the National Executive Committee endorsed the readoption of Sam Sitting: Stands again with the support of the CLP.',
    );
    expect(step.state.endorsement?.decision).toMatchObject({ decision: 'endorsed', date: '2024-01-11', by: 'nat-1' });
    expect(step.event).toMatchObject({ type: 'endorsed', data: { outcome: 'readopted', date: '2024-01-11' } });
  });

  it('refused: triggered, so a selection may follow, in which the refused incumbent does not stand', () => {
    const { state, ctx } = review();
    const waiting = must(applyTrigger(state, { type: 'snap-election' }, ctx)).state;
    const step = must(applyTrigger(waiting, { type: 'refuse-endorsement', reason: 'Under investigation.', date: d('2024-01-10') }, ctx));
    expect(step.state.phase).toBe('triggered');
    expect(step.state.outcome).toMatchObject({ result: 'triggered', decidedBy: 'endorsement-refused' });
    const sel = must(
      openSelection(
        {
          constituency: 'ilford-south',
          timetable: { ...SELECTION_TIMETABLE, applicationsClose: d('2024-01-12'), nominationsClose: d('2024-01-12') },
          units: SELECTION_UNITS,
          followsTrigger: { process: 'tb-1', ballot: step.state },
          emergency: { panel: 'NEC panel', reason: 'The NEC refused to endorse the sitting MP.' },
        },
        ctx,
      ),
    ).state;
    expect(sel.followsTrigger).toBe('tb-1');
    expect(sel.incumbent?.name).toBe('Sam Sitting');
    expect(sel.candidates).toEqual([]);
  });

  it('checks the decision: a reason, a date not in the future and not before the readoption; only while it waits', () => {
    const { state, ctx } = review();
    fails(applyTrigger(state, { type: 'endorse', reason: 'x', date: d('2024-01-10') }, ctx), 'invalid-transition');
    const waiting = must(applyTrigger(state, { type: 'snap-election' }, ctx)).state;
    expect(fails(applyTrigger(waiting, { type: 'endorse', reason: ' ', date: d('2024-01-10') }, ctx), 'invalid-input').message).toMatch(/reason/);
    expect(fails(applyTrigger(waiting, { type: 'endorse', reason: 'ok', date: d('2024-01-11') }, ctx), 'timetable').message).toMatch(/future/);
    expect(fails(applyTrigger(waiting, { type: 'refuse-endorsement', reason: 'no', date: d('2024-01-09') }, ctx), 'timetable').message).toMatch(/before/);
    // Nothing else happens to a review while it waits.
    fails(applyTrigger(waiting, { type: 'close' }, ctx), 'invalid-transition');
    fails(applyTrigger(waiting, { type: 'pause-timetable', reason: 'x' }, ctx), 'invalid-transition');
  });
});

describe('pausing, resuming and extending a review’s timetable', () => {
  it('pausing needs a reason, blocks every meeting, and cannot be done twice', () => {
    const { state, ctx } = review();
    fails(applyTrigger(state, { type: 'pause-timetable', reason: '' }, ctx), 'invalid-input');
    const paused = must(applyTrigger(state, { type: 'pause-timetable', reason: 'A general election has been called.' }, ctx));
    expect(paused.state.paused).toEqual({ since: OPENS, reason: 'A general election has been called.', by: 'nat-1' });
    expect(paused.event).toMatchObject({ type: 'timetable-paused', data: { reason: 'A general election has been called.' } });
    expect(pauseWords(paused.state.paused!)).toBe('Paused since 10 January 2024: A general election has been called.');
    const refused = fails(applyTrigger(paused.state, { type: 'record-meeting', unit: 'b1', ...YES, date: d('2024-01-10') }, ctx), 'invalid-transition');
    expect(refused.message).toMatch(/resume-timetable/);
    fails(applyTrigger(paused.state, { type: 'pause-timetable', reason: 'again' }, ctx), 'invalid-transition');
    fails(applyTrigger(paused.state, { type: 'close' }, ctx), 'invalid-transition');
    jsonRoundTrips(paused.state);
  });

  it('resuming moves the closing date on by the days paused, or to the date given', () => {
    const { state, ctx, clock } = review();
    const paused = must(applyTrigger(state, { type: 'pause-timetable', reason: 'Election.' }, ctx)).state;
    clock.set('2024-01-24T10:00:00.000Z');
    const resumed = must(applyTrigger(paused, { type: 'resume-timetable', reason: 'Election over.' }, ctx));
    expect(resumed.state.closes).toBe('2024-02-24');
    expect(resumed.state.paused).toBeNull();
    expect(resumed.event.data).toMatchObject({ shiftedDays: 14, timetable: { closes: '2024-02-24' } });
    expect(resumed.state.timetableChanges?.map((x) => x.kind)).toEqual(['paused', 'resumed']);
    const given = must(applyTrigger(paused, { type: 'resume-timetable', reason: 'Over.', dates: { closes: '2024-03-01' } }, ctx));
    expect(given.state.closes).toBe('2024-03-01');
    expect(fails(applyTrigger(paused, { type: 'resume-timetable', reason: 'Over.', dates: { closes: '2024-01-23' } }, ctx), 'timetable').message).toMatch(
      /has passed/,
    );
    fails(applyTrigger(paused, { type: 'resume-timetable', reason: 'Over.', dates: { opens: '2024-03-01' } }, ctx), 'invalid-input');
    fails(applyTrigger(state, { type: 'resume-timetable', reason: 'not paused' }, ctx), 'invalid-transition');
  });

  it('extending moves the closing date later, never earlier or to the same day', () => {
    const { state, ctx } = review();
    const next = must(applyTrigger(state, { type: 'extend-timetable', reason: 'Branches need more time.', closes: d('2024-02-11') }, ctx));
    expect(next.state.closes).toBe('2024-02-11');
    expect(next.event.data).toMatchObject({ step: 'closes', from: '2024-02-10', to: '2024-02-11' });
    fails(applyTrigger(state, { type: 'extend-timetable', reason: 'x', closes: CLOSES }, ctx), 'timetable');
    fails(applyTrigger(state, { type: 'extend-timetable', reason: 'x', closes: d('2024-02-09') }, ctx), 'timetable');
    fails(applyTrigger(state, { type: 'extend-timetable', reason: '', closes: d('2024-02-20') }, ctx), 'invalid-input');
  });

  it('pausedState pauses any process on its own, for a remedy to call', () => {
    const { state, ctx } = review();
    const r = pausedState(state, 'The disputes panel ordered it.', ctx);
    expect(r.ok && r.value.paused?.reason).toBe('The disputes panel ordered it.');
    expect(pausedState(state, '', ctx).ok).toBe(false);
  });
});

describe('pausing, resuming and extending a selection', () => {
  it('extending applications moves every later date by as many days', () => {
    const { state, ctx } = selectionTo('applications');
    const next = must(applySelection(state, { type: 'extend-timetable', reason: 'Few applicants.', closes: d('2024-03-13') }, ctx)).state;
    expect(next.timetable).toEqual({
      applicationsClose: '2024-03-13',
      nominationsClose: '2024-03-23',
      freezeDate: '2024-02-01',
      ballotOpens: '2024-04-04',
      ballotCloses: '2024-04-13',
    });
  });

  it('a paused ballot takes no votes and its closing moment moves on when it resumes', () => {
    const { state, ctx, clock } = selectionTo('ballot-open');
    clock.set('2024-04-05T10:00:00.000Z');
    const paused = must(applySelection(state, { type: 'pause-timetable', reason: 'A general election has been called.' }, ctx)).state;
    expect(outsideVotingWindow(paused, clock.now())).toBe('Voting in this ballot is paused since 5 April 2024: A general election has been called');
    fails(applySelection(paused, { type: 'close-ballot' }, ctx), 'invalid-transition');
    clock.set('2024-04-08T10:00:00.000Z');
    const resumed = must(applySelection(paused, { type: 'resume-timetable', reason: 'Resumed by the NEC.' }, ctx)).state;
    expect(resumed.timetable.ballotCloses).toBe('2024-04-13');
    // Midnight at the end of the new closing day, UK time (BST).
    expect(resumed.ballot?.closesAt).toBe('2024-04-13T23:00:00.000Z');
    expect(outsideVotingWindow(resumed, clock.now())).toBeNull();
    // The dates already past when it paused stay where they were.
    expect(resumed.timetable.applicationsClose).toBe('2024-03-10');
  });

  it('a declared selection has no timetable to pause', () => {
    const { state, ctx } = selectionTo('declared');
    fails(applySelection(state, { type: 'pause-timetable', reason: 'x' }, ctx), 'invalid-transition');
  });
});

describe('an emergency selection', () => {
  const TIMETABLE = {
    applicationsClose: d('2024-05-03'),
    nominationsClose: d('2024-05-03'),
    freezeDate: d('2024-05-01'),
    ballotOpens: d('2024-05-05'),
    ballotCloses: d('2024-05-08'),
  };
  function emergency(rb: Rulebook): { state: SelectionState; ctx: ReturnType<typeof context>['ctx']; clock: ReturnType<typeof context>['clock'] } {
    const { ctx, clock } = context(rb, '2024-05-01T09:00:00.000Z', 'nat-1');
    let state = must(
      openSelection(
        {
          constituency: 'ilford-south',
          timetable: TIMETABLE,
          units: [],
          emergency: { panel: 'NEC panel: A. Jones (chair), B. Smith', reason: 'The MP retires.' },
        },
        ctx,
      ),
    ).state;
    for (const [name, gender] of [
      ['Alice Ash', 'woman'],
      ['Carl Cedar', 'man'],
      ['Bella Birch', 'woman'],
    ] as const)
      state = must(applySelection(state, { type: 'apply', name, gender }, ctx)).state;
    return { state, ctx, clock };
  }

  it('the panel shortlists straight from the applications once they close, with no nominations or longlist', () => {
    const { state, ctx, clock } = emergency(LABOUR_2021);
    expect(state.emergency).toEqual({ panel: 'NEC panel: A. Jones (chair), B. Smith', reason: 'The MP retires.', decidedBy: 'panel-decides' });
    const list = [idOf(state, 'Alice Ash'), idOf(state, 'Carl Cedar')];
    clock.set('2024-05-02T09:00:00.000Z');
    expect(fails(applySelection(state, { type: 'set-shortlist', candidates: list }, ctx), 'timetable').message).toMatch(/panel shortlists after they close/);
    clock.set('2024-05-03T09:00:00.000Z');
    fails(applySelection(state, { type: 'close-applications' }, ctx), 'invalid-transition');
    const short = must(applySelection(state, { type: 'set-shortlist', candidates: list }, ctx)).state;
    expect(short.phase).toBe('shortlist');
    expect(short.longlist).toBeNull();
  });

  it('where the panel decides: it records its choice and reasons, and the seat has its candidate; no ballot', () => {
    const { state, ctx, clock } = emergency(LABOUR_2021);
    clock.set('2024-05-03T09:00:00.000Z');
    const short = must(applySelection(state, { type: 'set-shortlist', candidates: [idOf(state, 'Alice Ash'), idOf(state, 'Carl Cedar')] }, ctx)).state;
    fails(applySelection(short, { type: 'freeze-electorate', eligible: 10, total: 10 }, ctx), 'invalid-transition');
    fails(applySelection(short, { type: 'panel-decide', candidate: idOf(state, 'Bella Birch'), reasons: 'Not shortlisted.' }, ctx), 'unknown-candidate');
    fails(applySelection(short, { type: 'panel-decide', candidate: idOf(state, 'Alice Ash'), reasons: ' ' }, ctx), 'invalid-input');
    const decided = must(applySelection(short, { type: 'panel-decide', candidate: idOf(state, 'Alice Ash'), reasons: 'Local, experienced, ready.' }, ctx));
    expect(decided.state.phase).toBe('declared');
    expect(decided.state.declaration).toMatchObject({ winner: 'c1', name: 'Alice Ash', panel: { reasons: 'Local, experienced, ready.' }, by: 'nat-1' });
    expect(decided.event).toMatchObject({ type: 'panel-decided', data: { winner: 'c1', name: 'Alice Ash', body: 'the National Executive Committee' } });
    jsonRoundTrips(decided.state);
  });

  it('where the members vote: the shortlist goes to the ballot on the short timetable; the panel cannot decide', () => {
    const { state, ctx, clock } = emergency(BALLOT);
    expect(state.emergency?.decidedBy).toBe('members-ballot');
    clock.set('2024-05-03T09:00:00.000Z');
    const short = must(applySelection(state, { type: 'set-shortlist', candidates: [idOf(state, 'Alice Ash'), idOf(state, 'Carl Cedar')] }, ctx)).state;
    fails(applySelection(short, { type: 'panel-decide', candidate: 'c1', reasons: 'x' }, ctx), 'invalid-transition');
    const frozen = must(applySelection(short, { type: 'freeze-electorate', eligible: 40, total: 50 }, ctx)).state;
    clock.set('2024-05-05T09:00:00.000Z');
    expect(must(applySelection(frozen, { type: 'open-ballot' }, ctx)).state.phase).toBe('ballot-open');
  });

  it('needs its panel and a reason', () => {
    const { ctx } = context(LABOUR_2021, '2024-05-01T09:00:00.000Z');
    const open = (emergency: { panel: string; reason: string }) => openSelection({ constituency: 'x', timetable: TIMETABLE, units: [], emergency }, ctx);
    expect(open({ panel: '', reason: 'r' }).ok).toBe(false);
    expect(open({ panel: 'p', reason: '' }).ok).toBe(false);
    // A rulebook that says nothing of emergencies: the members vote.
    const plain = context({ ...LABOUR_2021, emergency: undefined }, '2024-05-01T09:00:00.000Z').ctx;
    const s = must(openSelection({ constituency: 'x', timetable: TIMETABLE, units: [], emergency: { panel: 'p', reason: 'r' } }, plain)).state;
    expect(s.emergency?.decidedBy).toBe('members-ballot');
  });
});
