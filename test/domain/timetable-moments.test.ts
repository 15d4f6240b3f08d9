/**
 * The moments a timetable's days stand for, in the organisation's time zone
 * (Europe/London unless it says otherwise): the day's start and end across the
 * changes of the clocks (the last Sundays of March and October), a stated
 * closing or opening time, the words people read, and the ballot's own steps:
 * votes outside the window refused, the timetable's close not before the moment.
 */
import { describe, expect, it } from 'vitest';
import { checkTimeOfDay, checkTimeZone, endOfDay, localDate, momentWords, zonedInstant, type TimeOfDay } from '../../src/domain/local-time.js';
import { applySelection, closingWords, outsideVotingWindow, votingWindow, type SelectionState } from '../../src/domain/processes/index.js';
import { isoDate, type IsoDate } from '../../src/domain/time.js';
import { selectionTo } from './processes/drivers.js';
import { fails, must } from './processes/helpers.js';

const L = 'Europe/London';
const iso = (d: Date) => d.toISOString();

describe('days and moments in UK time', () => {
  it('a day ends at midnight local time: 24 hours in winter and summer, 23 on the last Sunday of March, 25 on the last Sunday of October', () => {
    expect(iso(endOfDay(isoDate('2027-03-04'), L))).toBe('2027-03-05T00:00:00.000Z');
    expect(iso(endOfDay(isoDate('2027-03-27'), L))).toBe('2027-03-28T00:00:00.000Z');
    // British Summer Time begins at 01:00 UTC on Sunday 28 March 2027.
    expect(iso(endOfDay(isoDate('2027-03-28'), L))).toBe('2027-03-28T23:00:00.000Z');
    expect(iso(endOfDay(isoDate('2027-06-10'), L))).toBe('2027-06-10T23:00:00.000Z');
    expect(iso(endOfDay(isoDate('2027-10-30'), L))).toBe('2027-10-30T23:00:00.000Z');
    // It ends at 01:00 UTC on Sunday 31 October 2027.
    expect(iso(endOfDay(isoDate('2027-10-31'), L))).toBe('2027-11-01T00:00:00.000Z');
  });

  it('a stated time is read with the offset of its day, a skipped time just after the jump, a repeated one at its first showing', () => {
    expect(iso(zonedInstant(isoDate('2027-03-04'), '17:00' as TimeOfDay, L))).toBe('2027-03-04T17:00:00.000Z');
    expect(iso(zonedInstant(isoDate('2027-03-28'), '17:00' as TimeOfDay, L))).toBe('2027-03-28T16:00:00.000Z');
    expect(iso(zonedInstant(isoDate('2027-03-28'), '01:30' as TimeOfDay, L))).toBe('2027-03-28T01:30:00.000Z');
    expect(iso(zonedInstant(isoDate('2027-10-31'), '01:30' as TimeOfDay, L))).toBe('2027-10-31T00:30:00.000Z');
    expect(iso(zonedInstant(isoDate('2027-10-31'), '17:00' as TimeOfDay, L))).toBe('2027-10-31T17:00:00.000Z');
    expect(iso(zonedInstant(isoDate('2027-03-04'), '17:00' as TimeOfDay, 'America/New_York'))).toBe('2027-03-04T22:00:00.000Z');
    expect(localDate(new Date('2027-06-10T23:30:00Z'), L)).toBe('2027-06-11');
  });

  it('words: the hour, noon and midnight as the end (or start) of the day named', () => {
    expect(momentWords(new Date('2027-03-04T17:00:00Z'), L)).toBe('5pm on Thursday 4 March 2027');
    expect(momentWords(new Date('2027-03-04T09:30:00Z'), L)).toBe('9:30am on Thursday 4 March 2027');
    expect(momentWords(new Date('2027-06-10T11:00:00Z'), L)).toBe('noon on Thursday 10 June 2027');
    expect(momentWords(new Date('2027-03-05T00:00:00Z'), L)).toBe('midnight at the end of Thursday 4 March 2027');
    expect(momentWords(new Date('2027-03-28T23:00:00Z'), L)).toBe('midnight at the end of Sunday 28 March 2027');
    expect(momentWords(new Date('2027-03-05T00:00:00Z'), L, 'start')).toBe('midnight at the start of Friday 5 March 2027');
  });

  it('an unknown zone or a malformed time is refused, naming what was given', () => {
    const zone = checkTimeZone('Europe/Atlantis', 'HUSTINGS_TIME_ZONE');
    expect(zone.ok).toBe(false);
    if (!zone.ok)
      expect(zone.error.message).toBe(
        'HUSTINGS_TIME_ZONE: "Europe/Atlantis" is not a time zone this server knows; give one such as Europe/London, Europe/Dublin or UTC.',
      );
    expect(checkTimeZone('Europe/Dublin', 'x')).toEqual({ ok: true, value: 'Europe/Dublin' });
    for (const bad of ['25:00', '5pm', '17:60', '', 17]) expect(checkTimeOfDay(bad, 'The closing time').ok).toBe(false);
    expect(checkTimeOfDay('9:05', 'x')).toEqual({ ok: true, value: '09:05' });
  });
});

/** The driven selection, frozen, with its ballot moved to the given days. */
function frozenWith(ballotOpens: string, ballotCloses: string) {
  const driven = selectionTo('electorate-frozen');
  const state: SelectionState = {
    ...driven.state,
    timetable: { ...driven.state.timetable, ballotOpens: ballotOpens as IsoDate, ballotCloses: ballotCloses as IsoDate },
  };
  return { ...driven, state };
}

describe('the ballot’s window', () => {
  it('with a closing time of 17:00, votes are taken until a second before and refused from the moment, in words', () => {
    const { state, ctx, clock } = frozenWith('2027-02-25', '2027-03-04');
    clock.set('2027-02-25T10:00:00Z');
    const open = must(applySelection(state, { type: 'open-ballot', closesAt: '17:00' }, ctx)).state;
    expect(open.ballot).toMatchObject({ opensAt: '2027-02-25T00:00:00.000Z', closesAt: '2027-03-04T17:00:00.000Z', timeZone: L });
    expect(outsideVotingWindow(open, new Date('2027-03-04T16:59:59Z'))).toBeNull();
    expect(outsideVotingWindow(open, new Date('2027-03-04T17:00:00Z'))).toBe('This ballot closed at 5pm on Thursday 4 March 2027 (UK time)');
    expect(closingWords(open)).toBe('5pm on Thursday 4 March 2027 (UK time)');
  });

  it('by default it closes at midnight at the end of the closing day in UK time, also on the day the clocks go forward or back', () => {
    for (const [closes, moment] of [
      ['2027-03-28', '2027-03-28T23:00:00.000Z'],
      ['2027-10-31', '2027-11-01T00:00:00.000Z'],
    ] as const) {
      const { state, ctx, clock } = frozenWith('2027-03-20', closes);
      clock.set('2027-03-20T12:00:00Z');
      const open = must(applySelection(state, { type: 'open-ballot' }, ctx)).state;
      expect(iso(votingWindow(open).closes)).toBe(moment);
      expect(outsideVotingWindow(open, new Date(Date.parse(moment) - 1000))).toBeNull();
      expect(outsideVotingWindow(open, new Date(moment))).toMatch(/^This ballot closed at midnight at the end of Sunday/);
    }
  });

  it('an opening time holds votes back until then', () => {
    const { state, ctx, clock } = frozenWith('2027-03-01', '2027-03-04');
    clock.set('2027-03-01T07:00:00Z');
    const open = must(applySelection(state, { type: 'open-ballot', opensAt: '09:00' }, ctx)).state;
    expect(outsideVotingWindow(open, new Date('2027-03-01T08:59:59Z'))).toBe('This ballot opens at 9am on Monday 1 March 2027 (UK time)');
    expect(outsideVotingWindow(open, new Date('2027-03-01T09:00:00Z'))).toBeNull();
  });

  it('the ballot cannot open after its closing moment, nor with a zone or time nobody can read', () => {
    const { state, ctx, clock } = frozenWith('2027-03-01', '2027-03-04');
    clock.set('2027-03-04T17:30:00Z');
    expect(fails(applySelection(state, { type: 'open-ballot', closesAt: '17:00' }, ctx), 'timetable').message).toMatch(
      /was due to close at 5pm on Thursday 4 March 2027/,
    );
    clock.set('2027-03-02T12:00:00Z');
    expect(fails(applySelection(state, { type: 'open-ballot', timeZone: 'Mars/Olympus' }, ctx), 'invalid-input').message).toContain('"Mars/Olympus"');
    expect(fails(applySelection(state, { type: 'open-ballot', closesAt: '5 o’clock' }, ctx), 'invalid-input').message).toContain('The closing time');
  });

  it('the timetable’s close comes at the moment and not before, and says so in the event', () => {
    const { state, ctx, clock } = frozenWith('2027-03-01', '2027-03-04');
    clock.set('2027-03-02T12:00:00Z');
    const open = must(applySelection(state, { type: 'open-ballot', closesAt: '17:00' }, ctx)).state;
    clock.set('2027-03-04T16:59:59Z');
    expect(fails(applySelection(open, { type: 'close-ballot', byTimetable: true }, ctx), 'timetable').message).toMatch(
      /closes at 5pm on Thursday 4 March 2027/,
    );
    clock.set('2027-03-04T17:00:00Z');
    const closed = must(applySelection(open, { type: 'close-ballot', byTimetable: true }, ctx));
    expect(closed.state.phase).toBe('closed');
    expect(closed.state.ballot?.closedByTimetable).toBe(true);
    expect(closed.event.data).toEqual({ byTimetable: true, closingMoment: '2027-03-04T17:00:00.000Z' });
  });
});
