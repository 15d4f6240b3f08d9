/**
 * Nominations by bodies and candidates' statements on the web, through the
 * real app on a real store: a constituency party's procedures secretary finds
 * a member by name and nominates them; a national officer records the other
 * parties' nominations; the nominee accepts and stands once the threshold is
 * reached; a statement over the limit is refused with the form kept; an
 * officer approves it; the public candidates page shows it. Every step is in
 * the audit log as its actor's.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngPhoto } from '../../fixtures/photos.js';
import { boothView } from '../../../src/web/presenters/booth.js';
import { boothPage } from '../../../src/web/views/booth.js';
import { ctxFor, member as viewMember } from '../views/fixtures.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import { statusOn } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { InternalElectionState, SelectionState } from '../../../src/domain/processes/index.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import type { StoredProcess } from '../../../src/store/store.js';
import { applyStep, openElection } from '../../app/steps.js';
import { fixedClock } from '../../../src/domain/time.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let election: StoredProcess;
let nominee: Member;
let ownCLP: Unit;
let otherCLPs: Unit[];

beforeAll(async () => {
  world = await buildWorld();
  election = await openElection({ store: world.store, clock: world.clock, actor: 'test' }, LABOUR_2021, 'NEC constituency section', {
    nominationsClose: addDays(TODAY, 5),
    freezeDate: addDays(TODAY, 5),
    ballotOpens: addDays(TODAY, 7),
    ballotCloses: addDays(TODAY, 9),
  });
  const secretary = world.people.proceduresSecretary.member!;
  const offices = await world.store.listOffices({ member: secretary.id });
  ownCLP = (await world.store.getUnit(offices.find((o) => o.role === 'procedures-secretary')!.unit))!;
  otherCLPs = (await world.store.listUnits({ kind: 'constituency' })).filter((u) => u.id !== ownCLP.id).slice(0, 4);
  const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
  const branches = await world.store.listUnits({ kind: 'branch', parent: ownCLP.id });
  for await (const m of world.store.membersOf(branches.map((b) => b.id))) {
    if (!officers.has(m.id) && statusOn(m, TODAY) === 'current' && m.joined < '2020-01-01' && m.name.includes(' ')) {
      nominee = m;
      break;
    }
  }
  if (!nominee) throw new Error('the demo lacks a member to nominate');
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (m: Member | null) => new Client(world).actAs(m);
const nominateUrl = () => `/elections/${election.id}/nominate`;
const state = async () => (await world.store.getProcess(election.id))!.state as InternalElectionState;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('a constituency party nominates by name', () => {
  it('the procedures secretary finds the member by name and records the nomination, audited as theirs', async () => {
    const c = await as(world.people.proceduresSecretary.member);
    // Their landing page says their party may nominate, and links to the form, until it has nominated.
    const link = `href="${nominateUrl()}"`;
    expect((await c.get('/')).text).toContain(link);
    // Part of the name, in any case: the first name's start and the surname, lower-cased.
    const [first, ...rest] = nominee.name.toLowerCase().split(' ');
    const surname = `${first!.slice(0, 3)} ${rest.join(' ')}`;
    const found = await c.get(`${nominateUrl()}?q=${encodeURIComponent(surname)}`);
    expect(found.status).toBe(200);
    checkAccessibleStructure(found.text);
    expect(found.text).toContain(nominee.name);
    expect(found.text).toContain(ownCLP.name);
    expect(found.text).toContain('a candidate needs 5 nominations');
    const r = await c.post(nominateUrl(), { body: ownCLP.id, member: nominee.id, meetingDate: TODAY, q: surname });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const s = await state();
    expect(s.nominations.map((n) => [n.bodyName, n.member, n.meetingDate])).toEqual([[ownCLP.name, nominee.id, TODAY]]);
    expect(s.candidates).toEqual([]);
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect([entry.type, entry.actor]).toEqual(['election.body-nominated', world.people.proceduresSecretary.member!.id]);
    expect(entry.data).toMatchObject({ bodyName: ownCLP.name, name: nominee.name, nominations: 1, threshold: 5 });
    expect((await c.get('/')).text).not.toContain(link);
  });

  it('refuses the same body nominating the same member twice, with the form kept and nothing stored', async () => {
    const c = await as(world.people.proceduresSecretary.member);
    await c.get(nominateUrl());
    const again = await c.post(nominateUrl(), { body: ownCLP.id, member: nominee.id, meetingDate: TODAY, q: nominee.name });
    expect(again.status).toBe(422);
    expect(again.text).toContain(`${ownCLP.name} has already nominated ${nominee.name}`);
    expect((await state()).nominations).toHaveLength(1);
  });

  it('refuses a member who is secretary of no nominating body', async () => {
    const c = await as(world.people.voter.member);
    expect((await c.get(nominateUrl())).status).toBe(403);
  });
});

describe('the nominee', () => {
  it('accepts, and stands once five constituency parties have nominated them', async () => {
    const officer = await as(world.people.nationalOfficer.member);
    await officer.get(nominateUrl());
    for (const clp of otherCLPs.slice(0, 3)) {
      expect((await officer.post(nominateUrl(), { body: clp.id, member: nominee.id, meetingDate: TODAY })).status).toBe(303);
    }
    const c = await as(nominee);
    // Until they answer, their landing page sends them to their nominations.
    expect((await c.get('/')).text).toContain('You have been nominated in NEC constituency section: accept or decline, and write your statement');
    expect((await c.get('/')).text).toContain('href="/standing"');
    const page = await c.get('/standing');
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('You have been nominated for NEC constituency section');
    expect(page.text).toContain('4 nominations of the 5 needed');
    // The same page in Welsh, once the nominee chooses it: no English left in it.
    expect((await c.get('/language?to=cy&next=%2Fstanding')).status).toBe(303);
    const welsh = (await c.get('/standing')).text;
    for (const cy of [
      'Eich enwebiadau',
      'Rydych wedi cael eich enwebu ar gyfer NEC constituency section',
      '4 enwebiad o’r 5 sydd eu hangen; nid ydych wedi derbyn eto.',
      'Derbyn yr enwebiad',
      'Enwebwyd gan: ',
      '(cyfarfod ar ',
      'Eich datganiad',
      'Dim mwy na',
      'Llun (dewisol)',
    ])
      expect(welsh).toContain(cy);
    for (const en of [
      'Your nominations',
      'You have been nominated for',
      'nominations of the',
      'Accept the nomination',
      'Nominated by',
      'At most',
      'meeting of',
    ])
      expect(welsh).not.toContain(en);
    expect((await c.get('/language?to=en-GB&next=%2Fstanding')).status).toBe(303);
    expect((await c.post(`/elections/${election.id}/consent`, { answer: 'accepted' })).status).toBe(303);
    expect((await c.get('/')).text).not.toContain('You have been nominated in');
    expect((await state()).candidates).toEqual([]);
    expect((await officer.post(nominateUrl(), { body: otherCLPs[3]!.id, member: nominee.id, meetingDate: TODAY })).status).toBe(303);
    const s = await state();
    expect(s.candidates.map((x) => [x.name, x.member])).toEqual([[nominee.name, nominee.id]]);
    const types = (await readAuditLog(world.store)).slice(-2).map((e) => [e.type, e.actor]);
    expect(types).toEqual([
      ['election.nomination-accepted', nominee.id],
      ['election.body-nominated', world.people.nationalOfficer.member!.id],
    ]);
  });

  it('writes a statement: over the limit it is refused with the words kept; within it, it awaits approval', async () => {
    const c = await as(nominee);
    await c.get('/standing');
    const long = words(412);
    const refused = await c.post(`/processes/${election.id}/statement`, { statement: long });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Your statement is 412 words; the limit is 400.');
    expect(refused.text).toContain('word411');
    checkAccessibleStructure(refused.text);
    expect((await state()).statements).toEqual([]);
    const ok = await c.post(`/processes/${election.id}/statement`, { statement: 'I will stand up for every member.' });
    expect(ok.status).toBe(303);
    expect((await state()).statements.map((x) => [x.member, x.status])).toEqual([[nominee.id, 'awaiting-approval']]);
    // Not published before approval.
    expect((await (await as(null)).get(`/elections/${election.id}/candidates`)).text).not.toContain('I will stand up for every member.');
  });
});

describe('the officers', () => {
  it('see who nominated whom and when, and approve the statement, which the public page then shows', async () => {
    const officer = await as(world.people.nationalOfficer.member);
    const table = await officer.get(`/processes/${election.id}/nominations`);
    expect(table.status).toBe(200);
    checkAccessibleStructure(table.text);
    expect(table.text).toContain(nominee.name);
    expect(table.text).toContain(ownCLP.name);
    expect(table.text).toContain('5 of 5');
    expect(table.text).toContain('Accepted');
    expect(table.text).toContain('I will stand up for every member.');
    const noReason = await officer.post(`/processes/${election.id}/statements`, { candidate: nominee.id, decision: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Say why the statement is returned');
    const approved = await officer.post(`/processes/${election.id}/statements`, { candidate: nominee.id, decision: 'approve' });
    expect(approved.status).toBe(303);
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect([entry.type, entry.actor]).toEqual(['election.statement-approved', world.people.nationalOfficer.member!.id]);
    const pub = await (await as(null)).get(`/elections/${election.id}/candidates`);
    expect(pub.status).toBe(200);
    checkAccessibleStructure(pub.text);
    expect(pub.text).toContain(nominee.name);
    expect(pub.text).toContain('I will stand up for every member.');
    expect(pub.text).not.toContain(nominee.id);
  });
});

describe("a candidate's photo", () => {
  const statementUrl = () => `/processes/${election.id}/statement`;
  const TEXT = 'I will stand up for every member, with my photo.';
  let photoUrl = '';

  it('is sent with the statement; not an image (named .jpg) or too big, it is refused beside the field with the words kept and nothing stored', async () => {
    const c = await as(nominee);
    const form = await c.get('/standing');
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain('accept="image/jpeg,image/png"');
    const before = await state();
    const fake = await c.postFiles(
      statementUrl(),
      { statement: TEXT },
      { photo: { name: 'me.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('<svg>not a photo</svg>') } },
    );
    expect(fake.status).toBe(422);
    checkAccessibleStructure(fake.text);
    expect(fake.text).toContain('The photo must be a JPEG or PNG image; the file sent is neither, whatever its name says. Nothing was saved.');
    expect(fake.text).toContain(TEXT);
    expect(fake.text).toMatch(/id="photo-[^"]+-error"/);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(pngPhoto(64, 64));
    const tooBig = await c.postFiles(statementUrl(), { statement: TEXT }, { photo: { name: 'me.png', type: 'image/png', bytes: big } });
    expect(tooBig.status).toBe(422);
    expect(tooBig.text).toContain('The photo is larger than 2 MB, the most accepted; send a smaller copy.');
    expect(tooBig.text).toContain(TEXT);
    expect(await state()).toEqual(before);
  });

  it('is kept with the statement, awaiting approval: not served to the public (404), shown to the officers reviewing it', async () => {
    const c = await as(nominee);
    await c.get('/standing');
    const png = pngPhoto(120, 160);
    const sent = await c.postFiles(statementUrl(), { statement: TEXT }, { photo: { name: 'me.png', type: 'image/png', bytes: png } });
    expect(sent.status, sent.text.slice(0, 400)).toBe(303);
    const st = (await state()).statements.find((x) => x.member === nominee.id)!;
    expect([st.status, st.photo, st.photoSha256]).toEqual(['awaiting-approval', 'image/png', createHash('sha256').update(png).digest('hex')]);
    photoUrl = `/processes/${election.id}/photos/${st.photoSha256}`;
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect([entry.type, entry.actor]).toEqual(['election.statement-written', nominee.id]);
    expect(entry.data).toMatchObject({ member: nominee.id, photo: true, photoSha256: st.photoSha256 });
    expect(JSON.stringify(entry.data).length).toBeLessThan(500);
    // The public: neither the page nor the address shows it; a guessed digest is the same 404.
    expect((await (await as(null)).getRaw(photoUrl)).status).toBe(404);
    expect((await (await as(null)).getRaw(`/processes/${election.id}/photos/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await (await as(null)).get(`/elections/${election.id}/candidates`)).text).not.toContain(photoUrl);
    const officer = await as(world.people.nationalOfficer.member);
    const table = await officer.get(`/processes/${election.id}/nominations`);
    expect(table.text).toContain(`src="${photoUrl}" alt="Photo of ${nominee.name}"`);
    const reviewing = await officer.getRaw(photoUrl);
    expect(reviewing.status).toBe(200);
    expect(reviewing.headers.get('cache-control')).toBe('private, no-store');
  });

  it('once approved with the statement, is served with its type, nosniff and cache headers, and shown on the public page with its alt text', async () => {
    const officer = await as(world.people.nationalOfficer.member);
    await officer.get(`/processes/${election.id}/nominations`);
    expect((await officer.post(`/processes/${election.id}/statements`, { candidate: nominee.id, decision: 'approve' })).status).toBe(303);
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect(entry.type).toBe('election.statement-approved');
    expect(entry.data).toMatchObject({ photoSha256: photoUrl.split('/').at(-1) });
    const r = await (await as(null)).getRaw(photoUrl);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(pngPhoto(120, 160));
    const pub = await (await as(null)).get(`/elections/${election.id}/candidates`);
    checkAccessibleStructure(pub.text);
    expect(pub.text).toContain(`src="${photoUrl}" alt="Photo of ${nominee.name}"`);
    // The booth shows the approved photo too, beside the paper (the booth as built for the stored election).
    const doc = (await world.store.processDocument(election.id))!;
    if (doc.kind !== 'internal-election') throw new Error('not an election');
    const candidates = doc.state.candidates.map((x) => ({ id: x.id, name: x.name }));
    const view = boothView({ process: doc, state: doc.state, candidates, unit: 'The whole party', methodWords: 'STV', maxMarks: null, rules: [] });
    const booth = boothPage(view, ctxFor(viewMember));
    checkAccessibleStructure(booth);
    expect(booth).toContain(`src="${photoUrl}" alt="Photo of ${nominee.name}"`);
  });

  it('may be removed: the statement awaits approval again and the photo is no longer served', async () => {
    const c = await as(nominee);
    const page = await c.get('/standing');
    expect(page.text).toContain('Remove my photo');
    expect((await c.post(statementUrl(), { statement: TEXT, 'remove-photo': 'yes' })).status).toBe(303);
    const st = (await state()).statements.find((x) => x.member === nominee.id)!;
    expect([st.status, st.photo, st.photoSha256]).toEqual(['awaiting-approval', null, null]);
    expect((await (await as(null)).getRaw(photoUrl)).status).toBe(404);
  });
});

describe('a selection application', () => {
  it('carries a statement within the same limit; one too long is refused with the form kept', async () => {
    const applying = (await world.store.listProcesses({ kind: 'selection' })).find((p) => (p.state as SelectionState).phase === 'applications')!;
    const seat = applying.constituency!;
    const branches = await world.store.listUnits({ kind: 'branch', parent: seat });
    const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
    const standing = new Set((applying.state as SelectionState).candidates.map((x) => x.member));
    let applicant: Member | undefined;
    for await (const m of world.store.membersOf(branches.map((b) => b.id))) {
      if (!officers.has(m.id) && !standing.has(m.id) && statusOn(m, TODAY) === 'current' && m.joined < '2020-01-01') {
        applicant = m;
        break;
      }
    }
    const c = await as(applicant!);
    const url = `/selections/${applying.id}/apply`;
    const form = await c.get(url);
    expect(form.text).toContain('At most 400 words');
    const refused = await c.post(url, { consent: 'yes', statement: words(401) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Your statement is 401 words; the limit is 400.');
    expect(refused.text).toContain('word400');
    const ok = await c.post(url, { consent: 'yes', statement: 'Local first.' });
    expect(ok.status).toBe(303);
    const s = (await world.store.getProcess(applying.id))!.state as SelectionState;
    expect(s.statements.map((x) => [x.member, x.text, x.status])).toEqual([[applicant!.id, 'Local first.', 'awaiting-approval']]);
  });
});

describe("a selection's public candidates page", () => {
  it('waits for the shortlist, then shows its candidates alphabetically, with approved statements only; the booth links to it', async () => {
    const applying = (await world.store.listProcesses({ kind: 'selection' })).find((p) => (p.state as SelectionState).phase === 'applications')!;
    const before = await (await as(null)).get(`/selections/${applying.id}/candidates`);
    expect(before.status).toBe(200);
    checkAccessibleStructure(before.text);
    expect(before.text).toContain('The shortlist has not been drawn up yet');

    // The applicant of the test above applied with a statement; a second statement is written and left unapproved.
    const applied = applying.state as SelectionState;
    const withStatement = applied.statements.find((x) => x.text === 'Local first.')!;
    const TEXT = 'Local first.';
    const later = { store: world.store, clock: fixedClock(new Date(`${addDays(applied.timetable.nominationsClose, 1)}T12:00:00Z`)), actor: 'test' };
    await applyStep(later, applying.id, 'selection', { type: 'decide-statement', member: withStatement.member, approve: true });
    await applyStep(later, applying.id, 'selection', { type: 'close-applications' });
    const ids = ((await world.store.getProcess(applying.id))!.state as SelectionState).candidates.filter((x) => x.withdrawn === null).map((x) => x.id);
    await applyStep(later, applying.id, 'selection', { type: 'set-longlist', candidates: ids });
    const shortlisted = await applyStep(later, applying.id, 'selection', { type: 'set-shortlist', candidates: ids });
    const voting = shortlisted.state;
    const onPaper = voting.candidates.filter((x) => x.withdrawn === null && (voting.shortlist ?? []).includes(x.id));
    expect(onPaper.length).toBeGreaterThan(0);
    const url = `/selections/${applying.id}/candidates`;
    const page = await (await as(null)).get(url);
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain(TEXT);
    const names = [...page.text.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(names).toEqual([...onPaper].map((x) => x.name).sort((x, y) => x.split(' ').at(-1)!.localeCompare(y.split(' ').at(-1)!)));
    for (const x of voting.candidates.filter((x) => !onPaper.includes(x))) expect(page.text).not.toContain(`<h2>${x.name}</h2>`);
    const booth = await (await as(world.people.voter.member)).get(`/ballots/${world.voting.id}`);
    expect(booth.text).toContain(`<a href="/selections/${world.voting.id}/candidates">Read the candidates’ statements</a>`);
    expect((await (await as(null)).get(`/selections/${election.id}/candidates`)).status).toBe(404);
  });
});
