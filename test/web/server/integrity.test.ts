/**
 * Ballot integrity through the app and the command line, on the demo party:
 * the frozen electorate as scrutineers and members see it, votes on paper
 * spending the same credential as online ones, nothing written to the logs by
 * casting, the box sealed at the close, and the bulletin board — refused
 * before the close, published after it, found by tracker code, and verified
 * (and its tampering caught) by `hustings verify`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run, type Io } from '../../../src/cli/run.js';
import { memberId, unitId, type MemberId } from '../../../src/domain/ids.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { isoDate } from '../../../src/domain/time.js';
import { sealEntry } from '../../../src/app/seal-ballot-box.js';
import { readBoard, type Board } from '../../../src/integrity/board.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
let db = '';
beforeAll(async () => {
  world = await buildWorld();
  db = `sqlite:${join(world.dir, 'party.db')}`;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

async function hustings(args: readonly string[], stdin?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: {},
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
  };
  const status = await run(args, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** Everything written to the process's output and the console while `body` runs. */
async function captured(body: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' '))),
    ),
  ];
  try {
    await body();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written;
}

const stateOf = async (): Promise<SelectionState> => (await world.store.getProcess(world.voting.id))!.state as SelectionState;
const standing = (s: SelectionState) => (s.shortlist ?? []).filter((id) => s.candidates.find((x) => x.id === id)?.withdrawn === null);

/** Eligible members of the voting selection other than the test's voter and officers, to vote on paper. */
async function paperVoters(n: number): Promise<MemberId[]> {
  const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
  return (await world.store.electorate(world.voting.id))
    .filter((e) => e.eligible && e.member !== world.people.voter.member!.id && !officers.has(e.member))
    .slice(0, n)
    .map((e) => e.member);
}

/** The page of the electorate that lists the test's voter, without the per-request form token. */
async function electoratePage(): Promise<string> {
  const scrutineer = await new Client(world).actAs(world.people.scrutineer.member);
  const at = (await world.store.electorate(world.voting.id)).findIndex((e) => e.member === world.people.voter.member!.id);
  const r = await scrutineer.get(`/processes/${world.voting.id}/electorate?page=${Math.floor(at / 200) + 1}`);
  expect(r.text).toContain(world.people.voter.member!.name);
  return r.text.replace(/name="_csrf" value="[^"]*"/g, '');
}
let electoratePageBefore = '';

let onlineTracker = '';
let postalTracker = '';
let onlineRanking: string[] = [];

describe('the frozen electorate', () => {
  it('scrutineers list it — names, eligible or not, and why — by page and by command, with nothing about voting', async () => {
    const scrutineer = await new Client(world).actAs(world.people.scrutineer.member);
    const page = await scrutineer.get(`/processes/${world.voting.id}/electorate`);
    expect(page.status).toBe(200);
    const entries = await world.store.electorate(world.voting.id);
    const first = entries[0];
    expect(page.text).toContain(first.reason);
    expect(page.text).not.toMatch(/tracker|has voted|not voted/i);
    electoratePageBefore = await electoratePage();

    const listed = await hustings(['selection', 'electorate', world.voting.id, '--db', db, '--format', 'json']);
    expect(listed.status, listed.stderr).toBe(0);
    const json = JSON.parse(listed.stdout) as { eligible: number; total: number; members: Record<string, unknown>[] };
    expect(json.members.length).toBe(entries.length);
    expect(json.total).toBe(entries.length);
    expect(json.eligible).toBe(entries.filter((e) => e.eligible).length);
    for (const m of json.members) expect(Object.keys(m).sort()).toEqual(['eligible', 'member', 'name', 'reason']);
    const member = (await world.store.getMember(first.member))!;
    expect(json.members[0]).toEqual({ member: first.member, name: member.name, eligible: first.eligible, reason: first.reason });

    const text = await hustings(['selection', 'electorate', world.voting.id, '--db', db]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^Electorate of .* \\(${world.voting.id}\\), frozen at \\d{4}-\\d{2}-\\d{2}: [\\d,]+ of [\\d,]+ members eligible\\.`),
    );
    expect(text.stdout).toContain(member.name);
    const csv = await hustings(['selection', 'electorate', world.voting.id, '--db', db, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('member,name,eligible,reason');
    expect(csv.stdout.trim().split('\n').length).toBe(entries.length + 1);
    expect((await hustings(['selection', 'electorate', world.nominating.id, '--db', db])).stderr).toMatch(/has not been frozen yet/);
  });

  it('a member sees whether and why they are on it, including when they joined after it was frozen', async () => {
    const voter = await new Client(world).actAs(world.people.voter.member);
    const mine = await voter.get('/eligibility');
    expect(mine.status).toBe(200);
    const title = (await stateOf()).title;
    expect(mine.text).toContain(title);
    expect(mine.text).toContain('You can vote');

    const branch = (await world.store.listUnits({ kind: 'branch', parent: world.voting.constituency! }))[0];
    const newcomer = {
      id: memberId('m-late-joiner'),
      name: 'Late Joiner',
      email: 'late@example.org',
      branch: unitId(branch.id),
      joined: isoDate('2024-05-30'),
      statusHistory: [{ from: isoDate('2024-05-30'), status: 'current' as const }],
      gender: null,
    };
    await world.store.putMembers([newcomer]);
    const late = await new Client(world).actAs(newcomer);
    const theirs = await late.get('/eligibility');
    expect(theirs.text).toContain(title);
    expect(theirs.text).toContain('You cannot vote');
    expect(theirs.text).toMatch(/You are not on the electorate: it was drawn up from the members of .* when it was frozen/);
  });
});

describe('one credential, online or on paper', () => {
  it('casting online writes nothing to the logs, and stores the ballot with its tracker', async () => {
    const voter = world.people.voter.member!;
    const c = await new Client(world).actAs(voter);
    const [first, second] = standing(await stateOf());
    onlineRanking = [second, first];
    let cast = { status: 0, text: '' };
    const written = await captured(async () => {
      cast = await c.post(`/ballots/${world.voting.id}/cast`, { [`rank-${second}`]: '1', [`rank-${first}`]: '2', action: 'cast' });
    });
    expect(cast.status).toBe(200);
    onlineTracker = /<code>([A-Z2-9-]{24})<\/code>/.exec(cast.text)![1];
    expect(written).toEqual([]);
    // The voter cannot then have a postal vote recorded: the command refuses, and says they voted online.
    const postal = await hustings(
      ['vote', world.voting.id, '--member', voter.id, '--channel', 'postal', '--db', db, '--now', world.clock.now().toISOString()],
      `${first}\n`,
    );
    expect(postal.status).toBe(1);
    expect(postal.stderr).toMatch(/already voted .*\(online\); nothing was recorded/);
  });

  it('an officer records postal and in-person votes from standard input; those members can no longer vote online', async () => {
    const [postalVoter, hallVoter, nobody] = await paperVoters(3);
    const [first, second, third] = standing(await stateOf());
    const s = await stateOf();
    const name = (id: string) => s.candidates.find((x) => x.id === id)!.name;
    const postal = await hustings(
      ['vote', world.voting.id, '--member', postalVoter, '--channel', 'postal', '--db', db, '--now', world.clock.now().toISOString()],
      `${first}, ${name(second).toUpperCase()}\n`,
    );
    expect(postal.status, postal.stderr).toBe(0);
    expect(postal.stdout).toMatch(/^Recorded a vote by post in .*; the member can no longer vote online\./);
    // The output names the tracker for the voter, but not the member.
    expect(postal.stdout).not.toContain(postalVoter);
    postalTracker = /Tracker code for the voter: (\S+)/.exec(postal.stdout)![1];
    const hall = await hustings(
      ['vote', world.voting.id, '--member', hallVoter, '--channel', 'in-person', '--db', db, '--now', world.clock.now().toISOString()],
      'blank\n',
    );
    expect(hall.status, hall.stderr).toBe(0);

    const online = await new Client(world).actAs((await world.store.getMember(postalVoter))!);
    expect((await online.get(`/ballots/${world.voting.id}`)).status).toBe(409);
    const refused = await online.post(`/ballots/${world.voting.id}/cast`, { [`rank-${first}`]: '1', action: 'cast' });
    expect(refused.status).toBe(409);

    // Refusals store nothing: a name not on the paper, a ranking twice, no ranking, a bad channel.
    expect(
      (
        await hustings(
          ['vote', world.voting.id, '--member', nobody, '--channel', 'postal', '--db', db, '--now', world.clock.now().toISOString()],
          'Nobody Standing\n',
        )
      ).stderr,
    ).toMatch(/"Nobody Standing" is not on the ballot paper/);
    expect(
      (
        await hustings(
          ['vote', world.voting.id, '--member', nobody, '--channel', 'postal', '--db', db, '--now', world.clock.now().toISOString()],
          `${third}, ${third}\n`,
        )
      ).stderr,
    ).toMatch(/is ranked twice/);
    expect(
      (await hustings(['vote', world.voting.id, '--member', nobody, '--channel', 'postal', '--db', db, '--now', world.clock.now().toISOString()])).stderr,
    ).toMatch(/no ranking on standard input/);
    expect(
      (await hustings(['vote', world.voting.id, '--member', nobody, '--channel', 'online', '--db', db, '--now', world.clock.now().toISOString()], `${third}\n`))
        .status,
    ).toBe(2);
    expect(await world.store.hasVoted(world.voting.id, nobody)).toBe(false);
    expect(await world.store.ballotBox(world.voting.id)).toMatchObject({
      sealed: false,
      voters: 3,
      ballots: 3,
      byChannel: { online: 1, postal: 1, 'in-person': 1 },
    });
    const stored = await world.store.ballots(world.voting.id);
    expect(stored.find((b) => b.tracker === postalTracker)?.ranking).toEqual([first, second]);
    // The electorate as scrutineers see it is the same whoever has voted.
    expect(await electoratePage()).toBe(electoratePageBefore);
  });
});

describe('the bulletin board', () => {
  it('is refused before the close, with a clear message', async () => {
    const anon = await new Client(world).actAs(null);
    for (const path of [`/results/${world.voting.id}/board`, `/results/${world.voting.id}/board.json`]) {
      const r = await anon.get(path);
      expect(r.status).toBe(409);
      expect(r.text).toContain('published once voting has closed');
      expect(r.text).toContain('voting on it has not closed');
    }
    expect((await anon.get('/results/no-such-ballot/board.json')).status).toBe(404);
    expect((await anon.get(`/results/${world.trigger.id}/board.json`)).status).toBe(404);
  });

  it('closing the ballot seals the box: later casts and paper votes are refused', async () => {
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const closes = (await stateOf()).timetable.ballotCloses;
    world.clock.set(`${closes}T18:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    const closed = await officer.post(`/processes/${world.voting.id}/steps/close-ballot`, {});
    expect(closed.status, closed.text.slice(0, 300)).toBe(303);
    const box = await world.store.ballotBox(world.voting.id);
    expect(box).toMatchObject({ sealed: true, tracesCleared: true, atSeal: { voters: 3, ballots: 3 } });
    const [late] = await paperVoters(4).then((xs) => xs.slice(3));
    expect((await world.store.castBallot(world.voting.id, late, { ranking: [], tracker: 'LATE' })).ok).toBe(false);
    const paper = await hustings(
      ['vote', world.voting.id, '--member', late, '--channel', 'postal', '--db', db, '--now', world.clock.now().toISOString()],
      'blank\n',
    );
    expect(paper.stderr).toMatch(/not open for voting/);
    // Closed from the command line's process service (as the fixture closed the counted selection), the box is sealed too.
    expect(await world.store.ballotBox(world.counted.id)).toMatchObject({ sealed: true, tracesCleared: true, voters: 25, ballots: 25 });
  });

  it('after the close: every ballot with its tracker, the voter finds theirs as cast, and it verifies before the count', async () => {
    const anon = await new Client(world).actAs(null);
    const r = await anon.get(`/results/${world.voting.id}/board.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const read = readBoard(r.text);
    expect(read.ok).toBe(true);
    const board = (read as { value: Board }).value;
    expect(board.ballots).toHaveLength(3);
    expect(board.ballots.find((b) => b.tracker === onlineTracker)?.ranking).toEqual(onlineRanking);
    expect(board.voters).toEqual({ total: 3, online: 1, postal: 1, inPerson: 1 });
    expect(board.declared).toBeNull();
    // Nothing on the board names a voter.
    for (const m of [world.people.voter.member!.id, ...(await paperVoters(2))]) expect(r.text).not.toContain(m);

    const page = await anon.get(`/results/${world.voting.id}/board`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(onlineTracker);
    expect(page.text).toContain(board.ballotsSha256);
    expect(page.text).toContain('1 online, 1 by post, 1 in person');
    // The method in words, as on the results page, not its code.
    expect(page.text).toMatch(/<dt>Counted by<\/dt><dd>the alternative vote|<dt>Counted by<\/dt><dd>[A-Z]/);
    expect(page.text).not.toContain('<dd>irv</dd>');

    const s = await stateOf();
    await anon.get(`/results/${world.voting.id}/tracker`);
    const found = await anon.post(`/results/${world.voting.id}/tracker`, { code: onlineTracker.toLowerCase() });
    expect(found.text).toContain('Found:');
    for (const id of onlineRanking) expect(found.text).toContain(s.candidates.find((x) => x.id === id)!.name);

    const file = join(world.dir, 'board-closed.json');
    writeFileSync(file, r.text);
    const v = await hustings(['verify', file]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('Verified: the ballots are in order. Nothing has been declared yet');
  });

  it('after the count it carries the record, `hustings verify` passes it, and catches each kind of tampering by name', async () => {
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const counted = await officer.post(`/processes/${world.voting.id}/steps/record-count`, {});
    expect(counted.status, counted.text.slice(0, 300)).toBe(303);
    const anon = await new Client(world).actAs(null);
    // Counted, not declared: the board is public, its result is not yet.
    const before = JSON.parse((await anon.get(`/results/${world.voting.id}/board.json`)).text) as Board;
    expect(before.declared).toBeNull();
    expect((await officer.post(`/processes/${world.voting.id}/steps/declare`, {})).status).toBe(303);
    const r = await anon.get(`/results/${world.voting.id}/board.json`);
    expect(r.status).toBe(200);
    const board = JSON.parse(r.text) as Board;
    const s = await stateOf();
    expect(board.declared?.elected).toEqual(s.count!.elected);
    expect(board.options).toEqual({ seats: 1, seed: (await sealEntry(world.store, world.voting.id))!.seed });
    const file = join(world.dir, 'board.json');
    writeFileSync(file, r.text);
    const good = await hustings(['verify', file]);
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain('Verified: the published ballots give the declared result');
    expect(good.stderr).toBe('');

    const tampered = (change: (b: { -readonly [K in keyof Board]: any }) => void): string => {
      const b = JSON.parse(readFileSync(file, 'utf8'));
      change(b);
      const path = join(world.dir, 'tampered.json');
      writeFileSync(path, JSON.stringify(b));
      return path;
    };
    const dup = await hustings(['verify', tampered((b) => b.ballots.push(b.ballots[0]))]);
    expect(dup.status).toBe(1);
    expect(dup.stdout).toContain(`ballot with tracker ${board.ballots[0].tracker} appears twice`);
    expect(dup.stderr).toMatch(/^hustings: .*tampered\.json does not verify: ballot with tracker/);

    const swapped = await hustings(['verify', tampered((b) => (b.declared.elected = [standing(s).find((id) => id !== s.count!.elected[0])]))]);
    expect(swapped.status).toBe(1);
    expect(swapped.stdout).toMatch(/declared elected: .*; the record elects /);

    const notJson = join(world.dir, 'broken.json');
    writeFileSync(notJson, '{"format": "hustings-bulletin-board", "version": 1');
    const broken = await hustings(['verify', notJson]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json: not a bulletin board: it is not JSON/);
    expect((await hustings(['verify'])).status).toBe(2);
    expect((await hustings(['verify', join(world.dir, 'absent.json')])).stderr).toMatch(/absent\.json: no such file/);
  });
});
