/**
 * The timetable is the law of the ballot, through the web app, the command
 * line and the server's own scheduler, on the demo party: casting online and on
 * paper is refused from the closing moment (midnight at the end of the closing
 * day, UK time) whether or not anyone has closed the ballot; the pages say when
 * that is; and the server closes and seals the box at that moment by itself,
 * with an audit entry, also when it starts after the moment has passed.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimetableScheduler } from '../../../src/app/timetable-scheduler.js';
import { applyStep, freezeElectorate } from '../../app/steps.js';
import { run, type Io } from '../../../src/cli/run.js';
import { startServer } from '../../../src/web/serve.js';
import type { MemberId } from '../../../src/domain/ids.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { fixedClock } from '../../../src/domain/time.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
let closesDay = '';
/** The closing moment of the world's open ballot: midnight at the end of its closing day in British Summer Time. */
let moment = 0;
const at = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  world = await buildWorld();
  closesDay = ((await world.store.getProcess(world.voting.id))!.state as SelectionState).timetable.ballotCloses;
  moment = Date.parse(`${closesDay}T23:00:00.000Z`);
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const stateOf = async (): Promise<SelectionState> => (await world.store.getProcess(world.voting.id))!.state as SelectionState;
const standing = (s: SelectionState) => (s.shortlist ?? []).filter((id) => s.candidates.find((x) => x.id === id)?.withdrawn === null);

/** The closing day in words, e.g. "Sunday 9 June 2024". */
function dayWords(date: string): string {
  return new Date(`${date}T12:00:00Z`)
    .toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .replace(',', '');
}

/** Eligible members of the open ballot who hold no office and have not voted. */
async function freshVoters(n: number): Promise<MemberId[]> {
  const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
  const out: MemberId[] = [];
  for (const e of await world.store.electorate(world.voting.id)) {
    if (out.length === n) break;
    const m = await world.store.getMember(e.member);
    if (
      e.eligible &&
      !officers.has(e.member) &&
      m?.email &&
      e.member !== world.people.voter.member!.id &&
      !(await world.store.hasVoted(world.voting.id, e.member))
    )
      out.push(e.member);
  }
  return out;
}

async function castAs(member: MemberId): Promise<{ status: number; text: string }> {
  const c = await new Client(world).actAs((await world.store.getMember(member))!);
  const [first] = standing(await stateOf());
  return c.post(`/ballots/${world.voting.id}/cast`, { [`rank-${first}`]: '1', action: 'cast' });
}

async function paperVote(member: MemberId, now: string): Promise<{ status: number; stderr: string }> {
  const err: string[] = [];
  const io: Io = { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, env: {}, stdin: Readable.from(['blank\n']) };
  const status = await run(
    ['vote', world.voting.id, '--member', member, '--channel', 'postal', '--db', `sqlite:${join(world.dir, 'party.db')}`, '--now', now],
    io,
  );
  return { status, stderr: err.join('') };
}

describe('the closing moment, in words', () => {
  it('the booth, the member’s ballots page and the officer’s process page say when voting closes, in UK time', async () => {
    const words = `midnight at the end of ${dayWords(closesDay)} (UK time)`;
    const voter = await new Client(world).actAs(world.people.voter.member);
    expect((await voter.get(`/ballots/${world.voting.id}`)).text).toContain(`Voting closes at ${words}.`);
    expect((await voter.get('/ballots')).text).toContain(words);
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    expect((await officer.get(`/processes/${world.voting.id}`)).text).toContain(`Voting closes at ${words}.`);
  });
});

describe('casting against the clock, whether or not the ballot has been closed', () => {
  it('a cast a second before the moment is taken; a second after, refused in words and nothing stored, online and on paper', async () => {
    const [early, late, paper] = await freshVoters(3);
    world.clock.set(at(moment - 1000));
    const before = await castAs(early);
    expect(before.status, before.text.slice(0, 400)).toBe(200);
    expect(await world.store.hasVoted(world.voting.id, early)).toBe(true);

    world.clock.set(at(moment + 1000));
    expect((await stateOf()).phase).toBe('ballot-open');
    const after = await castAs(late);
    expect(after.status).toBe(409);
    expect(after.text).toContain(`This ballot closed at midnight at the end of ${dayWords(closesDay)} (UK time). Nothing was saved.`);
    expect(await world.store.hasVoted(world.voting.id, late)).toBe(false);
    // The member's ballots page no longer offers it to vote in.
    const theirs = await new Client(world).actAs((await world.store.getMember(late))!);
    const list = await theirs.get('/ballots');
    expect(list.text).toContain((await stateOf()).title);
    expect(list.text).not.toContain(`href="/ballots/${world.voting.id}"`);

    const refused = await paperVote(paper, at(moment + 1000));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`This ballot closed at midnight at the end of ${dayWords(closesDay)} (UK time)`);
    expect(await world.store.hasVoted(world.voting.id, paper)).toBe(false);
    // The officer's desk on the web says the same before asking for anything.
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const desk = await officer.get(`/processes/${world.voting.id}/paper-votes`);
    expect(desk.status).toBe(409);
    expect(desk.text).toContain('This ballot closed at midnight at the end of');
  });
});

describe('the server closes and seals the box by itself', () => {
  it('a scheduler wakes at the closing moment and closes and seals with an audit entry; a server started later finds nothing left to do', async () => {
    // A clock that runs, starting half a second before the moment: the scheduler's own timer must wake it.
    const start = Date.now();
    const clock = { now: () => new Date(moment - 500 + (Date.now() - start)) };
    const head = await world.store.auditHead();
    const closed = new Promise<string>((resolve) => {
      const scheduler = new TimetableScheduler({ store: world.store, clock, onClosed: (p) => void scheduler.stop().then(() => resolve(p.id)) });
      void scheduler.start();
    });
    expect(await closed).toBe(world.voting.id);

    const s = await stateOf();
    expect(s.phase).toBe('closed');
    expect(s.ballot?.closedByTimetable).toBe(true);
    expect(Date.parse(s.ballot!.closedAt!)).toBeGreaterThanOrEqual(moment);
    expect(await world.store.ballotBox(world.voting.id)).toMatchObject({ sealed: true });
    const entries = await world.store.auditEntries({ after: head!.seq });
    // The close, then the seal's entry: what the box holds and the seed of the lot, drawn at that moment.
    expect(entries.map((e) => e.type)).toEqual(['ballot.closed-by-timetable', 'box.sealed']);
    expect(entries[1]).toMatchObject({ actor: 'timetable', data: { process: world.voting.id } });
    expect(entries[0]).toMatchObject({
      actor: 'timetable',
      data: { process: world.voting.id, kind: 'selection', closingMoment: at(moment), timeZone: 'Europe/London' },
    });

    // The officer's page now says when voting closed, and by what.
    world.clock.set(at(moment + 3_600_000));
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    expect((await officer.get(`/processes/${world.voting.id}`)).text).toContain(`Voting closed at midnight at the end of ${dayWords(closesDay)} (UK time).`);

    const booth = await (await new Client(world).actAs(world.people.voter.member)).get(`/ballots/${world.voting.id}`);
    expect(booth.status).toBe(409);
    expect(booth.text).toContain(`is not open for voting. Voting closed at midnight at the end of ${dayWords(closesDay)} (UK time). Nothing was saved.`);

    // Another server starting afterwards finds it closed: no second entry.
    const running = await startServer({ store: world.store, config: world.config, mailer: world.outbox, clock: world.clock, port: 0, host: '127.0.0.1' });
    await running.close();
    expect((await world.store.auditEntries({ after: head!.seq })).length).toBe(2);
  });
});

describe('an officer opening a ballot on the web', () => {
  it('may set a closing time, which the ballot keeps in the organisation’s zone; a time nobody can read is refused, nothing saved', async () => {
    // The selection taking nominations, driven to a frozen electorate from the command line's service.
    const a = { store: world.store, clock: fixedClock(world.clock.now()), actor: 'test' };
    let p = world.nominating;
    const t = (p.state as SelectionState).timetable;
    a.clock.set(`${t.nominationsClose}T12:00:00Z`);
    const ids = (p.state as SelectionState).candidates.filter((x) => x.withdrawn === null).map((x) => x.id);
    p = await applyStep(a, p.id, 'selection', { type: 'set-longlist', candidates: ids });
    p = await applyStep(a, p.id, 'selection', { type: 'set-shortlist', candidates: (p.state as SelectionState).longlist! });
    a.clock.set(`${t.freezeDate > t.nominationsClose ? t.freezeDate : t.nominationsClose}T12:00:00Z`);
    p = (await freezeElectorate(a, p.id, 'selection')).process;

    world.clock.set(`${t.ballotOpens}T10:00:00Z`);
    const officer = await new Client(world).actAs(await officerOf(p.constituency!));
    const page = await officer.get(`/processes/${p.id}`);
    expect(page.text).toContain('Voting closes at (optional)');
    const bad = await officer.post(`/processes/${p.id}/steps/open-ballot`, { 'opens-at': '09:00', 'closes-at': '25:00' });
    // The page comes back with what was typed, and the problem beside the closing time.
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(
      /<p class="error-message" id="f-open-ballot-closes-at-error"><span class="visually-hidden">Error: <\/span>The closing time must be a time of day on the 24-hour clock, such as 17:00, not &quot;25:00&quot;\.<\/p>/,
    );
    expect(bad.text).toContain('value="25:00"');
    expect(bad.text).toContain('value="09:00"');
    expect(((await world.store.getProcess(p.id))!.state as SelectionState).phase).toBe('electorate-frozen');

    await officer.get(`/processes/${p.id}`);
    const opened = await officer.post(`/processes/${p.id}/steps/open-ballot`, { 'closes-at': '17:00' });
    expect(opened.status, opened.text.slice(0, 400)).toBe(303);
    const s = (await world.store.getProcess(p.id))!.state as SelectionState;
    // British Summer Time: 5pm is 16:00 UTC.
    expect(s.ballot).toMatchObject({ closesAt: `${t.ballotCloses}T16:00:00.000Z`, timeZone: 'Europe/London' });
    expect((await officer.get(`/processes/${p.id}`)).text).toContain(`Voting closes at 5pm on ${dayWords(t.ballotCloses)} (UK time).`);
  });
});

async function officerOf(constituency: string) {
  const o = (await world.store.listOffices()).find((x) => x.role === 'procedures-secretary' && x.unit === constituency)!;
  return (await world.store.getMember(o.member))!;
}
