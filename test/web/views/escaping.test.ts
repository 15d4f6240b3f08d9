import { describe, expect, it } from 'vitest';
import { LABOUR_2018, PRESETS } from '../../../src/domain/presets.js';
import { evaluateTrigger } from '../../../src/domain/trigger-outcome.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import {
  attr,
  boothConfirmationPage,
  boothPage,
  boothReviewPage,
  constituencyPage,
  electionsPage,
  errorPage,
  escapeHtml,
  html,
  join,
  myBallotsPage,
  myEligibilityPage,
  nominationsPage,
  processesPage,
  resultsPage,
  rulebookComparePage,
  rulebookPage,
  rulebooksPage,
  signInCodePage,
  signInPage,
  trackerPage,
  triggerGauges,
  triggerMeetingPage,
  trusted,
  type ViewContext,
} from '../../../src/web/views/index.js';
import { ctxFor, irvRecord, NASTY, stvRecord } from './fixtures.js';
import { all, checkAccessibleStructure, parse } from './html-check.js';

describe('the html helper', () => {
  it('escapes every interpolated value unless it is already markup', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'&'}</p>`.toString()).toBe('<p><b>&lt;i&gt;</b>&amp;</p>');
    expect(html`${['<', html`<br>`, 3, 4n]}`.toString()).toBe('&lt;<br>34');
    expect(html`${null}${undefined}${false}${0}`.toString()).toBe('0');
    expect(html`${true}`.toString()).toBe('true');
    expect(join(['<a>', html`<b>`], html`<hr>`).toString()).toBe('&lt;a&gt;<hr><b>');
    expect(trusted('<svg/>').toString()).toBe('<svg/>');
  });

  it('does not treat look-alike objects as markup', () => {
    const fake = { toString: () => '<script>' } as unknown as string;
    expect(html`${fake}`.toString()).toBe('&lt;script&gt;');
  });

  it('writes attributes present, absent or escaped', () => {
    expect(html`<input${attr('value', '"x"')}${attr('required', true)}${attr('min', 0)}${attr('max', null)}${attr('checked', false)}>`.toString()).toBe(
      '<input value="&quot;x&quot;" required min="0">',
    );
  });
});

describe('the structural checker used by these tests', () => {
  const page = (body: string, lang = ' lang="en"') =>
    `<!doctype html><html${lang}><head><meta name="viewport" content="x"><title>T</title></head><body><a href="#main">Skip</a><header></header><main id="main">${body}</main><footer></footer></body></html>`;
  it('accepts a minimal good page', () => {
    checkAccessibleStructure(page('<h1>T</h1><label for="a">A</label><input id="a" name="a">'));
  });
  it.each([
    ['an unlabelled input', page('<h1>T</h1><input id="a" name="a">')],
    ['two h1', page('<h1>T</h1><h1>U</h1>')],
    ['no lang', page('<h1>T</h1>', '')],
    ['a table without a caption', page('<h1>T</h1><table><tr><th scope="col">x</th></tr></table>')],
    ['a th without scope', page('<h1>T</h1><table><caption>c</caption><tr><th>x</th></tr></table>')],
    ['a skipped heading level', page('<h1>T</h1><h3>x</h3>')],
    ['a dangling aria reference', page('<h1>T</h1><p aria-describedby="nope">x</p>')],
    ['a POST form without CSRF', page('<h1>T</h1><form method="post"><button>Go</button></form>')],
    ['mismatched tags', page('<h1>T</h1><p><b>x</p></b>')],
  ])('rejects %s', (_what, doc) => {
    expect(() => checkAccessibleStructure(doc)).toThrow();
  });
});

/** Every page, with the attacker's string in every text the server passes through. */
function everyPage(x: string, ctx: ViewContext): [string, string][] {
  const rb: Rulebook = { ...LABOUR_2018, id: x, name: x, description: x, uncertain: { [x]: x } };
  const outcome = evaluateTrigger(LABOUR_2018, [
    { unit: x, class: 'branch', decision: 'yes' },
    { unit: 'b', class: 'affiliate', decision: 'no' },
  ]);
  const cands = [
    { id: x, name: x, note: x },
    { id: 'c2', name: 'Bob' },
  ];
  return [
    ['sign in', signInPage({ email: x, error: x }, ctx)],
    ['code', signInCodePage({ email: x, expiresInMinutes: 10, error: x, outboxNote: x }, ctx)],
    ['error', errorPage({ status: 404, message: x, title: x, back: { href: x, text: x } }, ctx)],
    [
      'ballots',
      myBallotsPage(
        {
          open: [{ process: x, title: x, boothUrl: x, unit: x, closes: x, voted: true, yourVote: x, notYours: x }],
          closed: [{ process: x, title: x, yourVote: x, resultsUrl: x }],
        },
        ctx,
      ),
    ],
    ['eligibility', myEligibilityPage({ entries: [{ process: x, title: x, freezeDate: x, eligible: false, reason: x }] }, ctx)],
    [
      'booth',
      boothPage(
        { process: x, title: x, unit: x, closes: x, methodWords: x, candidates: cands, values: { [`rank-${x}`]: x }, errors: { [`rank-${x}`]: x, '': x } },
        ctx,
      ),
    ],
    ['review', boothReviewPage({ process: x, title: x, ranking: cands, unranked: [x] }, ctx)],
    ['cast', boothConfirmationPage({ process: x, title: x, tracker: x, closes: x }, ctx)],
    ['tracker', trackerPage({ process: x, title: x, published: true, code: x, ballot: [x] }, ctx)],
    [
      'meeting',
      triggerMeetingPage(
        {
          unit: { id: x, name: x },
          process: { id: x, name: x },
          incumbent: x,
          tieRule: x,
          form: { values: { for: x, date: x }, errors: { for: x, '': x } },
          recorded: { for: 1, against: 2, abstentions: 0, attendance: 3, date: x, decision: x },
        },
        ctx,
      ),
    ],
    [
      'nominations',
      nominationsPage(
        {
          unit: { id: x, name: x },
          process: { id: x, name: x },
          candidates: [{ id: x, name: x, gender: x }],
          rule: x,
          form: { values: { nominee: x }, errors: { nominee: x } },
          recorded: [x],
        },
        ctx,
      ),
    ],
    [
      'constituency',
      constituencyPage(
        {
          constituency: { id: x, name: x },
          trigger: {
            process: { id: x, name: x },
            incumbent: x,
            phase: x,
            rule: x,
            units: [{ name: x, class: 'branch', decision: 'yes', detail: x, date: x, recordUrl: x }],
            gauges: triggerGauges(outcome, LABOUR_2018).map((g) => ({ ...g, label: x, text: x })),
            outcome: { triggered: true, arithmetic: [x] },
          },
          selection: {
            process: { id: x, name: x },
            phase: x,
            timetable: [{ step: x, date: x, status: 'current' }],
            shortlist: [{ name: x, note: x }],
            resultsUrl: x,
          },
        },
        ctx,
      ),
    ],
    ['rulebooks', rulebooksPage({ rulebooks: [rb, ...PRESETS] }, ctx)],
    ['rulebook', rulebookPage({ rulebook: rb }, ctx)],
    ['compare', rulebookComparePage({ rulebooks: [rb], a: rb, b: LABOUR_2018, error: x }, ctx)],
    ['elections', electionsPage({ elections: [{ id: x, title: x, phase: x, seats: 1, method: x, closes: x, resultsUrl: x }] }, ctx)],
    [
      'processes',
      processesPage(
        {
          filter: { kind: x, phase: x, q: x },
          kinds: [{ value: x, text: x }],
          phases: [{ value: x, text: x }],
          rows: [{ id: x, kind: x, unit: x, phase: x, rulebook: x, url: x, outcome: x }],
          total: 1,
        },
        ctx,
      ),
    ],
    [
      'results irv',
      resultsPage(
        {
          process: { id: x, title: x },
          record: { ...irvRecord([x, 'Bob', 'Chidi', 'Dana', 'Eve']), title: x, methodName: x },
          downloads: { csv: x, urcvt: x, blt: x },
          trackerUrl: x,
        },
        ctx,
      ),
    ],
    ['results stv', resultsPage({ process: { id: x, title: x }, record: stvRecord([x, 'Bob', 'Chidi', x + '2', 'Eve', 'Fay']), downloads: {} }, ctx)],
  ];
}

describe('a candidate (or anyone) named <script> is escaped everywhere', () => {
  const ctx = ctxFor(
    { name: NASTY, roles: ['member', 'unit-secretary'], unit: { id: NASTY, name: NASTY } },
    { csrfToken: NASTY, flash: { kind: 'info', message: NASTY } },
  );
  it.each(everyPage(NASTY, ctx))('%s', (_name, doc) => {
    const scripts = doc.match(/<script\b[^>]*>/g) ?? [];
    for (const s of scripts) expect(s).toMatch(/^<script type="module" src="\/static\/[a-z-]+\.js">$/);
    expect(doc).not.toContain('alert("x")');
    expect(doc).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Still well-formed and accessible with hostile text in it.
    checkAccessibleStructure(doc);
  });

  it('breaks out of no attribute', () => {
    const quote = `" onmouseover="alert(1)`;
    const ctx2 = ctxFor({ name: quote, roles: ['member'] }, { csrfToken: quote });
    for (const [, doc] of everyPage(quote, ctx2)) {
      const handlers = all(parse(doc), (e) => Object.keys(e.attrs).some((a) => a.startsWith('on')));
      expect(handlers).toEqual([]);
      expect(doc).toContain('&quot; onmouseover=&quot;alert(1)');
    }
  });
});
