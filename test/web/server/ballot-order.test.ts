/**
 * The ballot paper in the rulebook's order, through the web: an officer nominates
 * four candidates in an order that is neither alphabetical by first name nor by
 * surname; the booth and the paper-vote desk list them by surname (Labour's rule),
 * and say above them how many will be elected, the minimum of women and how to mark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InternalElectionState } from '../../../src/domain/processes/index.js';
import type { Member } from '../../../src/domain/organisation.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let officer: Client;
let voter: Client;
let voterMember: Member;
let id: string;

const NOMINATED = [
  ['Bob Young', 'man'],
  ['Zoe Adams', 'woman'],
  ['Al Morgan', 'man'],
  ['Cath Lee', 'woman'],
] as const;
const BY_SURNAME = ['Zoe Adams', 'Cath Lee', 'Al Morgan', 'Bob Young'];

/** Where each name first appears in the page, in page order. */
function order(text: string): string[] {
  return BY_SURNAME.map((n) => [n, text.indexOf(n)] as const)
    .filter(([, at]) => at >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([n]) => n);
}

beforeAll(async () => {
  world = await buildWorld();
  officer = await new Client(world).actAs(world.people.nationalOfficer.member);
  await officer.get('/elections/new');
  const r = await officer.post('/elections', {
    title: 'Regional board',
    rulebook: 'labour-2021',
    seats: '3',
    method: 'stv-droop',
    'min-women': '1',
    'nominations-close': TODAY,
    'freeze-date': TODAY,
    'ballot-opens': TODAY,
    'ballot-closes': TODAY,
  });
  expect(r.status, r.text.slice(0, 400)).toBe(303);
  const here = r.headers.get('location')!;
  for (const [name, gender] of NOMINATED) expect((await officer.post(`${here}/steps/nominate`, { name, gender })).status).toBe(303);
  for (const step of ['freeze-electorate', 'open-ballot']) {
    const s = await officer.post(`${here}/steps/${step}`, {});
    expect(s.status, `${step}: ${s.text.slice(0, 400)}`).toBe(303);
  }
  id = decodeURIComponent(here.split('/').pop()!);
  const state = (await world.store.getProcess(id as never))!.state as InternalElectionState;
  expect(state.candidates.map((c) => c.name)).toEqual(NOMINATED.map(([n]) => n));
  const entries = await world.store.electorate(id as never);
  const offices = new Set((await world.store.listOffices()).map((o) => o.member as string));
  voterMember = (await world.store.getMember(entries.find((e) => e.eligible && !offices.has(e.member))!.member))!;
  voter = await new Client(world).actAs(voterMember);
}, 180_000);
afterAll(async () => {
  await world?.cleanup();
});

describe('the ballot paper', () => {
  it('lists the candidates in the booth by surname, not in the order they were nominated, the same on every visit', async () => {
    const booth = await voter.get(`/ballots/${id}`);
    expect(booth.status).toBe(200);
    expect(order(booth.text)).toEqual(BY_SURNAME);
    expect(order((await voter.get(`/ballots/${id}`)).text)).toEqual(BY_SURNAME);
  });

  it('says above the candidates how many will be elected, the minimum of women and how to rank', async () => {
    const text = (await voter.get(`/ballots/${id}`)).text;
    const rules = text.indexOf('3 will be elected. At least 1 of the 3 will be a woman. Rank the candidates 1, 2, 3 and so on, as many or as few as you like.');
    expect(rules).toBeGreaterThan(0);
    expect(rules).toBeLessThan(text.indexOf('Zoe Adams'));
  });

  it('a ballot ranked on the surname-ordered paper is cast by candidate, whatever the order shown', async () => {
    const state = (await world.store.getProcess(id as never))!.state as InternalElectionState;
    const idOf = (name: string) => state.candidates.find((c) => c.name === name)!.id;
    const ranks = { [`rank-${idOf('Bob Young')}`]: '1', [`rank-${idOf('Zoe Adams')}`]: '2' };
    const review = await voter.post(`/ballots/${id}/review`, ranks);
    expect(review.status, review.text.slice(0, 400)).toBe(200);
    expect(review.text.indexOf('Bob Young')).toBeLessThan(review.text.indexOf('Zoe Adams'));
  });

  it('the paper-vote desk lists them by surname too, with the same words', async () => {
    const voters = await world.store.electorate(id as never);
    const member = voters.find((e) => e.eligible && e.member !== voterMember.id)!.member;
    const desk = await officer.get(`/processes/${encodeURIComponent(id)}/paper-votes?member=${member}`);
    expect(desk.status, desk.text.slice(0, 400)).toBe(200);
    expect(order(desk.text)).toEqual(BY_SURNAME);
    expect(desk.text).toContain('At least 1 of the 3 will be a woman.');
  });
});
