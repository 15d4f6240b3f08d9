/**
 * The public democracy review page: GET only, the form read from the query,
 * bounded work (400 with a clear message beyond a bound), results as tables
 * and inline charts, accessible structure. The page needs no party data, so
 * the app runs over an empty store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/time.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/store.js';
import { createApp } from '../../../src/web/server/app.js';
import { serverConfig } from '../../../src/web/server/config.js';
import { devOutbox } from '../../../src/runtime/mailer.js';
import { ROUTES } from '../../../src/web/server/permissions.js';
import { WEB_LIMITS } from '../../../src/web/server/simulate-routes.js';
import { all, byTag, checkAccessibleStructure, type El } from '../views/html-check.js';

let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hustings-simulate-'));
  store = await openStore(`sqlite:${join(dir, 'empty.db')}`);
  app = createApp({
    store,
    clock: fixedClock('2024-06-01T09:00:00.000Z'),
    mailer: devOutbox(),
    config: serverConfig({ env: 'development', secret: Buffer.alloc(32, 3) }),
  });
});
afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function get(query: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await app.request(`/simulate${query}`);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const SMALL = '?runs=20&constituencies=40';

function table(root: El, caption: RegExp): string[][] {
  const t = byTag(root, 'table').find((x) => caption.test(byTag(x, 'caption')[0].text))!;
  expect(t, `a table captioned ${caption}`).toBeDefined();
  return byTag(t, 'tr').map((tr) => tr.children.map((cell) => cell.text.trim()));
}

describe('GET /simulate', () => {
  it('is public: anyone gets the form and the default rulebooks’ results', async () => {
    expect(ROUTES.find((r) => r.id === 'simulate')).toMatchObject({ method: 'GET', path: '/simulate', audience: 'public' });
    const r = await get(SMALL);
    expect(r.status).toBe(200);
    const root = checkAccessibleStructure(r.text);
    const form = byTag(root, 'form').find((f) => f.attrs.action === '/simulate')!;
    expect(form.attrs.method).toBe('get');
    const checked = all(form, (e) => e.tag === 'input' && e.attrs.type === 'checkbox' && 'checked' in e.attrs).map((e) => e.attrs.value);
    expect(checked).toEqual(['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021']);
    const rows = table(root, /^Share of incumbents triggered \(a full selection held\)$/);
    expect(rows[0]).toEqual(['Rulebook', 'Mean', '95% of runs between']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['Labour 1979', 'Labour 1990', 'Labour 2018', 'Labour 2021']);
    expect(rows[1].slice(1)).toEqual(['100.0%', '100.0% and 100.0%']);
    expect(r.text).toContain('Not offered: Liberal Democrat readoption');
  });

  it('shows an accessible inline chart with one line per chosen rulebook, and its figures in a table', async () => {
    const r = await get(`${SMALL}&rulebook=labour-1990&rulebook=labour-2021`);
    expect(r.status).toBe(200);
    const root = checkAccessibleStructure(r.text);
    const svgs = all(root, (e) => e.tag === 'svg');
    expect(svgs).toHaveLength(1);
    const svg = svgs[0];
    expect(svg.attrs.role).toBe('img');
    const [titleId, descId] = svg.attrs['aria-labelledby'].split(' ');
    expect(all(root, (e) => e.attrs.id === titleId)[0].tag).toBe('title');
    expect(all(root, (e) => e.attrs.id === descId)[0].text).toMatch(/Labour 1990: .*% of incumbents triggered overall/);
    expect(all(svg, (e) => e.tag === 'path' && e.attrs.class === 'line').map((l) => byTag(l, 'title')[0].text)).toEqual(['Labour 1990', 'Labour 2021']);
    const bands = table(root, /by the members’ support/);
    expect(bands[0]).toEqual(['Support', 'Constituencies', 'Labour 1990', 'Labour 2021']);
    expect(bands).toHaveLength(11);
    // The CSP allows no inline style: the chart uses presentation attributes only.
    expect(r.text).not.toMatch(/style="/);
    expect(r.headers.get('content-security-policy')).toContain("style-src 'self'");
  });

  it('gives the same results for the same query (the seed decides), and others for another seed', async () => {
    const a = await get(`${SMALL}&seed=5&support-mean=45%25`);
    const b = await get(`${SMALL}&seed=5&support-mean=45%25`);
    const c = await get(`${SMALL}&seed=6&support-mean=45%25`);
    const main = (t: string): string => t.slice(t.indexOf('<main'), t.indexOf('</main>'));
    expect(main(b.text)).toBe(main(a.text));
    expect(main(c.text)).not.toBe(main(a.text));
    expect(a.text).toContain('value="45%"');
  });

  it('sweeps a parameter on request, with the flip points of a support sweep', async () => {
    const r = await get(`${SMALL}&sweep=support-mean&from=0&to=1&steps=5&sweep-runs=10`);
    expect(r.status).toBe(200);
    const root = checkAccessibleStructure(r.text);
    const svgs = all(root, (e) => e.tag === 'svg');
    expect(svgs).toHaveLength(2);
    expect(all(svgs[1], (e) => e.tag === 'path' && e.attrs.class === 'line')).toHaveLength(4);
    const rows = table(root, /across the sweep/);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['0.0%', '25.0%', '50.0%', '75.0%', '100.0%']);
    expect(r.text).toMatch(/Labour 2018: flips at \d+\.\d% support/);
    const threshold = await get(`${SMALL}&sweep=threshold&from=20%25&to=60%25&steps=3&sweep-runs=5`);
    expect(threshold.status).toBe(200);
    expect(threshold.text).toContain('Labour 1979 is not changed by this parameter: mandatory reselection has no threshold.');
  });

  it('refuses too many runs with 400 and a clear message, and shows the form again', async () => {
    const r = await get(`?runs=${WEB_LIMITS.runs + 1}`);
    expect(r.status).toBe(400);
    const root = checkAccessibleStructure(r.text);
    expect(r.text).toContain('At most 2,000 runs per request here (you asked for 2,001)');
    expect(byTag(root, 'title')[0].text).toMatch(/^Error: /);
    // The error summary links to the field; nothing was simulated.
    expect(all(root, (e) => e.tag === 'a' && e.attrs.href === '#f-runs')).toHaveLength(1);
    expect(all(root, (e) => e.tag === 'svg')).toHaveLength(0);
    expect((await get(`?runs=${WEB_LIMITS.runs}&constituencies=10`)).status).toBe(200);
  });

  it('refuses other bad or too large requests with 400, each problem named', async () => {
    const bad = await get('?runs=0&support-mean=2&rulebook=labour-1990&rulebook=nonsense&branches=9-3&sweep=weather');
    expect(bad.status).toBe(400);
    for (const m of [
      'Enter a whole number of runs, at least 1.',
      'Must be a number from 0 to 1',
      'There is no rulebook “nonsense” to simulate.',
      'The lower bound 9 is above the upper bound 3',
      'Choose a parameter to sweep from the list',
    ]) {
      expect(bad.text).toContain(m);
    }
    const none = await get('?submitted=1&runs=10');
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose at least one rulebook.');
    const meeting = await get('?rulebook=libdem-readoption');
    expect(meeting.status).toBe(400);
    expect(meeting.text).toContain('Liberal Democrat readoption readopts at a members’ meeting, which the synthetic party does not model');
    expect((await get('?constituencies=1001')).text).toContain('At most 1,000 constituencies here.');
    expect((await get('?sweep=turnout&steps=22')).text).toContain('At most 21 values here.');
    const heavy = await get('?runs=2000&constituencies=1000&sweep=turnout&steps=21&sweep-runs=500');
    expect(heavy.status).toBe(400);
    expect(heavy.text).toMatch(
      /That would simulate about [\d,]+ million decisions of branches and affiliated branches .*, more than the 150 million one request may here: lower the runs/,
    );
  });

  it('accepts no POST: 405 with Allow, and nothing else at the path', async () => {
    const r = await app.request('/simulate', { method: 'POST', body: 'runs=10', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
    expect(await r.text()).toContain('POST is not accepted at /simulate');
  });
});
