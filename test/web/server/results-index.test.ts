/**
 * The public results index (GET /results): signed out, a journalist sees every
 * declared selection and internal election and every decided trigger ballot,
 * newest first, in words; a ballot counted but not yet declared, and a trigger
 * ballot still open, are not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectionState, TriggerBallotState } from '../../../src/domain/processes/index.js';
import { addDays } from '../../../src/domain/calendar.js';
import { isoDate } from '../../../src/domain/time.js';
import { applyStep } from '../../app/steps.js';
import { all, byTag, checkAccessibleStructure, parse, type El } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';
import type { PublicResult } from '../../../src/app/declared-results.js';
import { RESULTS_PER_PAGE, resultsIndexView } from '../../../src/web/presenters/results-index.js';
import type { ViewContext } from '../../../src/web/views/context.js';
import { resultsIndexPage } from '../../../src/web/views/results-index.js';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

/** The index's entries as shown: each card's heading and its facts, in order. */
function entries(doc: string): { heading: string; link: string | null; text: string }[] {
  const main = byTag(parse(doc), 'main')[0]!;
  return all(main, (e: El) => e.tag === 'li' && e.attrs.class === 'card').map((li) => {
    const h2 = byTag(li, 'h2')[0]!;
    return { heading: h2.text.trim(), link: byTag(h2, 'a')[0]?.attrs.href ?? null, text: li.text.replace(/\s+/g, ' ') };
  });
}

describe('the public results index', () => {
  it('shows a journalist, signed out, the declared selection with who was selected, and nothing undeclared or undecided', async () => {
    const anon = await new Client(world).actAs(null);
    const res = await anon.get('/results');
    expect(res.status).toBe(200);
    checkAccessibleStructure(res.text);
    const counted = world.counted.state as SelectionState;
    const listed = entries(res.text);
    const mine = listed.find((e) => e.link === `/results/${world.counted.id}`);
    expect(mine, res.text.slice(0, 2000)).toBeDefined();
    expect(mine!.heading).toBe(counted.title);
    expect(mine!.text).toContain(`Elected: ${counted.declaration!.name}`);
    expect(mine!.text).toMatch(/Declared on\s*\d{1,2} [A-Z][a-z]+ \d{4}/);
    // The selection whose ballot is open, and the trigger ballot still open, are absent.
    expect(listed.some((e) => e.link === `/results/${world.voting.id}`)).toBe(false);
    const trigger = world.trigger.state as TriggerBallotState;
    expect(res.text).not.toContain(`Review of ${trigger.incumbent.name}`);
    // Words, not internals: no process ids, rulebook ids or phase names in what a person reads.
    const words = byTag(parse(res.text), 'main')[0]!.text;
    for (const internal of [world.counted.id, 'labour-2021', 'ballot-open', 'trigger-ballot', 'internal-election', 'not-readopted', 'stv'])
      expect(words).not.toContain(internal);
  });

  it('is linked from the navigation, signed in or out, and from the sign-in page', async () => {
    const anon = await new Client(world).actAs(null);
    const signIn = parse((await anon.get('/sign-in')).text);
    expect(all(signIn, (e) => e.tag === 'a' && e.attrs.href === '/results').length).toBe(2);
    const voter = await new Client(world).actAs(world.people.voter.member);
    const nav = all(parse((await voter.get('/ballots')).text), (e) => e.tag === 'nav' && e.attrs['aria-label'] === 'Main')[0]!;
    expect(byTag(nav, 'a').some((a) => a.attrs.href === '/results' && a.text.trim() === 'Results')).toBe(true);
  });

  it('leaves a counted selection out until it is declared, then lists it first; and lists a trigger ballot once decided', async () => {
    const anon = await new Client(world).actAs(null);
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const base = `/processes/${world.voting.id}`;
    const voting = world.voting.state as SelectionState;
    world.clock.set(`${voting.timetable.ballotCloses}T18:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    expect((await officer.post(`${base}/steps/close-ballot`, {})).status).toBe(303);
    expect((await officer.post(`${base}/steps/record-count`, {})).status).toBe(303);
    // Counted, not declared: absent, even for the officer who may already see its results page.
    for (const who of [anon, officer]) expect(entries((await who.get('/results')).text).some((e) => e.link === `/results/${world.voting.id}`)).toBe(false);

    world.clock.set(`${addDays(voting.timetable.ballotCloses, 1)}T10:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    expect((await officer.post(`${base}/steps/declare`, {})).status).toBe(303);
    const declared = entries((await anon.get('/results')).text);
    expect(declared[0]!.link).toBe(`/results/${world.voting.id}`);
    expect(declared[0]!.heading).toBe(voting.title);

    // The open trigger ballot, closed after its last meeting date: now decided, and listed with the units' tally in words.
    const trigger = world.trigger.state as TriggerBallotState;
    world.clock.set(`${addDays(isoDate(trigger.closes), 1)}T12:00:00.000Z`);
    const closed = await applyStep({ store: world.store, clock: world.clock, actor: 'test' }, world.trigger.id, 'trigger-ballot', { type: 'close' });
    const outcome = closed.state.outcome!;
    const listed = entries((await anon.get('/results')).text);
    const review = listed.find((e) => e.heading === `Review of ${trigger.incumbent.name}, the sitting representative`);
    expect(review, listed.map((e) => e.heading).join('\n')).toBeDefined();
    expect(listed.indexOf(review!)).toBe(0);
    expect(review!.link).toBeNull();
    expect(review!.text).toContain(
      outcome.result === 'triggered' ? 'Triggered: an open selection will be held' : `Readopted: ${trigger.incumbent.name} will stand again`,
    );
    const branches = trigger.units.filter((u) => u.class === 'branch').length;
    expect(review!.text).toContain(`${branches} branches:`);
    expect(review!.text).toMatch(/Decided on\s*\d{1,2} [A-Z][a-z]+ \d{4}/);
  });

  it('is served a page at a time when long, newest first, with links to newer and older results', () => {
    const results: PublicResult[] = Array.from({ length: RESULTS_PER_PAGE + 5 }, (_, i) => ({
      kind: 'internal-election',
      process: `el-${i}`,
      title: `Election ${i}`,
      constituency: null,
      declaredAt: `2024-01-${String(30 - i).padStart(2, '0')}T12:00:00.000Z`,
      elected: ['Ann Ash', 'Bo Birch', 'Cy Cedar'],
    }));
    const ctx: ViewContext = { user: null, csrfToken: 'token', path: '/results' };
    const first = resultsIndexPage(resultsIndexView(results, undefined, 'Europe/London'), ctx);
    checkAccessibleStructure(first);
    expect(entries(first)).toHaveLength(RESULTS_PER_PAGE);
    expect(entries(first)[0]!.text).toContain('Elected: Ann Ash, Bo Birch and Cy Cedar');
    expect(entries(first)[0]!.text).toContain('National');
    expect(first).toContain('Page 1 of 2');
    expect(first).toContain('href="/results?page=2">Older results');
    const second = resultsIndexPage(resultsIndexView(results, '2', 'Europe/London'), ctx);
    expect(entries(second).map((e) => e.heading)).toEqual(results.slice(RESULTS_PER_PAGE).map((r) => (r.kind === 'trigger-ballot' ? '' : r.title)));
    expect(second).toContain('href="/results?page=1">Newer results');
    expect(resultsIndexPage(resultsIndexView([], undefined, 'Europe/London'), ctx)).toContain('No results have been declared yet');
    // The date is the organisation's: declared at 00:30 in London on 2 July (23:30 on 1 July, UTC).
    const midnight: PublicResult = {
      kind: 'internal-election',
      process: 'el-late',
      title: 'Late',
      constituency: null,
      declaredAt: '2024-07-01T23:30:00.000Z',
      elected: [],
    };
    const late = resultsIndexView([midnight], undefined, 'Europe/London');
    expect(late.rows[0]!.on).toBe('2024-07-02');
  });
});
