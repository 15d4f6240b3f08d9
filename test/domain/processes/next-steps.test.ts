import { describe, expect, it } from 'vitest';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { applySelection } from '../../../src/domain/processes/selection.js';
import { applyTrigger, openTriggerBallot } from '../../../src/domain/processes/trigger-ballot.js';
import { electionNextSteps, selectionNextSteps, triggerNextSteps } from '../../../src/domain/processes/next-steps.js';
import { branches, context, d, incumbent, must, YES } from './helpers.js';
import { electionTo, selectionTo } from './drivers.js';

const ZONE = 'Europe/London';
const byStep = <T extends { step: string }>(list: readonly T[]) => Object.fromEntries(list.map((x) => [x.step, x]));

describe('what an officer can do next: trigger ballot', () => {
  it('offers entering a decision; refuses an early close in the words of the close itself, then allows it once every unit has decided', () => {
    const { ctx, clock } = context(LABOUR_2021, '2024-01-10T10:00:00.000Z');
    let state = must(openTriggerBallot({ incumbent: incumbent(), units: branches(2), closes: d('2024-02-10') }, ctx)).state;
    let next = byStep(triggerNextSteps(state, ctx));
    expect(next['record-meeting']!.bar).toBeNull();
    const early = next.close!.bar;
    expect(early?.kind).toBe('refused');
    const tried = applyTrigger(state, { type: 'close' }, ctx);
    expect(!tried.ok && early?.kind === 'refused' && early.reason).toBe(!tried.ok && tried.error.message);
    expect(early?.kind === 'refused' && early.reason).toContain('Branch 1, Branch 2');

    clock.set('2024-01-20T19:00:00.000Z');
    state = must(applyTrigger(state, { type: 'record-meeting', unit: 'b1', ...YES, date: d('2024-01-20') }, ctx)).state;
    state = must(applyTrigger(state, { type: 'record-absent', unit: 'b2' }, ctx)).state;
    next = byStep(triggerNextSteps(state, ctx));
    expect(next.close!.bar).toBeNull();
    expect(next['record-meeting']!.bar).toEqual({ kind: 'refused', reason: 'Every unit has a decision recorded.' });

    state = must(applyTrigger(state, { type: 'close' }, ctx)).state;
    expect(triggerNextSteps(state, ctx).map((x) => x.bar)).toEqual([{ kind: 'past' }, { kind: 'past' }]);
  });
});

describe('what an officer can do next: selection', () => {
  it('during applications: closing them waits for the timetable, later steps wait for it, in order', () => {
    const { state, ctx } = selectionTo('applications');
    const next = selectionNextSteps(state, ctx, ZONE);
    expect(next.map((x) => x.step)).toEqual([
      'close-applications',
      'set-longlist',
      'set-shortlist',
      'freeze-electorate',
      'open-ballot',
      'close-ballot',
      'record-count',
      'declare',
    ]);
    expect(next[0]!.bar).toMatchObject({ kind: 'refused', reason: expect.stringContaining('Applications are open until 10 March 2024') });
    for (const later of next.slice(1)) expect(later.bar).toEqual({ kind: 'later', first: 'close-applications' });
  });

  it('in nominations: the longlist waits for nominations to close, and is possible from that day', () => {
    const { state, ctx, clock } = selectionTo('nominations');
    clock.set('2024-03-15T10:00:00.000Z');
    const waiting = byStep(selectionNextSteps(state, ctx, ZONE));
    expect(waiting['close-applications']!.bar).toEqual({ kind: 'past' });
    expect(waiting['set-longlist']!.bar).toMatchObject({ kind: 'refused', reason: expect.stringContaining('Nominations are open until 20 March 2024') });
    clock.set('2024-03-20T10:00:00.000Z');
    expect(byStep(selectionNextSteps(state, ctx, ZONE))['set-longlist']!.bar).toBeNull();
  });

  it('with the ballot open: closing waits for the closing day, as the close step says', () => {
    const { state, ctx, clock } = selectionTo('ballot-open');
    clock.set('2024-04-05T10:00:00.000Z');
    const bar = byStep(selectionNextSteps(state, ctx, ZONE))['close-ballot']!.bar;
    const tried = applySelection(state, { type: 'close-ballot' }, ctx);
    expect(tried.ok).toBe(false);
    expect(bar).toEqual({ kind: 'refused', reason: !tried.ok ? tried.error.message : '' });
  });

  it('once declared, nothing is left', () => {
    const { state, ctx } = selectionTo('declared');
    expect(selectionNextSteps(state, ctx, ZONE).every((x) => x.bar?.kind === 'past')).toBe(true);
  });
});

describe('what an officer can do next: internal election', () => {
  it('when counted: only the declaration, possible now', () => {
    const { state, ctx } = electionTo('counted');
    const next = byStep(electionNextSteps(state, ctx, ZONE));
    expect(next.declare!.bar).toBeNull();
    expect(next['open-ballot']!.bar).toEqual({ kind: 'past' });
  });
});
