/**
 * Choosing encrypted, verifiable ballots on the web: an officer opening a selection or an internal
 * election may choose them, naming k of n trustees and the credential authority by membership number;
 * a refused choice (the same checks as `hustings … encrypt`) is shown beside its field with the form
 * kept and nothing stored, not even the process. A process's page says which kind of ballot it uses
 * and who takes part, and lets its officer still choose encrypted ballots until anyone votes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar.js';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import { processId } from '../../../src/domain/ids.js';
import { setRulebookInForce } from '../../../src/app/rulebook-in-force.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { fixedClock } from '../../../src/domain/time.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let open: Unit;
let secretary: Member;
/** Five members of the party, to name as trustees and authority. */
const members: string[] = [];

beforeAll(async () => {
  world = await buildWorld();
  const processes = await world.store.listProcesses();
  const busy = new Set(processes.filter((p) => p.kind === 'selection' || p.kind === 'trigger-ballot').map((p) => p.constituency as string));
  const offices = await world.store.listOffices();
  open = (await world.store.listUnits({ kind: 'constituency' })).find(
    (c) => !busy.has(c.id) && offices.some((o) => o.role === 'procedures-secretary' && o.unit === c.id),
  )!;
  secretary = (await world.store.getMember(offices.find((o) => o.role === 'procedures-secretary' && o.unit === open.id)!.member))!;
  for await (const m of world.store.membersOf((await world.store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    members.push(m.id);
    if (members.length === 5) break;
  }
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (m: Member | null) => new Client(world).actAs(m);

async function snapshot(): Promise<string> {
  const processes = (await world.store.listProcesses()).map((p) => `${p.id}@${p.version}`).join(',');
  return `${processes} | audit ${(await world.store.auditHead())?.seq}`;
}

/** Encrypted ballots' fields in an opening form: the first three members as trustees, any 2 to decrypt, the fifth as authority, unless `over` says otherwise. */
const encrypted = (over: Record<string, string> = {}) => ({
  ballots: 'encrypted',
  trustees: members.slice(0, 3).join(', '),
  threshold: '2',
  authority: members[4]!,
  ...over,
});

/**
 * Posts a choice that must be refused: the status, the problem in words beside its field (its error
 * paragraph, the field marked invalid), a page still accessible, and nothing stored. The page, to check further.
 */
async function refusedBeside(c: Client, path: string, fields: Record<string, string>, status: number, field: string, problem: RegExp): Promise<string> {
  const before = await snapshot();
  const r = await c.post(path, fields);
  expect(r.status, JSON.stringify(fields)).toBe(status);
  checkAccessibleStructure(r.text);
  expect(r.text, JSON.stringify(fields)).toMatch(new RegExp(`id="f-${field}-error"><span class="visually-hidden">Error: </span>[^<]*${problem.source}`));
  expect(await snapshot()).toBe(before);
  return r.text;
}

const selectionForm = (over: Record<string, string> = {}) => ({
  title: 'Selection with encrypted ballots',
  'applications-close': addDays(TODAY, 10),
  'nominations-close': addDays(TODAY, 20),
  'freeze-date': addDays(TODAY, -30),
  'ballot-opens': addDays(TODAY, 30),
  'ballot-closes': addDays(TODAY, 40),
  ...encrypted({ authority: members[3]!, ...over }),
});

describe('opening a selection with encrypted ballots', () => {
  it('offers plain or encrypted ballots, with what the trustees and the credential authority will do', async () => {
    const c = await as(secretary);
    const f = await c.get(`/constituencies/${open.id}/selections/new`);
    expect(f.status).toBe(200);
    checkAccessibleStructure(f.text);
    expect(f.text).toContain('Plain ballots');
    expect(f.text).toContain('Encrypted, verifiable ballots');
    expect(f.text).toMatch(/Each trustee makes a key on their own device before the ballot opens/);
    expect(f.text).toMatch(/makes every voter’s voting credential on their own computer/);
    expect(f.text).toMatch(/name="ballots" value="plain" checked/);
  });

  it('refuses a choice the use case refuses, beside its field, the form kept, nothing stored', async () => {
    const c = await as(secretary);
    await c.get(`/constituencies/${open.id}/selections/new`);
    const [t1, t2, t3, authority] = members as [string, string, string, string];
    const cases: [Record<string, string>, number, string, RegExp][] = [
      [selectionForm({ threshold: '4' }), 422, 'threshold', /from 1 to the number of trustees \(3\)/],
      [selectionForm({ trustees: `${t1}, ${t1}`, threshold: '1' }), 422, 'trustees', /named as a trustee twice/],
      [selectionForm({ authority: t2 }), 422, 'authority', /must not also be a trustee/],
      [selectionForm({ trustees: `${t1} no-such-member`, threshold: '1' }), 404, 'trustees', /no member with the membership number &quot;no-such-member&quot;/],
      [selectionForm({ authority: 'nobody-at-all' }), 404, 'authority', /no member with the membership number &quot;nobody-at-all&quot;/],
      [selectionForm({ trustees: '' }), 400, 'trustees', /Enter the trustees’ membership numbers/],
      [selectionForm({ threshold: '' }), 400, 'threshold', /Enter how many of the trustees are needed to decrypt/],
    ];
    for (const [fields, status, field, message] of cases) {
      const text = await refusedBeside(c, `/constituencies/${open.id}/selections`, fields, status, field, message);
      expect(text).toContain(`value="${fields.title}"`);
      expect(text).toContain(`value="${fields.trustees}"`);
      expect(text).toMatch(/name="ballots" value="encrypted" checked/);
    }
    expect(t3).toBeDefined();
    expect(authority).toBeDefined();
  });

  it('opens it with its set-up, in one go, logged; its page says so and names who takes part', async () => {
    const c = await as(secretary);
    await c.get(`/constituencies/${open.id}/selections/new`);
    const r = await c.post(`/constituencies/${open.id}/selections`, selectionForm());
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const id = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    const setup = await world.store.encryptedElectionOf(processId(id));
    expect(setup).toMatchObject({ threshold: 2, trustees: members.slice(0, 3), authority: members[3] });
    const audit = await world.store.auditEntriesOf(processId(id), 'encryption.set-up');
    expect(audit.map((e) => e.actor)).toEqual([secretary.id]);
    const page = await c.get(`/processes/${id}`);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('This process uses <strong>encrypted, verifiable ballots</strong>: any 2 of its 3 trustees together can decrypt them');
    expect(page.text).toContain('Its ballots will be encrypted: any 2 of its 3 trustees can decrypt them together. Each trustee now makes their key');
    const names = await world.store.membersById(members.slice(0, 4) as never);
    for (const m of names) expect(page.text).toContain(`(membership number ${m.id})`);
    expect(page.text).not.toContain('Choose encrypted ballots</button>');
  });
});

describe('a process’s page: the kind of ballot, and choosing encrypted ballots until anyone votes', () => {
  it('says a plain ballot is plain, and its officer may still make it encrypted: refused beside the field, then chosen', async () => {
    const nominating = world.nominating;
    const officer = world.people.nationalOfficer.member;
    const c = await as(officer);
    const page = await c.get(`/processes/${nominating.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('This process uses <strong>plain ballots</strong>');
    expect(page.text).toContain(`action="/processes/${nominating.id}/encryption"`);
    const bad = await refusedBeside(
      c,
      `/processes/${nominating.id}/encryption`,
      { trustees: members.slice(0, 2).join(' '), threshold: '3', authority: members[4]! },
      422,
      'threshold',
      /The number of trustees who can decrypt together must be a whole number from 1 to the number of trustees \(2\)/,
    );
    expect(bad).toContain(`value="${members.slice(0, 2).join(' ')}"`);
    const r = await c.post(`/processes/${nominating.id}/encryption`, { trustees: members.slice(0, 2).join(' '), threshold: '2', authority: members[4]! });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    expect(await world.store.encryptedElectionOf(nominating.id)).toMatchObject({ threshold: 2, authority: members[4] });
    const after = await c.get(`/processes/${nominating.id}`);
    expect(after.text).toContain('any 2 of its 2 trustees together can decrypt them');
    expect(after.text).toContain('The ballots of');
    const again = await c.post(`/processes/${nominating.id}/encryption`, { trustees: members[0]!, threshold: '1', authority: members[4]! });
    expect(again.status).toBe(409);
    expect(again.text).toContain('already has its encrypted ballot set up');
  });

  it('no longer offers the choice once votes are cast, and refuses it', async () => {
    const c = await as(world.people.nationalOfficer.member);
    const page = await c.get(`/processes/${world.counted.id}`);
    expect(page.text).toContain('Votes have been cast, so it can no longer change to encrypted ballots.');
    expect(page.text).not.toContain(`action="/processes/${world.counted.id}/encryption"`);
    const before = await snapshot();
    const r = await c.post(`/processes/${world.counted.id}/encryption`, { trustees: members[0]!, threshold: '1', authority: members[4]! });
    expect(r.status).toBe(409);
    expect(r.text).toContain('Votes have already been cast');
    expect(await snapshot()).toBe(before);
  });

  it('is not for a member who does not run the process', async () => {
    const c = await as(world.people.otherProceduresSecretary.member);
    const r = await c.post(`/processes/${world.counted.id}/encryption`, { trustees: members[0]!, threshold: '1', authority: members[4]! });
    expect(r.status).toBe(403);
  });
});

describe('opening an internal election with encrypted ballots', () => {
  it('refuses k > n beside the field, then opens it with its set-up', async () => {
    const c = await as(world.people.nationalOfficer.member);
    await c.get('/elections/new');
    const form = (over: Record<string, string> = {}) => ({
      title: 'Treasurer 2024',
      'nominations-close': addDays(TODAY, 14),
      'freeze-date': TODAY,
      'ballot-opens': addDays(TODAY, 21),
      'ballot-closes': addDays(TODAY, 35),
      ...encrypted({ threshold: '5', ...over }),
    });
    await refusedBeside(c, '/elections', form(), 422, 'threshold', /The number of trustees who can decrypt together/);
    const r = await c.post('/elections', form({ threshold: '2' }));
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const id = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    expect(await world.store.encryptedElectionOf(processId(id))).toMatchObject({ threshold: 2, trustees: members.slice(0, 3) });
  });
});

describe('opening a leadership election with encrypted ballots', () => {
  it('offers the choice, refuses the authority as a trustee beside its field, then opens the leader’s and deputy’s contests each with its own set-up', async () => {
    const c = await as(world.people.nationalOfficer.member);
    const f = await c.get('/leadership-elections/new');
    expect(f.text).toContain('Encrypted, verifiable ballots');
    const form = (over: Record<string, string> = {}) => ({
      title: 'Leadership 2025',
      kind: 'vacancy',
      deputy: 'yes',
      'nominations-close': addDays(TODAY, 7),
      'freeze-date': addDays(TODAY, 7),
      'ballot-opens': addDays(TODAY, 14),
      'ballot-closes': addDays(TODAY, 21),
      ...encrypted({ authority: members[0]!, ...over }),
    });
    await refusedBeside(c, '/leadership-elections', form(), 422, 'authority', /The credential authority must not also be a trustee/);
    const r = await c.post('/leadership-elections', form({ authority: members[4]! }));
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const contests = (await world.store.processDocuments({ kind: 'internal-election' })).filter(
      (p) => p.kind === 'internal-election' && p.state.contest?.electionTitle === 'Leadership 2025',
    );
    expect(contests).toHaveLength(2);
    const setups = await Promise.all(contests.map((p) => world.store.encryptedElectionOf(p.id)));
    for (const s of setups) expect(s).toMatchObject({ threshold: 2, trustees: members.slice(0, 3), authority: members[4] });
    // Each contest has its own ballot box, so its own election id.
    expect(new Set(setups.map((s) => s!.electionId)).size).toBe(2);
  });
});

// Last in this file: it changes the rulebook in force for the rest of the world.
describe('under a rulebook of the party’s own that requires encrypted ballots', () => {
  it('offers encrypted ballots only; a form asking for plain ones is refused beside the rule, kept, nothing stored; what it opens runs under that rulebook', async () => {
    const own = { ...LABOUR_2021, id: 'our-rules', name: 'Our Rules', ballots: { encryption: 'required' as const } };
    const named = await setRulebookInForce(world.store, own, { actor: 'test', clock: fixedClock(`${TODAY}T12:00:00.000Z`) });
    expect(named.ok).toBe(true);
    const c = await as(world.people.nationalOfficer.member);
    const f = await c.get('/elections/new');
    checkAccessibleStructure(f.text);
    expect(f.text).toContain('Our Rules requires encrypted, verifiable ballots, so this ballot will have them');
    expect(f.text).not.toContain('Plain ballots');
    const form = (over: Record<string, string> = {}) => ({
      title: 'Secretary 2024',
      'nominations-close': addDays(TODAY, 14),
      'freeze-date': TODAY,
      'ballot-opens': addDays(TODAY, 21),
      'ballot-closes': addDays(TODAY, 35),
      ...encrypted(over),
    });
    const plain = await refusedBeside(
      c,
      '/elections',
      form({ ballots: 'plain' }),
      409,
      'ballots',
      /Our Rules requires encrypted ballots, so this ballot cannot have plain ones\. Choose encrypted ballots, naming the trustees and the credential authority\./,
    );
    expect(plain).toContain('value="Secretary 2024"');
    expect(plain).toContain(`value="${members.slice(0, 3).join(', ')}"`);
    expect(plain).toMatch(/<input type="hidden" name="ballots" value="encrypted">/);

    const r = await c.post('/elections', form());
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const id = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    expect((await world.store.getProcess(processId(id)))?.rulebook).toBe('our-rules@1');
    expect(await world.store.encryptedElectionOf(processId(id))).toMatchObject({ threshold: 2, trustees: members.slice(0, 3) });
    const page = await c.get(`/processes/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Our Rules');
    expect(page.text).not.toContain('not bundled');
  });
});
