/**
 * Secrecy hygiene through the app: a blank ballot cast online as a deliberate,
 * confirmed choice (so a blank ballot on the board no longer means a paper
 * vote), and the tracker lookup as a POST that keeps the code out of
 * addresses, accepting it however it is typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberId } from '../../../src/domain/ids.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { readBoard, type Board } from '../../../src/integrity/board.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const TRACKER = /<code>([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})<\/code>/;
const booth = () => `/ballots/${world.voting.id}`;
const state = async (): Promise<SelectionState> => (await world.store.getProcess(world.voting.id))!.state as SelectionState;

/** Eligible members of the voting selection other than the officers and the test voter, each test taking its own. */
let pool: MemberId[] | null = null;
async function eligibleMember(): Promise<MemberId> {
  if (pool === null) {
    const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
    pool = (await world.store.electorate(world.voting.id))
      .filter((e) => e.eligible && !officers.has(e.member) && e.member !== world.people.voter.member!.id)
      .map((e) => e.member);
  }
  return pool.shift()!;
}
const voter = async (): Promise<Client> => new Client(world).actAs((await world.store.getMember(await eligibleMember()))!);

/** Trackers of the blank ballots cast in these tests, online and on paper. */
const blanks: { online: string[]; paper: string[] } = { online: [], paper: [] };

describe('a blank ballot online', () => {
  it('the booth offers it beside the ranking, and empty boxes without that choice are refused beside the form, as before', async () => {
    const v = await voter();
    const page = await v.get(booth());
    expect(page.text).toMatch(/<button type="submit" name="blank" value="yes"[^>]*>I want to cast a blank ballot<\/button>/);
    const before = await world.store.ballotBox(world.voting.id);
    for (const path of [`${booth()}/review`, `${booth()}/cast`]) {
      const refused = await v.post(path, path.endsWith('cast') ? { action: 'cast' } : {});
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('There is a problem');
      expect(refused.text).toContain('Rank at least one candidate');
      expect(refused.text).toContain('I want to cast a blank ballot');
      // The booth again, to rank or choose a blank ballot.
      expect(refused.text).toContain(`action="${booth()}/review"`);
    }
    expect(await world.store.ballotBox(world.voting.id)).toEqual(before);
  });

  it('is refused when the voter also entered ranks, with the ranks kept', async () => {
    const v = await voter();
    await v.get(booth());
    const [first] = (await state()).shortlist!;
    const refused = await v.post(`${booth()}/review`, { [`rank-${first}`]: '1', blank: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('You chose a blank ballot but also entered ranks');
    expect(refused.text).toMatch(new RegExp(`name="rank-${first}"[^>]*value="1"`));
    const cast = await v.post(`${booth()}/cast`, { [`rank-${first}`]: '1', blank: 'yes', action: 'cast' });
    expect(cast.status).toBe(400);
  });

  it('needs a confirmation: “change my ballot” there goes back to the booth with nothing cast', async () => {
    const v = await voter();
    await v.get(booth());
    const confirm = await v.post(`${booth()}/review`, { blank: 'yes' });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('You are about to cast a blank ballot');
    expect(confirm.text).toContain('<input type="hidden" name="blank" value="yes">');
    const back = await v.post(`${booth()}/cast`, { blank: 'yes', action: 'change' });
    expect(back.status).toBe(200);
    expect(back.text).toContain('Review my ballot');
    expect(back.text).not.toContain('There is a problem');
    expect((await v.get(booth())).status).toBe(200);
  });

  it('once confirmed, is cast as a ballot ranking nobody, with a tracker code and the warning that the code shows the ballot', async () => {
    const v = await voter();
    await v.get(booth());
    const confirm = await v.post(`${booth()}/review`, { blank: 'yes' });
    const before = (await world.store.ballotBox(world.voting.id))!;
    expect(confirm.text).toContain('Cast a blank ballot');
    const cast = await v.post(`${booth()}/cast`, { blank: 'yes', action: 'cast' });
    expect(cast.status).toBe(200);
    expect(cast.text).toContain('has been cast');
    expect(cast.text).toContain('The code shows your ballot to anyone you give it to');
    const tracker = TRACKER.exec(cast.text)![1];
    blanks.online.push(tracker);
    expect((await world.store.ballots(world.voting.id)).find((b) => b.tracker === tracker)?.ranking).toEqual([]);
    expect(await world.store.ballotBox(world.voting.id)).toMatchObject({
      voters: before.voters + 1,
      ballots: before.ballots + 1,
      byChannel: { online: before.byChannel.online + 1 },
    });
    // Once only.
    expect((await v.post(`${booth()}/cast`, { blank: 'yes', action: 'cast' })).status).toBe(409);
  });

  it('the same choice works for a ballot cast with a ranking: the booth confirms it and keeps the blank field out', async () => {
    const v = await voter();
    await v.get(booth());
    const [first, second] = (await state()).shortlist!;
    const review = await v.post(`${booth()}/review`, { [`rank-${first}`]: '2', [`rank-${second}`]: '1' });
    expect(review.status).toBe(200);
    expect(review.text).not.toContain('name="blank"');
    const cast = await v.post(`${booth()}/cast`, { [`rank-${first}`]: '2', [`rank-${second}`]: '1', action: 'cast' });
    expect(cast.status).toBe(200);
    expect((await world.store.ballots(world.voting.id)).find((b) => b.tracker === TRACKER.exec(cast.text)![1])?.ranking).toEqual([second, first]);
  });
});

describe('the tracker lookup', () => {
  const tracker = () => `/results/${world.counted.id}/tracker`;
  /** A ballot of the counted selection, as the fixture stored it. */
  const known = async () => (await world.store.ballots(world.counted.id)).find((b) => b.tracker === 'T-1')!;

  it('a GET shows the form only: a code in the address is not looked up nor written back', async () => {
    const anon = await new Client(world).actAs(null);
    const r = await anon.get(`${tracker()}?code=T-1`);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(new RegExp(`<form method="post" action="${tracker()}"`));
    expect(r.text).toContain('name="_csrf"');
    expect(r.text).not.toMatch(/Found:|Not found:/);
    expect(r.text).not.toContain('T-1');
  });

  it('a POST finds the ballot, for anyone, however the code is typed: small letters, spaces, no dashes, a pasted dash', async () => {
    const ballot = await known();
    const s = (await world.store.getProcess(world.counted.id))!.state as SelectionState;
    const firstName = s.candidates.find((x) => x.id === ballot.ranking[0])!.name;
    for (const who of [null, world.people.voter.member]) {
      const client = await new Client(world).actAs(who);
      await client.get(tracker());
      for (const typed of ['T-1', 't-1', ' t 1 ', 'T1', 't\u20131']) {
        const r = await client.post(tracker(), { code: typed });
        expect(r.status, typed).toBe(200);
        expect(r.text, typed).toContain('Found:');
        expect(r.text).toContain('<code>T-1</code>');
        expect(r.text).toContain(firstName);
        expect(r.headers.get('cache-control')).toBe('no-store');
      }
      const missing = await client.post(tracker(), { code: 'T-999' });
      expect(missing.text).toContain('Not found:');
    }
  });

  it('refuses a POST without the form’s security token, and an empty code beside the field', async () => {
    const anon = await new Client(world).actAs(null);
    await anon.get(tracker());
    expect((await anon.post(tracker(), { code: 'T-1' }, { csrf: null })).status).toBe(403);
    const empty = await anon.post(tracker(), { code: ' - ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('There is a problem');
    expect(empty.text).toMatch(/class="field field-error"[\s\S]*Enter the tracker code you were given when you voted/);
    expect(empty.text).not.toMatch(/Found:|Not found:/);
  });

  it('looks nothing up before the close', async () => {
    const anon = await new Client(world).actAs(null);
    await anon.get(`/results/${world.voting.id}/tracker`);
    const r = await anon.post(`/results/${world.voting.id}/tracker`, { code: blanks.online[0] ?? 'T-1' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('after voting closes');
    expect(r.text).not.toMatch(/Found:|Not found:/);
  });
});

describe('after the close, the board', () => {
  it('shows online and paper blank ballots alike: a ranking of nobody, called blank, counted as blank', async () => {
    // A blank paper recorded at the officers' desk.
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    await officer.get(`/processes/${world.voting.id}/paper-votes`);
    const paperVoter = await eligibleMember();
    const recorded = await officer.post(`/processes/${world.voting.id}/paper-votes`, { member: paperVoter, channel: 'postal', blank: 'yes', action: 'record' });
    expect(recorded.status, recorded.text.slice(0, 300)).toBe(200);
    blanks.paper.push(TRACKER.exec(recorded.text)![1]);
    expect(blanks.online).toHaveLength(1);

    world.clock.set(`${(await state()).timetable.ballotCloses}T18:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    expect((await officer.post(`/processes/${world.voting.id}/steps/close-ballot`, {})).status).toBe(303);

    const anon = await new Client(world).actAs(null);
    const json = await anon.get(`/results/${world.voting.id}/board.json`);
    const board = (readBoard(json.text) as { value: Board }).value;
    const blankRows = board.ballots.filter((b) => b.ranking.length === 0);
    expect(blankRows.map((b) => b.tracker).sort()).toEqual([...blanks.online, ...blanks.paper].sort());
    // Nothing tells the two apart but the (random) tracker code.
    for (const b of blankRows) expect(Object.keys(b).sort()).toEqual(['ranking', 'tracker']);

    const page = await anon.get(`/results/${world.voting.id}/board`);
    expect(page.text).toContain(`${board.ballots.length}, of which 2 blank`);
    for (const t of [...blanks.online, ...blanks.paper]) {
      expect(page.text).toContain(`<tr><td><code>${t}</code></td><td><span class="small">Blank ballot (no candidate ranked)</span></td></tr>`);
    }

    await anon.get(`/results/${world.voting.id}/tracker`);
    const found = await anon.post(`/results/${world.voting.id}/tracker`, { code: blanks.online[0].toLowerCase().replaceAll('-', '') });
    expect(found.text).toContain('Found:');
    expect(found.text).toContain('A blank ballot: no candidates ranked.');
  });
});
