/**
 * A contest for members who self-identify (here, disabled members): officers and scrutineers learn
 * from no page who does. Two members eligible under the election's rules, one who self-identifies
 * and one who does not, are judged at the freeze; the stored reasons, the electorate page, the
 * paper-vote desk and the audit log read the same for both, and only the counts say how many.
 * Each member still sees on their own page whether they may vote and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareSelfIdentification } from '../../../src/app/self-identification.js';
import { openElectionContests } from '../../../src/app/open-process.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { MemberId, ProcessId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { escapeHtml } from '../../../src/web/views/html.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let contest: ProcessId;
/** The member who self-identifies as disabled, and the one who does not. */
let yes: Member;
let no: Member;

beforeAll(async () => {
  world = await buildWorld();
  const a = { store: world.store, clock: world.clock, actor: world.people.nationalOfficer.member!.id };
  const timetable = { nominationsClose: TODAY, freezeDate: TODAY, ballotOpens: TODAY, ballotCloses: addDays(TODAY, 20) };
  const opened = await openElectionContests(a, LABOUR_2021, 'Reserved places', timetable, [{ contest: 'disabled' }]);
  if (!opened.ok) throw new Error(opened.error.message);
  contest = (await world.store.processDocuments()).find((p) => p.kind === 'internal-election' && p.state.contest?.segment.kind === 'self-identified')!
    .id as ProcessId;
  // Two members eligible in the open selection (so under the party's rules), neither an officer nor a test persona.
  const skip = new Set([...(await world.store.listOffices()).map((o) => o.member as string), world.people.voter.member!.id]);
  const [one, two] = (await world.store.electorate(world.voting.id)).filter((e) => e.eligible && !skip.has(e.member));
  for (const [id, chosen] of [
    [one!.member, ['disabled']],
    [two!.member, []],
  ] as const) {
    const declared = await declareSelfIdentification(world.store, world.clock, id, chosen);
    if (!declared.ok) throw new Error(declared.error.message);
  }
  yes = (await world.store.getMember(one!.member))!;
  no = (await world.store.getMember(two!.member))!;
  const officer = await new Client(world).actAs(world.people.nationalOfficer.member);
  expect((await officer.post(`/processes/${contest}/steps/nominate`, { name: 'Ann Ward', gender: 'woman' })).status).toBe(303);
  for (const step of ['freeze-electorate', 'open-ballot']) expect((await officer.post(`/processes/${contest}/steps/${step}`, {})).status).toBe(303);
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (who: 'nationalOfficer' | 'scrutineer') => new Client(world).actAs(world.people[who].member);
/** A page with the one member's name and number written as the other's, to compare the two. */
const swapped = (text: string, from: Member, to: Member) =>
  text.replaceAll(escapeHtml(from.name), escapeHtml(to.name)).replaceAll(from.name, to.name).replaceAll(from.id, to.id);

describe('a contest for members who self-identify', () => {
  it('stores the same reason for both members, eligible or not, and the right judgement for each', async () => {
    const entries = new Map((await world.store.electorate(contest)).map((e) => [e.member as string, e]));
    const a = entries.get(yes.id)!;
    const b = entries.get(no.id)!;
    expect([a.eligible, b.eligible]).toEqual([true, false]);
    expect(a.reason).toBe(b.reason);
    expect(a.reason).not.toMatch(/you self-identify|does not say/i);
  });

  it('gives officers and scrutineers only the counts on the electorate page, saying why', async () => {
    const doc = (await world.store.processDocument(contest))!;
    const summary = doc.kind === 'internal-election' ? doc.state.electorate! : null;
    for (const who of ['nationalOfficer', 'scrutineer'] as const) {
      const page = await (await as(who)).get(`/processes/${contest}/electorate`);
      expect(page.status).toBe(200);
      checkAccessibleStructure(page.text);
      expect(page.text).toContain(`${summary!.eligible.toLocaleString('en-GB')} of ${summary!.total.toLocaleString('en-GB')} members eligible.`);
      expect(page.text).toContain('the electorate is given only as counts');
      for (const m of [yes, no]) {
        expect(page.text).not.toContain(escapeHtml(m.name));
        expect(page.text).not.toContain(m.id);
      }
      expect(page.text).not.toContain('<table');
    }
  });

  it('tells the paper-vote desk nothing that differs between the two members on look-up', async () => {
    const officer = await as('nationalOfficer');
    const desk = `/processes/${contest}/paper-votes`;
    const ofYes = await officer.get(`${desk}?member=${encodeURIComponent(yes.id)}`);
    const ofNo = await officer.get(`${desk}?member=${encodeURIComponent(no.id)}`);
    expect([ofYes.status, ofNo.status]).toEqual([200, 200]);
    checkAccessibleStructure(ofYes.text);
    expect(ofYes.text).toContain('Not shown here: this contest is for members who self-identify');
    expect(swapped(ofYes.text, yes, no)).toBe(ofNo.text);
    expect(ofYes.text).not.toMatch(/Not eligible|>Eligible</);
  });

  it('says only "may not vote" when a paper cannot be counted, and leaves the member out of the audit entry of one that is', async () => {
    const officer = await as('nationalOfficer');
    const desk = `/processes/${contest}/paper-votes`;
    const refused = await officer.post(desk, { member: no.id, channel: 'postal', 'rank-c1': '1', action: 'record' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(`This paper cannot be counted: ${escapeHtml(no.name)} may not vote in`);
    // Only the contest's own (public) title and address name the characteristic; the refusal says nothing of the member's.
    const said = refused.text.replaceAll('Disabled members&#39; representative', '').replaceAll(contest, '');
    expect(said).not.toMatch(/disabled|self-identif/i);
    const recorded = await officer.post(desk, { member: yes.id, channel: 'postal', 'rank-c1': '1', action: 'record' });
    expect(recorded.status, recorded.text.slice(0, 400)).toBe(200);
    expect(await world.store.hasVoted(contest, yes.id as MemberId)).toBe(true);
    // The vote's entry, then the notice to the member queued with it: neither names them.
    const [notice, last] = await world.store.auditEntries({ newestFirst: true, limit: 2 });
    expect(last).toMatchObject({ type: 'vote.paper-recorded', data: { process: contest, member: null, channel: 'postal' } });
    expect(notice).toMatchObject({ type: 'notice.queued', data: { kind: 'paper-vote', recipients: 1 } });
    expect(JSON.stringify(notice?.data)).not.toContain(yes.id);
    const log = await (await as('scrutineer')).get('/audit');
    expect(log.status).toBe(200);
    for (const m of [yes, no]) expect(log.text).not.toContain(m.id);
  });

  it('still tells each member on their own page whether they may vote and why', async () => {
    const seen = async (m: Member) => (await (await new Client(world).actAs(m)).get('/eligibility')).text;
    expect(await seen(yes)).toContain('You may vote: it is for members who self-identify as disabled, and your record said you do on the freeze date.');
    expect(await seen(no)).toContain(
      'You may not vote in this contest: it is for members who self-identify as disabled, and your record did not say you do on the freeze date.',
    );
  });
});
