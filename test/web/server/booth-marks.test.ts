/**
 * The booth of a block-vote or plurality election, through the web: a national
 * officer opens each with its method, nominates, freezes the electorate and
 * opens the ballot on the officer's pages; a member then votes. Under block
 * vote a paper marking more candidates than seats is void, and plurality
 * counts one mark only, so the booth says how many may be marked and refuses a
 * ballot that marks more (at review and at the cast, which a crafted post can
 * reach directly) instead of storing one that would count for nothing. A
 * ranked method keeps taking a full ranking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InternalElectionState } from '../../../src/domain/processes/index.js';
import type { Member } from '../../../src/domain/organisation.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';
import { checkAccessibleStructure } from '../views/html-check.js';

let world: World;
let officer: Client;
let voter: Client;
let voterMember: Member;
const opened: Record<string, string> = {};

/** Opens an election on the web with `method` and `seats`, nominates four, freezes the electorate and opens the ballot. */
async function openBallot(title: string, method: string, seats: number): Promise<string> {
  await officer.get('/elections/new');
  const r = await officer.post('/elections', {
    title,
    rulebook: 'labour-2021',
    seats: String(seats),
    method,
    'min-women': '0',
    'nominations-close': TODAY,
    'freeze-date': TODAY,
    'ballot-opens': TODAY,
    'ballot-closes': TODAY,
  });
  expect(r.status, r.text.slice(0, 400)).toBe(303);
  const here = r.headers.get('location')!;
  for (const [name, gender] of [
    ['Ann Ward', 'woman'],
    ['Bob Hale', 'man'],
    ['Cath Lee', 'woman'],
    ['Dev Shah', 'man'],
  ]) {
    expect((await officer.post(`${here}/steps/nominate`, { name, gender })).status).toBe(303);
  }
  for (const step of ['freeze-electorate', 'open-ballot']) {
    const s = await officer.post(`${here}/steps/${step}`, {});
    expect(s.status, `${step}: ${s.text.slice(0, 400)}`).toBe(303);
  }
  const id = decodeURIComponent(here.split('/').pop()!);
  expect(((await world.store.getProcess(id as never))!.state as InternalElectionState).phase).toBe('ballot-open');
  return id;
}

beforeAll(async () => {
  world = await buildWorld();
  officer = await new Client(world).actAs(world.people.nationalOfficer.member);
  opened.block = await openBallot('Block committee', 'block', 2);
  opened.plurality = await openBallot('Chair by plurality', 'plurality', 1);
  opened.stv = await openBallot('Panel by Scottish STV', 'stv-scottish', 2);
  // A member on all three electorates (national: the same judgement for each) who holds no office.
  const entries = await world.store.electorate(opened.block as never);
  const offices = new Set((await world.store.listOffices()).map((o) => o.member as string));
  voterMember = (await world.store.getMember(entries.find((e) => e.eligible && !offices.has(e.member))!.member))!;
  voter = await new Client(world).actAs(voterMember);
}, 180_000);
afterAll(async () => {
  await world?.cleanup();
});

const marks = (...ids: string[]) => Object.fromEntries(ids.map((id, i) => [`rank-${id}`, String(i + 1)]));

describe('the booth of a block-vote election', () => {
  it('says how many may be marked, and refuses a ballot that marks more, at review and at the cast, storing nothing', async () => {
    const id = opened.block;
    const booth = await voter.get(`/ballots/${id}`);
    expect(booth.status).toBe(200);
    expect(booth.text).toContain('<legend>Choose up to 2 candidates</legend>');
    expect(booth.text).toContain('Mark up to 2 candidates');
    // The method in words, without the command line's code for it.
    expect(booth.text).toContain('Counted by block vote.');
    // The script's list allows as many choices as the form.
    expect(booth.text).toContain('data-max-marks="2"');
    expect(booth.text).not.toContain('your vote moves to your next choice');

    const three = await voter.post(`/ballots/${id}/review`, marks('c1', 'c2', 'c3'));
    expect(three.status).toBe(400);
    checkAccessibleStructure(three.text);
    expect(three.text).toContain('You marked 3 candidates, but you may mark up to 2 candidates: a ballot marking more would not be counted. Remove one.');
    // What was marked is kept in the boxes, to be corrected.
    expect(three.text).toMatch(/name="rank-c3"[^>]*value="3"/);

    const crafted = await voter.post(`/ballots/${id}/cast`, { ...marks('c4', 'c3', 'c2', 'c1'), action: 'cast' });
    expect(crafted.status).toBe(400);
    expect(crafted.text).toContain('You marked 4 candidates, but you may mark up to 2 candidates');
    expect(await world.store.hasVoted(id as never, voterMember.id)).toBe(false);

    expect((await voter.post(`/ballots/${id}/review`, marks('c1', 'c3'))).status).toBe(200);
    const cast = await voter.post(`/ballots/${id}/cast`, { ...marks('c1', 'c3'), action: 'cast' });
    expect(cast.status).toBe(200);
    expect((await world.store.ballots(id as never)).map((b) => b.ranking)).toEqual([['c1', 'c3']]);
  });
});

describe('the booth of a plurality election', () => {
  it('asks for one mark and refuses two', async () => {
    const id = opened.plurality;
    const booth = await voter.get(`/ballots/${id}`);
    expect(booth.text).toContain('Mark one candidate only');
    expect(booth.text).toContain('data-max-marks="1"');
    const two = await voter.post(`/ballots/${id}/review`, marks('c2', 'c1'));
    expect(two.status).toBe(400);
    expect(two.text).toContain('You marked 2 candidates, but you may mark one candidate');
    expect((await voter.post(`/ballots/${id}/cast`, { ...marks('c2'), action: 'cast' })).status).toBe(200);
    expect((await world.store.ballots(id as never)).map((b) => b.ranking)).toEqual([['c2']]);
  });
});

describe('the booth of an STV election', () => {
  it('still takes a ranking of the whole paper', async () => {
    const id = opened.stv;
    const booth = await voter.get(`/ballots/${id}`);
    expect(booth.text).toContain('your vote moves to your next choice');
    expect(booth.text).toContain('Counted by Scottish STV.');
    expect(booth.text).not.toContain('data-max-marks');
    expect((await voter.post(`/ballots/${id}/cast`, { ...marks('c4', 'c3', 'c2', 'c1'), action: 'cast' })).status).toBe(200);
    expect((await world.store.ballots(id as never)).map((b) => b.ranking)).toEqual([['c4', 'c3', 'c2', 'c1']]);
  });
});
