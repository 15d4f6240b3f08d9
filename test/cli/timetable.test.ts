/**
 * The timetable from the command line: `open-ballot --closes-at` fixes the
 * closing moment in the organisation's zone and says it in words; a paper vote
 * after it is refused in words, though nobody has closed the ballot; and an
 * unknown time zone is refused with a message naming it, by open-ballot and by
 * serve, from the flag or from HUSTINGS_TIME_ZONE.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Io } from '../../src/cli/run.js';
import { isoDate } from '../../src/domain/time.js';
import type { SelectionState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from './store-cli.js';

const T = isoDate('2024-06-01');
const s = scratch('timetable');
const db = s.db('party.db');
afterAll(() => s.cleanup());

/** The selection taking applications, driven here to its ballot. */
let nominating = '';
let voting = '';
beforeAll(async () => {
  expect((await hustingsIn(['demo', '--db', db, '--members', '2000', '--seed', '1', '--now', T])).status).toBe(0);
  const store = await openStore(db);
  try {
    const selections = await store.listProcesses({ kind: 'selection' });
    nominating = selections.find((p) => (p.state as SelectionState).phase === 'applications')!.id;
    voting = selections.find((p) => (p.state as SelectionState).phase === 'ballot-open')!.id;
  } finally {
    await store.close();
  }
}, 120_000);

async function stateOf(id: string): Promise<SelectionState> {
  const store = await openStore(db);
  try {
    return (await store.getProcess(id as never))!.state as SelectionState;
  } finally {
    await store.close();
  }
}

describe('open-ballot and the closing moment', () => {
  it('--closes-at 17:00 closes voting at 5pm UK time on the closing day, and the command says so', async () => {
    const t = (await stateOf(nominating)).timetable;
    const ids = (await stateOf(nominating)).candidates.map((c) => c.id).join(',');
    const at = (d: string) => ['--db', db, '--now', `${d}T12:00:00Z`];
    for (const args of [
      ['selection', 'close-applications', nominating, ...at(t.applicationsClose)],
      ['selection', 'longlist', nominating, '--candidates', ids, ...at(t.nominationsClose)],
      ['selection', 'shortlist', nominating, '--candidates', ids, ...at(t.nominationsClose)],
      ['selection', 'freeze', nominating, ...at(t.nominationsClose)],
    ]) {
      const r = await hustingsIn(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const zone = await hustingsIn(['selection', 'open-ballot', nominating, '--time-zone', 'Mars/Olympus', ...at(t.ballotOpens)]);
    expect(zone.status).toBe(2);
    expect(zone.stderr).toContain('"Mars/Olympus" is not a time zone this server knows');
    const badTime = await hustingsIn(['selection', 'open-ballot', nominating, '--closes-at', '5pm', ...at(t.ballotOpens)]);
    expect(badTime.status).toBe(1);
    expect(badTime.stderr).toContain('The closing time must be a time of day on the 24-hour clock, such as 17:00, not "5pm"');
    expect((await stateOf(nominating)).phase).toBe('electorate-frozen');

    const opened = await hustingsIn(['selection', 'open-ballot', nominating, '--closes-at', '17:00', ...at(t.ballotOpens)]);
    expect(opened.status, opened.stderr).toBe(0);
    const day = new Date(`${t.ballotCloses}T12:00:00Z`)
      .toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
      .replace(',', '');
    expect(opened.stdout).toContain(`Voting closes at 5pm on ${day} (UK time).`);
    // Summer: 5pm in London is 16:00 UTC.
    expect((await stateOf(nominating)).ballot?.closesAt).toBe(`${t.ballotCloses}T16:00:00.000Z`);
  });

  it('a paper vote after the closing moment is refused in words, though the ballot is still open', async () => {
    const state = await stateOf(voting);
    const store = await openStore(db);
    const member = (await store.electorate(voting as never)).find((e) => e.eligible)!.member;
    await store.close();
    const err: string[] = [];
    const io: Io = { stdout: { write: () => true }, stderr: { write: (x: string) => err.push(x) }, env: {}, stdin: Readable.from(['blank\n']) };
    // Midnight at the end of the closing day in British Summer Time is 23:00 UTC; a second later.
    const status = await run(['vote', voting, '--member', member, '--channel', 'postal', '--db', db, '--now', `${state.timetable.ballotCloses}T23:00:01Z`], io);
    expect(status).toBe(1);
    expect(err.join('')).toMatch(/^hustings: This ballot closed at midnight at the end of \w+day \d+ \w+ 2024 \(UK time\)/);
    expect((await stateOf(voting)).phase).toBe('ballot-open');
  });
});

describe('the time-zone setting', () => {
  it('serve refuses an unknown zone from --time-zone or HUSTINGS_TIME_ZONE, naming it and where it came from', async () => {
    const flag = await hustingsIn(['serve', '--db', db, '--port', '0', '--time-zone', 'Europe/Atlantis']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('--time-zone: "Europe/Atlantis" is not a time zone this server knows');
    const env = await hustingsIn(['serve', '--db', db, '--port', '0'], { HUSTINGS_TIME_ZONE: 'Nowhere' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('HUSTINGS_TIME_ZONE: "Nowhere" is not a time zone this server knows');
  });
});
