/**
 * A leadership election's supporters on the web, through the real app on the demo party: the public
 * form (not signed in) says when applications open until the officer sets the window, then takes an
 * application (problems beside their fields, the form kept) and sends the applicant to their private
 * status page; the national officer's queue flags duplicates, refuses a decision without a reason
 * beside its field, and records accept and reject, which the applicant's page then shows. A member
 * who is no officer may not see the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLeadershipElection } from '../../../src/app/leadership.js';
import { addDays } from '../../../src/domain/calendar.js';
import { LABOUR_2018 } from '../../../src/domain/presets.js';
import type { StoredProcess } from '../../../src/store/store.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let election: StoredProcess;

beforeAll(async () => {
  world = await buildWorld();
  const opened = await openLeadershipElection(
    { store: world.store, clock: world.clock, actor: 'test' },
    LABOUR_2018,
    'Leadership election 2024',
    { nominationsClose: addDays(TODAY, 5), freezeDate: addDays(TODAY, 5), ballotOpens: addDays(TODAY, 7), ballotCloses: addDays(TODAY, 9) },
    null,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  election = opened.value;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (key: keyof World['people']) => new Client(world).actAs(world.people[key].member);
const applyUrl = () => `/elections/${election.id}/supporters/apply`;
const queueUrl = () => `/elections/${election.id}/supporters`;

const rosa = {
  class: 'registered-supporter',
  name: 'Rosa Lane',
  email: 'rosa.lane@example.net',
  postcode: 'M1 1AA',
  paymentReference: 'PAY-77',
  declared: 'yes',
};

describe('the public form', () => {
  it('says nobody can apply before the officer sets the window', async () => {
    const c = await as('anonymous');
    const r = await c.get(applyUrl());
    expect(r.status).toBe(200);
    expect(r.text).toContain('The party has not yet said when supporters may apply.');
    expect(r.text).not.toContain('<form method="post" action="/elections');
    const refused = await c.post(applyUrl(), rosa);
    expect(refused.status).toBe(409);
  });

  it('the national officer sets the window and fee; a problem is shown beside its field', async () => {
    const c = await as('nationalOfficer');
    const page = await c.get(queueUrl());
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    const bad = await c.post(`${queueUrl()}/window`, { opens: TODAY, closes: addDays(TODAY, 9), fee: '25' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/must be on or before the electorate.*s freeze date/);
    const noFee = await c.post(`${queueUrl()}/window`, { opens: TODAY, closes: addDays(TODAY, 3), fee: 'twenty' });
    expect(noFee.status).toBe(400);
    expect(noFee.text).toContain('Enter the fee in pounds, like 25 or 2.50.');
    const ok = await c.post(`${queueUrl()}/window`, { opens: TODAY, closes: addDays(TODAY, 3), fee: '25' });
    expect(ok.status).toBe(303);
    expect(await world.store.supporterWindow(election.id)).toEqual({ opens: TODAY, closes: addDays(TODAY, 3), feePence: 2500 });
  });

  it('takes an application: problems beside their fields, the form kept; then the applicant’s private status page', async () => {
    const c = await as('anonymous');
    const form = await c.get(applyUrl());
    checkAccessibleStructure(form.text);
    expect(form.text).toContain('The fee is £25.');
    const bad = await c.post(applyUrl(), { ...rosa, postcode: 'nowhere', declared: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the postcode of the address where you are on the electoral register');
    expect(bad.text).toContain('Tick the declaration');
    expect(bad.text).toContain('value="Rosa Lane"');
    const r = await c.post(applyUrl(), rosa);
    expect(r.status).toBe(303);
    const status = r.headers.get('location')!;
    expect(status).toMatch(/^\/supporters\/status\/[A-Za-z0-9_-]{32}$/);
    const seen = await c.get(status);
    expect(seen.status).toBe(200);
    checkAccessibleStructure(seen.text);
    expect(seen.text).toContain('S-0001');
    expect(seen.text).toContain('Waiting for the party to check it');
    expect((await new Client(world).get(status.replace(/.$/, (x) => (x === 'A' ? 'B' : 'A')))).status).toBe(404);
  });
});

describe('the officers’ queue', () => {
  it('the election’s public page links to the form, and officers to the queue', async () => {
    const leadership = `/elections/${election.id}/leadership`;
    const anyone = await (await as('anonymous')).get(leadership);
    expect(anyone.text).toContain(`href="${applyUrl()}"`);
    expect(anyone.text).not.toContain(`href="${queueUrl()}"`);
    expect((await (await as('nationalOfficer')).get(leadership)).text).toContain(`href="${queueUrl()}"`);
  });

  it('only officers see it', async () => {
    expect((await (await as('voter')).get(queueUrl())).status).toBe(403);
    expect((await (await as('anonymous')).get(queueUrl())).status).toBe(303);
    expect((await (await as('scrutineer')).get(queueUrl())).status).toBe(200);
  });

  it('flags duplicates; a decision needs a reason; accepted and rejected are shown to the applicants', async () => {
    const applicant = await as('anonymous');
    await applicant.get(applyUrl());
    const second = await applicant.post(applyUrl(), { ...rosa, email: 'ROSA.LANE@example.net', paymentReference: 'PAY-78' });
    const secondStatus = second.headers.get('location')!;
    const voter = world.people.voter.member!;
    await applicant.get(applyUrl());
    await applicant.post(applyUrl(), { ...rosa, name: voter.name, email: voter.email!, paymentReference: 'PAY-79' });

    const c = await as('nationalOfficer');
    const page = await c.get(queueUrl());
    expect(page.text).toContain('The same email address as S-0002');
    expect(page.text).toContain('Already a member, with this email address');
    const noReason = await c.post(`${queueUrl()}/2/decide`, { 'reason-2': ' ', decision: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Give the reason for the decision: the applicant sees it.');
    expect((await c.post(`${queueUrl()}/2/decide`, { 'reason-2': 'A second application by the same person', decision: 'rejected' })).status).toBe(303);
    expect((await c.post(`${queueUrl()}/1/decide`, { 'reason-1': 'On the electoral register; fee received', decision: 'accepted' })).status).toBe(303);
    expect((await c.post(`${queueUrl()}/3/decide`, { 'reason-3': 'Already a member', decision: 'rejected' })).status).toBe(303);
    const again = await c.post(`${queueUrl()}/3/decide`, { 'reason-3': 'x', decision: 'accepted' });
    expect(again.status).toBe(409);
    const after = await c.get(queueUrl());
    expect(after.text).toContain('1 registered supporter, 0 affiliated supporters');
    expect(after.text).toContain('No application is waiting.');

    // The accepted supporter signs in as a member row of their own: every page a member sees works for them.
    const accepted = (await world.store.supporterApplications(election.id)).find((x) => x.status === 'accepted')!;
    const supporter = (await world.store.getMember(accepted.member!))!;
    expect(supporter.membershipClass).toBe('registered-supporter');
    const s = await new Client(world).actAs(supporter);
    for (const path of ['/', '/ballots', '/eligibility', '/results']) expect((await s.get(path)).status, path).toBe(200);
    // The header says what they are, not "Member".
    const home = (await s.get('/')).text;
    expect(home).toContain('<span class="roles">(Registered supporter)</span>');
    expect(home).not.toContain('(Member)');
    // A supporter belongs to no branch: their constituency page says there is none to show, in words.
    const seat = await s.get('/my-constituency');
    expect([seat.status, seat.text.includes('no constituency')]).toEqual([404, true]);

    const seen = await (await as('anonymous')).get(secondStatus);
    expect(seen.text).toContain('Not accepted');
    expect(seen.text).toContain('A second application by the same person');
    expect(seen.text).not.toContain('PAY-78');
  });
});

describe('in Welsh', () => {
  it('the form, its problems, the flash and the status page speak Welsh to a visitor who chose it', async () => {
    const c = await as('anonymous');
    const chosen = await c.get(`/language?to=cy&next=${encodeURIComponent(applyUrl())}`);
    expect(chosen.status).toBe(303);
    const form = await c.get(applyUrl());
    expect(form.text).toContain('<html lang="cy">');
    checkAccessibleStructure(form.text);
    expect(form.text).toContain('Gwneud cais i bleidleisio fel cefnogwr: Leadership election 2024');
    expect(form.text).toContain('Fel cefnogwr cofrestredig');
    expect(form.text).toContain('Y ffi yw £25.');
    expect(form.text).not.toContain('How you apply');
    const bad = await c.post(applyUrl(), { ...rosa, email: 'cai@example.net', postcode: 'nowhere', declared: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Rhowch god post y cyfeiriad lle rydych ar y gofrestr etholiadol.');
    expect(bad.text).toContain('Ticiwch y datganiad i wneud cais.');
    expect(bad.text).not.toContain('Tick the declaration');
    const r = await c.post(applyUrl(), { ...rosa, name: 'Cai Llwyd', email: 'cai@example.net' });
    expect(r.status).toBe(303);
    const seen = await c.get(r.headers.get('location')!);
    expect(seen.text).toContain('<html lang="cy">');
    checkAccessibleStructure(seen.text);
    expect(seen.text).toContain('Eich cais i bleidleisio fel cefnogwr');
    expect(seen.text).toContain('Yn aros i’r blaid ei wirio');
    expect(seen.text).toContain('Cefnogwr cofrestredig');
    expect(seen.text).toContain('Mae eich cais wedi dod i law.');
    expect(seen.text).not.toContain('Your reference');
    // The receipt is queued in Welsh: the application keeps the language it was made in.
    const number = (await world.store.supporterApplications(election.id)).find((x) => x.email === 'cai@example.net')!.number;
    const notice = (await world.store.noticesOf(election.id)).find((n) => n.id.endsWith(`:supporter:${number}:received`));
    expect(notice).toMatchObject({ kind: 'supporter-application', queued: 1 });
  });
});
