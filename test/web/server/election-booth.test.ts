/**
 * One booth for all of an election's contests: a section per contest the member may vote in, one
 * review, one cast through the cast use case (one credential and one tracker code per contest),
 * with and without the script; a refused ranking in any contest casts nothing; a contest the member
 * may not vote in is listed with why, not offered.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberId, ProcessId } from '../../../src/domain/ids.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

/** The booth's script (a plain module for the browser, typed here by what the test uses). */
const script: {
  ranksFromOrder: (ranked: string[], all: string[]) => Record<string, string>;
  orderFromValues: (all: string[], values: Record<string, string>) => string[];
} = await import(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/web/static/booth.js'));

let world: World;
let officer: Client;
beforeAll(async () => {
  world = await buildWorld();
  officer = await new Client(world).actAs(world.people.nationalOfficer.member);
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

/** Opens an election of the given contests with candidates nominated, the electorates frozen and the ballots open today. */
async function openElection(title: string, contests: Record<string, readonly string[]>): Promise<{ election: string; ids: Record<string, ProcessId> }> {
  await officer.get('/elections/new');
  const names = Object.keys(contests);
  const r = await officer.post('/elections', {
    title,
    rulebook: 'labour-2021',
    contests: names,
    ...(names.includes('nec-clp') ? { 'seats-nec-clp': '4' } : {}),
    'nominations-close': TODAY,
    'freeze-date': TODAY,
    'ballot-opens': TODAY,
    'ballot-closes': TODAY,
  });
  expect(r.status, r.text.slice(0, 400)).toBe(303);
  const election = `el-${title.toLowerCase().replace(/ /g, '-')}-1`;
  const ids: Record<string, ProcessId> = {};
  for (const [contest, candidates] of Object.entries(contests)) {
    const id = `${election}-${contest}` as ProcessId;
    ids[contest] = id;
    for (const name of candidates) expect((await officer.post(`/processes/${id}/steps/nominate`, { name, gender: 'woman' })).status).toBe(303);
    for (const step of ['freeze-electorate', 'open-ballot']) expect((await officer.post(`/processes/${id}/steps/${step}`, {})).status).toBe(303);
  }
  return { election, ids };
}

let party: { election: string; ids: Record<string, ProcessId> };
const used = new Set<string>();
/** A member eligible in every contest given, holding no office, not yet used by another test. */
async function voterIn(...contests: ProcessId[]): Promise<{ id: MemberId; client: Client }> {
  const offices = new Set((await world.store.listOffices()).map((o) => o.member as string));
  const [first, ...rest] = await Promise.all(contests.map((c) => world.store.electorate(c)));
  const eligibleIn = (list: typeof first, m: string) => list!.some((e) => e.member === m && e.eligible);
  const entry = first!.find((e) => e.eligible && !offices.has(e.member) && !used.has(e.member) && rest.every((l) => eligibleIn(l, e.member)))!;
  used.add(entry.member);
  return { id: entry.member, client: await new Client(world).actAs((await world.store.getMember(entry.member))!) };
}

const prefix = (id: ProcessId) => `${id}:`;
const trackers = (text: string) => [...text.matchAll(/<code class="tracker">([^<]+)<\/code>/g)].map((m) => m[1]);

beforeAll(async () => {
  party = await openElection('Party offices', {
    'nec-clp': ['Ann Ward', 'Cath Lee', 'Eve Moss', 'Gwen Parr'],
    treasurer: ['Tom Reed', 'Una Vale'],
    wales: ['Rhian Evans'],
  });
}, 120_000);

describe('the election booth', () => {
  it('shows a section per contest the member may vote in, in the election’s order, and lists the Welsh contest with why not', async () => {
    const { clp, treasurer, wales } = { clp: party.ids['nec-clp']!, treasurer: party.ids.treasurer!, wales: party.ids.wales! };
    const walesEntries = await world.store.electorate(wales);
    const { id, client } = await voterIn(clp, treasurer);
    const inWales = walesEntries.find((e) => e.member === id)!;
    expect(inWales.eligible).toBe(false);
    const page = await client.get(`/elections/${party.election}/booth`);
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('<h2 id="contest-1-title">1. NEC constituency section</h2>');
    expect(page.text).toContain('<h2 id="contest-2-title">2. Treasurer</h2>');
    expect(page.text).not.toContain(`name="${prefix(wales)}rank-`);
    expect(page.text).toContain(`<li><strong>Welsh representative</strong>: ${inWales.reason.replace(/'/g, '&#39;')}</li>`);
    // Each section carries its own script hook and its own box ids, so two papers never share one.
    expect(page.text.match(/data-booth data-booth-key=/g)).toHaveLength(2);
    expect(page.text).toContain(`id="contest-2-rank-box-1" name="${prefix(treasurer)}rank-`);
  });

  it('casts two contests together without JavaScript: boxes, review, one cast, a tracker code for each', async () => {
    const clp = party.ids['nec-clp']!;
    const treasurer = party.ids.treasurer!;
    const { id, client } = await voterIn(clp, treasurer);
    await client.get(`/elections/${party.election}/booth`);
    const review = await client.post(`/elections/${party.election}/booth/review`, {
      [`${prefix(clp)}rank-c1`]: '2',
      [`${prefix(clp)}rank-c2`]: '1',
      [`${prefix(clp)}rank-c3`]: '',
      [`${prefix(treasurer)}rank-c1`]: '',
      [`${prefix(treasurer)}blank`]: 'yes',
    });
    expect(review.status, review.text.slice(0, 600)).toBe(200);
    checkAccessibleStructure(review.text);
    expect(review.text).toContain('A blank ballot:');
    expect(review.text).toContain('Cast my 2 ballots');
    const hidden = Object.fromEntries([...review.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map((m) => [m[1]!, m[2]!]));
    delete hidden._csrf;
    expect(hidden[`${prefix(clp)}rank-c2`]).toBe('1');
    expect(hidden[`${prefix(treasurer)}blank`]).toBe('yes');
    const cast = await client.post(`/elections/${party.election}/booth/cast`, { ...hidden, contests: [clp, treasurer], action: 'cast' });
    expect(cast.status, cast.text.slice(0, 600)).toBe(200);
    checkAccessibleStructure(cast.text);
    expect(cast.text).toContain('Your ballots were recorded in these 2 contests');
    expect(new Set(trackers(cast.text)).size).toBe(2);
    expect(await world.store.hasVoted(clp, id)).toBe(true);
    expect(await world.store.hasVoted(treasurer, id)).toBe(true);
    // Back at the booth, both contests say how the vote was recorded, and none is offered.
    const again = await client.get(`/elections/${party.election}/booth`);
    expect(again.text).toContain('There is no contest of Party offices you can vote in now.');
    expect(again.text).toContain('<li><strong>Treasurer</strong>: ');
  });

  it('leaves a contest for now: the review says so, the cast records the other, and the booth offers the one left until it closes', async () => {
    const clp = party.ids['nec-clp']!;
    const treasurer = party.ids.treasurer!;
    const { id, client } = await voterIn(clp, treasurer);
    const booth = await client.get(`/elections/${party.election}/booth`);
    expect(booth.text).toContain('Leave Treasurer for now');
    const url = `/elections/${party.election}/booth/review`;

    // Leaving a contest while numbering its candidates is a contradiction the member resolves.
    const both = await client.post(url, { [`${prefix(clp)}rank-c1`]: '1', [`${prefix(treasurer)}rank-c1`]: '1', [`${prefix(treasurer)}later`]: 'yes' });
    expect(both.status).toBe(400);
    expect(both.text).toContain('You chose to leave this contest for now, and also numbered candidates in it');
    // Leaving every contest leaves nothing to review.
    const none = await client.post(url, { [`${prefix(clp)}later`]: 'yes', [`${prefix(treasurer)}later`]: 'yes' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('You chose to leave every contest for now');

    const review = await client.post(url, { [`${prefix(clp)}rank-c1`]: '1', [`${prefix(treasurer)}rank-c1`]: '', [`${prefix(treasurer)}later`]: 'yes' });
    expect(review.status, review.text.slice(0, 600)).toBe(200);
    checkAccessibleStructure(review.text);
    expect(review.text).toContain('<h2>Left for now</h2>');
    expect(review.text).toContain('<li><strong>Treasurer</strong>: ');
    expect(review.text).toContain('Cast my ballot');
    const hidden = Object.fromEntries([...review.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map((m) => [m[1]!, m[2]!]));
    delete hidden._csrf;
    const cast = await client.post(`/elections/${party.election}/booth/cast`, { ...hidden, contests: [clp], action: 'cast' });
    expect(cast.status, cast.text.slice(0, 600)).toBe(200);
    expect(trackers(cast.text)).toHaveLength(1);
    expect(cast.text).toContain('You have still to vote in Treasurer.');
    expect(await world.store.hasVoted(clp, id)).toBe(true);
    expect(await world.store.hasVoted(treasurer, id)).toBe(false);

    const later = await client.get(`/elections/${party.election}/booth`);
    expect(later.text).toContain('You can vote in one contest of Party offices.');
    expect(later.text).toContain('1. Treasurer');
    // With one contest left, there is nothing to leave it for.
    expect(later.text).not.toContain('Leave Treasurer for now');
  });

  it('casts two contests together with the boxes as the script fills them (every box sent, unranked ones empty)', async () => {
    const clp = party.ids['nec-clp']!;
    const treasurer = party.ids.treasurer!;
    const { id, client } = await voterIn(clp, treasurer);
    await client.get(`/elections/${party.election}/booth`);
    const boxes = (p: ProcessId, ids: string[], ranked: string[]) =>
      Object.fromEntries(Object.entries(script.ranksFromOrder(ranked, ids)).map(([c, v]) => [`${prefix(p)}rank-${c}`, v]));
    const fields = { ...boxes(clp, ['c1', 'c2', 'c3', 'c4'], ['c4', 'c1', 'c3']), ...boxes(treasurer, ['c1', 'c2'], ['c2']) };
    // The script reads back what it wrote, so a refused form comes back in the same order.
    expect(script.orderFromValues(['c1', 'c2', 'c3', 'c4'], { c1: '2', c2: '', c3: '3', c4: '1' })).toEqual(['c4', 'c1', 'c3']);
    const review = await client.post(`/elections/${party.election}/booth/review`, fields);
    expect(review.status).toBe(200);
    expect(review.text).toMatch(/<ol class="review-list"><li><span class="rank">1<\/span> Gwen Parr<\/li>/);
    const cast = await client.post(`/elections/${party.election}/booth/cast`, { ...fields, contests: [clp, treasurer], action: 'cast' });
    expect(cast.status).toBe(200);
    expect(trackers(cast.text)).toHaveLength(2);
    expect(await world.store.hasVoted(clp, id)).toBe(true);
    expect(await world.store.hasVoted(treasurer, id)).toBe(true);
  });

  it('refuses one invalid ranking with every section kept and the problem beside it, and casts nothing', async () => {
    const clp = party.ids['nec-clp']!;
    const treasurer = party.ids.treasurer!;
    const { id, client } = await voterIn(clp, treasurer);
    await client.get(`/elections/${party.election}/booth`);
    const fields = {
      [`${prefix(clp)}rank-c1`]: '1',
      [`${prefix(clp)}rank-c2`]: '2',
      [`${prefix(treasurer)}rank-c1`]: '1',
      [`${prefix(treasurer)}rank-c2`]: '1',
    };
    const review = await client.post(`/elections/${party.election}/booth/review`, fields);
    expect(review.status).toBe(400);
    checkAccessibleStructure(review.text);
    expect(review.text).toContain('<title>Error: Party offices');
    expect(review.text).toContain('1 is also given to');
    expect(review.text).toMatch(new RegExp(`name="${prefix(clp)}rank-c2"[^>]*value="2"`));
    expect(review.text).toMatch(/href="#contest-2-rank-box-\d"/);
    // The same at the cast: every ballot is read before any is cast.
    const cast = await client.post(`/elections/${party.election}/booth/cast`, { ...fields, contests: [clp, treasurer], action: 'cast' });
    expect(cast.status).toBe(400);
    expect(await world.store.hasVoted(clp, id)).toBe(false);
    expect(await world.store.hasVoted(treasurer, id)).toBe(false);
    // "Change my ballots" from the review brings every section back as it was, the blank choice ticked.
    const change = await client.post(`/elections/${party.election}/booth/cast`, {
      [`${prefix(clp)}rank-c2`]: '1',
      [`${prefix(treasurer)}blank`]: 'yes',
      contests: [clp, treasurer],
      action: 'change',
    });
    expect(change.status).toBe(200);
    expect(change.text).toMatch(new RegExp(`name="${prefix(clp)}rank-c2"[^>]*value="1"`));
    expect(change.text).toMatch(new RegExp(`name="${prefix(treasurer)}blank" value="yes" checked`));
    expect(await world.store.hasVoted(clp, id)).toBe(false);
  });

  it('says plainly which contests were recorded and which not when a cast fails after another succeeded', async () => {
    const clp = party.ids['nec-clp']!;
    const treasurer = party.ids.treasurer!;
    const { id, client } = await voterIn(clp, treasurer);
    await client.get(`/ballots/${treasurer}`);
    expect((await client.post(`/ballots/${treasurer}/cast`, { 'rank-c1': '1', action: 'cast' })).status).toBe(200);
    const cast = await client.post(`/elections/${party.election}/booth/cast`, {
      [`${prefix(clp)}rank-c3`]: '1',
      [`${prefix(treasurer)}rank-c2`]: '1',
      contests: [clp, treasurer],
      action: 'cast',
    });
    expect(cast.status).toBe(200);
    expect(cast.text).toContain('Your ballot was recorded in this contest');
    expect(cast.text).toMatch(/<li><strong>NEC constituency section<\/strong>: tracker code <code class="tracker">/);
    expect(cast.text).toContain('One ballot was not recorded');
    expect(cast.text).toMatch(/<li><strong>Treasurer<\/strong>: [^<]*voted[^<]*Nothing was saved for it.<\/li>/);
    expect(cast.text).toContain(`href="/elections/${party.election}/booth">Go back to the booth</a>`);
    expect(trackers(cast.text)).toHaveLength(1);
    expect(await world.store.hasVoted(clp, id)).toBe(true);
  });

  it('lists the contests on the member’s ballots with a link to the one booth; the single-contest booth still works', async () => {
    const clp = party.ids['nec-clp']!;
    const treasurer = party.ids.treasurer!;
    const { client } = await voterIn(clp, treasurer);
    const ballots = await client.get('/ballots');
    expect(ballots.text).toContain(
      `<a class="button" href="/elections/${party.election}/booth">Vote<span class="visually-hidden"> in Party offices: Treasurer</span></a>`,
    );
    const home = await client.get('/');
    expect(home.text).toContain(`/elections/${party.election}/booth`);
    expect((await client.get(`/ballots/${clp}`)).status).toBe(200);
  });
});

describe('a member eligible for only one contest of an election', () => {
  it('sees only that contest offered, and the other listed with why', async () => {
    const other = await openElection('Members places', { treasurer: ['Ivy Holt', 'Jo Kerr'], wales: ['Rhian Evans'] });
    const treasurer = other.ids.treasurer!;
    const walesEntries = await world.store.electorate(other.ids.wales!);
    const { id, client } = await voterIn(treasurer);
    expect(walesEntries.find((e) => e.member === id)?.eligible).toBe(false);
    const page = await client.get(`/elections/${other.election}/booth`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('You can vote in one contest of Members places.');
    expect(page.text.match(/<section id="contest-\d"/g)).toEqual(['<section id="contest-1"']);
    expect(page.text).toContain('<h2 id="contest-1-title">1. Treasurer</h2>');
    expect(page.text).toContain('<li><strong>Welsh representative</strong>: ');
  });

  it('answers an election nobody holds with 404', async () => {
    const { client } = await voterIn(party.ids.treasurer!);
    expect((await client.get('/elections/el-nothing/booth')).status).toBe(404);
  });
});
