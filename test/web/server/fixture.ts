/**
 * A demo party in a temporary SQLite file, the web app over it (called
 * in-process, no port), a cookie-keeping client, and the cast of people the
 * tests act as: a member who may vote, a member who may not, secretaries of a
 * unit in an open trigger ballot and of a unit in a selection taking
 * nominations, procedures secretaries of the voting constituency and of
 * another, a national officer, a scrutineer and an administrator. A second
 * selection is counted and declared so its results are public.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordCount } from '../../../src/app/record-count.js';
import { applyStep, freezeElectorate, openSelectionIn } from '../../app/steps.js';
import { addDays } from '../../../src/domain/calendar.js';
import { generateParty } from '../../../src/demo/generate.js';
import { populate } from '../../../src/app/populate-demo.js';
import type { MemberId, UnitId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { fixedClock, isoDate, type IsoDate } from '../../../src/domain/time.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoredProcess } from '../../../src/store/store.js';
import { createApp } from '../../../src/web/server/app.js';
import { serverConfig, type ConfigOverrides, type ServerConfig } from '../../../src/web/server/config.js';
import { devOutbox, type Outbox } from '../../../src/runtime/mailer.js';
import { newSessionToken, sessionTokenHash } from '../../../src/web/server/tokens.js';

export const TODAY: IsoDate = isoDate('2024-06-01');
export const MEMBERS = 10_000;

export interface Persona {
  readonly key: string;
  readonly member: Member | null;
}

export interface World {
  readonly dir: string;
  readonly store: Store;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly outbox: Outbox;
  readonly config: ServerConfig;
  readonly app: ReturnType<typeof createApp>;
  /** The selection whose ballot is open today. */
  readonly voting: StoredProcess;
  /** An open trigger ballot with a unit that has recorded nothing. */
  readonly trigger: StoredProcess;
  readonly triggerUnit: UnitId;
  /** A selection taking nominations, and one of its units. */
  readonly nominating: StoredProcess;
  readonly nominatingUnit: UnitId;
  /** A selection counted and declared, with results to show to everyone. */
  readonly counted: StoredProcess;
  readonly people: Readonly<Record<PersonaKey, Persona>>;
  cleanup(): Promise<void>;
}

export type PersonaKey =
  | 'anonymous'
  | 'voter'
  | 'outsider'
  | 'triggerSecretary'
  | 'nominatingSecretary'
  | 'proceduresSecretary'
  | 'otherProceduresSecretary'
  | 'nationalOfficer'
  | 'scrutineer'
  | 'administrator';

export const PERSONAS: readonly PersonaKey[] = [
  'anonymous',
  'voter',
  'outsider',
  'triggerSecretary',
  'nominatingSecretary',
  'proceduresSecretary',
  'otherProceduresSecretary',
  'nationalOfficer',
  'scrutineer',
  'administrator',
];

const morning = (d: IsoDate): string => `${d}T09:00:00.000Z`;

/** A selection in `constituency` taken from applications to a count of `ballots` ballots cast through the store, on its own clock. */
async function countedSelection(store: Store, constituency: UnitId, voters: number): Promise<StoredProcess> {
  const clock = fixedClock(morning(TODAY));
  const a = { store, clock, actor: 'test' };
  const unit = (await store.getUnit(constituency))!;
  const T = TODAY;
  let { process: p } = await openSelectionIn(a, unit, LABOUR_2021, {
    timetable: { applicationsClose: addDays(T, 1), nominationsClose: addDays(T, 2), freezeDate: T, ballotOpens: addDays(T, 3), ballotCloses: addDays(T, 4) },
  });
  const branches = await store.listUnits({ kind: 'branch', parent: constituency });
  const people: Member[] = [];
  for await (const m of store.membersOf(branches.map((b) => b.id))) {
    if (people.length < 3 && m.gender === (people.length < 2 ? 'woman' : 'man') && m.statusHistory.length === 1) people.push(m);
  }
  for (const m of people) p = await applyStep(a, p.id, 'selection', { type: 'apply', name: m.name, gender: m.gender, member: m.id });
  clock.set(morning(addDays(T, 1)));
  p = await applyStep(a, p.id, 'selection', { type: 'close-applications' });
  clock.set(morning(addDays(T, 2)));
  const ids = p.state.candidates.map((c) => c.id);
  p = await applyStep(a, p.id, 'selection', { type: 'set-longlist', candidates: ids });
  p = await applyStep(a, p.id, 'selection', { type: 'set-shortlist', candidates: ids });
  p = (await freezeElectorate(a, p.id, 'selection')).process;
  clock.set(morning(addDays(T, 3)));
  p = await applyStep(a, p.id, 'selection', { type: 'open-ballot' });
  const eligible = (await store.electorate(p.id)).filter((e) => e.eligible).slice(0, voters);
  const rankings = [['c1', 'c2'], ['c2', 'c3', 'c1'], ['c3'], ['c1'], ['c2', 'c1']];
  for (const [i, e] of eligible.entries()) {
    const r = await store.castBallot(p.id, e.member, { ranking: rankings[i % rankings.length], tracker: `T-${i}` });
    if (!r.ok) throw new Error(r.error.message);
  }
  clock.set(morning(addDays(T, 4)));
  p = await applyStep(a, p.id, 'selection', { type: 'close-ballot' });
  const counted = await recordCount(store, clock, p, LABOUR_2021, { kind: 'ballot-box' }, 'test');
  if (!counted.ok) throw new Error(counted.error.message);
  // Declared, so its results are public (until then only officers and scrutineers see them).
  return applyStep(a, p.id, 'selection', { type: 'declare' });
}

export async function buildWorld(options: { config?: Omit<ConfigOverrides, 'env'> } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-web-'));
  const store = await openStore(`sqlite:${join(dir, 'party.db')}`);
  const party = generateParty({ seed: 1, members: MEMBERS, today: TODAY });
  await populate(store, party, LABOUR_2021);

  const processes = await store.processDocuments();
  const selections = processes.flatMap((p) => (p.kind === 'selection' ? [p] : []));
  const voting = selections.find((p) => p.state.phase === 'ballot-open');
  const nominating = selections.find((p) => p.state.phase === 'nominations');
  const trigger = processes
    .flatMap((p) => (p.kind === 'trigger-ballot' ? [p] : []))
    .find((p) => p.state.phase === 'open' && p.state.units.some((u) => u.result === null && u.class === 'branch'));
  if (!voting || !nominating || !trigger) throw new Error('the demo party lacks a process the tests need');
  const triggerUnit = trigger.state.units.find((u) => u.result === null && u.class === 'branch')!.id as UnitId;
  const nominatingUnit = nominating.state.units.find((u) => u.class === 'branch')!.id as UnitId;

  const used = new Set(processes.map((p) => p.constituency).filter((x) => x !== null));
  const spare = (await store.listUnits({ kind: 'constituency' })).find((u) => !used.has(u.id))!;
  const counted = await countedSelection(store, spare.id, 25);

  const offices = await store.listOffices();
  const officeMember = async (pred: (o: (typeof offices)[number]) => boolean): Promise<Member> => {
    const o = offices.find(pred);
    if (!o) throw new Error('no such office in the demo party');
    return (await store.getMember(o.member))!;
  };
  const entries = await store.electorate(voting.id);
  const officers = new Set(offices.map((o) => o.member as string));
  const voterEntry = entries.find((e) => e.eligible && !officers.has(e.member))!;
  const inVoting = new Set(entries.map((e) => e.member as string));
  let outsider: Member | null = null;
  for await (const m of store.membersOf((await store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    if (!inVoting.has(m.id) && !officers.has(m.id) && m.email) {
      outsider = m;
      break;
    }
  }
  const nationalOfficer = await officeMember((o) => o.role === 'national-officer');
  // An administrator holding no office, so the table shows what the administrator role alone allows.
  let administrator: Member | null = null;
  for await (const m of store.membersOf((await store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    if (!officers.has(m.id) && m.email && m.id !== voterEntry.member && m.id !== outsider?.id) {
      administrator = m;
      break;
    }
  }
  if (!administrator) throw new Error('no member to make administrator');

  const clock = fixedClock(morning(TODAY));
  const outbox = devOutbox();
  const staticDir = join(dir, 'static');
  await import('node:fs').then((fs) => fs.mkdirSync(staticDir));
  writeFileSync(join(staticDir, 'hustings.css'), 'body { margin: 0 }\n');
  const config = serverConfig({
    env: 'development',
    secret: Buffer.alloc(32, 7),
    admins: [administrator.id],
    trustProxy: 1,
    staticDir,
    ...options.config,
  });
  const app = createApp({ store, clock, mailer: outbox, config });
  const people: Record<PersonaKey, Persona> = {
    anonymous: { key: 'anonymous', member: null },
    voter: { key: 'voter', member: (await store.getMember(voterEntry.member))! },
    outsider: { key: 'outsider', member: outsider },
    triggerSecretary: { key: 'triggerSecretary', member: await officeMember((o) => o.role === 'secretary' && o.unit === triggerUnit) },
    nominatingSecretary: { key: 'nominatingSecretary', member: await officeMember((o) => o.role === 'secretary' && o.unit === nominatingUnit) },
    proceduresSecretary: { key: 'proceduresSecretary', member: await officeMember((o) => o.role === 'procedures-secretary' && o.unit === voting.constituency) },
    otherProceduresSecretary: {
      key: 'otherProceduresSecretary',
      member: await officeMember(
        (o) =>
          o.role === 'procedures-secretary' &&
          o.unit !== voting.constituency &&
          o.unit !== trigger.constituency &&
          o.unit !== nominating.constituency &&
          o.unit !== counted.constituency,
      ),
    },
    nationalOfficer: { key: 'nationalOfficer', member: nationalOfficer },
    scrutineer: { key: 'scrutineer', member: await officeMember((o) => o.role === 'scrutineer') },
    administrator: { key: 'administrator', member: administrator },
  };
  return {
    dir,
    store,
    clock,
    outbox,
    config,
    app,
    voting,
    trigger,
    triggerUnit,
    nominating,
    nominatingUnit,
    counted,
    people,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- A browser-like client: keeps cookies, reads the CSRF token from the last page ------------

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';
  address: string;

  constructor(
    readonly world: World,
    address = '192.0.2.1',
  ) {
    this.address = address;
  }

  private absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), 'x-forwarded-for': this.address, ...extra };
  }

  async get(path: string): Promise<Reply> {
    const res = await this.world.app.request(path, { headers: this.headers() });
    this.absorb(res);
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text };
  }

  /** Posts a form; `_csrf` is the last page's token unless the fields give one (or `csrf: null` leaves it out). */
  async post(path: string, fields: Record<string, string | string[]> | string, options: { csrf?: string | null; contentType?: string } = {}): Promise<Reply> {
    let body: string;
    if (typeof fields === 'string') body = fields;
    else {
      const params = new URLSearchParams();
      if (options.csrf !== null) params.append('_csrf', options.csrf ?? this.csrf);
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      body = params.toString();
    }
    const res = await this.world.app.request(path, {
      method: 'POST',
      body,
      headers: this.headers({ 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' }),
    });
    this.absorb(res);
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text };
  }

  /** Posts a form with files (multipart/form-data, as a browser sends a form with a file input); `_csrf` is the last page's token. */
  async postFiles(
    path: string,
    fields: Record<string, string>,
    files: Record<string, { readonly name: string; readonly type: string; readonly bytes: Uint8Array }>,
  ): Promise<Reply> {
    const form = new FormData();
    form.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [k, f] of Object.entries(files)) form.append(k, new Blob([f.bytes], { type: f.type }), f.name);
    const res = await this.world.app.request(path, { method: 'POST', body: form, headers: this.headers() });
    this.absorb(res);
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text };
  }

  /** Gets a response as it is (its bytes unread), for files rather than pages. */
  async getRaw(path: string): Promise<Response> {
    const res = await this.world.app.request(path, { headers: this.headers() });
    this.absorb(res);
    return res;
  }

  /** Starts a session for the member directly in the store (the sign-in flow has its own test), and loads a page for the CSRF token. */
  async actAs(member: Member | null): Promise<this> {
    this.cookies.clear();
    if (member) {
      const token = newSessionToken();
      const now = this.world.clock.now();
      await this.world.store.putSession({
        tokenHash: sessionTokenHash(token),
        member: member.id as MemberId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      });
      this.cookies.set('hustings', token);
    }
    await this.get(member ? '/rulebooks/compare' : '/sign-in');
    return this;
  }
}
