/**
 * Disputes about a selection on its store, on SQLite and PostgreSQL: a member left out of the frozen
 * electorate lodges a dispute, the panel's chair upholds it restoring them — added to the stored
 * electorate in the step that records the decision, with its audit entry — and they can then vote;
 * the refusals (twice, an unknown member, after the close) change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { changeDisputesPanel, decideDispute, lodgeDispute, type DisputeActor, type DisputedDocument } from '../../src/app/disputes.js';
import { populate } from '../../src/app/populate-demo.js';
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

const stores: [string, boolean, () => Promise<Store>][] = [
  ['sqlite', true, () => openStore('sqlite::memory:')],
  ['postgres', pg, async () => openStore(inSchema(await schemas.create('disputes')))],
];

const TODAY = isoDate('2024-06-01');

for (const [dialect, available, open] of stores) {
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
