/**
 * Disputes about a selection on its store, on SQLite and PostgreSQL: a member left out of the frozen
 * electorate lodges a dispute, the panel's chair upholds it restoring them — added to the stored
 * electorate in the step that records the decision, with its audit entry — and they can then vote;
 * the refusals (twice, an unknown member, after the close) change nothing. And a selection's ballot
 * voided and held again: the votes cast (online and on paper) and the count are set aside in the step
 * that records the decision; the box is empty and unsealed; every member who voted may vote again once
 * the ballot reopens on its new day; the ballot held again is sealed and counted on its own, its
 * result the kept one; and the audit log has the decision, both seals and both counts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { changeDisputesPanel, decideDispute, lodgeDispute, type DisputeActor, type DisputedDocument } from '../../src/app/disputes.js';
import { keptRecord } from '../../src/app/kept-results.js';
import { populate } from '../../src/app/populate-demo.js';
import { recordCount } from '../../src/app/record-count.js';
import { checkSealedBox } from '../../src/app/seal-ballot-box.js';
import { generateParty } from '../../src/demo/generate.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { votingWindow, type SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';
import { applyStep } from './steps.js';

const pg = await postgresAvailable('disputes on PostgreSQL');
const schemas = new Schemas();
afterAll(() => schemas.dropAll());

/** The two stores, a PostgreSQL one in a schema of its own named after `name` (one a test). */
const storesFor = (name: string): [string, boolean, () => Promise<Store>][] => [
  ['sqlite', true, () => openStore('sqlite::memory:')],
  ['postgres', pg, async () => openStore(inSchema(await schemas.create(name)))],
];

const TODAY = isoDate('2024-06-01');
const DAY = 86_400_000;

for (const [dialect, available, open] of storesFor('disputes')) {
  describe.skipIf(!available)(`disputes about a selection (${dialect})`, () => {
    it('restores a member left out of the electorate, who can then vote; refuses twice, an unknown member, and after the close', async () => {
      const store = await open();
      try {
        await populate(store, generateParty({ seed: 1, members: 400, today: TODAY }), LABOUR_2021);
        const ballot = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open')!;
        const id = ballot.id as ProcessId;
        const state = ballot.state as SelectionState;
        const window = votingWindow(state);
        const clock = fixedClock(new Date(window.opens.getTime() + 3_600_000));
        const entries = await store.electorate(id);
        const left = entries.find((e) => !e.eligible)!;
        expect(left).toBeDefined();
        const chair = entries.find((e) => e.eligible)!.member;
        const admin = { store, clock, actor: 'admin' };
        expect((await changeDisputesPanel(admin, chair, 'appoint-chair')).ok).toBe(true);

        const doc = async () => (await store.processDocument(id)) as DisputedDocument;
        const member: DisputeActor = { member: left.member, runsReview: false, nationalOfficer: false };
        const lodged = await lodgeDispute({ store, clock, actor: left.member }, await doc(), member, {
          subject: { kind: 'eligibility', member: left.member },
          grounds: 'I was a member on the freeze date; my renewal was recorded late.',
          evidence: null,
        });
        expect(lodged.ok).toBe(true);
        const eligibleBefore = entries.filter((e) => e.eligible).length;
        const chairActs = { store, clock, actor: chair };
        const panel: DisputeActor = { member: chair, runsReview: false, nationalOfficer: false };
        const reasons = 'The renewal was paid before the freeze date.';
        const decided = await decideDispute(chairActs, await doc(), panel, '1', {
          outcome: 'upheld',
          reasons,
          remedy: { kind: 'restore-member', member: left.member },
        });
        expect(decided.ok).toBe(true);
        const after = await store.electorate(id);
        expect(after.find((e) => e.member === left.member)).toMatchObject({ eligible: true, reason: expect.stringContaining(reasons) });
        expect(after.filter((e) => e.eligible)).toHaveLength(eligibleBefore + 1);
        const s = (await doc()).state as SelectionState;
        expect(s.electorate?.eligible).toBe(state.electorate!.eligible + 1);
        expect(s.restored).toEqual([expect.objectContaining({ member: left.member, reasons })]);
        const logged = await store.auditEntriesOf(id, 'selection.dispute-decided');
        expect(logged.map((e) => e.data)).toEqual([
          expect.objectContaining({ dispute: '1', outcome: 'upheld', remedy: `member ${left.member} is restored to the electorate`, reasons }),
        ]);
        expect(await store.auditEntriesOf(id, 'selection.dispute-lodged')).toHaveLength(1);
        // Restored, they can vote.
        const cast = await store.castBallot(id, left.member, { ranking: [state.shortlist![0]!], tracker: 'restored-voter-1' });
        expect(cast.ok).toBe(true);

        // A second dispute for the same member, and one for nobody: refused, nothing changed.
        for (const who of [left.member, 'no-such-member' as MemberId]) {
          const again = await lodgeDispute({ store, clock, actor: left.member }, await doc(), member, {
            subject: { kind: 'process' },
            grounds: 'Again.',
            evidence: null,
          });
          expect(again.ok).toBe(true);
          const n = String(((await doc()).state.disputes ?? []).length);
          const refused = await decideDispute(chairActs, await doc(), panel, n, {
            outcome: 'upheld',
            reasons,
            remedy: { kind: 'restore-member', member: who },
          });
          expect(refused.ok).toBe(false);
          expect(!refused.ok && refused.error.message).toMatch(who === left.member ? /already in the electorate/ : /There is no member no-such-member/);
        }
        // After the close the remedy is refused, saying why.
        const other = entries.find((e) => !e.eligible && e.member !== left.member)!;
        clock.set(new Date(window.closes.getTime() + 1000));
        await applyStep({ store, clock, actor: 'officer' }, id, 'selection', { type: 'close-ballot' });
        const late = await decideDispute(chairActs, await doc(), panel, '2', {
          outcome: 'upheld',
          reasons,
          remedy: { kind: 'restore-member', member: other.member },
        });
        expect(!late.ok && late.error.message).toMatch(/The ballot closed on .*can no longer be added to its electorate/);
        expect((await store.electorate(id)).find((e) => e.member === other.member)?.eligible).toBe(false);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
}

for (const [dialect, available, open] of storesFor('rerun')) {
  describe.skipIf(!available)(`a selection's ballot voided and held again (${dialect})`, () => {
    it('sets aside every vote and the count, lets every member vote again, and counts the ballot held again on its own', async () => {
      const store = await open();
      try {
        await populate(store, generateParty({ seed: 1, members: 400, today: TODAY }), LABOUR_2021);
        const ballot = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open')!;
        const id = ballot.id as ProcessId;
        const state = ballot.state as SelectionState;
        const window = votingWindow(state);
        const clock = fixedClock(new Date(window.opens.getTime() + 3_600_000));
        const eligible = (await store.electorate(id)).filter((e) => e.eligible).map((e) => e.member);
        const chair = eligible[0]!;
        const officer = { store, clock, actor: 'officer' };
        expect((await changeDisputesPanel({ store, clock, actor: 'admin' }, chair, 'appoint-chair')).ok).toBe(true);
        // Two members who have not voted yet: one votes online, the other by post.
        const voters = [];
        for (const m of eligible.slice(1)) if (voters.length < 2 && !(await store.hasVoted(id, m))) voters.push(m);
        const [first, second] = voters;
        const shortlist = state.shortlist!;
        const turnoutBefore = await store.turnout(id);
        expect((await store.castBallot(id, first!, { ranking: [shortlist[0]!], tracker: 'rerun-first-1' })).ok).toBe(true);
        expect((await store.recordOfflineVote(id, second!, 'postal', { ranking: [shortlist[1]!], tracker: 'rerun-second-1' })).ok).toBe(true);
        const cast = await store.turnout(id);
        expect(cast).toBe(turnoutBefore + 2);

        // Closed, sealed and counted: the first ballot's result.
        clock.set(new Date(window.closes.getTime() + 1000));
        await applyStep(officer, id, 'selection', { type: 'close-ballot' });
        const closed = (await store.processDocument(id))!;
        const counted = await recordCount(store, clock, closed, LABOUR_2021, { kind: 'ballot-box' }, 'officer');
        if (!counted.ok) throw new Error(counted.error.message);
        expect((await keptRecord(store, id, state.title)).ok).toBe(true);

        // A candidate disputes the count; the panel voids the ballot and sets new voting days.
        const doc = async () => (await store.processDocument(id)) as DisputedDocument;
        const candidate = state.candidates.find((c) => c.member !== null)!;
        const lodged = await lodgeDispute(
          { store, clock, actor: candidate.member! },
          await doc(),
          { member: candidate.member as never, runsReview: false, nationalOfficer: false },
          {
            subject: { kind: 'count' },
            grounds: 'Members in two branches were sent ballot papers listing the wrong candidates.',
            evidence: null,
          },
        );
        expect(lodged.ok).toBe(true);
        const panel: DisputeActor = { member: chair, runsReview: false, nationalOfficer: false };
        const today = new Date(clock.now().getTime());
        const opens = isoDate(new Date(today.getTime() + 7 * DAY).toISOString().slice(0, 10));
        const closes = isoDate(new Date(today.getTime() + 21 * DAY).toISOString().slice(0, 10));
        const reasons = 'The wrong papers reached members in two branches; the ballot cannot stand.';
        const decided = await decideDispute({ store, clock, actor: chair }, await doc(), panel, '1', {
          outcome: 'upheld',
          reasons,
          remedy: { kind: 'rerun-ballot', opens, closes },
        });
        if (!decided.ok) throw new Error(decided.error.message);
        const s = (await doc()).state as SelectionState;
        expect(s).toMatchObject({ phase: 'electorate-frozen', count: null, ballot: null, timetable: { ballotOpens: opens, ballotCloses: closes } });
        expect(s.voidedBallots).toEqual([expect.objectContaining({ round: 1, counted: true, reasons })]);
        // Every vote set aside: an empty, unsealed box of the second round, nobody marked as voted, no kept count.
        expect(await store.ballots(id)).toEqual([]);
        expect(await store.turnout(id)).toBe(0);
        expect(await store.hasVoted(id, first!)).toBe(false);
        expect(await store.voteOf(id, second!)).toBeNull();
        expect(await store.ballotBox(id)).toMatchObject({ sealed: false, round: 2, voters: 0, ballots: 0 });
        expect(await store.keptCount(id)).toBeNull();
        const logged = await store.auditEntriesOf(id, 'selection.dispute-decided');
        expect(logged.map((e) => e.data)).toEqual([
          expect.objectContaining({ outcome: 'upheld', remedy: `the ballot is void, its votes set aside, and it is held again from ${opens} to ${closes}` }),
        ]);

        // The ballot opens again on its new day; both voters vote again, the same tracker codes free again.
        clock.set(new Date(`${opens}T09:00:00.000Z`));
        await applyStep(officer, id, 'selection', { type: 'open-ballot' });
        expect((await store.castBallot(id, first!, { ranking: [shortlist[1]!], tracker: 'rerun-first-1' })).ok).toBe(true);
        expect((await store.castBallot(id, second!, { ranking: [shortlist[1]!], tracker: 'rerun-second-2' })).ok).toBe(true);
        expect(await store.turnout(id)).toBe(2);
        const again = await store.castBallot(id, first!, { ranking: [shortlist[0]!], tracker: 'rerun-first-3' });
        expect(!again.ok && again.error.code).toBe('already-voted');

        // Closed, sealed (a seal of the second round) and counted again: the new count is the result.
        clock.set(new Date(`${closes}T23:30:00.000Z`));
        await applyStep(officer, id, 'selection', { type: 'close-ballot' });
        const seal = await checkSealedBox(store, id, state.title);
        if (!seal.ok) throw new Error(seal.error.message);
        expect(seal.value).toMatchObject({ ballots: 2, marked: 2 });
        expect((await store.auditEntriesOf(id, 'box.sealed')).map((e) => (e.data as { round?: number }).round ?? 1)).toEqual([1, 2]);
        const recounted = await recordCount(store, clock, (await store.processDocument(id))!, LABOUR_2021, { kind: 'ballot-box' }, 'officer');
        if (!recounted.ok) throw new Error(recounted.error.message);
        const kept = await keptRecord(store, id, state.title);
        if (!kept.ok) throw new Error(kept.error.message);
        expect(((await doc()).state as SelectionState).count?.ballots).toBe(2);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
}
