/**
 * Issue 5, "Prove it": every web form fuzzed. The real app (createApp, called in process) over a demo
 * party in SQLite (test/web/server/fixture.ts), with people signed in in every role.
 *
 * Which forms: every POST route of the permission table, read from the table itself, so a route
 * added tomorrow is fuzzed without a change here. What they are sent: first the app's own pages are
 * walked as each person (following links from every GET route of the table), and the forms found
 * there are kept — their actions, field names, types and values. Each fuzzed request then starts
 * from one of those forms (or from nothing) and is bent out of shape: fields dropped, repeated,
 * emptied, given random or huge values, unknown fields added, ids in the path that do not exist, a
 * missing, wrong or repeated CSRF token, bodies that are not a form, not UTF-8 or badly %-escaped,
 * other content types, and people whose roles the route does not admit. Forms on the pages that
 * accepted inputs lead to (a booth's review page, say) join the pool as the run goes on.
 *
 * Asserted for every request: never a 5xx, never an exception, and a refused input (4xx) leaves
 * the store as it was: processes and their states, ballots and voters marked in every ballot box,
 * offices, members and the audit log.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import type { Store } from '../../src/store/store.js';
import { cookieName } from '../../src/web/server/http.js';
import { ROUTES, admits, principalOf, routePattern, type Principal, type RouteSpec } from '../../src/web/server/permissions.js';
import { anonymousCsrfToken, newSessionToken, sessionCsrfToken, sessionTokenHash } from '../../src/web/server/tokens.js';
import { PERSONAS, TODAY, buildWorld, type PersonaKey, type World } from '../web/server/fixture.js';
import { note, scale } from './summary.js';

const RUNS = scale() === 'small' ? 1_000 : 10_000;
/** Pages walked per person when harvesting forms. */
const PAGES_PER_PERSON = 150;
const ORIGIN = 'http://localhost';
/** Sizes of the huge values: under, near and over the 64 KB body limit, and far over. */
const HUGE = [20_000, 63_000, 70_000, 400_000];
/** Values that have broken parsers before: numbers that are not, dates that do not exist, markup, prototype names. */
const TRICKY = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(400),
  '0x10',
  ' 3 ',
  '2024-02-30',
  '2024-13-01',
  '24-06-01',
  '2024-06-01T25:00',
  '<script>alert(1)</script>',
  '"><img src=x>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\ud800',
  '\u202e',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'true',
  'on',
  '[]',
  '{}',
  'c1',
  'c999',
];

// ---- Harvesting forms from the app's pages ------------------------------------------------------

interface FieldSpec {
  readonly name: string;
  /** input type, or select / textarea / button. */
  readonly type: string;
  readonly values: readonly string[];
}

interface FormSample {
  /** POST forms are what is fuzzed; GET forms (a search, a lookup) lead the walk to more pages. */
  readonly method: 'get' | 'post';
  /** The form's action as a path, still %-encoded as the page wrote it. */
  readonly action: string;
  readonly fields: readonly FieldSpec[];
  readonly person: PersonaKey;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeHtml = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? m),
  );

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
    out.set(m[1].toLowerCase(), unescapeHtml(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

/** The forms of a page, with their fields. */
function formsIn(html: string, page: string, person: PersonaKey): FormSample[] {
  const out: FormSample[] = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(f[1]);
    const method = (attrs.get('method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const action = new URL(attrs.get('action') || page, ORIGIN + page).pathname;
    const fields = new Map<string, { type: string; values: Set<string> }>();
    const add = (name: string | undefined, type: string, value: string): void => {
      if (!name) return;
      const had = fields.get(name) ?? { type, values: new Set<string>() };
      had.values.add(value);
      fields.set(name, had);
    };
    let body = f[2];
    for (const s of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attributes(s[1]).get('name');
      for (const o of s[2].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)) add(name, 'select', attributes(o[1]).get('value') ?? unescapeHtml(o[2].trim()));
    }
    body = body.replace(/<select\b[\s\S]*?<\/select>/gi, '');
    for (const el of body.matchAll(/<(input|button|textarea)\b([^>]*)>/gi)) {
      const a = attributes(el[2]);
      const kind = el[1].toLowerCase();
      const type = kind === 'input' ? (a.get('type') ?? 'text').toLowerCase() : kind;
      add(a.get('name'), type, a.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''));
    }
    out.push({ method, action, fields: [...fields].map(([name, f]) => ({ name, type: f.type, values: [...f.values] })), person });
  }
  return out;
}

/** Links worth following: pages, not files or the simulation (its work is bounded, but it is not a form of the party's). */
const followable = (path: string): boolean => !/^\/(static|dev|simulate)(\/|$)/.test(path) && !/\.(csv|json|blt|svg|png)$/.test(path);

/** Where a redirect sends a browser, if it stays on this site. */
function redirect(res: Response, from: string): string | undefined {
  const to = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
  if (to === null) return undefined;
  const u = new URL(to, ORIGIN + from);
  return u.origin === ORIGIN && followable(u.pathname) ? u.pathname + u.search : undefined;
}

// ---- People --------------------------------------------------------------------------------------

interface Person {
  readonly key: PersonaKey;
  readonly who: Principal | null;
  /** The session's token; null for the person signed out. */
  token: string | null;
}

async function fingerprint(store: Store): Promise<Map<string, string>> {
  const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);
  const fp = new Map<string, string>();
  for (const p of await store.listProcesses()) {
    fp.set(`process ${p.id}`, `version ${p.version}, state ${digest(p.state)}`);
    const box = await store.ballotBox(p.id);
    if (box) fp.set(`ballot box ${p.id}`, `${box.voters} marked, ${box.ballots} ballots, ${box.sealed ? 'sealed' : 'open'}`);
  }
  const head = await store.auditHead();
  fp.set('audit log', head === null ? 'empty' : `head ${head.seq}:${head.hash.slice(0, 12)}`);
  fp.set('offices', digest(await store.listOffices()));
  fp.set('members', String(await store.countMembers()));
  return fp;
}

function changes(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${before.get(k) ?? '(none)'} → ${after.get(k) ?? '(none)'}`);
}

describe('every web form fuzzed', () => {
  let world: World;
  let people: Person[];
  const anonNonce = 'fuzzfuzzfuzzfuzzfuzz';
  let postRoutes: RouteSpec[];
  const corpus: FormSample[] = [];
  const corpusKeys = new Set<string>();
  let pagesWalked = 0;

  const keep = (forms: readonly FormSample[]): void => {
    for (const f of forms.filter((x) => x.method === 'post')) {
      const key = `${f.person} ${f.action} ${f.fields.map((x) => `${x.name}=${x.values.join('|')}`).join('&')}`;
      if (corpusKeys.has(key) || corpus.length >= 2_000) continue;
      corpusKeys.add(key);
      corpus.push(f);
    }
  };

  /** Makes sure the person's session still exists (a fuzzed sign-out may have ended it). */
  async function signedIn(p: Person): Promise<void> {
    if (p.who === null) return;
    const now = world.clock.now();
    if (p.token !== null && (await world.store.getSession(sessionTokenHash(p.token), now.toISOString())) !== null) return;
    p.token = newSessionToken();
    await world.store.putSession({
      tokenHash: sessionTokenHash(p.token),
      member: p.who.member.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 12 * 3_600_000).toISOString(),
    });
  }

  const cookies = (p: Person): string =>
    p.token !== null ? `${cookieName(world.config, 'session')}=${p.token}` : `${cookieName(world.config, 'csrf')}=${anonNonce}`;
  const csrfOf = (p: Person): string => (p.token !== null ? sessionCsrfToken(p.token) : anonymousCsrfToken(world.config.secret, anonNonce));

  const at = <T>(xs: readonly T[], n: number): T => xs[n % xs.length];
  /** A value a person might type or pick: the form's own, or one that fits the field's type (a real member's number, a date near today…). */
  function plausible(f: FieldSpec, pick: number): string {
    switch (f.type) {
      case 'number':
        return String(pick % 7);
      case 'date':
        return addDays(TODAY, (pick % 60) - 30);
      case 'email':
        return at(
          people.flatMap((p) => (p.who?.member.email ? [p.who.member.email] : [])),
          pick,
        );
      case 'text':
      case 'search':
      case 'textarea':
        return f.values.some((v) => v !== '')
          ? at(f.values, pick)
          : at([...people.flatMap((p) => (p.who ? [p.who.member.id as string] : [])), 'Pat Lee', 'A note'], pick);
      default:
        return f.values.length > 0 ? at(f.values, pick) : '';
    }
  }

  async function walk(p: Person, seeds: readonly string[]): Promise<void> {
    await signedIn(p);
    const seen = new Set<string>();
    const queue = [...seeds];
    while (queue.length > 0 && seen.size < PAGES_PER_PERSON) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await world.app.request(ORIGIN + path, { headers: { cookie: cookies(p) } });
      const html = await res.text();
      const next = redirect(res, path);
      if (next !== undefined && !seen.has(next)) queue.unshift(next);
      if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
      pagesWalked++;
      // A refusal's page may still carry a form (the code form, asked without its email, says so above it).
      const forms = formsIn(html, path, p.key);
      keep(forms);
      if (res.status !== 200) continue;
      for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/gi)) {
        const u = new URL(unescapeHtml(m[1]), ORIGIN + path);
        if (u.origin === ORIGIN && followable(u.pathname) && !seen.has(u.pathname)) queue.push(u.pathname);
      }
      // A lookup or a filter, filled in twice as a person might (a paper vote's form comes after finding the member).
      for (const f of forms.filter((x) => x.method === 'get' && followable(x.action))) {
        for (const pick of [0, 1])
          queue.push(`${f.action}?${new URLSearchParams(f.fields.map((x): [string, string] => [x.name, plausible(x, pick)])).toString()}`);
      }
    }
  }

  beforeAll(async () => {
    world = await buildWorld();
    people = [];
    for (const key of PERSONAS) {
      const member = world.people[key].member;
      people.push({ key, who: member ? await principalOf(world.store, member, world.config.admins) : null, token: null });
    }
    postRoutes = ROUTES.filter((r) => r.method === 'POST' && (!r.developmentOnly || world.config.env === 'development'));

    // Every GET route of the table that admits the person, its parameters filled with the world's
    // processes and units, then whatever those pages link to. Where a route has two parameters, the
    // n-th process goes with the n-th unit (the trigger ballot with a unit that has yet to meet, …);
    // a unit alone may be any constituency (some have a sitting representative and nothing under way).
    const processes = [world.trigger, world.nominating, world.voting, world.counted];
    const constituencies = (await world.store.listUnits({ kind: 'constituency' })).map((u) => u.id as string);
    const fill: Readonly<Record<string, readonly string[]>> = {
      process: processes.map((p) => p.id),
      unit: [world.triggerUnit, world.nominatingUnit, ...processes.slice(2).map((p) => p.constituency ?? ''), ...constituencies],
    };
    const seedsOf = (who: Principal | null): string[] =>
      ROUTES.filter((r) => r.method === 'GET' && admits(r, who)).flatMap((r) => {
        const segs = r.path.split('/');
        const names = segs.filter((seg) => seg.startsWith(':')).map((seg) => seg.slice(1));
        if (names.some((x) => fill[x] === undefined)) return [];
        const n = names.length === 0 ? 1 : Math.min(...names.map((x) => fill[x].length));
        return Array.from(
          { length: n },
          (_, i) => segs.map((seg) => (seg.startsWith(':') ? encodeURIComponent(fill[seg.slice(1)][i]) : seg)).join('/') || '/',
        ).filter(followable);
      });
    for (const p of people) await walk(p, seedsOf(p.who));

    // Some forms are only on the page a review answers with (the booth's "cast", the paper-vote desk's
    // "record"). A review stores nothing, so each review form found is sent once, filled in as a person
    // would, and the forms on its answer join the pool: the fuzz then reaches those routes every run.
    const reviews = postRoutes.filter((r) => r.id.endsWith('.review')).map((r) => routePattern(r.path).re);
    for (const f of corpus.filter((x) => x.method === 'post' && reviews.some((re) => re.test(x.action)))) {
      const p = people.find((x) => x.key === f.person)!;
      await signedIn(p);
      let rank = 0;
      const body = new URLSearchParams([
        ['_csrf', csrfOf(p)],
        ...f.fields
          .filter((x) => x.name !== '_csrf' && x.type !== 'checkbox')
          .map((x, i): [string, string] => [x.name, x.type === 'number' ? (++rank <= 2 ? String(rank) : '') : plausible(x, i)]),
      ]);
      const res = await world.app.request(ORIGIN + f.action, {
        method: 'POST',
        headers: { cookie: cookies(p), 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
      if ((res.headers.get('content-type') ?? '').includes('text/html')) keep(formsIn(await res.text(), f.action, p.key));
    }
  }, 600_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  it(`${RUNS} fuzzed posts to every POST route of the permission table: never a 5xx, and nothing stored from a refused one`, async () => {
    const routeRes = postRoutes.map((r) => ({ r, re: routePattern(r.path).re }));
    const samplesOf = (r: RouteSpec): FormSample[] => corpus.filter((f) => routeRes.find((x) => x.r === r)!.re.test(f.action));
    // Real values for each path parameter, by name: what the pages' actions carried, and every process id.
    const params = new Map<string, Set<string>>();
    const param = (name: string): Set<string> => params.get(name) ?? params.set(name, new Set()).get(name)!;
    for (const f of corpus) {
      for (const { r, re } of routeRes) {
        if (!re.test(f.action)) continue;
        const given = f.action.split('/');
        r.path.split('/').forEach((seg, i) => {
          if (seg.startsWith(':') && given[i] !== undefined) param(seg.slice(1)).add(given[i]);
        });
      }
    }
    for (const p of await world.store.listProcesses()) param('process').add(encodeURIComponent(p.id));
    const anyReal = [...new Set([...params.values()].flatMap((s) => [...s]))];
    const dictionary = [...new Map(corpus.flatMap((f) => f.fields).map((x) => [x.name, x])).values()].filter((x) => x.name !== '_csrf');

    const weighted = <T>(...choices: [number, T][]): fc.Arbitrary<T> => fc.oneof(...choices.map(([weight, v]) => ({ weight, arbitrary: fc.constant(v) })));
    const text = fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
      { weight: 2, arbitrary: fc.integer({ min: -5, max: 100_000 }).map(String) },
    );
    const fieldName = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...dictionary.map((x) => x.name)) },
      { weight: 2, arbitrary: text },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'rank-', 'rank-c1', 'rank-__proto__', 'action', '_csrf', 'x'.repeat(201)) },
    );
    const fieldOp = fc.record({
      op: weighted<'keep' | 'plausible' | 'garbage' | 'empty' | 'omit' | 'twice' | 'huge'>(
        [8, 'keep'],
        [8, 'plausible'],
        [6, 'garbage'],
        [2, 'empty'],
        [3, 'omit'],
        [2, 'twice'],
        [1, 'huge'],
      ),
      text,
      pick: fc.nat(),
    });
    const plan = fc.record({
      route: fc.nat(),
      person: fc.nat(),
      admitted: weighted([6, true], [1, false]),
      sample: fc.nat(),
      fromSample: weighted([5, true], [1, false]),
      /** Sent by the person the form was shown to (else by anyone the route admits, or anyone). */
      asShown: weighted([4, true], [1, false]),
      /** Filled in as a person would: every field a plausible value, number boxes 1, 2, 3… up to a point. */
      wellFormed: weighted([1, true], [2, false]),
      cutoff: fc.nat(),
      params: fc.array(fc.record({ mode: weighted<'real' | 'garbage' | 'raw'>([12, 'real'], [1, 'garbage'], [1, 'raw']), pick: fc.nat(), text }), {
        minLength: 4,
        maxLength: 4,
      }),
      fields: fc.array(fieldOp, { minLength: 12, maxLength: 12 }),
      extra: fc.array(fc.tuple(fieldName, text), { maxLength: 4 }),
      csrf: weighted<'valid' | 'missing' | 'wrong' | 'twice' | 'someone else’s'>(
        [14, 'valid'],
        [1, 'missing'],
        [1, 'wrong'],
        [1, 'twice'],
        [1, 'someone else’s'],
      ),
      encoding: weighted<'form' | 'raw' | 'not UTF-8' | 'broken %-escape'>([16, 'form'], [1, 'raw'], [1, 'not UTF-8'], [1, 'broken %-escape']),
      raw: text,
      contentType: weighted<string | null>(
        [16, 'application/x-www-form-urlencoded'],
        [1, 'application/x-www-form-urlencoded; charset=UTF-8'],
        [1, 'APPLICATION/X-WWW-FORM-URLENCODED'],
        [1, null],
        [1, 'application/json'],
        [1, 'multipart/form-data; boundary=fuzz'],
        [1, 'text/plain'],
      ),
      address: fc.nat(255),
    });
    type Plan = typeof plan extends fc.Arbitrary<infer P> ? P : never;

    const statuses = new Map<number, number>();
    const perRoute = new Map<string, number>();
    let accepted = 0;
    let refused = 0;

    const attempt = async (x: Plan): Promise<void> => {
      const route = at(postRoutes, x.route);
      const samples = samplesOf(route);
      const sample = x.fromSample && samples.length > 0 ? at(samples, x.sample) : undefined;
      const admitted = people.filter((p) => admits(route, p.who));
      const shownTo = sample && x.asShown ? people.find((p) => p.key === sample.person) : undefined;
      const person = shownTo ?? (x.admitted && admitted.length > 0 ? at(admitted, x.person) : at(people, x.person));
      await signedIn(person);

      let k = 0;
      const given = sample?.action.split('/');
      const path = route.path
        .split('/')
        .map((seg, i) => {
          if (!seg.startsWith(':')) return seg;
          const op = x.params[k++ % x.params.length];
          // Through UTF-8 and back: a lone surrogate becomes U+FFFD, as a browser would send it, rather than an error here.
          if (op.mode === 'garbage') return encodeURIComponent(Buffer.from(op.text).toString()) || 'x';
          if (op.mode === 'raw') return op.text.replace(/[/?#]/g, '') || 'x';
          const real = [...(params.get(seg.slice(1)) ?? [])];
          return given?.[i] ?? (real.length > 0 ? at(real, op.pick) : at(anyReal, op.pick));
        })
        .join('/');

      const entries: [string, string][] = [];
      const fields = sample ? sample.fields.filter((f) => f.name !== '_csrf') : x.fields.slice(0, x.fields[0].pick % 7).map((op) => at(dictionary, op.pick));
      let rank = 0;
      const ranks = 1 + (x.cutoff % 6);
      fields.forEach((f, i) => {
        const op = x.fields[i % x.fields.length];
        if (x.wellFormed) {
          // A box left unticked is not sent at all.
          if (f.type === 'checkbox' && op.pick % 2 === 1) return;
          rank += f.type === 'number' ? 1 : 0;
          entries.push([f.name, f.type !== 'number' ? plausible(f, op.pick) : rank <= ranks ? String(rank) : '']);
          return;
        }
        const kept = f.values.length > 0 ? at(f.values, op.pick) : '';
        if (op.op === 'keep') entries.push([f.name, kept]);
        else if (op.op === 'plausible') entries.push([f.name, plausible(f, op.pick)]);
        else if (op.op === 'garbage') entries.push([f.name, op.text]);
        else if (op.op === 'empty') entries.push([f.name, '']);
        else if (op.op === 'twice') entries.push([f.name, kept], [f.name, op.text]);
        else if (op.op === 'huge') entries.push([f.name, 'x'.repeat(at(HUGE, op.pick))]);
      });
      entries.push(...x.extra);
      const token = csrfOf(person);
      if (x.csrf === 'valid') entries.unshift(['_csrf', token]);
      else if (x.csrf === 'wrong') entries.unshift(['_csrf', `${token.slice(0, -2)}AA`]);
      else if (x.csrf === 'twice') entries.unshift(['_csrf', token], ['_csrf', token]);
      else if (x.csrf === 'someone else’s')
        entries.unshift([
          '_csrf',
          csrfOf(
            at(
              people.filter((p) => p !== person),
              x.person,
            ),
          ),
        ]);

      const form = new URLSearchParams(entries).toString();
      const body: string | Uint8Array =
        x.encoding === 'raw'
          ? x.raw
          : x.encoding === 'not UTF-8'
            ? Buffer.concat([Buffer.from(form), Buffer.from([0xc3, 0x28, 0xff, 0xfe])])
            : x.encoding === 'broken %-escape'
              ? `${form}&note=%E2%82`
              : form;
      const headers: Record<string, string> = { cookie: cookies(person), 'x-forwarded-for': `198.51.100.${x.address}` };
      if (x.contentType !== null) headers['content-type'] = x.contentType;

      const request = `POST ${path} as ${person.key} (${route.id}; CSRF ${x.csrf}; ${x.encoding}; ${x.contentType ?? 'no content type'}): ${(typeof body === 'string' ? body : Buffer.from(body).toString('latin1')).slice(0, 300)}`;
      const before = await fingerprint(world.store);
      let res: Response;
      try {
        res = await world.app.request(ORIGIN + path, { method: 'POST', headers, body });
      } catch (e) {
        throw new Error(`the app threw on ${request}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      const html = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      perRoute.set(route.id, (perRoute.get(route.id) ?? 0) + 1);
      if (res.status >= 500)
        throw new Error(
          `${res.status} for ${request}\n${html
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .slice(0, 400)}`,
        );
      if (res.status >= 400) {
        refused++;
        const changed = changes(before, await fingerprint(world.store));
        if (changed.length > 0) throw new Error(`refused with ${res.status}, yet the store changed (${changed.join('; ')}) for ${request}`);
      } else {
        accepted++;
        // What the person sees next, as a browser would show it: its forms join the pool (a booth's review page has the cast form).
        const next = redirect(res, path);
        if (next !== undefined) {
          const page = await world.app.request(ORIGIN + next, { headers: { cookie: cookies(person) } });
          const text = await page.text();
          if ((page.headers.get('content-type') ?? '').includes('text/html')) keep(formsIn(text, next.split('?')[0], person.key));
        } else if ((res.headers.get('content-type') ?? '').includes('text/html')) {
          keep(formsIn(html, path, person.key));
        }
      }
    };

    await fc.assert(fc.asyncProperty(plan, attempt), { numRuns: RUNS, endOnFailure: true });

    const tried = accepted + refused;
    const withoutForm = postRoutes.filter((r) => samplesOf(r).length === 0).map((r) => r.id);
    expect(tried).toBe(RUNS);
    // Each POST route was tried (the route is drawn uniformly; a route never drawn would be a gap, not luck).
    expect(postRoutes.filter((r) => !perRoute.has(r.id)).map((r) => r.id)).toEqual([]);
    const histogram = [...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const count = (x: number): string => x.toLocaleString('en-GB');
    note({
      section: 'bad inputs',
      text: `${count(tried)} fuzzed web posts to all ${postRoutes.length} POST routes (forms from ${pagesWalked} pages, ${people.length} people): ${count(refused)} refused, nothing stored; ${count(accepted)} accepted; no 5xx`,
    });
    note({ section: 'bad inputs', text: `  statuses: ${histogram}${withoutForm.length > 0 ? `; no form on any page for ${withoutForm.join(', ')}` : ''}` });
  });
});
