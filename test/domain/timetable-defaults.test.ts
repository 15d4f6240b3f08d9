import { describe, expect, it } from 'vitest';
import { addDays as demoAddDays } from '../../src/domain/calendar.js';
import { defaultElectionTimetable, defaultSelectionTimetable, defaultTriggerCloses } from '../../src/domain/processes/index.js';
import { addDays } from '../../src/domain/calendar.js';
import { isoDate } from '../../src/domain/time.js';

const d = isoDate;

describe('days and default timetables', () => {
  it('adds calendar days across months, leap days and years, either way', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2024-12-31'), 1)).toBe('2025-01-01');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(addDays(d('2024-06-01'), 0)).toBe('2024-06-01');
    expect(addDays(d('2000-01-01'), 36525)).toBe('2100-01-01');
    // The demo party's dates use the same arithmetic.
    expect(demoAddDays).toBe(addDays);
  });

  it('opens a review for six weeks, a selection and an election on the timetables the command line has always used', () => {
    const today = d('2024-06-01');
    expect(defaultTriggerCloses(today)).toBe('2024-07-13');
    expect(defaultSelectionTimetable(today)).toEqual({
      applicationsClose: '2024-06-15',
      nominationsClose: '2024-07-06',
      freezeDate: '2024-06-01',
      ballotOpens: '2024-07-20',
      ballotCloses: '2024-08-03',
    });
    expect(defaultElectionTimetable(today)).toEqual({
      nominationsClose: '2024-06-29',
      freezeDate: '2024-06-01',
      ballotOpens: '2024-07-13',
      ballotCloses: '2024-08-03',
    });
  });
});
