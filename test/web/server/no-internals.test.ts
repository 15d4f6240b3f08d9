/**
 * Words, not internals: the main pages, for every role, with a process in each phase, show no
 * phase name ("ballot-open"), rulebook reference ("labour-2021@1"), method id ("stv-droop"),
 * candidate id ("c3"), process id or member id where a person reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCount } from '../../../src/app/record-count.js';
import { hasTurnout } from '../../../src/app/turnout.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { fixedClock, type IsoDate } from '../../../src/domain/time.js';
import { paths } from '../../../src/web/views/paths.js';
import { applyStep, freezeElectorate } from '../../app/steps.js';
import { byTag, parse, type El } from '../views/html-check.js';
import { buildWorld, Client, type PersonaKey, type World } from './fixture.js';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

/** What a person reads on a page: the title, the navigation and the main content's text. */
function readable(doc: string): string {
  const root = parse(doc);
  const parts = [...byTag(root, 'title'), ...byTag(root, 'nav'), ...byTag(root, 'main')];
  return parts.map((e: El) => e.text).join(' \n ');
}

const INTERNALS: readonly RegExp[] = [
  // Phase and kind names as the code spells them.
  /\b(?:ballot-open|electorate-frozen|not-readopted|trigger-ballot|internal-election|members-meeting|mandatory-reselection)\b/,
  // A rulebook reference, "labour-2021@1".
  /\b[a-z][a-z-]*-\d{4}@\d+\b/,
  /\b[a-z-]+@\d+\b/,
  // Counting method ids.
  /\bstv-(?:droop|meek|scottish|ers97)\b|\(irv\)/,
  // Candidate ids.
  /\bc\d+\b/,
  // Member ids.
  /\bm\d{5,}\b/,
  // Process ids.
  /\b(?:sel|tb|el)-[a-z0-9-]+-\d+\b/,
];

function offending(text: string): string[] {
  return INTERNALS.flatMap((re) => {
    const m = re.exec(text);
    return m ? [`${m[0]} in …${text.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ')}…`] : [];
  });
}

/** Every page the role's navigation leads to, every process's and result's page, and the unit and constituency pages. */
async function pagesFor(key: PersonaKey): Promise<string[]> {
  const processes = await world.store.processDocuments();
  const list = ['/', paths.ballots, paths.eligibility, paths.candidacies, paths.resultsIndex];
  if (key === 'nationalOfficer' || key === 'scrutineer') {
    list.push(paths.processes, paths.constituencies, paths.elections);
    for (const p of processes) {
      list.push(paths.process(p.id));
      if (p.constituency) list.push(paths.constituency(p.constituency));
      if (p.kind !== 'trigger-ballot' && p.kind !== 'nomination-meeting' && p.state.electorate !== null) list.push(`${paths.process(p.id)}/electorate`);
      if (p.state.phase === 'counted' || p.state.phase === 'declared') list.push(paths.results(p.id), `${paths.results(p.id)}/board`);
      if (p.kind !== 'trigger-ballot' && p.kind !== 'nomination-meeting' && hasTurnout(p)) list.push(paths.turnout(p.id));
    }
  }
  if (key === 'proceduresSecretary') list.push(paths.process(world.voting.id), paths.constituency(world.voting.constituency!), paths.turnout(world.voting.id));
  if (key === 'triggerSecretary') list.push(paths.unit(world.triggerUnit), paths.unitMeeting(world.triggerUnit, world.trigger.id));
  if (key === 'nominatingSecretary') list.push(paths.unit(world.nominatingUnit), paths.unitNominations(world.nominatingUnit, world.nominating.id));
  return list;
}

const ROLES: readonly PersonaKey[] = ['voter', 'triggerSecretary', 'nominatingSecretary', 'proceduresSecretary', 'nationalOfficer', 'scrutineer'];

async function sweep(when: string): Promise<void> {
  const problems: string[] = [];
  for (const key of ROLES) {
    const c = await new Client(world).actAs(world.people[key].member);
    for (const path of await pagesFor(key)) {
      const res = await c.get(path);
      if (res.status !== 200) continue;
      for (const p of offending(readable(res.text))) problems.push(`${when}, ${key} at ${path}: ${p}`);
    }
  }
  expect(problems).toEqual([]);
}

const morning = (d: IsoDate): string => `${d}T09:00:00.000Z`;

describe('words, not internals', () => {
  it('on every main page, as the demo party stands', async () => {
    await sweep('as it stands');
  });

  it('on every main page, with a selection taken through longlist, shortlist and a frozen electorate, and a ballot closed and counted', async () => {
    const nominating = world.nominating.state as SelectionState;
    const clock = fixedClock(morning(nominating.timetable.nominationsClose));
    const a = { store: world.store, clock, actor: 'test' };
    const ids = nominating.candidates.filter((c) => c.withdrawn === null).map((c) => c.id);
    await applyStep(a, world.nominating.id, 'selection', { type: 'set-longlist', candidates: ids });
    await sweep('longlist set');
    await applyStep(a, world.nominating.id, 'selection', { type: 'set-shortlist', candidates: ids });
    await sweep('shortlist set');
    clock.set(
      morning(
        nominating.timetable.freezeDate > nominating.timetable.nominationsClose ? nominating.timetable.freezeDate : nominating.timetable.nominationsClose,
      ),
    );
    await freezeElectorate(a, world.nominating.id, 'selection');
    await sweep('electorate frozen');

    const voting = world.voting.state as SelectionState;
    clock.set(morning(addDays(voting.timetable.ballotCloses, 1)));
    const closed = await applyStep(a, world.voting.id, 'selection', { type: 'close-ballot' });
    await sweep('ballot closed');
    const counted = await recordCount(world.store, clock, closed, LABOUR_2021, { kind: 'ballot-box' }, 'test');
    expect(counted.ok).toBe(true);
    await sweep('counted');
  });
});
