/**
 * Publishing a bulletin board from a store: refused while voting is open,
 * sealing the box if the close did not (a crash between the two), the count
 * record once counted, and nothing published if the stored ballots no longer
 * give the recorded count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCount } from '../../src/app/record-count.js';
import { sealEntry } from '../../src/app/seal-ballot-box.js';
import { generateParty } from '../../src/demo/generate.js';
import { populate } from '../../src/app/populate-demo.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { applyProcess, type ProcessState, type SelectionState } from '../../src/domain/processes/index.js';
import type { ProcessDocument } from '../../src/domain/processes/documents.js';
import { ok } from '../../src/domain/result.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { compareCodePoints } from '../../src/integrity/board.js';
import { publishBoard } from '../../src/app/publish-board.js';
import { verifyBoard } from '../../src/integrity/verify.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';

let dir = '';
let store: Store;
let voting: ProcessDocument;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hustings-publish-'));
  store = await openStore(`sqlite:${join(dir, 'party.db')}`);
  await populate(store, generateParty({ seed: 3, members: 3_000, today: isoDate('2024-06-01') }), LABOUR_2021);
  voting = (await store.processDocuments({ kind: 'selection' })).find((p) => p.state.phase === 'ballot-open')!;
}, 120_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const HOW = { actor: 'test', at: '2024-06-20T12:00:00.000Z', withUndeclared: true };
const current = async (): Promise<ProcessDocument> => (await store.processDocument(voting.id))!;

describe('publishing the bulletin board', () => {
  it('is refused while the ballot is open, and for what is not a ballot', async () => {
    const r = await publishBoard(store, voting, HOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('not-published');
      expect(r.error.message).toContain('published once voting has closed; voting on it has not closed');
    }
    const trigger = (await store.processDocuments({ kind: 'trigger-ballot' }))[0];
    expect((await publishBoard(store, trigger, HOW)).ok).toBe(false);
    expect((await store.ballotBox(voting.id))?.sealed).toBe(false);
  });

  it('after a close that did not seal (a crash between the two), seals the box and publishes the ballots', async () => {
    const s = voting.state as SelectionState;
    const paper = (s.shortlist ?? []).filter((id) => s.candidates.find((c) => c.id === id)?.withdrawn === null);
    const eligible = (await store.electorate(voting.id)).filter((e) => e.eligible).slice(0, 40);
    for (const [i, e] of eligible.entries()) {
      const ballot = { ranking: i % 4 === 0 ? [] : [paper[i % paper.length], paper[(i + 1) % paper.length]], tracker: `T${(i * 7919) % 1000}-${i}` };
      const r = i % 5 === 0 ? await store.recordOfflineVote(voting.id, e.member, 'postal', ballot) : await store.castBallot(voting.id, e.member, ballot);
      expect(r.ok).toBe(true);
    }
    // The state moves to "closed" the way a step does, but the seal that follows a close never ran.
    const clock = fixedClock(`${s.timetable.ballotCloses}T20:00:00.000Z`);
    const closed = await store.updateProcess(voting.id, (p) => {
      const r = applyProcess(p.state as ProcessState, { type: 'close-ballot' }, { rulebook: LABOUR_2021, clock });
      return r.ok ? ok({ state: r.value.state, event: r.value.event, at: r.value.event.at }) : r;
    });
    expect(closed.ok).toBe(true);
    expect((await store.ballotBox(voting.id))?.sealed).toBe(false);

    const r = await publishBoard(store, await current(), HOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const board = r.value;
    expect(await store.ballotBox(voting.id)).toMatchObject({ sealed: true, tracesCleared: true, voters: 40, ballots: 40 });
    expect(board.ballots).toHaveLength(40);
    expect(board.ballots.map((b) => b.tracker)).toEqual(board.ballots.map((b) => b.tracker).sort(compareCodePoints));
    expect(board.voters).toEqual({ total: 40, online: 32, postal: 8, inPerson: 0 });
    expect(board.declared).toBeNull();
    expect(board.method).toBe('irv');
    // The seed of the lot was drawn at the seal, logged with it, and is published from the close.
    const seal = await sealEntry(store, voting.id);
    expect(seal).toMatchObject({ ballots: 40, marked: 40, online: 32, postal: 8, inPerson: 0, boxSha256: board.ballotsSha256 });
    expect(board.options).toEqual({ seats: 1, seed: seal!.seed });
    expect(board.candidates.map((c) => c.id)).toEqual(s.shortlist);
    expect(board.process).toEqual({ id: voting.id, kind: 'selection', title: s.title, rulebook: voting.rulebook, closedOn: s.timetable.ballotCloses });
    expect(verifyBoard(board).problems).toEqual([]);
  });

  it('once counted, carries the record, which verifies', async () => {
    const clock = fixedClock(`${(voting.state as SelectionState).timetable.ballotCloses}T21:00:00.000Z`);
    expect((await recordCount(store, clock, await current(), LABOUR_2021, { kind: 'ballot-box' }, 'test')).ok).toBe(true);
    const r = await publishBoard(store, await current(), HOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const summary = ((await current()).state as SelectionState).count!;
    expect(r.value.declared?.elected).toEqual(summary.elected);
    expect(r.value.options).toEqual({ seats: 1, seed: (await sealEntry(store, voting.id))!.seed });
    expect(r.value.declared?.record.stages.length).toBe(summary.rounds.length);
    expect(verifyBoard(r.value).problems).toEqual([]);
  });

  it('publishes nothing if the stored ballots no longer match the seal in the audit log', async () => {
    const db = new Database(join(dir, 'party.db'));
    const [one] = db.prepare("SELECT key, ranking FROM cast_ballots WHERE process = ? AND ranking <> '[]' LIMIT 1").all(voting.id) as {
      key: string;
      ranking: string;
    }[];
    const ranking = JSON.parse(one.ranking) as string[];
    // Moved to its last choice first: the first-round totals change.
    db.prepare('UPDATE cast_ballots SET ranking = ? WHERE process = ? AND key = ?').run(JSON.stringify([...ranking].reverse()), voting.id, one.key);
    db.close();
    const r = await publishBoard(store, await current(), HOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('mismatch');
      expect(r.error.message).toMatch(
        /no longer matches its seal in the audit log: the ballots in the box are not the ones sealed on \d{4}-\d\d-\d\d \(some were changed\)/,
      );
    }
  });
});
