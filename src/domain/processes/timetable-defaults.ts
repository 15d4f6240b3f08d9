/**
 * The dates a process opens with when the officer opening it gives none: the
 * command line's flags and the web app's forms both start from these, so the
 * two cannot drift apart. Every date counts from the day of opening.
 */
import { addDays } from '../calendar.js';
import type { IsoDate } from '../time.js';
import type { ElectionTimetable } from './internal-election.js';
import type { SelectionTimetable } from './selection.js';

/** Days from opening to the last day a unit may meet: six weeks. */
export const TRIGGER_CLOSES_AFTER_DAYS = 42;

/** Days from opening to each step of a selection: applications 2 weeks, nominations 5, ballot from week 7 to week 9. */
export const SELECTION_DAYS = { applicationsClose: 14, nominationsClose: 35, ballotOpens: 49, ballotCloses: 63 } as const;

/** Days from opening to each step of an internal election: nominations 4 weeks, ballot from week 6 to week 9. */
export const ELECTION_DAYS = { nominationsClose: 28, ballotOpens: 42, ballotCloses: 63 } as const;

export function defaultTriggerCloses(today: IsoDate): IsoDate {
  return addDays(today, TRIGGER_CLOSES_AFTER_DAYS);
}

/** The freeze date is the day of opening: members who join once a selection is known cannot vote in it. */
export function defaultSelectionTimetable(today: IsoDate): SelectionTimetable {
  return {
    applicationsClose: addDays(today, SELECTION_DAYS.applicationsClose),
    nominationsClose: addDays(today, SELECTION_DAYS.nominationsClose),
    freezeDate: today,
    ballotOpens: addDays(today, SELECTION_DAYS.ballotOpens),
    ballotCloses: addDays(today, SELECTION_DAYS.ballotCloses),
  };
}

export function defaultElectionTimetable(today: IsoDate): ElectionTimetable {
  return {
    nominationsClose: addDays(today, ELECTION_DAYS.nominationsClose),
    freezeDate: today,
    ballotOpens: addDays(today, ELECTION_DAYS.ballotOpens),
    ballotCloses: addDays(today, ELECTION_DAYS.ballotCloses),
  };
}

/** Days from opening to each step of an emergency selection: applications 3 days (no nominations), ballot from day 5 to day 8. */
export const EMERGENCY_SELECTION_DAYS = { applicationsClose: 3, ballotOpens: 5, ballotCloses: 8 } as const;

/**
 * An emergency selection's short timetable: no nominations (they close with the applications); the
 * freeze date is the day of opening. Applications close after 3 days unless the panel names the day
 * (as early as the day of opening); the ballot, if the members vote, follows 2 days later for 3 days.
 */
export function defaultEmergencyTimetable(today: IsoDate, applicationsClose?: IsoDate): SelectionTimetable {
  const close = applicationsClose ?? addDays(today, EMERGENCY_SELECTION_DAYS.applicationsClose);
  const ballotOpens = addDays(close, EMERGENCY_SELECTION_DAYS.ballotOpens - EMERGENCY_SELECTION_DAYS.applicationsClose);
  return {
    applicationsClose: close,
    nominationsClose: close,
    freezeDate: today,
    ballotOpens,
    ballotCloses: addDays(ballotOpens, EMERGENCY_SELECTION_DAYS.ballotCloses - EMERGENCY_SELECTION_DAYS.ballotOpens),
  };
}
