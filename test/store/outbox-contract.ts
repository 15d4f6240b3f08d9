/**
 * Notices and the mail outbox (issue 13), run by both adapters' test files, each test in a database
 * of its own: members' languages; fanning a notice out to the electorate, to those who have not
 * voted (online or on paper), or to named members, once only; a step's notices in the step's own
 * transaction; claiming under leases; what a message's end leaves behind (nothing, for a private
 * notice); failing addresses; one-time sign-in links.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memberId, processId, type MemberId, type ProcessId } from '../../src/domain/ids.js';
import type { Member } from '../../src/domain/organisation.js';
import { err, ok } from '../../src/domain/result.js';
import { isoDate } from '../../src/domain/time.js';
import type { NewNotice, Store } from '../../src/store/store.js';

const member = (id: string, extra: Partial<Member> = {}): Member => ({
  id: memberId(id),
  name: `Member ${id}`,
  email: `${id}@example.org`,
  branch: 'b1' as Member['branch'],
  joined: isoDate('2020-01-15'),
  statusHistory: [{ from: isoDate('2020-01-15'), status: 'current' }],
  gender: null,
  ...extra,
});

const T0 = '2024-06-01T09:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const BALLOT = processId('ballot');

const notice = (id: string, extra: Partial<NewNotice> = {}): NewNotice => ({
  id,
  kind: 'ballot-invitation',
  process: BALLOT,
  audience: { electorate: true },
  params: { closes: '2024-06-14' },
  sendAt: T0,
  private: true,
  createdBy: 'cli:officer',
  ...extra,
});

export function runOutboxContract(name: string, fresh: () => Promise<string>, openAt: (url: string) => Promise<Store>): void {
  describe(`${name}: the outbox contract`, () => {
    const opened: Store[] = [];
    const open = async (url?: string): Promise<Store> => {
      const s = await openAt(url ?? (await fresh()));
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    /** m1–m6 eligible (m5 without an address, m6 with an empty one), m7 not eligible, m8 not in the electorate; m2 reads Welsh. */
    async function ballot(url?: string): Promise<Store> {
      const s = await open(url);
      await s.putUnits([{ id: 'b1' as Member['branch'], kind: 'branch', name: 'B1', parent: null, constituency: null }]);
      await s.putMembers([
        member('m1'),
        member('m2', { language: 'cy' }),
        member('m3'),
        member('m4'),
        member('m5', { email: null }),
        member('m6', { email: '' }),
        member('m7'),
        member('m8'),
      ]);
      const created = await s.createProcess(
        { id: BALLOT, kind: 'internal-election', constituency: null, rulebook: 'labour-2021@1', state: { open: true } },
        { event: { type: 'opened' }, at: T0 },
      );
      expect(created.ok).toBe(true);
      const entry = (m: string, eligible = true) => ({ member: memberId(m), eligible, reason: eligible ? 'a member' : 'in arrears' });
      expect((await s.freezeElectorate(BALLOT, [entry('m1'), entry('m2'), entry('m3'), entry('m4'), entry('m5'), entry('m6'), entry('m7', false)])).ok).toBe(
        true,
      );
      return s;
    }

    /** Every message due at `now`, claimed (and so leased) by one sender. */
    const claimAll = (s: Store, now = at(1), worker = 'w1') => s.claimMessages(worker, 1_000, now, 60_000);
    const recipients = async (s: Store, now = at(1)) => (await claimAll(s, now)).map((m) => m.member).sort();

    describe('the notice of a paper vote', () => {
      const paperNotice = { kind: 'paper-vote', params: { title: 'The ballot' }, sendAt: at(5), createdBy: 'cli:officer' };
      const record = (s: Store, m: string, tracker: string) =>
        s.recordOfflineVote(BALLOT, memberId(m), 'postal', { ranking: ['c1'], tracker }, undefined, isoDate('2024-06-01'), paperNotice);

      it("is stored and queued to the member alone in the vote's transaction, in no process's list; a refused vote stores none", async () => {
        const s = await ballot();
        expect(await record(s, 'm2', 'POST-1')).toEqual(ok({ tracker: 'POST-1', queued: 1 }));
        expect(await s.noticesOf(BALLOT)).toEqual([]);
        const claimed = await claimAll(s, at(6));
        expect(claimed.map((m) => [m.member, m.language])).toEqual([['m2', 'cy']]);
        const stored = await s.notice(claimed[0]!.notice);
        expect(stored).toMatchObject({ kind: 'paper-vote', process: null, audience: { members: ['m2'] }, params: paperNotice.params, private: true });
        expect(await s.messageSent(claimed[0]!.id)).toBe(true);
        // Already voted: nothing stored, nothing queued.
        const again = await s.recordOfflineVote(BALLOT, memberId('m2'), 'in-person', { ranking: ['c1'], tracker: 'HALL-1' }, undefined, undefined, paperNotice);
        expect(again.ok).toBe(false);
        expect(await claimAll(s, at(700))).toEqual([]);
        // Not eligible: nothing either.
        expect((await s.recordOfflineVote(BALLOT, memberId('m7'), 'postal', { ranking: [], tracker: 'P-7' }, undefined, undefined, paperNotice)).ok).toBe(
          false,
        );
        expect(await claimAll(s, at(800))).toEqual([]);
      });

      it('is owed at sign-in once the outbox could not deliver it (no address, or failed for good), and not while on its way or once sent', async () => {
        const s = await ballot();
        const vote = { process: BALLOT, channel: 'postal', day: '2024-06-01' };
        expect(await record(s, 'm1', 'P-1')).toEqual(ok({ tracker: 'P-1', queued: 1 }));
        expect(await record(s, 'm3', 'P-3')).toEqual(ok({ tracker: 'P-3', queued: 1 }));
        // m5 has no address: the notice reaches nobody, so it is owed at once.
        expect(await record(s, 'm5', 'P-5')).toEqual(ok({ tracker: 'P-5', queued: 0 }));
        expect(await s.untoldPaperVotes(memberId('m5'))).toEqual([vote]);
        // On its way (queued, then claimed, then waiting to be tried again): not owed.
        expect(await s.untoldPaperVotes(memberId('m1'))).toEqual([]);
        const [first, third] = await claimAll(s, at(6));
        expect(await s.messageFailed(first!.id, { permanent: false, reason: '451 later', nextTryAt: at(7) })).toBe(true);
        expect(await s.untoldPaperVotes(memberId('m1'))).toEqual([]);
        // Sent: told.
        expect(await s.messageSent(third!.id)).toBe(true);
        expect(await s.untoldPaperVotes(memberId('m3'))).toEqual([]);
        // Failed for good: owed, shown once.
        const [retried] = await claimAll(s, at(8));
        expect(await s.messageFailed(retried!.id, { permanent: true, reason: '550 no such user', at: at(8) })).toBe(true);
        expect(await s.untoldPaperVotes(memberId('m1'))).toEqual([vote]);
        expect(await s.markPaperVoteShown(BALLOT, memberId('m1'))).toBe(true);
        expect(await s.untoldPaperVotes(memberId('m1'))).toEqual([]);
        expect(await s.markPaperVoteShown(BALLOT, memberId('m1'))).toBe(false);
        // A paper vote recorded with no notice at all is owed too.
        expect((await s.recordOfflineVote(BALLOT, memberId('m4'), 'postal', { ranking: [], tracker: 'P-4' }, undefined, isoDate('2024-06-01'))).ok).toBe(true);
        expect(await s.untoldPaperVotes(memberId('m4'))).toEqual([vote]);
      });
    });

    describe("members' languages", () => {
      it('are left out until chosen, set by the member, and kept by an import that does not give one', async () => {
        const s = await ballot();
        expect(await s.getMember(memberId('m1'))).toEqual(member('m1'));
        expect((await s.getMember(memberId('m2')))?.language).toBe('cy');
        expect(await s.setMemberLanguage(memberId('m1'), 'cy')).toBe(true);
        expect(await s.setMemberLanguage(memberId('nobody'), 'cy')).toBe(false);
        await s.putMembers([member('m1', { name: 'Renamed' })]);
        expect(await s.getMember(memberId('m1'))).toEqual(member('m1', { name: 'Renamed', language: 'cy' }));
        await s.putMembers([member('m1', { language: 'en' })]);
        expect((await s.getMember(memberId('m1')))?.language).toBe('en');
        expect((await s.membersById([memberId('m2')]))[0]?.language).toBe('cy');
      });
    });

    describe('fanning out', () => {
      it('queues every eligible member of the electorate with an address, in their language, and counts them', async () => {
        const s = await ballot();
        const stored = await s.putNotice(notice('inv'), T0);
        expect(stored).toMatchObject({ id: 'inv', state: 'queued', recipients: 4, queued: 4, sent: 0, failed: 0, createdAt: T0, private: true });
        expect(stored.params).toEqual({ closes: '2024-06-14' });
        expect(stored.audience).toEqual({ electorate: true });
        const claimed = await claimAll(s);
        expect(claimed.map((m) => m.member).sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
        const m2 = claimed.find((m) => m.member === 'm2');
        expect(m2).toMatchObject({ notice: 'inv', address: 'm2@example.org', language: 'cy', name: 'Member m2', tries: 1, idempotencyKey: 'inv/m2' });
        expect(claimed.find((m) => m.member === 'm1')?.language).toBe('en');
      });

      it('counts, without listing, the non-voters with an address a reminder would reach now, fewer as members vote', async () => {
        const s = await ballot();
        // m1–m4: eligible with an address; m5 and m6 have none, m7 is not eligible, m8 not in the electorate.
        expect(await s.reminderReach(BALLOT)).toBe(4);
        expect((await s.castBallot(BALLOT, memberId('m1'), { ranking: ['c1'], tracker: 'WEB-1' })).ok).toBe(true);
        expect(await s.reminderReach(BALLOT)).toBe(3);
        expect((await s.recordOfflineVote(BALLOT, memberId('m2'), 'postal', { ranking: ['c1'], tracker: 'POST-1' })).ok).toBe(true);
        // A member without an address who votes changes nothing: they were never to be reached.
        expect((await s.recordOfflineVote(BALLOT, memberId('m5'), 'in-person', { ranking: ['c1'], tracker: 'HALL-1' })).ok).toBe(true);
        expect(await s.reminderReach(BALLOT)).toBe(2);
        expect(await s.reminderReach(processId('no-such-ballot'))).toBe(0);
        // The count is what the fan-out then queues: the same condition serves both.
        await s.putNotice(notice('rem', { kind: 'ballot-reminder', audience: { notVoted: true }, sendAt: at(60) }), T0);
        expect(await s.fanOut('rem', at(60))).toBe(2);
        expect(await recipients(s, at(61))).toEqual(['m3', 'm4']);
      });

      it('to those who have not voted leaves out members who voted online, by post and in person, as it stands when fanned out', async () => {
        const s = await ballot();
        expect((await s.castBallot(BALLOT, memberId('m1'), { ranking: ['c1'], tracker: 'WEB-1' })).ok).toBe(true);
        expect((await s.recordOfflineVote(BALLOT, memberId('m2'), 'postal', { ranking: ['c1'], tracker: 'POST-1' })).ok).toBe(true);
        const reminder = notice('rem', { kind: 'ballot-reminder', audience: { notVoted: true }, sendAt: at(60) });
        expect(await s.putNotice(reminder, T0)).toMatchObject({ state: 'scheduled', recipients: 0, queued: 0 });
        // Voted after the reminder was scheduled, before it is due: not reminded either.
        expect((await s.recordOfflineVote(BALLOT, memberId('m3'), 'in-person', { ranking: ['c1'], tracker: 'HALL-1' })).ok).toBe(true);
        expect(await s.dueNotices(at(59))).toEqual([]);
        expect((await s.dueNotices(at(60))).map((n) => n.id)).toEqual(['rem']);
        expect(await s.reminderReach(BALLOT)).toBe(1);
        expect(await s.fanOut('rem', at(60))).toBe(1);
        expect(await s.dueNotices(at(60))).toEqual([]);
        expect(await recipients(s, at(61))).toEqual(['m4']);
      });

      it('to named members queues those with an address, once each', async () => {
        const s = await ballot();
        const n = notice('short', {
          kind: 'candidate-shortlisted',
          audience: { members: [memberId('m8'), memberId('m5'), memberId('m8'), memberId('none')] },
          private: false,
        });
        expect((await s.putNotice(n, T0)).recipients).toBe(1);
        expect(await recipients(s)).toEqual(['m8']);
        const national = notice('nat', { process: null, audience: { members: [memberId('m7')] } });
        expect((await s.putNotice(national, T0)).process).toBeNull();
      });

      it("to the secretaries still to record: those of an open trigger ballot's units without a decision, as it stands when fanned out", async () => {
        const s = await ballot();
        const trigger = processId('trigger');
        const unit = (id: string, result: unknown = null) => ({ id, name: id.toUpperCase(), class: 'branch', result });
        const units = [unit('u1'), unit('u2', { result: 'for' }), unit('u3'), unit('u4')];
        expect(
          (
            await s.createProcess(
              { id: trigger, kind: 'trigger-ballot', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'open', units } },
              { event: { type: 'opened' }, at: T0 },
            )
          ).ok,
        ).toBe(true);
        // u1's secretary is m1, u2's m2 (recorded), u3's m3 and m5 (no address), u4's m4; m8 is u1's chair, not its secretary.
        for (const [u, m, role] of [
          ['u1', 'm1', 'secretary'],
          ['u2', 'm2', 'secretary'],
          ['u3', 'm3', 'secretary'],
          ['u3', 'm5', 'secretary'],
          ['u4', 'm4', 'secretary'],
          ['u1', 'm8', 'chair'],
        ] as const)
          await s.putOffice({ unit: u as never, member: memberId(m), role });
        const reminder = notice('meeting-reminder', {
          process: trigger,
          kind: 'trigger-update',
          audience: { secretariesToRecord: true },
          sendAt: at(60),
          private: false,
        });
        expect(await s.putNotice(reminder, T0)).toMatchObject({ state: 'scheduled', recipients: 0 });
        // u4 records its decision before the reminder falls due: its secretary is not reminded.
        const recorded = await s.updateProcess(trigger, (p) =>
          ok({
            state: { ...(p.state as object), units: [unit('u1'), unit('u2', { result: 'for' }), unit('u3'), unit('u4', { result: 'against' })] },
            event: {},
            at: at(30),
          }),
        );
        expect(recorded.ok).toBe(true);
        expect(await s.fanOut('meeting-reminder', at(60))).toBe(2);
        expect(await recipients(s, at(61))).toEqual(['m1', 'm3']);
        // Once the ballot is no longer open, nobody is reminded.
        await s.putNotice({ ...reminder, id: 'late-reminder', sendAt: at(90) }, at(62));
        expect((await s.updateProcess(trigger, (p) => ok({ state: { ...(p.state as object), phase: 'decided' }, event: {}, at: at(70) }))).ok).toBe(true);
        expect(await s.fanOut('late-reminder', at(90))).toBe(0);
        await expect(s.putNotice(notice('no-process', { process: null, audience: { secretariesToRecord: true } }), T0)).rejects.toThrow(/needs the process/);
      });

      it('is done once: a second fan-out queues no one, even after every message has gone', async () => {
        const s = await ballot();
        await s.putNotice(notice('inv'), T0);
        expect(await s.fanOut('inv', at(1))).toBe(0);
        for (const m of await claimAll(s)) expect(await s.messageSent(m.id)).toBe(true);
        expect(await s.fanOut('inv', at(2))).toBe(0);
        expect(await claimAll(s, at(3))).toEqual([]);
        expect(await s.notice('inv')).toMatchObject({ recipients: 4, sent: 4, queued: 0 });
        await expect(s.putNotice(notice('inv'), at(4))).rejects.toThrow(/already a notice with the id "inv"/);
        expect(await s.fanOut('no-such-notice', at(4))).toBe(0);
      });

      it('refuses a notice it could not send', async () => {
        const s = await ballot();
        await expect(s.putNotice(notice('x', { process: null }), T0)).rejects.toThrow(/needs the process/);
        await expect(s.putNotice(notice('y', { audience: {} as never }), T0)).rejects.toThrow(/exactly one audience/);
        await expect(s.putNotice(notice('z', { sendAt: 'soon' }), T0)).rejects.toThrow(/ISO instant/);
        expect(await s.notice('x')).toBeNull();
      });

      it("with a step: stored in the step's transaction, fanned out there when due, and not at all when the step is refused", async () => {
        const s = await ballot();
        const refused = await s.updateProcess(BALLOT, () => err('invalid-transition', 'no'));
        expect(refused.ok).toBe(false);
        const step = await s.updateProcess(BALLOT, (p) =>
          ok({
            state: p.state,
            event: { type: 'ballot-opened' },
            at: at(5),
            notices: [notice('inv'), notice('rem', { kind: 'ballot-reminder', audience: { notVoted: true }, sendAt: at(60 * 24) })],
          }),
        );
        expect(step.ok).toBe(true);
        expect((await s.noticesOf(BALLOT)).map((n) => [n.id, n.state, n.recipients, n.createdAt])).toEqual([
          ['inv', 'queued', 4, at(5)],
          ['rem', 'scheduled', 0, at(5)],
        ]);
        // A step whose notice cannot be stored is not taken either.
        await expect(
          s.updateProcess(BALLOT, (p) => ok({ state: { ...(p.state as object), more: 1 }, event: {}, at: at(6), notices: [notice('inv')] })),
        ).rejects.toThrow(/already a notice/);
        expect((await s.getProcess(BALLOT))?.version).toBe(2);
      });

      it("with an opening: stored in the opening's transaction, and fanned out there when due", async () => {
        const s = await ballot();
        const opened = await s.createProcess(
          { id: processId('trigger'), kind: 'trigger-ballot', constituency: null, rulebook: 'labour-2021@1', state: { items: [] } },
          {
            event: { type: 'opened' },
            at: at(1),
            notices: [
              notice('secretaries', {
                process: processId('trigger'),
                kind: 'trigger-opened',
                audience: { members: [memberId('m1'), memberId('m2')] },
                private: false,
              }),
            ],
          },
        );
        expect(opened.ok).toBe(true);
        expect(await s.noticesOf(processId('trigger'))).toEqual([
          expect.objectContaining({ id: 'secretaries', state: 'queued', recipients: 2, createdAt: at(1) }),
        ]);
        // The same id again: the opening is refused whole.
        await expect(
          s.createProcess(
            { id: processId('trigger2'), kind: 'trigger-ballot', constituency: null, rulebook: 'labour-2021@1', state: { items: [] } },
            { event: {}, at: at(2), notices: [notice('secretaries')] },
          ),
        ).rejects.toThrow(/already a notice/);
        expect(await s.getProcess(processId('trigger2'))).toBeNull();
      });

      it('cancelled: a scheduled notice is never fanned out, a queued one drops what is still queued', async () => {
        const s = await ballot();
        await s.putNotice(notice('rem', { audience: { notVoted: true }, sendAt: at(60) }), T0);
        expect(await s.cancelNotice('rem')).toBe(true);
        expect(await s.dueNotices(at(61))).toEqual([]);
        expect(await s.fanOut('rem', at(61))).toBe(0);
        await s.putNotice(notice('inv'), T0);
        const [first] = await s.claimMessages('w1', 1, at(1), 60_000);
        expect(await s.cancelNotice('inv')).toBe(true);
        expect(await s.cancelNotice('inv')).toBe(false);
        expect(await s.notice('inv')).toMatchObject({ state: 'cancelled', queued: 1 });
        // The one in flight still ends as it ends.
        expect(await s.messageSent(first!.id)).toBe(true);
        expect(await s.notice('inv')).toMatchObject({ sent: 1, queued: 0 });
        expect(await s.cancelNotice('no-such')).toBe(false);
      });
    });

    describe('sending', () => {
      it('claims each message for one sender while its lease runs, and again once it has run out', async () => {
        const s = await ballot();
        await s.putNotice(notice('inv'), T0);
        const a = await s.claimMessages('a', 3, at(1), 60_000);
        const b = await s.claimMessages('b', 3, at(1), 60_000);
        expect(a.length).toBe(3);
        expect(b.length).toBe(1);
        expect(new Set([...a, ...b].map((m) => m.id)).size).toBe(4);
        expect(await s.claimMessages('c', 10, at(1), 60_000)).toEqual([]);
        // Sender a crashed: its lease ends a minute on, and its messages are claimed again, the try counted.
        expect(await s.messageSent(b[0]!.id)).toBe(true);
        expect(await s.claimMessages('c', 10, new Date(Date.parse(at(2)) - 1).toISOString(), 60_000)).toEqual([]);
        const again = await s.claimMessages('c', 10, at(2), 60_000);
        expect(again.map((m) => m.id).sort()).toEqual(a.map((m) => m.id).sort());
        expect(again.every((m) => m.tries === 2)).toBe(true);
      });

      it('of two instances at once, each message is claimed by one', async () => {
        const url = await fresh();
        const s = await ballot(url);
        const t = await open(url);
        await s.putNotice(notice('inv'), T0);
        const claims = await Promise.all([s, t, s, t].map((store, i) => store.claimMessages(`w${i}`, 1, at(1), 60_000)));
        const ids = claims.flat().map((m) => m.id);
        expect(ids.length).toBe(4);
        expect(new Set(ids).size).toBe(4);
      });

      it('leaves no row of a private notice once each message has been sent or has failed, only counts', async () => {
        const s = await ballot();
        await s.putNotice(notice('inv'), T0);
        const [m1, m2, m3, m4] = (await claimAll(s)).sort((x, y) => x.member.localeCompare(y.member));
        expect(await s.messageSent(m1!.id)).toBe(true);
        expect(await s.messageSent(m1!.id)).toBe(false);
        expect(await s.messageFailed(m2!.id, { permanent: true, reason: '550 5.1.1 no such user', at: at(2) })).toBe(true);
        // A temporary failure waits for its next try, and is not claimed before it.
        expect(await s.messageFailed(m3!.id, { permanent: false, reason: '451 try later', nextTryAt: at(10) })).toBe(true);
        expect(await s.messageSent(m4!.id)).toBe(true);
        expect(await claimAll(s, at(9))).toEqual([]);
        expect(await s.notice('inv')).toMatchObject({ recipients: 4, sent: 2, failed: 1, queued: 1 });
        const [retry] = await claimAll(s, at(10));
        expect(retry).toMatchObject({ member: 'm3', tries: 2 });
        expect(await s.messageSent(retry!.id)).toBe(true);
        expect(await s.notice('inv')).toMatchObject({ recipients: 4, sent: 3, failed: 1, queued: 0 });
        expect(await claimAll(s, at(100))).toEqual([]);
      });

      it('records several sent at once, each counted once, on its own notice', async () => {
        const s = await ballot();
        await s.putNotice(notice('inv'), T0);
        await s.putNotice(notice('other', { audience: { members: [memberId('m8')] } }), T0);
        const claimed = await claimAll(s);
        expect(claimed.length).toBe(5);
        const [first, ...rest] = claimed;
        expect(await s.messageSent(first!.id)).toBe(true);
        expect(await s.messagesSent(claimed.map((m) => m.id))).toBe(rest.length);
        expect(await s.messagesSent([])).toBe(0);
        expect((await s.notice('inv'))!.sent + (await s.notice('other'))!.sent).toBe(5);
        expect(await s.notice('other')).toMatchObject({ sent: 1, queued: 0 });
      });

      it('records a permanently failing address for the administrator, until the member has another', async () => {
        const s = await ballot();
        await s.putNotice(notice('inv'), T0);
        await s.putNotice(notice('again', { kind: 'ballot-reminder' }), at(1));
        const byMember = (list: Awaited<ReturnType<Store['claimMessages']>>, m: string) => list.filter((x) => x.member === m);
        const claimed = await claimAll(s, at(2));
        const [first, second] = byMember(claimed, 'm3');
        expect(await s.messageFailed(first!.id, { permanent: true, reason: '550 mailbox unavailable', at: at(3) })).toBe(true);
        expect(await s.messageFailed(second!.id, { permanent: true, reason: '550 still no\n  mailbox', at: at(4) })).toBe(true);
        // Our fault, not the address's: counted, not blamed.
        const [ours] = byMember(claimed, 'm4');
        expect(await s.messageFailed(ours!.id, { permanent: true, reason: 'the template failed', at: at(4), blameAddress: false })).toBe(true);
        expect(await s.failingAddresses()).toEqual([
          { member: 'm3', name: 'Member m3', address: 'm3@example.org', reason: '550 still no mailbox', firstAt: at(3), lastAt: at(4), count: 2 },
        ]);
        expect(await s.notice('inv')).toMatchObject({ failed: 2 });
        // The same address again keeps it listed; a new one clears it.
        await s.putMembers([member('m3', { name: 'Renamed' })]);
        expect((await s.failingAddresses()).map((f) => f.name)).toEqual(['Renamed']);
        await s.putMembers([member('m3', { email: 'new@example.org' })]);
        expect(await s.failingAddresses()).toEqual([]);
      });
    });

    describe('one-time sign-in links', () => {
      it('work once, for their member and process, until they expire', async () => {
        const s = await ballot();
        const link = (hash: string, expiresAt = at(60)) => ({ tokenHash: hash, member: memberId('m1') as MemberId, process: BALLOT as ProcessId, expiresAt });
        await s.putSignInLink(link('h1'));
        await s.putSignInLink(link('h2', at(10)));
        expect(await s.useSignInLink('h1', at(1))).toEqual({ member: 'm1', process: 'ballot' });
        expect(await s.useSignInLink('h1', at(2))).toBeNull();
        expect(await s.useSignInLink('h2', at(10))).toBeNull();
        expect(await s.useSignInLink('nope', at(1))).toBeNull();
        await s.putSignInLink(link('h3'));
        const both = await Promise.all([s.useSignInLink('h3', at(1)), s.useSignInLink('h3', at(1))]);
        expect(both.filter((u) => u !== null).length).toBe(1);
      });
    });
  });
}
