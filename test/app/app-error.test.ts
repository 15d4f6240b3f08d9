/**
 * The one classification of refusals and the two tables that answer them: the statuses the web
 * app gave and the exit status the command line gave before the application layer stay the same.
 */
import { describe, expect, it } from 'vitest';
import { fromDomain, type AppErrorCode } from '../../src/app/app-error.js';
import { EXIT_REFUSED, EXIT_STATUS } from '../../src/cli/exit-status.js';
import { httpStatusOf } from '../../src/web/server/http-status.js';

const statusOf = (reason: string): number => httpStatusOf(fromDomain({ code: reason, message: 'refused' }));

describe('refusals', () => {
  it('are conflicts (409) when the state of things refuses: out of turn, already done, under way, the box closed or sealed', () => {
    for (const reason of [
      'invalid-transition',
      'already-recorded',
      'already-voted',
      'already-withdrawn',
      'already-applied',
      'under-way',
      'no-incumbent',
      'candidate-selected',
      'seal-mismatch',
      'not-sealed',
      'not-open',
      'closed',
      'tracker-taken',
    ]) {
      expect(statusOf(reason), reason).toBe(409);
    }
  });

  it('are unprocessable (422) when what was sent breaks a rule, and keep the domain code as their reason', () => {
    for (const reason of ['timetable', 'gender-rule', 'duplicate', 'invalid-input', 'method-seats']) expect(statusOf(reason), reason).toBe(422);
    expect(fromDomain({ code: 'timetable', message: 'too early' })).toEqual({ code: 'invalid', reason: 'timetable', message: 'too early' });
  });

  it('name what is missing (404), what is not the member’s (403), a ranking not on the paper (400), and a rulebook not bundled (500)', () => {
    expect(statusOf('not-found')).toBe(404);
    expect(statusOf('not-eligible')).toBe(403);
    expect(statusOf('bad-ranking')).toBe(400);
    expect(statusOf('rulebook-missing')).toBe(500);
  });

  it('all end the command line with exit status 1', () => {
    const codes: AppErrorCode[] = ['not-found', 'malformed', 'invalid', 'conflict', 'forbidden', 'throttled', 'unavailable'];
    for (const code of codes) expect(EXIT_STATUS[code]).toBe(EXIT_REFUSED);
    expect(EXIT_REFUSED).toBe(1);
  });
});
