/**
 * A constituency party's nomination meeting on the web, through the real app on a real store built
 * from the demo party: its procedures secretary calls it for a leadership election, records who
 * attended (a member inside the 8-week provisional period may not vote), enters rounds (tallies
 * above the eligible attendance are refused beside the form, the form kept), and confirms the
 * winner, which becomes the party's nomination in the election — refused a second time. Only the
 * party's secretary and national officers may run it: another constituency's procedures secretary
 * and an ordinary member get 403. Every step is in the audit log as its actor's. An online meeting:
 * only the chair opens and closes its rounds, only a member present who may vote votes in its booth,
 * once a round, and the chair sees how many have voted, never a tally, until the close counts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBodyNomination } from '../../../src/app/election-nominations.js';
import { openLeadershipElection, parliamentaryParty } from '../../../src/app/leadership.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import { statusOn } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { InternalElectionState, NominationMeetingState } from '../../../src/domain/processes/index.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import type { StoredProcess } from '../../../src/store/store.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let election: StoredProcess;
let clp: Unit;
let candidates: Member[];
let meetingId = '';

beforeAll(async () => {
  world = await buildWorld();
  const opened = await openLeadershipElection(
    { store: world.store, clock: world.clock, actor: 'test' },
    LABOUR_2021,
    'Leadership election 2024',
    { nominationsClose: addDays(TODAY, 10), freezeDate: addDays(TODAY, 10), ballotOpens: addDays(TODAY, 12), ballotCloses: addDays(TODAY, 14) },
    null,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  election = opened.value;
  // Two MPs nominate two candidates, so the meeting has someone to choose between.
  const mps = await parliamentaryParty(world.store);
  candidates = [];
  for await (const m of world.store.membersOf((await world.store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    if (statusOn(m, TODAY) === 'current' && m.joined < '2020-01-01' && !mps.some((x) => x.member === m.id)) candidates.push(m);
    if (candidates.length === 2) break;
  }
  for (const [i, cand] of candidates.entries()) {
    const mp = (await world.store.getMember(mps[i]!.member as never))!;
    const r = await new Client(world).actAs(mp).then((c) => c.post(`/elections/${election.id}/mp-nominate`, { member: cand.id }));
    if (r.status !== 303) throw new Error(r.text.slice(0, 300));
  }
  clp = (await world.store.getUnit(world.voting.constituency!))!;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (m: Member | null) => new Client(world).actAs(m);
const meeting = async () => (await world.store.getProcess(meetingId as never))!.state as NominationMeetingState;

describe('calling a meeting', () => {
  it('the party’s procedures secretary calls one, for the contest’s nominees', async () => {
    const c = await as(world.people.proceduresSecretary.member);
    const form = await c.get(`/elections/${election.id}/meetings`);
    expect(form.status).toBe(200);
    checkAccessibleStructure(form.text);
    expect(form.text).toContain(clp.name);
    for (const x of candidates) expect(form.text).toContain(x.name);
    const bad = await c.post(`/elections/${election.id}/meetings`, { party: clp.id, date: '', place: 'Hall', candidates: candidates.map((x) => x.id) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the date of the meeting.');
    expect(bad.text).toContain('value="Hall"');
    const r = await c.post(`/elections/${election.id}/meetings`, {
      party: clp.id,
      date: TODAY,
      place: 'The Labour Hall',
      candidates: candidates.map((x) => x.id),
    });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    meetingId = r.headers.get('location')!.split('/').pop()!;
    const s = await meeting();
    expect(s.candidates.map((x) => x.member).sort()).toEqual(candidates.map((x) => x.id).sort());
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect([entry.type, entry.actor]).toEqual(['meeting.called', world.people.proceduresSecretary.member!.id]);
  });

  it('another constituency’s procedures secretary and a member may not run it (403); a national officer may', async () => {
    for (const who of [world.people.otherProceduresSecretary.member, world.people.voter.member]) {
      const c = await as(who);
      expect((await c.get(`/meetings/${meetingId}`)).status).toBe(403);
      const r = await c.post(`/meetings/${meetingId}/rounds`, { [`votes-${candidates[0]!.id}`]: '1' });
      expect(r.status).toBe(403);
    }
    const voter = await as(world.people.voter.member);
    expect((await voter.post(`/elections/${election.id}/meetings`, { party: clp.id, date: TODAY, place: 'x', candidates: candidates[0]!.id })).status).toBe(
      403,
    );
    expect((await (await as(world.people.nationalOfficer.member)).get(`/meetings/${meetingId}`)).status).toBe(200);
  });

  it('the officers’ pages that list every process show the meeting in words, and link to it', async () => {
    const officer = await as(world.people.nationalOfficer.member);
    const proc = await officer.get(`/processes/${meetingId}`);
    expect(proc.status).toBe(200);
    expect(proc.text).toContain(`href="/meetings/${meetingId}"`);
    for (const path of ['/processes', '/', `/constituencies/${clp.id}`, `/processes/${election.id}`]) {
      const r = await officer.get(path);
      expect(r.status, path).toBe(200);
      // The kind may be a filter's option value, never the words shown.
      expect(r.text, path).not.toMatch(/>[^<]*nomination-meeting/);
    }
    expect((await officer.get(`/processes/${election.id}`)).text).toContain(`href="/elections/${election.id}/meetings"`);
    const secretary = await as(world.people.proceduresSecretary.member);
    expect((await secretary.get('/')).status).toBe(200);
  });
});

describe('an online meeting: the chair’s rounds and the members’ booth', () => {
  it('only the chair opens and closes rounds, only a member present who may vote votes, once a round', async () => {
    const chair = await as(world.people.proceduresSecretary.member);
    const called = await chair.post(`/elections/${election.id}/meetings`, {
      party: clp.id,
      date: TODAY,
      place: 'online',
      voting: 'online',
      candidates: candidates.map((x) => x.id),
    });
    expect(called.status, called.text.slice(0, 400)).toBe(303);
    const online = called.headers.get('location')!.split('/').pop()!;
    const state = async () => (await world.store.getProcess(online as never))!.state as NominationMeetingState;
    expect((await state()).voting).toBe('online');
    const voter = await as(world.people.voter.member);
    // Not yet recorded as present: no booth.
    expect((await voter.get(`/meetings/${online}/booth`)).status).toBe(403);
    for (const who of [world.people.otherProceduresSecretary.member, world.people.voter.member]) {
      const c = await as(who);
      expect((await c.post(`/meetings/${online}/round/open`, {})).status).toBe(403);
      expect((await c.post(`/meetings/${online}/round/close`, {})).status).toBe(403);
    }
    expect((await chair.post(`/meetings/${online}/attendance`, { members: [world.people.voter.member!.id] })).status).toBe(303);
    expect((await voter.get(`/meetings/${online}/booth`)).text).toContain('No round is open for voting.');
    expect((await chair.post(`/meetings/${online}/round/open`, {})).status).toBe(303);
    expect((await chair.get(`/meetings/${online}`)).text).toContain('0 of the 1 member present who may vote have voted.');
    // The member's home page asks for their vote in the open round, until they have voted.
    expect((await voter.get('/')).text).toContain(`href="/meetings/${online}/booth"`);
    const booth = await voter.get(`/meetings/${online}/booth`);
    expect(booth.status).toBe(200);
    checkAccessibleStructure(booth.text);
    expect((await voter.post(`/meetings/${online}/booth`, {})).status).toBe(400);
    const [a, b] = candidates;
    expect((await voter.post(`/meetings/${online}/booth`, { candidate: a!.id })).status).toBe(303);
    const twice = await voter.post(`/meetings/${online}/booth`, { candidate: b!.id });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('You have already voted in round 1.');
    expect((await voter.get('/')).text).not.toContain(`href="/meetings/${online}/booth"`);
    const seen = (await chair.get(`/meetings/${online}`)).text;
    expect(seen).toContain('1 of the 1 member present who may vote has voted.');
    // No tally while the round is open, nor the chair's form for one.
    expect(seen).not.toContain('votes-');
    // The meeting in the room has no booth.
    expect((await voter.get(`/meetings/${meetingId}/booth`)).status).toBe(409);
    expect((await chair.post(`/meetings/${online}/round/close`, {})).status).toBe(303);
    expect((await state()).rounds[0]?.votes).toEqual(Object.fromEntries(candidates.map((x) => [x.id, x.id === a!.id ? 1 : 0])));
    expect((await voter.get(`/meetings/${online}/booth`)).text).toContain(`${a!.name} has more than half of the votes cast`);
    // A practice: the meeting nominates no one, so the party's meeting in the room may still nominate.
    expect((await chair.post(`/meetings/${online}/decision`, { decision: 'none', reason: 'A rehearsal of the online meeting.' })).status).toBe(303);
    const types = (await readAuditLog(world.store)).map((x) => x.type);
    expect(types).toContain('meeting.round-opened');
    expect(types).toContain('meeting.round-closed');
  });
});

describe('attendance, rounds and the decision', () => {
  it('records attendance, judged on the day; a member within 8 weeks may not vote', async () => {
    const branches = (await world.store.listUnits({ kind: 'branch', parent: clp.id })).map((b) => b.id);
    const members: Member[] = [];
    for await (const m of world.store.membersOf(branches)) if (statusOn(m, TODAY) === 'current') members.push(m);
    const old = members.filter((m) => m.joined < '2023-01-01').slice(0, 5);
    const c = await as(world.people.proceduresSecretary.member);
    const list = await c.get(`/meetings/${meetingId}?all=1`);
    expect(list.status).toBe(200);
    checkAccessibleStructure(list.text);
    expect(list.text).toContain(old[0]!.name);
    const r = await c.post(`/meetings/${meetingId}/attendance`, { members: old.map((m) => m.id) });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    // A member who joined a week ago: present, not voting.
    const recent = {
      ...old[0]!,
      id: 'recent-joiner' as never,
      name: 'Rhian Recent',
      joined: addDays(TODAY, -7),
      statusHistory: [{ from: addDays(TODAY, -7), status: 'current' as const }],
    };
    await world.store.putMembers([recent]);
    expect((await c.post(`/meetings/${meetingId}/attendance`, { members: [recent.id] })).status).toBe(303);
    const s = await meeting();
    expect(s.attendees).toHaveLength(6);
    expect(s.attendees.filter((a) => a.mayVote)).toHaveLength(5);
    const page = (await c.get(`/meetings/${meetingId}`)).text;
    expect(page).toContain('Rhian Recent may not vote: a member since');
    expect(page).toContain('within the 8-week provisional period');
  });

  it('refuses tallies above the members present who may vote, the form kept', async () => {
    const c = await as(world.people.proceduresSecretary.member);
    const [a, b] = candidates;
    const r = await c.post(`/meetings/${meetingId}/rounds`, { [`votes-${a!.id}`]: '4', [`votes-${b!.id}`]: '2', spoilt: '0' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('The round has 6 papers, more than the 5 members present who may vote');
    expect(r.text).toContain('value="4"');
    const frac = await c.post(`/meetings/${meetingId}/rounds`, { [`votes-${a!.id}`]: '2.5', [`votes-${b!.id}`]: '2', spoilt: '0' });
    expect(frac.status).toBe(400);
    expect(frac.text).toContain('votes must be a whole number of 0 or more');
    expect((await meeting()).rounds).toHaveLength(0);
  });

  it('enters a round, says who won, and the confirmed decision becomes the party’s nomination, once', async () => {
    const c = await as(world.people.proceduresSecretary.member);
    const [a, b] = candidates;
    const r = await c.post(`/meetings/${meetingId}/rounds`, { [`votes-${a!.id}`]: '3', [`votes-${b!.id}`]: '2', spoilt: '0' });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const page = (await c.get(`/meetings/${meetingId}`)).text;
    expect(page).toContain(`${a!.name} has 3 of the 5 votes cast in round 1, more than half (3 needed)`);
    const results = await c.get(`/meetings/${meetingId}/results`);
    expect(results.status).toBe(200);
    expect((await c.get(`/meetings/${meetingId}/results/count.csv`)).text).toContain(a!.name);
    // Before the decision the count is the secretary's: not public.
    expect((await new Client(world).get(`/meetings/${meetingId}/results`)).status).toBe(409);
    // A confirmation that recorded the nomination and then failed before deciding the meeting: the retry decides the meeting, and nominates once.
    const electionDoc = (await world.store.processDocument(election.id as never))!;
    if (electionDoc.kind !== 'internal-election') throw new Error('not an election');
    const first = await recordBodyNomination(
      { store: world.store, clock: world.clock, actor: 'test' },
      { process: electionDoc, body: clp.id, member: a!.id, meetingDate: (await meeting()).date },
    );
    expect(first.ok).toBe(true);
    const d = await c.post(`/meetings/${meetingId}/decision`, { decision: 'nominate' });
    expect(d.status, d.text.slice(0, 400)).toBe(303);
    const e = (await world.store.getProcess(election.id))!.state as InternalElectionState;
    expect(e.nominations.filter((n) => n.body === clp.id).map((n) => [n.route, n.member])).toEqual([['constituency', a!.id]]);
    const log = (await readAuditLog(world.store)).slice(-2).map((x) => x.type);
    expect(log).toEqual(['election.leader-nominated', 'meeting.decided']);
    const live = await new Client(world).get(`/elections/${election.id}/leadership`);
    expect(live.text).toContain(clp.name);
    expect((await new Client(world).get(`/meetings/${meetingId}/results/count.json`)).status).toBe(200);
    // A member who reads Welsh sees the meeting's rounds in Welsh.
    const welsh = await new Client(world).actAs(world.people.voter.member);
    expect((await welsh.get(`/language?to=cy&next=${encodeURIComponent(`/meetings/${meetingId}/results`)}`)).status).toBe(303);
    const cy = await welsh.get(`/meetings/${meetingId}/results`);
    expect(cy.text).toContain('<html lang="cy">');
    expect(cy.text).toContain('Canlyniadau:');
    expect(cy.text).toContain('Lawrlwythiadau');
    expect(cy.text).not.toContain('Downloads');
    const list = await welsh.get(`/elections/${election.id}/meetings`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('<html lang="cy">');
    checkAccessibleStructure(list.text);
    expect(list.text).toContain('Cyfarfodydd enwebu:');
    expect(list.text).toContain('Cyfarfodydd enwebu a alwyd');
    expect(list.text).toContain(`Penderfynwyd: mae ${clp.name} yn enwebu ${a!.name}`);
    expect(list.text).not.toContain('Where it stands');
    // A second meeting of the same party is refused: it has nominated.
    const again = await c.post(`/elections/${election.id}/meetings`, { party: clp.id, date: TODAY, place: 'Hall', candidates: b!.id });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`${clp.name} has already nominated`);
  });
});
