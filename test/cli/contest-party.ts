/** The small parties the command line's contest tests put in a store: units and members built in one line each, and one timetable. */
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { isoDate } from '../../src/domain/time.js';

/** A unit; a branch lies in its parent constituency. */
export const partyUnit = (id: string, kind: Unit['kind'], name: string, parent: string | null): Unit => ({
  id: unitId(id),
  kind,
  name,
  parent: parent === null ? null : unitId(parent),
  constituency: kind === 'branch' ? unitId(parent!) : null,
});

/** Member `n` of a branch: a woman, current since 2012, with no email; `extra` adds what a test needs (self-identification, say). */
export const partyMember = (n: number, branch: string, extra: Partial<Member> = {}): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId(branch),
  joined: isoDate('2012-01-01'),
  statusHistory: [{ from: isoDate('2012-01-01'), status: 'current' }],
  gender: 'woman',
  ...extra,
});

/** An election's timetable on the command line: nominations and freeze on 10 March 2026, the ballot from the 20th to the 30th. */
export const CONTEST_DATES = [
  '--nominations-close',
  '2026-03-10',
  '--freeze-date',
  '2026-03-10',
  '--ballot-opens',
  '2026-03-20',
  '--ballot-closes',
  '2026-03-30',
];
