/**
 * The audit log in the web app: who may see /audit (scrutineers and
 * administrators; every other role is refused), what the page shows (the head,
 * the chain checked, the entries latest first, page by page), what the app's
 * officers and administrators log (by their member id), and what it never
 * logs: signing in and casting add no entry, and no tracker code, sign-in
 * code, session token or voter appears in any entry. Last, a tampered entry
 * shows on the page.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, formatHead, type AuditEntry } from '../../../src/audit/index.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, PERSONAS, type PersonaKey, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (who: PersonaKey) => new Client(world).actAs(world.people[who].member);
const log = (): Promise<AuditEntry[]> => readAuditLog(world.store);
const head = async () => (await world.store.auditHead())!;

describe('who may see the audit log', () => {
  it('scrutineers and administrators; every other role is refused, and the signed-out are sent to sign in', async () => {
    const got: Record<string, number> = {};
    for (const who of PERSONAS) got[who] = (await (await as(who)).get('/audit')).status;
    expect(got).toEqual({
      anonymous: 303,
      voter: 403,
      outsider: 403,
      triggerSecretary: 403,
      nominatingSecretary: 403,
      proceduresSecretary: 403,
      otherProceduresSecretary: 403,
      nationalOfficer: 403,
      scrutineer: 200,
      administrator: 200,
    });
  });
});

describe('the page', () => {
  it('shows the head to write down, the chain checked, and the latest entries first', async () => {
    const h = await head();
    const page = await (await as('scrutineer')).get('/audit');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    checkAccessibleStructure(page.text);
    expect(page.text).toContain(`<code>${formatHead(h)}</code>`);
    expect(page.text).toContain('Intact');
    expect(page.text).toContain(`All ${h.seq} entries were checked`);
    const shown = [...page.text.matchAll(/<tr><th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));
    expect(shown).toHaveLength(100);
    expect(shown[0]).toBe(h.seq);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // The demo party's steps were logged by its generator.
    expect(page.text).toContain('the demo generator');
  });

  it('pages back through older entries and refuses a malformed page', async () => {
    const c = await as('administrator');
    const first = await c.get('/audit');
    const older = /href="(\/audit\?before=\d+)">Older entries</.exec(first.text)![1];
    const next = await c.get(older.replace(/&amp;/g, '&'));
    const shown = [...next.text.matchAll(/<tr><th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));
    expect(shown[0]).toBe(Number(/before=(\d+)/.exec(older)![1]) - 1);
    expect(next.text).toContain('Latest entries');
    expect((await c.get('/audit?before=soon')).status).toBe(400);
  });

  it('checks against a head written down earlier: the right one passes, another is named, a malformed one is refused', async () => {
    const c = await as('scrutineer');
    const h = await head();
    const right = await c.get(`/audit?expect=${encodeURIComponent(formatHead(h))}`);
    expect(right.status).toBe(200);
    expect(right.text).toContain('and against the head you gave');
    expect(right.text).toContain('Intact');
    const wrong = await c.get(`/audit?expect=${encodeURIComponent(`${h.seq - 1}:${'0'.repeat(64)}`)}`);
    expect(wrong.text).toContain('Tampered with');
    expect(wrong.text).toContain(`head-mismatch</strong>: seq ${h.seq - 1} hashes to`);
    const ahead = await c.get(`/audit?expect=${encodeURIComponent(`${h.seq + 5}:${'a'.repeat(64)}`)}`);
    expect(ahead.text).toContain(`truncated</strong>: the log ends at seq ${h.seq}`);
    const garbled = await c.get('/audit?expect=yesterday');
    expect(garbled.status).toBe(400);
    expect(garbled.text).toContain('Write the head as its number');
    checkAccessibleStructure(garbled.text);
    checkAccessibleStructure(wrong.text);
  });
});

describe('filters', () => {
  const seqsOn = (text: string) => [...text.matchAll(/<tr><th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));

  it('by process (chosen by its title), kind of entry (in words), who acted (by name) and days; bookmarkable, paged, each kind explained once', async () => {
    const c = await as('scrutineer');
    const first = await c.get('/audit');
    // The choices are in words: a process by its title, a kind of entry by its words.
    const title = (world.voting.state as SelectionState).title;
    expect(first.text).toContain(`<option value="${world.voting.id}">${title}</option>`);
    expect(first.text).toContain('<option value="selection.ballot-opened">Selection: ballot opened</option>');

    const all = await log();
    const ofVoting = all.filter((e) => (e.data as { process?: string }).process === world.voting.id);
    const byProcess = await c.get(`/audit?process=${encodeURIComponent(world.voting.id)}`);
    expect(byProcess.status).toBe(200);
    expect(seqsOn(byProcess.text)).toEqual(
      ofVoting
        .map((e) => e.seq)
        .reverse()
        .slice(0, 100),
    );
    // Each kind on the page is explained once, in the glossary, not on every row.
    expect(byProcess.text).toContain('What the entries mean');
    const opened = 'The ballot opened';
    expect(byProcess.text.split(opened).length - 1).toBeLessThanOrEqual(1);
    // The entries name the process by its title.
    expect(byProcess.text).toContain(`<dt>Process</dt><dd>${title}</dd>`);
    expect(byProcess.text).not.toMatch(/<dt>[a-z]/);
    expect(byProcess.text).not.toMatch(/<dd>c[0-9]+<\/dd>/);
    // A count's winner is named, not given by the candidate's id on the paper.
    const counted = world.counted.state as SelectionState;
    const byCount = await c.get(`/audit?process=${encodeURIComponent(world.counted.id)}`);
    const winner = counted.candidates.find((x) => x.id === counted.declaration?.winner);
    expect(byCount.text).toContain(`<dt>Winner</dt><dd>${winner!.name}</dd>`);
    expect(byCount.text).not.toMatch(/<dd>c[0-9]+<\/dd>/);

    const byType = await c.get('/audit?type=selection.ballot-opened');
    const opens = all.filter((e) => e.type === 'selection.ballot-opened');
    expect(seqsOn(byType.text)).toEqual(opens.map((e) => e.seq).reverse());

    const demo = await c.get('/audit?actor=demo&type=selection.opened');
    expect(seqsOn(demo.text)).toEqual(
      all
        .filter((e) => e.actor === 'demo' && e.type === 'selection.opened')
        .map((e) => e.seq)
        .reverse(),
    );

    // By a member's name: an appointment made by the administrator.
    const admin = world.people.administrator.member!;
    const a = await as('administrator');
    expect((await a.post('/admin/offices', { member: world.people.outsider.member!.id, unit: 'party', role: 'national-officer' })).status).toBe(303);
    const byName = await c.get(`/audit?actor=${encodeURIComponent(admin.name.toLowerCase())}`);
    const mine = (await log()).filter((e) => e.actor === admin.id);
    expect(seqsOn(byName.text)).toEqual(mine.map((e) => e.seq).reverse());
    expect(byName.text).toContain('Clear the filters');

    // Days, inclusive, in UTC; nothing on a day with no entries.
    const day = all[0].at.slice(0, 10);
    const onDay = await c.get(`/audit?from=${day}&to=${day}&type=selection.opened`);
    expect(seqsOn(onDay.text)).toEqual(
      all
        .filter((e) => e.at.startsWith(day) && e.type === 'selection.opened')
        .map((e) => e.seq)
        .reverse(),
    );
    const empty = await c.get('/audit?from=1999-01-01&to=1999-01-02');
    expect(empty.text).toContain('No entries match these filters.');

    // Paging keeps the filters.
    const steps = await c.get('/audit?actor=demo');
    const older = /href="([^"]+)">Older entries</.exec(steps.text)![1].replace(/&amp;/g, '&');
    expect(older).toMatch(/^\/audit\?actor=demo&before=\d+$/);
    const next = await c.get(older);
    expect(seqsOn(next.text)[0]).toBe(Number(/before=(\d+)/.exec(older)![1]) - 1);
  });

  it('refuses a malformed day or an unknown kind beside the field, with no entries', async () => {
    const c = await as('scrutineer');
    const bad = await c.get('/audit?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('“yesterday” is not a date');
    checkAccessibleStructure(bad.text);
    const backwards = await c.get('/audit?from=2024-06-02&to=2024-06-01');
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('The last day cannot be before the first.');
    const unknown = await c.get('/audit?type=vote.cast');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Choose one of the kinds of entry listed.');
  });
});

describe('what the web app logs', () => {
  it('an administrator’s appointment and removal, by the administrator', async () => {
    const admin = world.people.administrator.member!;
    // Not the voter, whose id must appear in no entry (checked below).
    const member = world.people.outsider.member!;
    const c = await as('administrator');
    expect((await c.post('/admin/offices', { member: member.id, unit: 'party', role: 'scrutineer' })).status).toBe(303);
    expect((await c.post('/admin/offices/remove', { member: member.id, unit: 'party', role: 'scrutineer' })).status).toBe(303);
    const [appointed, removed] = (await log()).slice(-2);
    expect(appointed).toMatchObject({ actor: admin.id, type: 'office.appointed', data: { member: member.id, unit: 'party', role: 'scrutineer' } });
    expect(removed).toMatchObject({ actor: admin.id, type: 'office.removed', data: { member: member.id, unit: 'party', role: 'scrutineer' } });
    // A refused appointment logs nothing.
    const before = await head();
    expect((await c.post('/admin/offices', { member: member.id, unit: 'party', role: 'emperor' })).status).toBe(400);
    expect(await head()).toEqual(before);
    const page = await c.get('/audit');
    expect(page.text).toContain(`<td>${admin.name}</td>`);
    expect(page.text).not.toContain(admin.id);
  });

  it('a secretary’s meeting, by their member id, in the step’s own entry', async () => {
    const secretary = world.people.triggerSecretary.member!;
    const s = await as('triggerSecretary');
    const r = await s.post(`/units/${world.triggerUnit}/processes/${world.trigger.id}/meeting`, {
      for: '9',
      against: '3',
      abstentions: '0',
      attendance: '14',
      date: '2024-05-30',
    });
    expect(r.status).toBe(303);
    const last = (await log()).at(-1)!;
    const version = (await world.store.getProcess(world.trigger.id))!.version;
    expect(last).toMatchObject({
      actor: secretary.id,
      type: 'trigger.meeting-recorded',
      data: { process: world.trigger.id, version, unit: world.triggerUnit, for: 9, against: 3 },
    });
  });

  it('never logs signing in or casting, and no tracker, code, token or voter ever appears in an entry', async () => {
    const voter = world.people.voter.member!;
    const before = await head();
    // Sign in by the emailed code, then cast.
    const c = await new Client(world, '192.0.2.77').actAs(null);
    expect((await c.post('/sign-in', { email: voter.email! })).status).toBe(303);
    const mail = world.outbox
      .messages()
      .filter((m) => m.to === voter.email)
      .at(-1)!;
    const code = /code to sign in to Hustings is (\d{8})/.exec(mail.text)![1];
    expect((await c.post('/sign-in/code', { email: voter.email!, code })).status).toBe(303);
    await c.get('/ballots');
    const paper = (world.voting.state as SelectionState).shortlist!;
    const cast = await c.post(`/ballots/${world.voting.id}/cast`, { [`rank-${paper[1]}`]: '1', [`rank-${paper[0]}`]: '2', action: 'cast' });
    expect(cast.status).toBe(200);
    const tracker = /<code>([A-Z2-9-]{24})<\/code>/.exec(cast.text)![1];
    expect(await world.store.hasVoted(world.voting.id, voter.id)).toBe(true);
    expect(await head()).toEqual(before);

    // Close and count that ballot from the web: the count is logged, by its number of ballots.
    const officer = await as('proceduresSecretary');
    world.clock.set(`${(world.voting.state as SelectionState).timetable.ballotCloses}T18:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    expect((await officer.post(`/processes/${world.voting.id}/steps/close-ballot`, {})).status).toBe(303);
    expect((await officer.post(`/processes/${world.voting.id}/steps/record-count`, {})).status).toBe(303);
    const entries = await log();
    // The close logs the seal (the box's counts, its digest and the seed drawn then); the count uses that seed and logs its kept record.
    expect(entries.at(-4)!.type).toBe('selection.ballot-closed');
    const seal = entries.at(-3)!;
    expect(seal).toMatchObject({ type: 'box.sealed', data: { process: world.voting.id, ballots: 1, marked: 1, online: 1 } });
    const seed = (seal.data as { seed: number }).seed;
    const counted = entries.at(-2)!;
    expect(counted).toMatchObject({
      actor: world.people.proceduresSecretary.member!.id,
      type: 'selection.counted',
      data: { process: world.voting.id, ballots: 1, seed },
    });
    expect(entries.at(-1)!).toMatchObject({ type: 'count.recorded', data: { process: world.voting.id, ballots: 1, seed, source: 'ballot-box', file: null } });
    expect((entries.at(-1)!.data as { recordSha256: string }).recordSha256).toBe((await world.store.keptCount(world.voting.id))!.sha256);

    // Nothing secret anywhere in the log.
    const text = entries.map((e) => `${e.actor} ${e.type} ${canonicalJson(e.data)}`).join('\n');
    const trackers = [...(await world.store.ballots(world.voting.id)), ...(await world.store.ballots(world.counted.id))].map((b) => b.tracker);
    expect(trackers).toContain(tracker);
    for (const t of trackers) expect(text).not.toContain(t);
    for (const m of world.outbox.messages()) {
      const sent = /code to sign in to Hustings is (\d{8})/.exec(m.text)?.[1];
      if (sent) expect(text).not.toMatch(new RegExp(`\\b${sent}\\b`));
    }
    expect(text).not.toContain(c.cookies.get('hustings')!);
    expect(text).not.toContain(voter.id);
    expect(text).not.toMatch(/"ranking"|"tracker"|"code"|"token"/);
  });
});

describe('a tampered entry', () => {
  it('is named on the page', async () => {
    const target = (await log()).find((e) => e.type === 'trigger.meeting-recorded')!;
    const db = new Database(join(world.dir, 'party.db'));
    db.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET data = json_set(data, '$.for', 0) WHERE seq = ${target.seq}`);
    db.close();
    const page = await (await as('scrutineer')).get('/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tampered with');
    expect(page.text).toContain(`edited</strong>: seq ${target.seq} was edited`);
  });
});
