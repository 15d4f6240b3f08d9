/**
 * Evidence that holds against whoever holds the database, through the web app
 * and the command line on a real SQLite file:
 *
 * - the NEC's stv-droop election counts once, keeps its record, and its results
 *   page answers (it used to be a 500 and a false alarm); the kept record, the
 *   board and the verifier's recount are the same record, a candidate ranked
 *   twice included; a kept record changed behind the audit log is refused in words;
 * - the seal logs the box and a seed drawn then, and a box changed after the
 *   seal (ballots added for non-voters, others rewritten) is counted and
 *   published by nobody;
 * - no seed can be chosen at count time, and a file is not counted in place of a box.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEntry } from '../../../src/app/seal-ballot-box.js';
import { freezeElectorate, applyStep } from '../../app/steps.js';
import { run, type Io } from '../../../src/cli/run.js';
import { canonicalJson } from '../../../src/audit/index.js';
import type { InternalElectionState, SelectionState } from '../../../src/domain/processes/index.js';
import { fixedClock } from '../../../src/domain/time.js';
import { boardJson, makeBoard, readBoard } from '../../../src/integrity/board.js';
import { recountBoard, verifyBoard } from '../../../src/integrity/verify.js';
import type { StoredProcess } from '../../../src/store/store.js';
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

async function hustings(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} };
  const status = await run(args, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe("the NEC's stv-droop election", () => {
  let nec: StoredProcess;

  it('is counted once from the web, shown to officers as "counted, not yet declared", and to everyone once declared', async () => {
    nec = (await world.store.listProcesses({ kind: 'internal-election' }))[0];
    const s0 = nec.state as InternalElectionState;
    expect(s0.method).toBe('stv-droop');
    const clock = fixedClock(`${s0.timetable.nominationsClose}T12:00:00.000Z`);
    const a = { store: world.store, clock, actor: 'test' };
    nec = (await freezeElectorate(a, nec.id, 'internal-election')).process;
    clock.set(`${s0.timetable.ballotOpens}T09:00:00.000Z`);
    nec = await applyStep(a, nec.id, 'internal-election', { type: 'open-ballot' });
    const ids = s0.candidates.map((c) => c.id);
    const voters = (await world.store.electorate(nec.id)).filter((e) => e.eligible).slice(0, 60);
    for (const [i, e] of voters.entries()) {
      const first = ids[i % ids.length];
      // Every seventh ballot ranks its first choice again: one reading of that, whichever path counts it.
      const ranking =
        i % 7 === 0 ? [first, ids[(i + 1) % ids.length], first, ids[(i + 5) % ids.length]] : [first, ids[(i + 3) % ids.length], ids[(i + 1) % ids.length]];
      const r = await world.store.castBallot(nec.id, e.member, { ranking, tracker: `N-${randomBytes(6).toString('hex').toUpperCase()}` });
      expect(r.ok).toBe(true);
    }
    world.clock.set(`${s0.timetable.ballotCloses}T21:00:00.000Z`);
    const officer = await new Client(world).actAs(world.people.nationalOfficer.member);
    const base = `/processes/${nec.id}`;
    expect((await officer.post(`${base}/steps/close-ballot`, {})).status).toBe(303);
    const seal = (await sealEntry(world.store, nec.id))!;
    expect(seal).toMatchObject({ process: nec.id, ballots: 60, marked: 60, online: 60, postal: 0, inPerson: 0 });
    expect(seal.seed).toBeGreaterThanOrEqual(0);

    // The count form offers no seed: the lot's seed was drawn at the close.
    const form = await officer.get(base);
    expect(form.text).toContain('Run the count');
    expect(form.text).not.toMatch(/name="seed"/);
    const counted = await officer.post(`${base}/steps/record-count`, {});
    expect(counted.status, counted.text.slice(0, 400)).toBe(303);
    const s = (await world.store.getProcess(nec.id))!.state as InternalElectionState;
    expect(s.phase).toBe('counted');
    expect(s.count!.seed).toBe(seal.seed);

    const anon = await new Client(world).actAs(null);
    for (const path of ['', '/count.csv', '/count.json', '/ballots.blt']) {
      const r = await anon.get(`/results/${nec.id}${path}`);
      expect(r.status, path).toBe(409);
      expect(r.text).not.toContain('Elected');
    }
    expect(JSON.parse((await anon.get(`/results/${nec.id}/board.json`)).text).declared).toBeNull();
    const scrutineer = await new Client(world).actAs(world.people.scrutineer.member);
    const early = await scrutineer.get(`/results/${nec.id}`);
    expect(early.status).toBe(200);
    expect(early.text).toContain('Counted, not yet declared');

    expect((await officer.post(`${base}/steps/declare`, {})).status).toBe(303);
    const page = await anon.get(`/results/${nec.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Elected:');
    expect(page.text).not.toContain('scrutineers');
    expect(page.text).not.toContain('Counted, not yet declared');
    for (const path of ['/count.csv', '/count.json', '/ballots.blt']) expect((await anon.get(`/results/${nec.id}${path}`)).status, path).toBe(200);
  });

  it('gives one record through every path: kept at the count, on the board, and recounted by the verifier', async () => {
    const kept = (await world.store.keptCount(nec.id))!;
    const board = readBoard((await new Client(world).actAs(null).then((c) => c.get(`/results/${nec.id}/board.json`))).text);
    expect(board.ok).toBe(true);
    if (!board.ok) return;
    expect(board.value.ballots.filter((b) => new Set(b.ranking).size < b.ranking.length).length).toBeGreaterThan(0);
    expect(canonicalJson(board.value.declared!.record)).toBe(kept.record);
    const recount = recountBoard(board.value);
    expect(typeof recount).not.toBe('string');
    expect(canonicalJson(recount)).toBe(kept.record);
    expect(verifyBoard(board.value).problems).toEqual([]);
  });

  it('`hustings verify` checks the board against the audit log, so a board forged consistently with the library fails', async () => {
    const boardFile = join(world.dir, 'nec-board.json');
    const text = (await (await new Client(world).actAs(null)).get(`/results/${nec.id}/board.json`)).text;
    writeFileSync(boardFile, text);
    const head = (await world.store.auditHead())!;
    const headText = `${head.seq}:${head.hash}`;
    const exported = await hustings(['audit', 'export', '--process', nec.id, '--db', db]);
    expect(exported.status, exported.stderr).toBe(0);
    const logFile = join(world.dir, 'nec-log.json');
    writeFileSync(logFile, exported.stdout);
    expect(JSON.parse(exported.stdout)).toMatchObject({ format: 'hustings-audit-extract', head: headText });

    const honest = await hustings(['verify', boardFile, '--audit', logFile, '--head', headText]);
    expect(honest.status, honest.stdout + honest.stderr).toBe(0);
    expect(honest.stdout).toContain('against the seal of');
    expect(honest.stdout).toContain(`The board matches the audit log up to the head ${headText}.`);
    expect((await hustings(['verify', boardFile, '--db', db, '--head', headText])).status).toBe(0);
    expect((await hustings(['verify', boardFile, '--audit', logFile])).stderr).toContain('needs --head');

    // A forger rewrites ballots and rebuilds the board with the library's own functions: it is consistent with itself.
    const original = readBoard(text);
    if (!original.ok) throw new Error(original.error.message);
    const b = original.value;
    const ids = b.candidates.map((c) => c.id);
    const ballots = b.ballots.map((x, i) => (i < 30 ? { tracker: x.tracker, ranking: [ids[ids.length - 1], ids[ids.length - 2]] } : x));
    const draft = makeBoard({ ...b, ballots, declared: null });
    const record = recountBoard(draft);
    if (typeof record === 'string') throw new Error(record);
    const forged = makeBoard({ ...b, ballots, declared: { elected: record.elected.map((i) => ids[i]), record } });
    const forgedFile = join(world.dir, 'forged-board.json');
    writeFileSync(forgedFile, boardJson(forged));
    expect((await hustings(['verify', forgedFile])).status).toBe(0);
    const caught = await hustings(['verify', forgedFile, '--audit', logFile, '--head', headText]);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toMatch(/the board's ballots are not the ones sealed on \d{4}-\d\d-\d\d: their SHA-256 is/);
    expect(caught.stdout).toContain("the board's count record is not the one kept at the count");

    // Nor can the log be rewritten to match: the head pins it.
    const log = JSON.parse(exported.stdout) as { entries: { type: string; data: Record<string, unknown> }[] };
    const seal = log.entries.find((e) => e.type === 'box.sealed')!;
    seal.data.boxSha256 = forged.ballotsSha256;
    writeFileSync(logFile, JSON.stringify(log));
    const rewritten = await hustings(['verify', forgedFile, '--audit', logFile, '--head', headText]);
    expect(rewritten.status).toBe(1);
    expect(rewritten.stdout).toMatch(/audit entry \d+ does not match its hash: it was changed/);
  });

  it('refuses, in words and not with a 500, a kept record changed behind the audit log', async () => {
    const file = new Database(join(world.dir, 'party.db'));
    const row = file.prepare('SELECT record FROM count_records WHERE process = ?').get(nec.id) as { record: string };
    file.prepare('UPDATE count_records SET record = ? WHERE process = ?').run(row.record.replace(/"totalBallots":"60(\.0+)?"/, '"totalBallots":"61"'), nec.id);
    file.close();
    const r = await (await new Client(world).actAs(null)).get(`/results/${nec.id}`);
    expect(r.status).toBe(409);
    expect(r.text).toContain('does not match the one recorded in the audit log');
    expect(r.text).toContain('tell the scrutineers');
  });
});

describe('a ballot box changed after its seal', () => {
  it('is neither counted nor published, and says what differs', async () => {
    const s = world.voting.state as SelectionState;
    const paper = (s.shortlist ?? []).filter((id) => s.candidates.find((c) => c.id === id)?.withdrawn === null);
    const electorate = (await world.store.electorate(world.voting.id)).filter((e) => e.eligible);
    for (const [i, e] of electorate.slice(0, 11).entries()) {
      expect(
        (await world.store.castBallot(world.voting.id, e.member, { ranking: [paper[i % paper.length]], tracker: `S-${i}-${randomBytes(4).toString('hex')}` }))
          .ok,
      ).toBe(true);
    }
    world.clock.set(`${s.timetable.ballotCloses}T21:00:00.000Z`);
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const base = `/processes/${world.voting.id}`;
    expect((await officer.post(`${base}/steps/close-ballot`, {})).status).toBe(303);
    const seal = (await sealEntry(world.store, world.voting.id))!;
    expect(seal.ballots).toBe(11);

    // Whoever holds the file adds ballots for members who did not vote and rewrites others.
    const file = new Database(join(world.dir, 'party.db'));
    for (const [i, e] of electorate.slice(20, 60).entries()) {
      file.prepare('INSERT INTO voters_marked (process, member) VALUES (?, ?)').run(world.voting.id, e.member);
      file
        .prepare('INSERT INTO cast_ballots (process, key, ranking, tracker) VALUES (?, ?, ?, ?)')
        .run(world.voting.id, randomBytes(16).toString('hex'), JSON.stringify([paper[0]]), `X-${i}`);
    }
    file.prepare('UPDATE cast_ballots SET ranking = ? WHERE process = ?').run(JSON.stringify([paper[1]]), world.voting.id);
    file.close();

    const counted = await officer.post(`${base}/steps/record-count`, {});
    expect(counted.status).toBe(409);
    expect(counted.text).toMatch(/the ballot box holds 51 ballots but 11 were sealed on \d{4}-\d\d-\d\d/);
    expect(((await world.store.getProcess(world.voting.id))!.state as SelectionState).phase).toBe('closed');
    expect(await world.store.keptCount(world.voting.id)).toBeNull();

    const board = await (await new Client(world).actAs(null)).get(`/results/${world.voting.id}/board.json`);
    expect(board.status).toBe(409);
    expect(board.text).toContain('the ballot box holds 51 ballots but 11 were sealed on');

    const cli = await hustings(['selection', 'count', world.voting.id, '--db', db]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(
      /^hustings: The ballot box of .* no longer matches its seal in the audit log: the ballot box holds 51 ballots but 11 were sealed on/,
    );
  });

  it('is not replaced by a file of ballots, and no seed can be chosen at the count', async () => {
    const s = world.voting.state as SelectionState;
    const names = (s.shortlist ?? []).map((id) => s.candidates.find((c) => c.id === id)!.name);
    const blt = join(world.dir, 'fabricated.blt');
    writeFileSync(blt, `${names.length} 1\n51 1 0\n0\n${names.map((n) => `"${n}"`).join('\n')}\n"Fabricated"\n`);
    const fromFile = await hustings(['selection', 'count', world.voting.id, blt, '--db', db]);
    expect(fromFile.status).toBe(1);
    expect(fromFile.stderr).toContain('has its own ballot box (51 ballots');
    expect(fromFile.stderr).toContain('run the count without a ballot file');
    const seeded = await hustings(['selection', 'count', world.voting.id, '--seed', '7', '--db', db]);
    expect(seeded.status).toBe(2);
    expect(seeded.stderr).toContain('the seed of any drawing of lots was drawn from a secure random source when the ballot closed');
    expect(((await world.store.getProcess(world.voting.id))!.state as SelectionState).phase).toBe('closed');
  });
});
