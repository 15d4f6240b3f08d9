/**
 * Votes made on paper, recorded by an officer on the web (the twin of
 * `hustings vote`), on the demo party: the happy path from finding the member
 * to the tracker code; one credential whichever channel came first; every
 * refusal a 4xx that stores nothing (no mark, no ballot, no audit entry, no
 * change to the process); the audit entry naming member and channel and never
 * the ballot; and the pages' structure, labels and escaping.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../../src/runtime/os-user.js';
import { run, type Io } from '../../../src/cli/run.js';
import { canonicalJson } from '../../../src/audit/index.js';
import type { MemberId } from '../../../src/domain/ids.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { escapeHtml } from '../../../src/web/views/html.js';
import { paperVoteDeskPage, paperVoteRecordedPage, paperVoteReviewPage, type PaperVoteDeskView } from '../../../src/web/views/paper-vote.js';
import { ctxFor, NASTY, procedures } from '../views/fixtures.js';
import { all, byTag, checkAccessibleStructure, controlName } from '../views/html-check.js';
import { buildWorld, Client, type PersonaKey, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (who: PersonaKey) => new Client(world).actAs(world.people[who].member);
const desk = () => `/processes/${world.voting.id}/paper-votes`;
const reviewPath = () => `/processes/${world.voting.id}/paper-votes/review`;
const state = async (): Promise<SelectionState> => (await world.store.getProcess(world.voting.id))!.state as SelectionState;
const standing = (s: SelectionState) => (s.shortlist ?? []).filter((id) => s.candidates.find((x) => x.id === id)?.withdrawn === null);
/** A candidate's name as the pages write it. */
const nameOf = (s: SelectionState, id: string) => escapeHtml(s.candidates.find((x) => x.id === id)!.name);
const pattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TRACKER = /<code>([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})<\/code>/;

/** Members of the voting selection's electorate, eligible or not, other than the test people and officers; each test takes its own. */
let pool: { eligible: MemberId[]; ineligible: MemberId[] };
async function take(kind: 'eligible' | 'ineligible'): Promise<{ id: MemberId; name: string }> {
  if (!pool) {
    const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
    const skip = new Set([...officers, world.people.voter.member!.id]);
    const entries = (await world.store.electorate(world.voting.id)).filter((e) => !skip.has(e.member));
    pool = { eligible: entries.filter((e) => e.eligible).map((e) => e.member), ineligible: entries.filter((e) => !e.eligible).map((e) => e.member) };
  }
  const id = pool[kind].shift()!;
  return { id, name: escapeHtml((await world.store.getMember(id))!.name) };
}

/** What a refusal must leave untouched: the box, the audit log, the process. */
async function fingerprint(): Promise<unknown> {
  return {
    box: await world.store.ballotBox(world.voting.id),
    trackers: (await world.store.ballots(world.voting.id)).map((b) => b.tracker).sort(),
    head: await world.store.auditHead(),
    version: (await world.store.getProcess(world.voting.id))!.version,
  };
}

describe('an officer records a postal vote', () => {
  it('is linked from the process page for the officers who may use it, and only for them', async () => {
    const officer = await as('proceduresSecretary');
    expect((await officer.get(`/processes/${world.voting.id}`)).text).toContain(`href="${desk()}"`);
    const national = await as('nationalOfficer');
    expect((await national.get(`/processes/${world.voting.id}`)).text).toContain(`href="${desk()}"`);
    const scrutineer = await as('scrutineer');
    expect((await scrutineer.get(`/processes/${world.voting.id}`)).text).not.toContain('paper-votes');
    // Not while the ballot is not open.
    expect((await national.get(`/processes/${world.nominating.id}`)).text).not.toContain('paper-votes');
  });

  it('finds the member, takes the ranking in the booth’s number boxes, reviews it, records it and gives the tracker code, naming neither member nor ranking', async () => {
    const s = await state();
    const [first, second, third] = standing(s);
    const m = await take('eligible');
    const officer = await as('proceduresSecretary');

    const empty = await officer.get(desk());
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Membership number');
    expect(empty.text).not.toContain('rank-');

    const found = await officer.get(`${desk()}?member=${encodeURIComponent(` ${m.id} `)}`);
    expect(found.status).toBe(200);
    expect(found.text).toContain(m.name);
    expect(found.text).toContain('Eligible');
    // A bare lookup says nothing of whether the member has voted.
    expect(found.text).not.toMatch(/already voted|not yet voted|voted in this ballot/i);
    for (const id of standing(s)) expect(found.text).toContain(`name="rank-${id}"`);
    expect(found.text).toContain(`action="${reviewPath()}"`);

    const review = await officer.post(reviewPath(), {
      member: m.id,
      channel: 'postal',
      [`rank-${second}`]: '1',
      [`rank-${first}`]: '2',
      [`rank-${third}`]: '',
    });
    expect(review.status, review.text.slice(0, 500)).toBe(200);
    expect(review.text).toContain(m.name);
    expect(review.text.indexOf(nameOf(s, second))).toBeLessThan(review.text.indexOf(nameOf(s, first)));
    expect(review.text).toContain(`Not ranked: ${nameOf(s, third)}`);
    expect(review.text).toContain('value="record"');
    // Reviewing stores nothing.
    expect(await world.store.hasVoted(world.voting.id, m.id)).toBe(false);

    const before = await world.store.auditHead();
    const done = await officer.post(desk(), { member: m.id, channel: 'postal', [`rank-${second}`]: '1', [`rank-${first}`]: '2', action: 'record' });
    expect(done.status, done.text.slice(0, 500)).toBe(200);
    const tracker = TRACKER.exec(done.text)![1];
    expect(done.text).toContain('A vote by post has been recorded');
    expect(done.headers.get('cache-control')).toBe('no-store');
    // The answer does not put the member beside the code, nor the ranking.
    expect(done.text).not.toContain(m.id);
    expect(done.text).not.toContain(m.name);
    for (const id of standing(s)) expect(done.text).not.toContain(nameOf(s, id));

    expect(await world.store.hasVoted(world.voting.id, m.id)).toBe(true);
    expect((await world.store.ballots(world.voting.id)).find((b) => b.tracker === tracker)?.ranking).toEqual([second, first]);
    expect((await world.store.ballotBox(world.voting.id))!.byChannel.postal).toBe(1);

    // The officer's entry: member and channel, never the ranking or the tracker; then that the member's notice was queued, never to whom.
    const entries = await world.store.auditEntries({ after: before!.seq });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actor: world.people.proceduresSecretary.member!.id,
      type: 'vote.paper-recorded',
      data: { process: world.voting.id, member: m.id, channel: 'postal' },
    });
    expect(entries[1]).toMatchObject({ type: 'notice.queued', data: { process: world.voting.id, kind: 'paper-vote', recipients: 1 } });
    expect(canonicalJson(entries[1])).not.toContain(m.id);
    const text = canonicalJson(entries[0].data);
    expect(text).not.toContain(tracker);
    for (const id of standing(s)) expect(text).not.toContain(`"${id}"`);

    // The member can no longer vote online; the desk still does not say they have voted (the same page as before the vote).
    const online = await new Client(world).actAs((await world.store.getMember(m.id))!);
    expect((await online.post(`/ballots/${world.voting.id}/cast`, { [`rank-${first}`]: '1', action: 'cast' })).status).toBe(409);
    const again = await officer.get(`${desk()}?member=${m.id}`);
    const member = (page: string) => page.slice(page.indexOf('<h2>1. Find the member</h2>'));
    expect(member(again.text)).toBe(member(found.text).replace(` ${m.id} `, m.id));
  });

  it('records an in-person blank paper for a national officer, and “change it” brings the entry back unrecorded', async () => {
    const m = await take('eligible');
    const [first] = standing(await state());
    const officer = await as('nationalOfficer');
    await officer.get(desk());
    const changed = await officer.post(desk(), { member: m.id, channel: 'in-person', [`rank-${first}`]: '1', action: 'change' });
    expect(changed.status).toBe(200);
    expect(changed.text).toMatch(new RegExp(`name="rank-${first}"[^>]*value="1"`));
    expect(changed.text).toMatch(/value="in-person" checked/);
    expect(await world.store.hasVoted(world.voting.id, m.id)).toBe(false);

    const review = await officer.post(reviewPath(), { member: m.id, channel: 'in-person', blank: 'yes' });
    expect(review.status).toBe(200);
    expect(review.text).toContain('No preference marked');
    const done = await officer.post(desk(), { member: m.id, channel: 'in-person', blank: 'yes', action: 'record' });
    expect(done.status).toBe(200);
    const tracker = TRACKER.exec(done.text)![1];
    expect(done.text).toContain('A vote in person has been recorded');
    expect((await world.store.ballots(world.voting.id)).find((b) => b.tracker === tracker)?.ranking).toEqual([]);
    const last = (await world.store.auditEntries({ newestFirst: true, limit: 2, types: ['vote.paper-recorded'] }))[0];
    expect(last).toMatchObject({ actor: world.people.nationalOfficer.member!.id, type: 'vote.paper-recorded', data: { member: m.id, channel: 'in-person' } });
  });
});

describe('the command line, through the same path', () => {
  it('`hustings vote` logs the same entry, by cli:<user>, and a refused one logs nothing', async () => {
    const m = await take('eligible');
    const [first] = standing(await state());
    const vote = async (member: string, line: string): Promise<number> => {
      const io: Io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, stdin: Readable.from([line]) };
      return run(
        [
          'vote',
          world.voting.id,
          '--member',
          member,
          '--channel',
          'in-person',
          '--db',
          `sqlite:${join(world.dir, 'party.db')}`,
          '--now',
          world.clock.now().toISOString(),
        ],
        io,
      );
    };
    const before = await world.store.auditHead();
    expect(await vote(m.id, `${first}\n`)).toBe(0);
    const entries = await world.store.auditEntries({ after: before!.seq });
    expect(entries.map((e) => e.type)).toEqual(['vote.paper-recorded', 'notice.queued']);
    expect(entries[0]).toMatchObject({
      actor: cliActor(),
      type: 'vote.paper-recorded',
      data: { process: world.voting.id, member: m.id, channel: 'in-person' },
    });
    const head = await world.store.auditHead();
    expect(await vote(m.id, `${first}\n`)).toBe(1);
    expect(await world.store.auditHead()).toEqual(head);
  });
});

describe('one credential, whichever channel comes first', () => {
  it('a member who voted online cannot have a paper vote recorded: the desk does not say so, recording finds out and is refused with 409', async () => {
    const voter = world.people.voter.member!;
    const [first, second] = standing(await state());
    const member = await new Client(world).actAs(voter);
    expect((await member.post(`/ballots/${world.voting.id}/cast`, { [`rank-${first}`]: '1', action: 'cast' })).status).toBe(200);

    const officer = await as('proceduresSecretary');
    const seen = await officer.get(`${desk()}?member=${voter.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toMatch(/already voted|not yet voted|voted in this ballot/i);
    expect(seen.text).toContain(`name="rank-${second}"`);
    const before = await fingerprint();
    // Reviewing stores nothing and so finds nothing out; recording is refused, and says why (never how they voted).
    expect((await officer.post(reviewPath(), { member: voter.id, channel: 'postal', [`rank-${second}`]: '1' })).status).toBe(200);
    const r = await officer.post(desk(), { member: voter.id, channel: 'postal', [`rank-${second}`]: '1', action: 'record' });
    expect(r.status).toBe(409);
    expect(r.text).toContain('has already voted');
    expect(r.text).toContain('Nothing was saved');
    expect(r.text).not.toMatch(/already voted[^.<]*(online|by post|in person)/i);
    expect(await fingerprint()).toEqual(before);
  });

  it('a paper vote recorded while the officer’s form was open still wins over a later one: the second is refused and stores nothing', async () => {
    const m = await take('eligible');
    const [first] = standing(await state());
    const a = await as('proceduresSecretary');
    const b = await as('nationalOfficer');
    await a.get(`${desk()}?member=${m.id}`);
    await b.get(`${desk()}?member=${m.id}`);
    expect((await a.post(desk(), { member: m.id, channel: 'postal', [`rank-${first}`]: '1', action: 'record' })).status).toBe(200);
    const before = await fingerprint();
    const second = await b.post(desk(), { member: m.id, channel: 'in-person', [`rank-${first}`]: '1', action: 'record' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('has already voted');
    expect(await fingerprint()).toEqual(before);
  });
});

describe('refusals are 4xx with a clear message, and store nothing', () => {
  async function refused(who: PersonaKey, path: string, fields: Record<string, string> | null, status: number, message: RegExp): Promise<void> {
    const c = await as(who);
    const before = await fingerprint();
    const r = fields === null ? await c.get(path) : await c.post(path, fields);
    expect(r.status, `${who} ${path} ${JSON.stringify(fields)}: ${r.text.slice(0, 300)}`).toBe(status);
    expect(r.text).toMatch(message);
    // Every refusal is said in sentences that each end with one full stop, whatever the reason's own words ended with.
    expect(r.text).not.toMatch(/[^.]\.\.(?!\.)/);
    expect(await fingerprint()).toEqual(before);
  }

  it('from a procedures secretary of another constituency, and from roles that record nothing', async () => {
    const m = await take('eligible');
    const [first] = standing(await state());
    const vote = { member: m.id, channel: 'postal', [`rank-${first}`]: '1', action: 'record' };
    await refused('otherProceduresSecretary', desk(), null, 403, /Only the procedures secretary of .* and national officers record paper votes/);
    await refused('otherProceduresSecretary', reviewPath(), vote, 403, /you hold no office that lets you/);
    await refused('otherProceduresSecretary', desk(), vote, 403, /you hold no office that lets you/);
    await refused('scrutineer', desk(), vote, 403, /roles do not allow/);
    await refused('administrator', desk(), null, 403, /roles do not allow/);
    await refused('voter', desk(), vote, 403, /roles do not allow/);
    expect(await world.store.hasVoted(world.voting.id, m.id)).toBe(false);
  });

  it('when the ballot is not open, or is not a ballot', async () => {
    await refused(
      'nationalOfficer',
      `/processes/${world.nominating.id}/paper-votes`,
      null,
      409,
      /is not open for voting \(voting has not opened yet\): paper votes are recorded while the ballot is open\. Nothing was saved\./,
    );
    await refused(
      'nationalOfficer',
      `/processes/${world.counted.id}/paper-votes`,
      { member: 'm0000001', channel: 'postal', action: 'record' },
      409,
      /is not open for voting \(voting has closed\)/,
    );
    await refused('nationalOfficer', `/processes/${world.trigger.id}/paper-votes`, null, 404, /There is no ballot/);
    await refused('nationalOfficer', '/processes/no-such-ballot/paper-votes/review', { member: 'm0000001' }, 404, /There is no ballot/);
  });

  it('for a member not eligible, or not on the electorate at all', async () => {
    const ineligible = await take('ineligible');
    const [first] = standing(await state());
    const officer = await as('proceduresSecretary');
    const seen = await officer.get(`${desk()}?member=${ineligible.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('Not eligible');
    expect(seen.text).not.toContain(`name="rank-${first}"`);
    await refused(
      'proceduresSecretary',
      desk(),
      { member: ineligible.id, channel: 'postal', [`rank-${first}`]: '1', action: 'record' },
      403,
      /cannot vote in .*Nothing was saved/,
    );

    const outsider = world.people.outsider.member!;
    await refused('proceduresSecretary', `${desk()}?member=${outsider.id}`, null, 404, /is on the electorate of/);
    // The desk says nothing of a member outside the ballot, not even their name.
    const page = await officer.get(`${desk()}?member=${outsider.id}`);
    expect(page.text).not.toContain(outsider.name);
    await refused(
      'proceduresSecretary',
      reviewPath(),
      { member: outsider.id, channel: 'postal', [`rank-${first}`]: '1' },
      404,
      /No member with membership number/,
    );
    await refused('proceduresSecretary', `${desk()}?member=`, null, 400, /Enter the member’s membership number/);
    await refused('proceduresSecretary', desk(), { channel: 'postal', [`rank-${first}`]: '1', action: 'record' }, 400, /Enter the member’s membership number/);
  });

  it('for a bad ranking, channel or action, naming the box or the field', async () => {
    const m = await take('eligible');
    const [first, second, third] = standing(await state());
    const s = await state();
    const base = { member: m.id, channel: 'postal' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...base, [`rank-${first}`]: '1', [`rank-${second}`]: '1' }, new RegExp(`1 is also given to ${pattern(nameOf(s, second))}: use each number once`)],
      [{ ...base, [`rank-${first}`]: '1', [`rank-${second}`]: '3' }, /There is no 2/],
      [{ ...base, [`rank-${first}`]: 'first' }, /must be a whole number/],
      [{ ...base, [`rank-${first}`]: '9' }, /must be from 1 to/],
      [{ ...base, 'rank-nobody': '1' }, /This ballot form is out of date/],
      [{ ...base }, /Enter the ranks from the paper, or tick this box/],
      [{ ...base, blank: 'yes', [`rank-${third}`]: '1' }, /no preference marked, but also entered ranks/],
      [{ member: m.id, [`rank-${first}`]: '1' }, /Choose how the vote was made/],
      [{ ...base, channel: 'online', [`rank-${first}`]: '1' }, /Choose how the vote was made/],
    ];
    for (const [fields, message] of cases) {
      await refused('proceduresSecretary', reviewPath(), fields, 400, message);
      await refused('proceduresSecretary', desk(), { ...fields, action: 'record' }, 400, message);
    }
    // The form comes back with what was typed and the error next to the box.
    const officer = await as('proceduresSecretary');
    const back = await officer.post(reviewPath(), { ...base, [`rank-${first}`]: '1', [`rank-${second}`]: '1' });
    expect(back.text).toContain('There is a problem');
    expect(back.text).toMatch(/<title>Error: /);
    expect(back.text).toMatch(new RegExp(`name="rank-${second}"[^>]*value="1"[^>]*aria-invalid="true"`));
    await refused('proceduresSecretary', desk(), { ...base, [`rank-${first}`]: '1' }, 400, /without saying whether to record it or change it/);
    await refused('proceduresSecretary', desk(), { ...base, [`rank-${first}`]: '1', action: 'cast' }, 400, /without saying whether to record it or change it/);
    expect(await world.store.hasVoted(world.voting.id, m.id)).toBe(false);
  });
});

describe('the pages', () => {
  const candidates = [
    { id: 'c1', name: 'Alice Able' },
    { id: 'c2', name: NASTY },
    { id: 'c3', name: 'Chidi Cole' },
  ];
  const ballot = {
    process: 'sel-1',
    title: `Selection for ${NASTY}`,
    unit: 'Riverside',
    closes: '2024-06-20',
    methodWords: 'the alternative vote',
    recorded: { postal: 3, inPerson: 1 },
  };
  const view = (extra: Partial<PaperVoteDeskView> = {}): PaperVoteDeskView => ({ ballot, candidates, ...extra });
  const member = { id: 'm-7', name: `Member ${NASTY}`, eligible: true, reason: 'member since 2010 and current: eligible' };

  it('the desk: a labelled lookup, the member’s standing, the channel, a labelled number box per candidate and the blank box', () => {
    const doc = paperVoteDeskPage(view({ lookup: { value: 'm-7' }, member }), ctxFor(procedures));
    expect(doc).not.toContain(NASTY);
    const root = checkAccessibleStructure(doc);
    const [lookup, entry] = byTag(root, 'form').filter((f) => f.attrs.action?.startsWith('/processes/'));
    expect(lookup.attrs.method).toBe('get');
    expect(lookup.attrs.action).toBe('/processes/sel-1/paper-votes');
    expect(entry.attrs.method).toBe('post');
    expect(entry.attrs.action).toBe('/processes/sel-1/paper-votes/review');
    const inputs = all(entry, (e) => e.tag === 'input' && e.attrs.type !== 'hidden');
    expect(inputs.map((i) => controlName(root, i))).toEqual([
      'By post',
      'In person, at a meeting',
      'Rank for Alice Able',
      `Rank for ${NASTY}`,
      'Rank for Chidi Cole',
      'The paper has no preference marked (a blank paper)',
    ]);
    expect(all(entry, (e) => e.tag === 'input' && e.attrs.type === 'hidden').map((i) => [i.attrs.name, i.attrs.value])).toEqual([
      ['_csrf', 'tok-123'],
      ['member', 'm-7'],
    ]);
    expect(all(root, (e) => e.tag === 'legend').map((l) => l.text.trim())).toEqual(['How the vote was made', 'The ranking on the paper']);
    expect(doc).toContain('3 by post, 1 in person');
    // No script: the page works as it is.
    expect(byTag(root, 'script')).toHaveLength(0);
  });

  it('the desk with errors: a summary linking to each field, and the form only for a member who can vote', () => {
    const errors = {
      channel: 'Choose how the vote was made: by post, or in person at a meeting.',
      'rank-c3': 'The rank for Chidi Cole must be from 1 to 3, not 7.',
    };
    const root = checkAccessibleStructure(
      paperVoteDeskPage(view({ lookup: { value: 'm-7' }, member, entry: { ranks: { 'rank-c3': '7' } }, errors }), ctxFor(procedures)),
    );
    const summary = all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))[0];
    expect(byTag(summary, 'a').map((a) => a.attrs.href)).toEqual(['#f-channel-1', '#rank-box-3']);
    expect(all(root, (e) => e.attrs.id === 'rank-box-3')[0].attrs.value).toBe('7');

    for (const standing of [{ ...member, eligible: false, reason: 'in arrears' }]) {
      const doc = paperVoteDeskPage(view({ lookup: { value: 'm-7' }, member: standing }), ctxFor(procedures));
      const r = checkAccessibleStructure(doc);
      expect(byTag(r, 'form').filter((f) => f.attrs.method === 'post' && f.attrs.action?.includes('paper-votes'))).toHaveLength(0);
      expect(doc).toContain('A paper vote cannot be recorded for');
    }
    const missing = paperVoteDeskPage(
      view({ lookup: { value: NASTY, error: 'No member with membership number “x” is on the electorate.' } }),
      ctxFor(procedures),
    );
    expect(missing).not.toContain(NASTY);
    checkAccessibleStructure(missing);
  });

  it('the review carries the entry in hidden fields with two named buttons; the answer shows the code and no name', () => {
    const review = paperVoteReviewPage(
      { ballot, member, channel: 'postal', ranking: [candidates[1], candidates[0]], unranked: ['Chidi Cole'] },
      ctxFor(procedures),
    );
    expect(review).not.toContain(NASTY);
    const root = checkAccessibleStructure(review);
    const form = byTag(root, 'form').find((f) => f.attrs.action === '/processes/sel-1/paper-votes')!;
    expect(all(form, (e) => e.tag === 'input').map((i) => [i.attrs.name, i.attrs.value])).toEqual([
      ['_csrf', 'tok-123'],
      ['member', 'm-7'],
      ['channel', 'postal'],
      ['rank-c2', '1'],
      ['rank-c1', '2'],
    ]);
    expect(byTag(form, 'button').map((b) => [b.text.trim(), b.attrs.name, b.attrs.value])).toEqual([
      ['Record this vote', 'action', 'record'],
      ['Change it', 'action', 'change'],
    ]);

    const recorded = paperVoteRecordedPage({ ballot, channel: 'in-person', tracker: 'ABCD-EFGH-JKLM-NPQR-STUV', memberTold: 'by-email' }, ctxFor(procedures));
    const r = checkAccessibleStructure(recorded);
    expect(all(r, (e) => e.tag === 'code').map((c) => c.text)).toEqual(['ABCD-EFGH-JKLM-NPQR-STUV']);
    expect(recorded).toContain('A vote in person has been recorded');
    expect(recorded).not.toContain('m-7');
    expect(recorded).not.toContain('Alice Able');
  });
});
