/**
 * Turnout as it happens, over the web: who may see a ballot's turnout while it is open (its
 * officers and scrutineers) and once it has closed (everyone); "fewer than 5" for small figures
 * while it is open, with the figure that would give one away by subtraction not shown; exact
 * figures for everyone after the close; links from the process page; no turnout before voting opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar.js';
import type { MemberId } from '../../../src/domain/ids.js';
import { paths } from '../../../src/web/views/paths.js';
import { openElectionContests } from '../../../src/app/open-process.js';
import { OPEN_FRESH_MS } from '../../../src/app/turnout.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { fixedClock } from '../../../src/domain/time.js';
import { applyStep, freezeElectorate } from '../../app/steps.js';
import { byTag, parse, type El } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type PersonaKey, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const as = (who: PersonaKey) => new Client(world).actAs(world.people[who].member);

/** The rows of the table captioned `caption`: each row's cells' text. */
function rows(page: string, caption: string): string[][] {
  const table = byTag(parse(page), 'table').find((t: El) => byTag(t, 'caption')[0]?.text.trim().startsWith(caption));
  if (!table) throw new Error(`no table "${caption}"`);
  return byTag(table, 'tbody')[0]!
    .children.filter((e: El) => e.tag === 'tr')
    .map((tr: El) => tr.children.filter((c: El) => c.tag === 'th' || c.tag === 'td').map((c: El) => c.text.trim()));
}

describe('turnout of an open ballot', () => {
  it('is for the officers of the ballot and scrutineers; others are refused, and the signed-out sent to sign in', async () => {
    const path = paths.turnout(world.voting.id);
    for (const who of ['proceduresSecretary', 'nationalOfficer', 'scrutineer', 'administrator'] as const)
      expect((await (await as(who)).get(path)).status, who).toBe(200);
    for (const who of ['voter', 'outsider', 'otherProceduresSecretary', 'triggerSecretary'] as const) {
      const r = await (await as(who)).get(path);
      expect(r.status, who).toBe(403);
      expect(r.text).toContain('everyone can see it once the ballot has closed');
    }
    const anonymous = await (await as('anonymous')).get(path);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
  });

  it('shows small figures as "fewer than 5", hides the figure that would give them away, and refreshes itself', async () => {
    const path = paths.turnout(world.voting.id);
    const empty = await (await as('proceduresSecretary')).get(path);
    expect(empty.text).toContain('Fewer than 5 of');
    expect(empty.text).toContain('Nobody has voted yet.');

    const eligible = (await world.store.electorate(world.voting.id)).filter((e) => e.eligible).map((e) => e.member as MemberId);
    const day1 = TODAY;
    const day2 = addDays(TODAY, 2);
    // 12 online over two days, 2 by post: the total (14) is shown, the two paper channels are small.
    for (const [i, m] of eligible.slice(0, 12).entries()) {
      expect((await world.store.castBallot(world.voting.id, m, { ranking: ['c1'], tracker: `TURN-${i}` }, i < 9 ? day1 : day2)).ok).toBe(true);
    }
    for (const [i, m] of eligible.slice(12, 14).entries()) {
      expect((await world.store.recordOfflineVote(world.voting.id, m, 'postal', { ranking: ['c1'], tracker: `POST-${i}` }, undefined, day2)).ok).toBe(true);
    }
    // Figures of an open ballot are read afresh after a few seconds (src/app/turnout.ts keeps them that long).
    world.clock.set(new Date(world.clock.now().getTime() + OPEN_FRESH_MS));
    const r = await (await as('scrutineer')).get(path);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`14 of ${eligible.length.toLocaleString('en-GB')} eligible members have voted so far`);
    // Online would be 14 less the hidden two; so it is not shown either.
    expect(rows(r.text, 'Votes by channel')).toEqual([
      ['Online', 'not shown', '—'],
      ['By post', 'fewer than 5', '—'],
      ['In person', 'fewer than 5', '—'],
    ]);
    // Days: 9 on the first, none on the quiet day between, 5 on the third; the quiet day is small, and so one more is hidden.
    const days = rows(r.text, 'Votes by day');
    expect(days.map((d) => d[0])).toEqual(['1 June 2024', '2 June 2024', '3 June 2024']);
    expect(days.map((d) => d[1]).sort()).toEqual(['fewer than 5', 'not shown', expect.stringMatching(/^\d+$/)].sort());
    expect(r.text).toContain('so that nobody’s vote can be picked out');
    expect(r.text).toMatch(/id="turnout-live" data-live-refresh="15" data-live-status="turnout-live-status"/);
    expect(r.text).toContain('/static/live.js');
    // The chart is an image with a name, and the table beside it gives its figures.
    expect(r.text).toMatch(/<svg class="bar-chart"[^>]*role="img"[^>]*aria-labelledby="by-day-chart-title by-day-chart-desc"/);
    // No member's name or id anywhere.
    for (const m of eligible.slice(0, 14)) expect(r.text).not.toContain(m);
  });

  it('says "all but fewer than 5" where fewer than 5 have not voted, so no count of non-voters below 5 can be read or worked out', async () => {
    const path = paths.turnout(world.voting.id);
    const eligible = (await world.store.electorate(world.voting.id)).filter((e) => e.eligible).map((e) => e.member as MemberId);
    // The 14 of the test before, and now all but 3 of the rest, online on the first day.
    const rest = eligible.slice(14, eligible.length - 3);
    for (const [i, m] of rest.entries())
      expect((await world.store.castBallot(world.voting.id, m, { ranking: ['c2'], tracker: `MOST-${i}` }, TODAY)).ok).toBe(true);
    const voted = 14 + rest.length;
    world.clock.set(new Date(world.clock.now().getTime() + OPEN_FRESH_MS));
    const r = await (await as('proceduresSecretary')).get(path);
    expect(r.status).toBe(200);
    const n = eligible.length.toLocaleString('en-GB');
    expect(r.text).toContain(`All but fewer than 5 of ${n} eligible members have voted so far.`);
    expect(r.text).toContain('it says “all but fewer than 5”');
    // Neither the count of voters nor the 3 who have not voted is on the page, nor can be added up from it:
    // the channels and the days shown, with at least 5 for each one not shown, stay at least 5 short of the electorate.
    expect(r.text).not.toContain(voted.toLocaleString('en-GB'));
    for (const caption of ['Votes by channel', 'Votes by day']) {
      const cells = rows(r.text, caption).map((row) => row[1]!);
      expect(
        cells.some((c) => c === 'not shown' || c === 'fewer than 5' || c === 'all but fewer than 5'),
        caption,
      ).toBe(true);
      const least = cells.reduce((sum, c) => sum + (/^[\d,]+$/.test(c) ? Number(c.replace(/,/g, '')) : c === 'not shown' ? 5 : 0), 0);
      expect(least, caption).toBeLessThanOrEqual(eligible.length - 5);
    }
    // The reminders still to go say the same of how many they would reach.
    const notices = await (await as('proceduresSecretary')).get(`/processes/${world.voting.id}/notices`);
    expect(notices.text).toContain('would reach fewer than 5 members if it went now');
    expect(notices.text).not.toMatch(/would reach [1-4] member/);
  });

  it('is linked from the process page once voting has opened, and not before', async () => {
    const open = await (await as('nationalOfficer')).get(paths.process(world.voting.id));
    expect(open.text).toContain(`href="${paths.turnout(world.voting.id)}">Turnout as it happens</a>`);
    const before = await (await as('nationalOfficer')).get(paths.process(world.nominating.id));
    expect(before.text).not.toContain(paths.turnout(world.nominating.id));
  });
});

describe('the election page', () => {
  it('links each contest to its turnout once its voting has opened', async () => {
    const clock = fixedClock(`${TODAY}T09:00:00.000Z`);
    const a = { store: world.store, clock, actor: 'test' };
    const timetable = { nominationsClose: addDays(TODAY, 1), freezeDate: addDays(TODAY, 1), ballotOpens: addDays(TODAY, 2), ballotCloses: addDays(TODAY, 9) };
    const [first, second] = must(await openElectionContests(a, LABOUR_2021, 'Party offices', timetable, [{ contest: 'youth' }, { contest: 'bame' }]));
    const page = () => as('nationalOfficer').then((c) => c.get(paths.election(first!.state.contest!.election)));
    expect((await page()).text.match(/voting not open yet/g)).toHaveLength(2);
    const members = (await world.store.listOffices()).slice(0, 2).map((o) => o.member);
    for (const m of await world.store.membersById(members)) {
      await applyStep(a, first!.id, 'internal-election', { type: 'nominate', name: m.name, gender: m.gender, member: m.id });
    }
    clock.set(`${addDays(TODAY, 1)}T09:00:00.000Z`);
    await freezeElectorate(a, first!.id, 'internal-election');
    clock.set(`${addDays(TODAY, 2)}T09:00:00.000Z`);
    await applyStep(a, first!.id, 'internal-election', { type: 'open-ballot' });
    const shown = (await page()).text;
    expect(shown).toContain(`<a href="${paths.turnout(first!.id)}">Turnout<span class="visually-hidden"> of ${first!.state.title}</span></a>`);
    expect(shown).not.toContain(paths.turnout(second!.id));
    expect(shown.match(/voting not open yet/g)).toHaveLength(1);
  });
});

describe('turnout of a closed ballot', () => {
  it('is for everyone, signed in or not, with every figure exact', async () => {
    const path = paths.turnout(world.counted.id);
    for (const who of ['anonymous', 'voter', 'outsider', 'scrutineer'] as const) {
      const r = await (await as(who)).get(path);
      expect(r.status, who).toBe(200);
      expect(r.text).not.toContain('fewer than 5');
      expect(r.text).not.toContain('not shown');
      expect(r.text).not.toContain('data-live-refresh');
      expect(r.text).toContain('Voting has closed, so every figure on this page is exact');
      expect(rows(r.text, 'Votes by channel')).toEqual([
        ['Online', '25', expect.stringMatching(/%$/)],
        ['By post', '0', '0.0%'],
        ['In person', '0', '0.0%'],
      ]);
      expect(r.text).toMatch(/25 of [\d,]+ eligible members voted \(\d+\.\d%\)/);
    }
    // The page of the process is for its officers: only they are sent there.
    expect((await (await as('anonymous')).get(path)).text).not.toContain(`href="${paths.process(world.counted.id)}"`);
    expect((await (await as('scrutineer')).get(path)).text).toContain(`href="${paths.process(world.counted.id)}"`);
  });
});

describe('no turnout to show', () => {
  it('before voting opens (409), nor for a trigger ballot or an unknown process (404)', async () => {
    const officer = await as('nationalOfficer');
    const before = await officer.get(paths.turnout(world.nominating.id));
    expect(before.status).toBe(409);
    expect(before.text).toContain('has not opened yet');
    expect((await officer.get(paths.turnout(world.trigger.id))).status).toBe(404);
    expect((await officer.get(paths.turnout('no-such-ballot'))).status).toBe(404);
  });
});
