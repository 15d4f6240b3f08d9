/**
 * `hustings board <process> [--out file.json]`, the built command on the demo
 * party's store: refused before the close (and for what is not a ballot),
 * byte for byte the web app's board.json after it, accepted by `hustings
 * verify`, and a tampered copy refused by it; the paper votes of a ballot
 * closed uncounted are on its board.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock } from '../../src/domain/time.js';
import { recordPaperVote } from '../../src/app/paper-votes.js';
import { buildWorld, type World } from '../web/server/fixture.js';
import { ensureBuilt, hustings } from './built.js';

let world: World;
let db = '';
beforeAll(async () => {
  ensureBuilt();
  world = await buildWorld();
  db = `sqlite:${join(world.dir, 'party.db')}`;
}, 180_000);
afterAll(async () => {
  await world?.cleanup();
});

interface BoardFile {
  ballots: { tracker: string; ranking: string[] }[];
  voters: { total: number; online: number; postal: number; inPerson: number };
  declared: unknown;
}

describe('hustings board', () => {
  it('refuses, with the reason and nothing on stdout, before voting has closed and for what is not a ballot', () => {
    const open = hustings(['board', world.voting.id, '--db', db]);
    expect(open.status).toBe(1);
    expect(open.stdout).toBe('');
    expect(open.stderr).toMatch(/^hustings: The bulletin board of .* is published once voting has closed; voting on it has not closed/);
    const trigger = hustings(['board', world.trigger.id, '--db', db]);
    expect(trigger.status).toBe(1);
    expect(trigger.stderr).toMatch(/is a trigger-ballot, which has no ballot to publish/);
    const none = hustings(['board', 'no-such-ballot', '--db', db]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no selection or internal election "no-such-ballot" in the store');
    const usage = hustings(['board', '--db', db]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/missing a process id/);
    expect(hustings(['help']).stdout).toContain('hustings board <process>');
    expect(hustings(['board', '--help']).stdout).toMatch(/^Usage: hustings board <process> \[--out <file\.json>\]/);
  });

  it('writes the same document as GET /results/<process>/board.json, which `hustings verify` accepts', async () => {
    const printed = hustings(['board', world.counted.id, '--db', db]);
    expect(printed.status, printed.stderr).toBe(0);
    const served = await world.app.request(`/results/${world.counted.id}/board.json`);
    expect(served.status).toBe(200);
    expect(printed.stdout).toBe(await served.text());

    const file = join(world.dir, 'counted-board.json');
    const written = hustings(['board', world.counted.id, '--out', file, '--db', db]);
    expect(written.status, written.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
    const board = JSON.parse(printed.stdout) as BoardFile & { ballotsSha256: string };
    expect(written.stdout).toContain(`to ${file}: 25 ballots, counted by irv; the ballots' SHA-256 is ${board.ballotsSha256}.`);
    expect(written.stdout).toContain(`hustings verify ${file}`);

    const verified = hustings(['verify', file]);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Verified: the published ballots give the declared result, and its arithmetic holds.');
  });

  it('a tampered copy does not verify, and the verifier says what changed', () => {
    const file = join(world.dir, 'counted-board.json');
    const board = JSON.parse(readFileSync(file, 'utf8')) as BoardFile;
    const swapped = structuredClone(board);
    const victim = swapped.ballots.findIndex((b) => b.ranking.length > 0 && b.ranking[0] !== 'c3');
    swapped.ballots[victim].ranking = ['c3'];
    const changed = join(world.dir, 'changed.json');
    writeFileSync(changed, JSON.stringify(swapped, null, 2));
    const r1 = hustings(['verify', changed]);
    expect(r1.status).toBe(1);
    expect(r1.stdout).toMatch(/the ballots' SHA-256 is [0-9a-f]{64}, but the board says [0-9a-f]{64}: the ballot list is not the one published/);
    expect(r1.stderr).toMatch(/changed\.json does not verify/);

    const copied = structuredClone(board);
    copied.ballots.push(copied.ballots[0]);
    const twice = join(world.dir, 'twice.json');
    writeFileSync(twice, JSON.stringify(copied, null, 2));
    const r2 = hustings(['verify', twice]);
    expect(r2.status).toBe(1);
    expect(r2.stdout).toContain(`ballot with tracker ${board.ballots[0].tracker} appears twice`);
  });

  it('writes nothing when the file cannot be written', () => {
    const file = join(world.dir, 'no-such-dir', 'board.json');
    const r = hustings(['board', world.counted.id, '--out', file, '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hustings: cannot write .*board\.json/);
    expect(existsSync(file)).toBe(false);
  });

  it('after the close and before the count: every ballot, paper votes included, and it verifies', async () => {
    const s = (await world.store.getProcess(world.voting.id))!.state as SelectionState;
    const [first, second] = s.shortlist!;
    const voters = (await world.store.electorate(world.voting.id)).filter((e) => e.eligible).slice(0, 3);
    const clock = fixedClock('2024-06-01T10:00:00Z');
    expect((await world.store.castBallot(world.voting.id, voters[0].member, { ranking: [first, second], tracker: 'ONLINE-1' })).ok).toBe(true);
    const proc = (await world.store.processDocument(world.voting.id))!;
    expect(
      (await recordPaperVote(world.store, clock, { process: proc, member: voters[1].member, channel: 'postal', ranking: [second], actor: 'test' })).ok,
    ).toBe(true);
    expect((await recordPaperVote(world.store, clock, { process: proc, member: voters[2].member, channel: 'in-person', ranking: [], actor: 'test' })).ok).toBe(
      true,
    );

    const closed = hustings(['selection', 'close-ballot', world.voting.id, '--now', s.timetable.ballotCloses, '--db', db]);
    expect(closed.status, closed.stderr).toBe(0);
    const file = join(world.dir, 'closed-board.json');
    const r = hustings(['board', world.voting.id, '--out', file, '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 ballots, not counted yet');
    const board = JSON.parse(readFileSync(file, 'utf8')) as BoardFile;
    expect(board.voters).toEqual({ total: 3, online: 1, postal: 1, inPerson: 1 });
    expect(board.declared).toBeNull();
    expect(board.ballots.map((b) => b.ranking).sort()).toEqual([[], [first, second], [second]].sort());
    const v = hustings(['verify', file]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('Verified: the ballots are in order.');
  });
});
