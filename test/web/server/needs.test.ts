/**
 * The page a person lands on (GET /, and after signing in): what needs them now, for themselves
 * and for each of their roles, each a sentence with its date and a link, through the real app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectionState, TriggerBallotState } from '../../../src/domain/processes/index.js';
import type { UnitId } from '../../../src/domain/ids.js';
import { paths } from '../../../src/web/views/paths.js';
import { all, byTag, checkAccessibleStructure, parse, type El } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';
import { applyStep } from '../../app/steps.js';
import { recordCount } from '../../../src/app/record-count.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { fixedClock } from '../../../src/domain/time.js';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

interface Section {
  readonly heading: string;
  readonly items: { readonly text: string; readonly href: string }[];
  readonly text: string;
}

/** The page's sections as shown: each heading, and each item's sentence and link. */
function sections(doc: string): Section[] {
  const main = byTag(parse(doc), 'main')[0]!;
  return all(main, (e: El) => e.tag === 'section').map((s) => ({
    heading: byTag(s, 'h2')[0]!.text.trim(),
    items: byTag(s, 'li').map((li) => ({ text: li.text.replace(/\s+/g, ' ').trim(), href: byTag(li, 'a')[0]!.attrs.href! })),
    text: s.text.replace(/\s+/g, ' '),
  }));
}

async function landing(key: keyof World['people']): Promise<{ text: string; sections: Section[] }> {
  const c = await new Client(world).actAs(world.people[key].member);
  const res = await c.get('/');
  expect(res.status).toBe(200);
  checkAccessibleStructure(res.text);
  return { text: res.text, sections: sections(res.text) };
}

describe('what needs you now', () => {
  it('sends someone signed out to sign in, and puts the page first in a signed-in person’s navigation', async () => {
    const anon = await new Client(world).actAs(null);
    const res = await anon.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    const { text } = await landing('voter');
    const nav = byTag(parse(text), 'nav')[0]!;
    const first = byTag(nav, 'a')[0]!;
    expect(first.attrs.href).toBe('/');
    expect(first.text.trim()).toBe('What needs you now');
    expect(first.attrs['aria-current']).toBe('page');
    expect(byTag(nav, 'a').some((a) => a.text.trim() === 'My ballots')).toBe(true);
  });

  it('shows a member the open ballot they have not voted in, with when it closes, and drops it once they have voted', async () => {
    const { sections: s } = await landing('voter');
    const member = s.find((x) => x.heading === 'As a member')!;
    const vote = member.items.find((i) => i.href === paths.ballot(world.voting.id));
    expect(vote, JSON.stringify(member)).toBeDefined();
    const title = (world.voting.state as SelectionState).title;
    expect(vote!.text).toContain(`${title} is open and you have not voted yet; voting closes at`);
    expect(vote!.text).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} \(UK time\)\./);

    const voter = world.people.voter.member!;
    const cast = await world.store.castBallot(world.voting.id, voter.id, { ranking: [], tracker: 'T-needs' });
    expect(cast.ok).toBe(true);
    const after = await landing('voter');
    expect(after.sections.flatMap((x) => x.items).some((i) => i.href === paths.ballot(world.voting.id))).toBe(false);
  });

  it('shows a unit secretary the meeting to record, for every unit they are secretary of', async () => {
    const trigger = world.trigger.state as TriggerBallotState;
    const unitName = trigger.units.find((u) => u.id === world.triggerUnit)!.name;
    const { sections: s } = await landing('triggerSecretary');
    const mine = s.find((x) => x.heading.startsWith('As secretary of'))!;
    const meeting = mine.items.find((i) => i.href === paths.unitMeeting(world.triggerUnit, world.trigger.id));
    expect(meeting, JSON.stringify(s)).toBeDefined();
    expect(meeting!.text).toContain(`${unitName} has not recorded its decision on the review of ${trigger.incumbent.name}`);
    expect(meeting!.text).toMatch(/by \d{1,2} [A-Z][a-z]+ \d{4}\./);

    // Made secretary of a second unit too (the one taking nominations), they see both units' items.
    const who = world.people.triggerSecretary.member!;
    await world.store.putOffice({ unit: world.nominatingUnit, role: 'secretary', member: who.id });
    try {
      const both = (await landing('triggerSecretary')).sections.find((x) => x.heading.startsWith('As secretary of'))!;
      const nominatingName = (await world.store.getUnit(world.nominatingUnit as UnitId))!.name;
      expect(both.heading).toContain(unitName);
      expect(both.heading).toContain(nominatingName);
      expect(both.items.some((i) => i.href === paths.unitMeeting(world.triggerUnit, world.trigger.id))).toBe(true);
      const nominate = both.items.find((i) => i.href === paths.unitNominations(world.nominatingUnit, world.nominating.id));
      expect(nominate?.text).toContain(`${nominatingName} has not made its nominations in ${(world.nominating.state as SelectionState).title}`);
    } finally {
      await world.store.removeOffice({ unit: world.nominatingUnit, role: 'secretary', member: who.id });
    }
  });

  it('shows a procedures secretary the steps due in their constituency’s processes, with the timetable’s dates', async () => {
    const { sections: s } = await landing('proceduresSecretary');
    const mine = s.find((x) => x.heading.startsWith('As procedures secretary of'))!;
    const step = mine.items.find((i) => i.href === paths.process(world.voting.id));
    expect(step, JSON.stringify(mine)).toBeDefined();
    expect(step!.text).toContain(`Close the ballot of ${(world.voting.state as SelectionState).title}`);
    expect(step!.text).toMatch(/(from|due since) \d{1,2} [A-Z][a-z]+ \d{4}\./);
    // Nothing of another constituency's.
    expect(mine.items.some((i) => i.href === paths.process(world.trigger.id))).toBe(false);
  });

  it('shows a national officer the steps due across every process, soonest first', async () => {
    const { sections: s } = await landing('nationalOfficer');
    const mine = s.find((x) => x.heading === 'As a national officer')!;
    const hrefs = mine.items.map((i) => i.href);
    expect(hrefs).toContain(paths.process(world.voting.id));
    expect(hrefs).toContain(paths.process(world.trigger.id));
    const trigger = world.trigger.state as TriggerBallotState;
    expect(mine.items.find((i) => i.href === paths.process(world.trigger.id))!.text).toContain(`review of ${trigger.incumbent.name} and work out its outcome`);
    // Soonest first: the dates read back in order (undated steps, which may be taken now, lead).
    const days = mine.items.map((i) => /(\d{1,2} [A-Z][a-z]+ \d{4})\.$/.exec(i.text)?.[1]).map((d) => (d ? Date.parse(`${d} UTC`) : 0));
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });

  it('shows a would-be candidate a selection in their constituency taking applications', async () => {
    const selection = (await world.store.processDocuments({ kind: 'selection' })).find((p) => p.state.phase === 'applications');
    expect(selection, 'the demo party has a selection taking applications').toBeDefined();
    const branches = await world.store.listUnits({ kind: 'branch', parent: selection!.constituency as UnitId });
    let someone = null;
    for await (const m of world.store.membersOf(branches.map((b) => b.id))) {
      someone = m;
      break;
    }
    const c = await new Client(world).actAs(someone);
    const s = sections((await c.get('/')).text);
    const standing = s.find((x) => x.heading === 'Standing for selection')!;
    expect(standing.items.map((i) => i.href)).toContain(paths.apply(selection!.id));
  });

  it('says so plainly when nothing needs a person', async () => {
    const { text, sections: s } = await landing('outsider');
    expect(s).toEqual([]);
    expect(byTag(parse(text), 'main')[0]!.text.replace(/\s+/g, ' ')).toContain('Nothing needs you now.');
  });

  // Last: it closes and counts the open ballot the tests above vote in.
  it('shows a scrutineer a count recorded and not yet declared, to check', async () => {
    const before = (await landing('scrutineer')).sections.find((x) => x.heading === 'As a scrutineer')!;
    expect(before.text).toContain('Nothing is due.');
    const clock = fixedClock(`${(world.voting.state as SelectionState).timetable.ballotCloses}T23:00:00.000Z`);
    clock.advanceDays(1);
    const a = { store: world.store, clock, actor: 'test' };
    const closed = await applyStep(a, world.voting.id, 'selection', { type: 'close-ballot' });
    const counted = await recordCount(world.store, clock, closed, LABOUR_2021, { kind: 'ballot-box' }, 'test');
    expect(counted.ok).toBe(true);
    const after = (await landing('scrutineer')).sections.find((x) => x.heading === 'As a scrutineer')!;
    const check = after.items.find((i) => i.href === paths.results(world.voting.id));
    expect(check?.text).toBe(
      `${(world.voting.state as SelectionState).title} has been counted and not yet declared: check the count and its evidence.Check the count in ${(world.voting.state as SelectionState).title}`,
    );
  });
});
