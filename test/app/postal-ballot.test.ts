/**
 * A union executive's statutory postal ballot, end to end through the use cases, on SQLite and on
 * PostgreSQL: numbered papers for the frozen register, the returns log (received, duplicate, late,
 * spoilt and replaced, void, unknown), the marks typed and scanned, the count by the rulebook's
 * method, the scrutineer's report, and the destruction of the records after the retention period.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { castBallot } from '../../src/app/cast-ballot.js';
import { closeBallot } from '../../src/app/close-ballot.js';
import { recordPaperVote } from '../../src/app/paper-votes.js';
import {
  addComplaint,
  countPostalBallot,
  destroyPostalRecords,
  enterMarks,
  enterScannedPapers,
  inspectRegister,
  issuePostalPapers,
  logReturn,
  scrutineerReport,
  spoilPaper,
} from '../../src/app/postal-ballot.js';
import { processId } from '../../src/domain/ids.js';
import { UNION_EXECUTIVE_STATUTORY } from '../../src/domain/presets.js';
import { isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { applyStep, openElection } from './steps.js';
import { frozenPostalElection, noon } from './postal-fixture.js';
import { inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';

const rb = UNION_EXECUTIVE_STATUTORY;

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const refusedWith = (r: { ok: boolean; error?: { reason: string; message: string } }) => (r.ok ? 'ok' : `${r.error!.reason}: ${r.error!.message}`);

const pg = await postgresAvailable('postal ballot on PostgreSQL');
const schemas = new Schemas();
afterAll(() => schemas.dropAll());

const stores: [string, boolean, () => Promise<Store>][] = [
  ['sqlite', true, () => openStore('sqlite::memory:')],
  ['postgres', pg, async () => openStore(inSchema(await schemas.create('postal')))],
];

for (const [dialect, available, open] of stores) {
  describe.skipIf(!available)(`a statutory postal ballot (${dialect})`, () => {
    it('runs from numbered papers to the scrutineer’s report and the destruction of the records', async () => {
      const store = await open();
      const scrutineer = 'scrutineer-1';
      try {
        const { id, clock, a } = await frozenPostalElection(store, { seats: 1, method: 'plurality' });
        clock.set(noon('2026-01-06'));
        const early = await openElection(a, rb, 'Too early', {
          nominationsClose: isoDate('2026-02-01'),
          freezeDate: isoDate('2026-02-01'),
          ballotOpens: isoDate('2026-02-10'),
          ballotCloses: isoDate('2026-03-01'),
        });
        // No papers before the register is frozen.
        expect(
          refusedWith(await issuePostalPapers(store, clock, processId(early.id), { scrutineer: 'Civica', returnAddress: 'Freepost' }, scrutineer)),
        ).toMatch(/^not-frozen: /);
        clock.set(noon('2026-02-02'));
        expect(refusedWith(await issuePostalPapers(store, clock, id, { scrutineer: ' ', returnAddress: 'Freepost' }, scrutineer))).toMatch(/^scrutineer: /);
        expect(
          must(await issuePostalPapers(store, clock, id, { scrutineer: 'Civica Election Services', returnAddress: 'Freepost RTXX, London' }, scrutineer)),
        ).toEqual({ papers: 6 });
        expect(refusedWith(await issuePostalPapers(store, clock, id, { scrutineer: 'Again', returnAddress: 'Again' }, scrutineer))).toMatch(/^exists: /);

        // The register: numbers 1…6, one per member, read by the scrutineer and logged each time.
        const register = must(await inspectRegister(store, clock, id, scrutineer));
        expect(register.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(new Set(register.map((l) => l.member)).size).toBe(6);
        expect((await store.auditEntriesOf(id, 'postal.register-inspected')).length).toBe(1);
        // No audit entry names a member beside a number.
        const issuedEntry = (await store.auditEntriesOf(id, 'postal.papers-issued'))[0];
        expect(issuedEntry.data).toEqual({ process: id, papers: 6, scrutineer: 'Civica Election Services', lastDay: '2026-03-01' });

        clock.set(noon('2026-02-10'));
        await applyStep(a, id, 'internal-election', { type: 'open-ballot' });
        // Postal only: nobody votes online.
        const doc = (await store.processDocument(id))!;
        if (doc.kind !== 'internal-election') throw new Error('not an election');
        expect(refusedWith(await castBallot(store, clock, doc, doc.state, register[0].member, ['c1']))).toMatch(/^postal-only: /);
        const paper = await recordPaperVote(store, clock, { process: doc, member: register[0].member, channel: 'postal', ranking: ['c1'], actor: 'officer' });
        expect(refusedWith(paper)).toMatch(/^postal-only: /);

        // The returns log.
        const log = (n: string, day = '') => logReturn(store, clock, id, n, day, scrutineer);
        expect(must(await log('1'))).toEqual({ number: 1, kind: 'received' });
        expect(must(await log('1', '2026-02-12'))).toEqual({ number: 1, kind: 'duplicate' });
        expect(refusedWith(await log('99'))).toBe('unknown-paper: No paper numbered 99 was issued in this ballot: check the number printed on the paper.');
        expect(refusedWith(await log('two'))).toMatch(/^invalid-input: "two" is not a paper number/);
        expect(refusedWith(await log('3', '1 March'))).toMatch(/^received-on: /);
        expect(must(await spoilPaper(store, clock, id, '2', scrutineer))).toEqual({ number: 2, replacement: 7 });
        expect(refusedWith(await spoilPaper(store, clock, id, '1', scrutineer))).toMatch(/^already-returned: /);
        const holder2 = register.find((l) => l.number === 2)!.member;
        const now = must(await inspectRegister(store, clock, id, scrutineer));
        expect(now.find((l) => l.number === 7)).toEqual({ number: 7, member: holder2, state: 'issued', replacedBy: null });
        expect(now.find((l) => l.number === 2)).toEqual({ number: 2, member: holder2, state: 'void', replacedBy: 7 });
        expect(must(await log('2'))).toEqual({ number: 2, kind: 'void' });
        // Two desks logging one paper at once: one receipt and one duplicate, never two receipts.
        const both = await Promise.all([log('3', '2026-03-01'), log('3', '2026-03-01')]);
        expect(both.map((r) => must(r).kind).sort()).toEqual(['duplicate', 'received']);
        for (const n of ['4', '7']) expect(must(await log(n, '2026-03-01')).kind).toBe('received');
        expect(must(await log('5', '2026-03-02'))).toEqual({ number: 5, kind: 'late' });

        // Marks: typed for two papers, scanned for the others; a late paper has none to enter.
        const x = (id: string) => ({ [id]: 'X' });
        expect(must(await enterMarks(store, clock, id, '1', x('c1'), scrutineer))).toEqual({ valid: true, ranking: ['c1'] });
        expect(refusedWith(await enterMarks(store, clock, id, '1', x('c2'), scrutineer))).toMatch(/^marks-entered: /);
        expect(refusedWith(await enterMarks(store, clock, id, '5', x('c2'), scrutineer))).toMatch(/^not-received: /);
        expect(refusedWith(await enterMarks(store, clock, id, '3', { c1: 'maybe' }, scrutineer))).toMatch(/is not a cross/);
        const scanned = must(
          await enterScannedPapers(
            store,
            clock,
            id,
            { name: 'scan-1.csv', text: 'paper,Cy Cedar,Ann Ash,Bob Birch\n3,,X,\n4,X,X,\n7,"",,x\n9,,,X\n5,X,,\n8,X\n' },
            scrutineer,
          ),
        );
        expect(scanned.entered).toBe(3);
        expect(scanned.problems).toEqual([
          { line: 5, message: 'Paper 9 is not logged as received in time, so it has no marks to enter.' },
          { line: 6, message: 'Paper 5 is not logged as received in time, so it has no marks to enter.' },
          { line: 7, message: '2 cells where the header has 4.' },
        ]);
        const badHeader = await enterScannedPapers(store, clock, id, { name: 'x.csv', text: 'paper,Ann Ash,Dee Dogwood\n' }, scrutineer);
        expect(refusedWith(badHeader)).toMatch(/^bad-file: Line 1: "dee dogwood" is not a candidate/);

        must(await addComplaint(store, clock, id, 'A member in North branch says her paper arrived on 27 February.', scrutineer));
        expect(refusedWith(await addComplaint(store, clock, id, '  ', scrutineer))).toMatch(/^complaint: /);

        // The count, once closed.
        clock.set(noon('2026-03-02'));
        must(await closeBallot({ store, clock, rulebook: rb, actor: 'officer' }, { id }));
        const counted = must(await countPostalBallot(store, clock, id, scrutineer));
        if (counted.kind !== 'internal-election') throw new Error('not an election');
        expect(counted.state.count?.ballots).toBe(3);
        expect(counted.state.count?.elected).toEqual(['c1']);
        // Counted: the returns log is closed and the marks no longer have numbers.
        expect(refusedWith(await log('6'))).toMatch(/^counted: /);
        expect(await store.postalRankings(id)).toEqual([
          { ranking: ['c1'], count: 2 },
          { ranking: ['c2'], count: 1 },
        ]);
        await applyStep(a, id, 'internal-election', { type: 'declare' });

        const report = must(await scrutineerReport(store, id));
        expect(report.figures).toEqual({
          issued: 7,
          spoilt: 1,
          returned: 8,
          received: 4,
          late: 1,
          duplicate: 2,
          voidReturned: 1,
          valid: 3,
          invalid: 1,
          register: 6,
        });
        expect(report.turnout).toBe('66.7%');
        expect(report.complaints.map((c) => c.text)).toEqual(['A member in North branch says her paper arrived on 27 February.']);
        expect(report.result).toEqual({
          candidates: [
            { name: 'Ann Ash', votes: '2', elected: true },
            { name: 'Bob Birch', votes: '1', elected: false },
            { name: 'Cy Cedar', votes: '0', elected: false },
          ],
          elected: ['Ann Ash'],
          declared: true,
        });

        // Retention: refused before a year from the announcement, done after it, the figures kept.
        clock.set(noon('2027-03-01'));
        expect(refusedWith(await destroyPostalRecords(store, clock, id, scrutineer))).toMatch(
          /^retention: The papers and the register must be kept until 2 March 2027/,
        );
        clock.set(noon('2027-03-02'));
        expect(must(await destroyPostalRecords(store, clock, id, scrutineer))).toEqual({ announcedOn: '2026-03-02' });
        expect(refusedWith(await inspectRegister(store, clock, id, scrutineer))).toMatch(/^destroyed: /);
        expect((await store.postalRegister(id)).every((l) => l.member === '')).toBe(true);
        expect(await store.postalRankings(id)).toEqual([]);
        const after = must(await scrutineerReport(store, id));
        expect(after.figures).toEqual(report.figures);
        expect(after.retention.destroyedAt).toBe(noon('2027-03-02'));
        expect((await store.auditEntriesOf(id, 'postal.records-destroyed'))[0].data).toEqual({ process: id, announcedOn: '2026-03-02', retentionMonths: 12 });
      } finally {
        await store.close();
      }
    });
  });
}
