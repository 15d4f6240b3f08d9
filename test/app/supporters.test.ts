/**
 * A leadership election's supporters through the use cases, on SQLite and on PostgreSQL: the window
 * (its first and last day), applications with their private status link, the officers' queue
 * (a reason required, duplicates flagged, one person accepted once), reinstatement, the audit log
 * (the application's number, never the email), and the freeze, which puts each accepted supporter
 * in the electorate with their class and the pending and rejected nowhere.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { changeDisputesPanel, decideDispute, lodgeDispute, type DisputeActor, type DisputedDocument } from '../../src/app/disputes.js';
import { openLeaderAndDeputy, openLeadershipElection } from '../../src/app/leadership.js';
import { drainOutbox } from '../../src/app/notices/drain.js';
import { noticeTemplates } from '../../src/app/notices/templates.js';
import { smtpTransport } from '../../src/runtime/mail-transport.js';
import { startSmtp, type TestSmtp } from './notices/smtp-server.js';
import {
  applyAsSupporter,
  decideSupporterApplication,
  frozenClasses,
  reinstateSupporterApplication,
  setSupporterWindow,
  supporterElection,
  supporterQueue,
  supporterStatus,
} from '../../src/app/supporters.js';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import type { Member } from '../../src/domain/organisation.js';
import { LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import type { SupporterApplicationInput } from '../../src/domain/supporters.js';
import type { InternalElectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';
import { applyStep, freezeElectorate } from './steps.js';

const noon = (d: string) => new Date(`${d}T12:00:00.000Z`);
const ZONE = 'Europe/London';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const reasonOf = (r: { ok: boolean; error?: { reason: string } }) => (r.ok ? 'ok' : r.error!.reason);

const member = (id: string, name: string, email: string): Member => ({
  id: memberId(id),
  name,
  email,
  branch: unitId('north'),
  joined: isoDate('2015-01-01'),
  statusHistory: [{ from: isoDate('2015-01-01'), status: 'current' }],
  gender: null,
});

const application = (over: Partial<SupporterApplicationInput>): SupporterApplicationInput => ({
  class: 'registered-supporter',
  affiliate: null,
  name: 'Rosa Lane',
  email: 'rosa@example.org',
  postcode: 'M1 1AA',
  paymentReference: 'PAY-1',
  declared: true,
  ...over,
});

async function leadershipElection(store: Store, rulebook = LABOUR_2018) {
  const clock = fixedClock(noon('2026-06-20'));
  const a = { store, clock, actor: 'officer-1' };
  await store.putUnits([
    { id: unitId('party'), kind: 'party', name: 'The Party', parent: null, constituency: null },
    { id: unitId('seat'), kind: 'constituency', name: 'Seat', parent: unitId('party'), constituency: null },
    { id: unitId('north'), kind: 'branch', name: 'North', parent: unitId('seat'), constituency: null },
    { id: unitId('unite'), kind: 'affiliate', name: 'Unite', parent: unitId('party'), constituency: null, affiliation: { membership: 1000, tradeUnion: true } },
  ]);
  await store.putMembers([member('m1', 'Ann Ash', 'ann@example.org'), member('m2', 'Bob Birch', 'bob@example.org')]);
  await store.putIncumbent({
    constituency: unitId('seat'),
    name: 'Bob Birch',
    member: memberId('m2'),
    gender: null,
    suspended: false,
    parentalLeaveEnded: null,
  });
  const timetable = {
    nominationsClose: isoDate('2026-07-20'),
    freezeDate: isoDate('2026-07-21'),
    ballotOpens: isoDate('2026-08-01'),
    ballotCloses: isoDate('2026-08-20'),
  };
  const opened = must(await openLeadershipElection(a, rulebook, 'Leader 2026', timetable, memberId('m1')));
  return { clock, a, id: processId(opened.id) };
}

const pg = await postgresAvailable('supporters on PostgreSQL');
const schemas = new Schemas();
afterAll(() => schemas.dropAll());

let schemaNo = 0;
const stores: [string, boolean, () => Promise<Store>][] = [
  ['sqlite', true, () => openStore('sqlite::memory:')],
  ['postgres', pg, async () => openStore(inSchema(await schemas.create(`supporters${++schemaNo}`)))],
];

for (const [dialect, available, open] of stores) {
  describe.skipIf(!available)(`a leadership election's supporters (${dialect})`, () => {
    it('from the window to the frozen electorate, each decision with its reason, audited without the email', async () => {
      const store = await open();
      try {
        const { clock, a, id } = await leadershipElection(store);
        const e = must(await supporterElection(store, id));
        expect(e.classes).toEqual(['registered-supporter', 'affiliated-supporter']);
        const now = () => clock.now();

        // No window yet: nobody may apply.
        expect(reasonOf(await applyAsSupporter(store, now(), ZONE, e, application({})))).toBe('window-closed');
        const w = await setSupporterWindow(a, e, { opens: isoDate('2026-07-01'), closes: isoDate('2026-07-22'), feePence: 2500 });
        expect(!w.ok && w.error.message).toMatch(/on or before the electorate's freeze date/);
        must(await setSupporterWindow(a, e, { opens: isoDate('2026-07-01'), closes: isoDate('2026-07-10'), feePence: 2500 }));
        expect(await store.supporterWindow(id)).toEqual({ opens: '2026-07-01', closes: '2026-07-10', feePence: 2500 });

        // Half past midnight in London on the first day is in the window (still 30 June in UTC); the day before and the day after the last are not.
        expect(reasonOf(await applyAsSupporter(store, new Date('2026-06-30T23:30:00Z'), ZONE, e, application({})))).toBe('ok');
        clock.set(noon('2026-06-30'));
        expect(reasonOf(await applyAsSupporter(store, now(), ZONE, e, application({ email: 'early@example.org' })))).toBe('window-closed');
        clock.set(noon('2026-07-01'));
        const bad = await applyAsSupporter(store, now(), ZONE, e, application({ paymentReference: '', declared: false }));
        expect(!bad.ok && 'fields' in bad.error && Object.keys(bad.error.fields!).sort()).toEqual(['declared', 'paymentReference']);
        const member1 = must(await applyAsSupporter(store, now(), ZONE, e, application({ name: 'Ann Ash', email: 'ANN@example.org' })));
        const aff = must(
          await applyAsSupporter(
            store,
            now(),
            ZONE,
            e,
            application({ class: 'affiliated-supporter', affiliate: unitId('unite'), name: 'Cy Cedar', email: 'cy@example.org' }),
          ),
        );
        expect(aff.application.paymentReference).toBe(null);
        clock.set(noon('2026-07-10'));
        const twin = must(await applyAsSupporter(store, now(), ZONE, e, application({ name: 'Rosa Lane', paymentReference: 'PAY-2' })));
        clock.set(noon('2026-07-11'));
        expect(reasonOf(await applyAsSupporter(store, now(), ZONE, e, application({ email: 'late@example.org' })))).toBe('window-closed');

        // The queue: numbered in order, duplicates flagged.
        const q = await supporterQueue(store, e);
        expect(q.pending.map((p) => [p.application.number, p.application.name, p.flags])).toEqual([
          [1, 'Rosa Lane', ['The same email address as S-0004']],
          [2, 'Ann Ash', ['Already a member, with this email address: a member votes as a member']],
          [3, 'Cy Cedar', []],
          [4, 'Rosa Lane', ['The same email address as S-0001']],
        ]);
        expect(q.pending[2]!.affiliate).toBe('Unite');

        // Decisions: a reason is required; one person is accepted once.
        expect(reasonOf(await decideSupporterApplication(a, e, 2, { status: 'rejected', reason: ' ' }, ZONE))).toBe('reason-required');
        must(await decideSupporterApplication(a, e, 2, { status: 'rejected', reason: 'Already a member: votes as a member' }, ZONE));
        expect(reasonOf(await decideSupporterApplication(a, e, 2, { status: 'accepted', reason: 'changed my mind' }, ZONE))).toBe('decided');
        const accepted = must(await decideSupporterApplication(a, e, 1, { status: 'accepted', reason: 'On the register; fee received' }, ZONE));
        expect(accepted).toMatchObject({ status: 'accepted', decidedOn: '2026-07-11', member: `supporter-${id}-1` });
        expect(reasonOf(await decideSupporterApplication(a, e, 4, { status: 'accepted', reason: 'fee received' }, ZONE))).toBe('duplicate');
        must(await decideSupporterApplication(a, e, 4, { status: 'rejected', reason: 'A second application by the same person' }, ZONE));
        expect(reasonOf(await reinstateSupporterApplication(a, id, 4, 'Panel: reinstate', ZONE))).toBe('duplicate');
        expect(reasonOf(await reinstateSupporterApplication(a, id, 3, 'Panel: reinstate', ZONE))).toBe('not-rejected');
        must(await decideSupporterApplication(a, e, 3, { status: 'rejected', reason: 'Not on the electoral register' }, ZONE));
        const back = must(await reinstateSupporterApplication(a, id, 3, 'Disputes panel: on the register after all', ZONE));
        expect(back).toMatchObject({ status: 'accepted', reason: 'Disputes panel: on the register after all' });

        // The supporter's membership row: a supporter's class, in the party unit, signs in by email.
        const row = await store.getMember(accepted.member!);
        expect(row).toMatchObject({
          name: 'Rosa Lane',
          email: 'rosa@example.org',
          branch: 'party',
          membershipClass: 'registered-supporter',
          joined: '2026-07-11',
        });
        expect((await store.memberByEmail('rosa@example.org'))?.id).toBe(accepted.member);

        // The status link shows the decision and its reason; another token shows nothing.
        const seen = await supporterStatus(store, member1.token);
        expect(seen).toMatchObject({ title: 'Leader 2026', application: { number: 2, status: 'rejected', reason: 'Already a member: votes as a member' } });
        expect((await supporterStatus(store, aff.token))?.affiliate).toBe('Unite');
        expect(
          await supporterStatus(
            store,
            twin.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          ),
        ).toBe(null);
        expect(await supporterStatus(store, 'short')).toBe(null);

        // The audit log: every decision, by number, never the email.
        const decided = await store.auditEntriesOf(id, 'supporters.decided');
        expect(decided.map((x) => [(x.data as { application: number }).application, (x.data as { decision: string }).decision, x.actor])).toEqual([
          [2, 'rejected', 'officer-1'],
          [1, 'accepted', 'officer-1'],
          [4, 'rejected', 'officer-1'],
          [3, 'rejected', 'officer-1'],
        ]);
        const reinstated = await store.auditEntriesOf(id, 'supporters.reinstated');
        expect(reinstated.map((x) => x.data)).toEqual([{ process: id, application: 3, reason: 'Disputes panel: on the register after all' }]);
        const all = JSON.stringify(await store.auditEntries());
        expect(all).not.toContain('example.org');
        expect((await store.auditEntriesOf(id, 'supporters.applied')).length).toBe(4);

        // The freeze: members judged as ever, the accepted supporters added with their class.
        clock.set(noon('2026-07-21'));
        const frozen = await freezeElectorate(a, id, 'internal-election');
        expect(frozen.classes).toEqual({ member: 2, 'affiliated-supporter': 1, 'registered-supporter': 1 });
        expect([frozen.eligible, frozen.total]).toEqual([4, 4]);
        const electorate = await store.electorate(id);
        const byMember = new Map(electorate.map((x) => [x.member as string, x]));
        expect(byMember.get(`supporter-${id}-1`)).toMatchObject({ eligible: true, reason: 'registered supporter, accepted on 11 July 2026: eligible' });
        expect(byMember.get(`supporter-${id}-3`)).toMatchObject({ eligible: true, reason: 'affiliated supporter, accepted on 11 July 2026: eligible' });
        expect(byMember.has(`supporter-${id}-2`)).toBe(false);
        expect(byMember.has(`supporter-${id}-4`)).toBe(false);
        expect((await store.getProcess(id))?.state).toMatchObject({
          electorate: { summary: expect.stringContaining('2 members, 1 affiliated supporter and 1 registered supporter') },
        });

        // After the freeze the queue is closed.
        expect(reasonOf(await setSupporterWindow(a, e, { opens: isoDate('2026-07-01'), closes: isoDate('2026-07-10'), feePence: 300 }))).toBe(
          'electorate-frozen',
        );
      } finally {
        await store.close();
      }
    });

    it('a disputes panel reinstates a rejected application: accepted before the freeze, added to the frozen electorate after it; a pending one is refused', async () => {
      const store = await open();
      try {
        const { clock, a, id } = await leadershipElection(store);
        const e = must(await supporterElection(store, id));
        must(await setSupporterWindow(a, e, { opens: isoDate('2026-06-20'), closes: isoDate('2026-07-10'), feePence: 2500 }));
        for (const [name, email] of [
          ['Rosa Lane', 'rosa@example.org'],
          ['Dan Dale', 'dan@example.org'],
          ['Eve Elm', 'eve@example.org'],
        ] as const)
          must(await applyAsSupporter(store, clock.now(), ZONE, e, application({ name, email })));
        must(await decideSupporterApplication(a, e, 1, { status: 'rejected', reason: 'Fee not received' }, ZONE));
        must(await decideSupporterApplication(a, e, 2, { status: 'rejected', reason: 'Not on the register' }, ZONE));
        const chair = memberId('m2');
        must(await changeDisputesPanel(a, chair, 'appoint-chair'));
        const panel: DisputeActor = { member: chair, runsReview: false, nationalOfficer: false };
        const doc = async () => (await store.processDocument(id)) as DisputedDocument;
        const lodge = async () => {
          must(
            await lodgeDispute(
              { store, clock, actor: 'm1' },
              await doc(),
              { member: memberId('m1'), runsReview: false, nationalOfficer: false },
              {
                subject: { kind: 'process' },
                grounds: 'Applications were rejected wrongly.',
                evidence: null,
              },
            ),
          );
          return String((await doc()).state.disputes!.length);
        };
        const chairActs = { store, clock, actor: chair };
        const uphold = async (dispute: string, application: number, reasons: string) =>
          decideDispute(chairActs, await doc(), panel, dispute, {
            outcome: 'upheld',
            reasons,
            remedy: { kind: 'reinstate-applicant', application },
            zone: ZONE,
          });

        // A pending application is not reinstated: refused, nothing written.
        const first = await lodge();
        const pending = await uphold(first, 3, 'Reinstate');
        expect(reasonOf(pending)).toBe('not-rejected');
        expect((await store.supporterApplication(id, 3))?.status).toBe('pending');
        expect((await doc()).state.disputes![0]!.decision).toBe(null);

        // Before the freeze: accepted with the panel's reasons, the applicant told; the freeze takes them in.
        const before = 'The fee was paid on time: the bank confirms it.';
        must(await uphold(first, 1, before));
        expect(await store.supporterApplication(id, 1)).toMatchObject({ status: 'accepted', reason: before, member: `supporter-${id}-1` });
        expect((await doc()).state).toMatchObject({ reinstatedApplications: [{ application: 1, addedToElectorate: false, reasons: before }] });
        expect((await store.auditEntriesOf(id, 'supporters.reinstated')).map((x) => x.data)).toEqual([{ process: id, application: 1, reason: before }]);
        expect((await store.noticesOf(id)).find((n) => n.id.endsWith(':supporter:1:reinstated-accepted'))?.params).toMatchObject({
          news: 'accepted',
          reason: before,
        });
        clock.set(noon('2026-07-21'));
        const frozen = await freezeElectorate(a, id, 'internal-election');
        expect(frozen.classes).toEqual({ member: 2, 'affiliated-supporter': 0, 'registered-supporter': 1 });

        // After the freeze: accepted and added to the frozen electorate in the decision's step.
        const after = 'On the register after all: the council corrected it.';
        const second = await lodge();
        must(await uphold(second, 2, after));
        expect((await store.supporterApplication(id, 2))?.status).toBe('accepted');
        const entry = (await store.electorate(id)).find((x) => x.member === `supporter-${id}-2`);
        expect(entry).toMatchObject({ eligible: true, reason: expect.stringContaining(after) });
        const s = (await doc()).state as InternalElectionState;
        expect(s.electorate?.eligible).toBe(frozen.eligible + 1);
        expect(s.reinstatedApplications).toEqual([expect.anything(), expect.objectContaining({ application: 2, addedToElectorate: true, reasons: after })]);
        expect(await frozenClasses(store, must(await supporterElection(store, id)))).toEqual({
          member: 2,
          'affiliated-supporter': 0,
          'registered-supporter': 2,
        });
        expect((await store.auditEntriesOf(id, 'election.dispute-decided')).map((x) => (x.data as { remedy: string }).remedy)).toEqual([
          "supporter's application 1 is reinstated",
          "supporter's application 2 is reinstated",
        ]);

        // Once more, and for the pending one after the freeze: refused, nothing changed.
        const third = await lodge();
        expect(reasonOf(await uphold(third, 2, after))).toBe('already-recorded');
        expect(reasonOf(await uphold(third, 3, after))).toBe('not-rejected');
        expect((await store.electorate(id)).filter((x) => x.eligible)).toHaveLength(frozen.eligible + 1);
      } finally {
        await store.close();
      }
    });

    it('a deputy leader’s contest held with the leader’s shares its window, its queue and its supporters', async () => {
      const store = await open();
      try {
        const { a, clock } = await leadershipElection(store);
        const timetable = {
          nominationsClose: isoDate('2026-07-20'),
          freezeDate: isoDate('2026-07-21'),
          ballotOpens: isoDate('2026-08-01'),
          ballotCloses: isoDate('2026-08-20'),
        };
        const [leader, deputy] = must(await openLeaderAndDeputy(a, LABOUR_2018, 'Leader and deputy 2026', timetable, null));
        // Asked of either contest, the queue is the election's: the leader's contest keeps it.
        const e = must(await supporterElection(store, processId(deputy!.id)));
        expect(e.process.id).toBe(leader!.id);
        must(await setSupporterWindow(a, e, { opens: isoDate('2026-06-20'), closes: isoDate('2026-07-10'), feePence: 2500 }));
        const applied = must(await applyAsSupporter(store, clock.now(), ZONE, e, application({ name: 'Dee Dale', email: 'dee@example.org' })));
        must(await decideSupporterApplication(a, e, applied.application.number, { status: 'accepted', reason: 'On the register; fee received' }, ZONE));
        // Each contest needs a candidate standing to freeze: Ann Ash, nominated by the one MP and the one constituency party, accepts in each.
        const ann = (await store.getMember(memberId('m1')))!;
        for (const contest of [leader!, deputy!]) {
          await applyStep(a, contest.id, 'internal-election', { type: 'mp-nominate', mp: 'm2', candidate: ann });
          await applyStep(a, contest.id, 'internal-election', {
            type: 'body-nominate',
            body: { id: 'seat', name: 'Seat', kind: 'constituency' },
            candidate: ann,
            meetingDate: isoDate('2026-06-20'),
          });
          await applyStep(a, contest.id, 'internal-election', { type: 'consent', member: 'm1', answer: 'accepted' });
        }
        clock.set(noon('2026-07-21'));
        for (const contest of [leader!, deputy!]) {
          const frozen = await freezeElectorate(a, processId(contest.id), 'internal-election');
          expect(frozen.classes).toEqual({ member: 2, 'affiliated-supporter': 0, 'registered-supporter': 1 });
          const entries = await store.electorate(processId(contest.id));
          expect(entries.filter((x) => x.reason.startsWith('registered supporter')).length).toBe(1);
        }
      } finally {
        await store.close();
      }
    });

    it('mails each applicant a receipt with a status link of its own, then the decision: in the language they applied in', async () => {
      const store = await open();
      const smtp: TestSmtp = await startSmtp();
      const transport = smtpTransport(smtp.url, 'The Party <ballots@party.example>', { maxConnections: 1 });
      const site = 'http://hustings.test';
      try {
        const { a, id, clock } = await leadershipElection(store);
        const e = must(await supporterElection(store, id));
        must(await setSupporterWindow(a, e, { opens: isoDate('2026-06-20'), closes: isoDate('2026-07-10'), feePence: 2500 }));
        const drain = () =>
          drainOutbox({
            store,
            transport,
            render: noticeTemplates(store, { organisation: 'The Party', contact: null, siteUrl: site }),
            clock,
            worker: 'test',
            once: true,
          });
        const rosa = must(await applyAsSupporter(store, clock.now(), ZONE, e, application({})));
        must(await applyAsSupporter(store, clock.now(), ZONE, e, application({ name: 'Cai Llwyd', email: 'cai@example.org' }), 'cy'));
        // Neither the notices nor anything queued hold a status link: only the page after applying showed one.
        const stored = JSON.stringify(await store.noticesOf(id));
        expect(stored).not.toContain(rosa.token);
        expect(stored).not.toContain('example.org');
        expect((await drain()).sent).toBe(2);

        const to = (address: string) => smtp.arrived.filter((m) => m.to.includes(address));
        const linkIn = (text: string | null): string => /\/supporters\/status\/([A-Za-z0-9_-]+)/.exec(text ?? '')![1]!;
        const [receipt] = to('rosa@example.org');
        expect(receipt!.subject).toBe('Your application is received: Leader 2026');
        expect(receipt!.text).toContain('as a registered supporter. Your reference is 1.');
        const mailed = linkIn(receipt!.text);
        // The mail's link is its own, made as it was written, and opens the same application as the page's.
        expect(mailed).not.toBe(rosa.token);
        expect((await supporterStatus(store, mailed))?.application.number).toBe(1);
        expect(JSON.stringify(await store.noticesOf(id))).not.toContain(mailed);
        const [welsh] = to('cai@example.org');
        expect(welsh!.subject).toBe('Mae eich cais wedi dod i law: Leader 2026');
        expect(welsh!.text).toContain('Eich cyfeirnod yw 2.');
        expect((await supporterStatus(store, linkIn(welsh!.text)))?.application.number).toBe(2);

        must(await decideSupporterApplication(a, e, 1, { status: 'accepted', reason: 'On the register; fee received' }, ZONE));
        must(await decideSupporterApplication(a, e, 2, { status: 'rejected', reason: 'Nid yw ar y gofrestr etholiadol' }, ZONE));
        expect((await drain()).sent).toBe(2);
        const accepted = to('rosa@example.org')[1]!;
        expect(accepted.subject).toBe('Your application is accepted: Leader 2026');
        expect(accepted.text).toContain('Dear Rosa Lane,');
        expect(accepted.text).toContain('you may vote in Leader 2026 as a registered supporter. The officers’ note: On the register; fee received');
        expect(accepted.text).toContain(`sign in at any time at ${site}/sign-in with this email address`);
        const rejected = to('cai@example.org')[1]!;
        expect(rejected.subject).toBe('Nid yw eich cais wedi’i dderbyn: Leader 2026');
        expect(rejected.text).toContain('Eu rheswm: Nid yw ar y gofrestr etholiadol');
        expect((await supporterStatus(store, linkIn(rejected.text)))?.application.status).toBe('rejected');
        // The audit log still names no address.
        expect(JSON.stringify(await store.auditEntries())).not.toContain('example.org');
      } finally {
        await transport.close();
        await smtp.close();
        await store.close();
      }
    });

    it('labour-2021 takes affiliated supporters only, with no fee; an unknown election takes none', async () => {
      const store = await open();
      try {
        const { a, id, clock } = await leadershipElection(store, LABOUR_2021);
        const e = must(await supporterElection(store, id));
        expect(e.classes).toEqual(['affiliated-supporter']);
        const w = must(await setSupporterWindow(a, e, { opens: isoDate('2026-06-20'), closes: isoDate('2026-06-20'), feePence: 2500 }));
        expect(w.feePence).toBe(0);
        const r = await applyAsSupporter(store, clock.now(), ZONE, e, application({}));
        expect(!r.ok && 'fields' in r.error && r.error.fields).toMatchObject({ class: expect.any(String) });
        expect(reasonOf(await supporterElection(store, processId('no-such-election')))).toBe('not-found');
      } finally {
        await store.close();
      }
    });
  });
}
