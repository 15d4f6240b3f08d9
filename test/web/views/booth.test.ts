import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  boothConfirmationPage,
  boothPage,
  boothReviewPage,
  rankFieldName,
  rankingToFields,
  trackerPage,
  type BoothView,
  type RankableCandidate,
} from '../../../src/web/views/index.js';
import { parseBoothAction, parseRankingForm } from '../../../src/web/server/forms/ranking.js';
import { ctxFor, member, NASTY } from './fixtures.js';
import { all, byTag, checkAccessibleStructure, controlName, type El } from './html-check.js';

const CANDIDATES: RankableCandidate[] = [
  { id: 'c1', name: 'Alice Able' },
  { id: 'c2', name: 'Bob Baker' },
  { id: 'c3', name: 'Chidi Cole' },
  { id: 'c4', name: 'Dana Dee' },
];

const booth = (extra: Partial<BoothView> = {}): BoothView => ({
  process: 'p-42',
  title: 'Riverside selection ballot',
  unit: 'Riverside constituency',
  closes: '2025-03-14',
  methodWords: 'the alternative vote',
  candidates: CANDIDATES,
  ...extra,
});

const parseOk = (fields: Record<string, unknown>) => {
  const r = parseRankingForm(fields, CANDIDATES);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const parseErr = (fields: Record<string, unknown>) => {
  const r = parseRankingForm(fields, CANDIDATES);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(r.value)}`);
  return r.error;
};

/** What a browser would post from a form: every named control that is not a button, with its value. */
function formFields(form: El): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of all(form, (e) => e.tag === 'input' && e.attrs.name !== undefined && e.attrs.type !== 'submit')) out[i.attrs.name] = i.attrs.value ?? '';
  return out;
}

describe('parseRankingForm', () => {
  it('reads ranks 1..k into a ranking, blanks and missing boxes unranked', () => {
    expect(parseOk({ 'rank-c3': '1', 'rank-c1': '2', 'rank-c2': '', _csrf: 'x' })).toEqual(['c3', 'c1']);
    expect(parseOk({ 'rank-c1': ' 2 ', 'rank-c2': '1', 'rank-c3': '3', 'rank-c4': '4' })).toEqual(['c2', 'c1', 'c3', 'c4']);
    expect(parseOk({ 'rank-c4': '1' })).toEqual(['c4']);
  });

  it('refuses a rank that is not a whole number, naming the candidate and the box', () => {
    const e = parseErr({ 'rank-c1': 'first', 'rank-c2': '1.5', 'rank-c3': '-1' });
    expect(e.code).toBe('invalid-rank');
    expect(e.fields['rank-c1']).toBe('The rank for Alice Able must be a whole number from 1 to 4, not "first".');
    expect(e.fields['rank-c2']).toContain('Bob Baker');
    expect(e.fields['rank-c3']).toContain('Chidi Cole');
    expect(e.message).toContain('Alice Able');
  });

  it('refuses ranks outside 1..N', () => {
    expect(parseErr({ 'rank-c1': '0' }).fields['rank-c1']).toBe('The rank for Alice Able must be from 1 to 4, not 0.');
    expect(parseErr({ 'rank-c1': '5' }).code).toBe('invalid-rank');
    expect(parseErr({ 'rank-c1': '99999999999999999999' }).code).toBe('invalid-rank');
  });

  it('refuses a number used twice, marking every box that uses it', () => {
    const e = parseErr({ 'rank-c1': '1', 'rank-c2': '2', 'rank-c3': '2', 'rank-c4': '2' });
    expect(e.code).toBe('duplicate-rank');
    expect(e.message).toBe('Bob Baker, Chidi Cole and Dana Dee are all ranked 2. Give each candidate you rank a different number.');
    expect(Object.keys(e.fields).sort()).toEqual(['rank-c2', 'rank-c3', 'rank-c4']);
    expect(e.fields['rank-c2']).toBe('2 is also given to Chidi Cole and Dana Dee: use each number once.');
    expect(parseErr({ 'rank-c1': '1', 'rank-c2': '1' }).message).toMatch(/^Alice Able and Bob Baker are both ranked 1\./);
  });

  it('refuses gaps in the numbering', () => {
    const e = parseErr({ 'rank-c1': '1', 'rank-c2': '3' });
    expect(e.code).toBe('gap-in-ranks');
    expect(e.message).toBe('There is no 2 on your ballot: number your choices 1, 2, 3 and so on without gaps.');
    expect(e.fields['rank-c2']).toBe('There is no 2 before this 3.');
    expect(parseErr({ 'rank-c1': '2' }).message).toContain('There is no 1');
    expect(parseErr({ 'rank-c1': '4', 'rank-c2': '1' }).message).toContain('There is no 2 and 3');
  });

  it('refuses an empty ballot', () => {
    const e = parseErr({ 'rank-c1': '', 'rank-c2': '  ' });
    expect(e.code).toBe('empty-ballot');
    expect(e.fields['']).toContain('Rank at least one candidate');
  });

  it('refuses a box for someone not standing, and a box sent twice or as a file', () => {
    expect(parseErr({ 'rank-c1': '1', 'rank-c9': '2' }).code).toBe('unknown-candidate');
    expect(parseErr({ 'rank-c1': ['1', '2'] }).code).toBe('invalid-rank');
    expect(parseErr({ 'rank-c1': { name: 'f.txt' } }).code).toBe('invalid-rank');
  });

  it('round-trips any ranking through the form fields (property)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          CANDIDATES.map((c) => c.id),
          { minLength: 1 },
        ),
        (ranking) => {
          expect(parseOk(rankingToFields(ranking))).toEqual(ranking);
        },
      ),
    );
  });

  it('never throws on arbitrary input (property)', () => {
    const box = fc.oneof(fc.string(), fc.constantFrom('1', '2', '3', '4', ''), fc.array(fc.string()), fc.constant(undefined));
    fc.assert(
      fc.property(fc.record({ 'rank-c1': box, 'rank-c2': box, 'rank-c3': box, 'rank-c4': box }), (fields) => {
        const r = parseRankingForm(fields, CANDIDATES);
        if (r.ok) {
          expect(new Set(r.value).size).toBe(r.value.length);
          expect(r.value.length).toBeGreaterThan(0);
        } else {
          expect(r.error.message).not.toBe('');
        }
      }),
    );
  });

  it('reads the review buttons', () => {
    expect(parseBoothAction({ action: 'cast' })).toBe('cast');
    expect(parseBoothAction({ action: 'change' })).toBe('change');
    expect(parseBoothAction({ action: 'CAST' })).toBeNull();
    expect(parseBoothAction({})).toBeNull();
  });
});

describe('the booth without JavaScript', () => {
  it('has one labelled number box per candidate, named as the parser expects', () => {
    const doc = boothPage(booth(), ctxFor(member));
    const root = checkAccessibleStructure(doc);
    const form = all(root, (e) => e.tag === 'form' && e.attrs['data-booth'] !== undefined)[0];
    expect(form.attrs.method).toBe('post');
    expect(form.attrs.action).toBe('/ballots/p-42/review');
    const boxes = all(form, (e) => e.tag === 'input' && e.attrs.type === 'number');
    expect(boxes.map((b) => b.attrs.name)).toEqual(CANDIDATES.map((c) => rankFieldName(c.id)));
    for (const [i, b] of boxes.entries()) {
      expect(controlName(root, b)).toBe(`Rank for ${CANDIDATES[i].name}`);
      expect(b.attrs.min).toBe('1');
      expect(b.attrs.max).toBe('4');
    }
    expect(doc).toContain('<script type="module" src="/static/booth.js"></script>');
  });

  it('posts what a voter types in a form the parser reads', () => {
    const root = checkAccessibleStructure(boothPage(booth(), ctxFor(member)));
    const fields = formFields(byTag(root, 'form').find((f) => f.attrs['data-booth'] !== undefined)!);
    expect(fields._csrf).toBe('tok-123');
    fields['rank-c2'] = '1';
    fields['rank-c4'] = '2';
    expect(parseOk(fields)).toEqual(['c2', 'c4']);
  });

  it('shows errors next to the boxes, in a summary linking to them, and keeps what was typed', () => {
    const r = parseRankingForm({ 'rank-c1': '1', 'rank-c2': '1', 'rank-c3': 'x' }, CANDIDATES);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const doc = boothPage(booth({ errors: r.error.fields, values: { 'rank-c1': '1', 'rank-c2': '1', 'rank-c3': 'x' } }), ctxFor(member));
    const root = checkAccessibleStructure(doc);
    expect(byTag(root, 'title')[0].text).toMatch(/^Error: /);
    const summary = all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))[0];
    expect(summary.attrs.role).toBe('alert');
    expect(byTag(summary, 'a').map((a) => a.attrs.href)).toEqual(['#rank-box-3']);
    const box = all(root, (e) => e.attrs.id === 'rank-box-3')[0];
    expect(box.attrs['aria-invalid']).toBe('true');
    expect(box.attrs.value).toBe('x');
    expect(box.attrs['aria-describedby']).toContain('rank-box-3-error');
  });

  it('reviews the ranking with hidden fields that parse back to it, and two named buttons', () => {
    const doc = boothReviewPage(
      { process: 'p-42', title: 'Riverside selection ballot', ranking: [CANDIDATES[2], CANDIDATES[0]], unranked: ['Bob Baker', 'Dana Dee'] },
      ctxFor(member),
    );
    const root = checkAccessibleStructure(doc);
    const form = byTag(root, 'form').find((f) => f.attrs.action === '/ballots/p-42/cast')!;
    expect(parseOk(formFields(form))).toEqual(['c3', 'c1']);
    const buttons = byTag(form, 'button').map((b) => [b.attrs.name, b.attrs.value, b.text]);
    expect(buttons).toEqual([
      ['action', 'cast', 'Cast my ballot'],
      ['action', 'change', 'Change my ballot'],
    ]);
    expect(doc).toContain('Not ranked: Bob Baker, Dana Dee.');
  });

  it('confirms with the tracker code and says how to check it', () => {
    const doc = boothConfirmationPage({ process: 'p-42', title: 'Riverside', tracker: 'K7QF-2M9D', closes: '2025-03-14' }, ctxFor(member));
    checkAccessibleStructure(doc);
    expect(doc).toContain('<code>K7QF-2M9D</code>');
    expect(doc).toContain('href="/results/p-42/tracker"');
    expect(doc).toContain('14 March 2025');
  });

  it('finds a ballot by tracker code once published', () => {
    expect(trackerPage({ process: 'p', title: 'T', published: false }, ctxFor(null))).toContain('after voting closes');
    const found = trackerPage({ process: 'p', title: 'T', published: true, code: 'K7QF', ballot: ['Alice', 'Bob'] }, ctxFor(null));
    checkAccessibleStructure(found);
    expect(found).toContain('<li>Alice</li><li>Bob</li>');
    const missing = trackerPage({ process: 'p', title: 'T', published: true, code: NASTY, ballot: null }, ctxFor(null));
    checkAccessibleStructure(missing);
    expect(missing).not.toContain('<script>alert');
    expect(missing).toContain('Not found');
  });
});

describe('booth.js (the enhancement) writes the same fields', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = path.resolve(here, '../../../src/web/static/booth.js');
  const mod: {
    moveItem: (order: string[], index: number, delta: number) => string[];
    ranksFromOrder: (ranked: string[], all: string[]) => Record<string, string>;
    orderFromValues: (all: string[], values: Record<string, string>) => string[];
  } = await import(file);
  const ids = CANDIDATES.map((c) => c.id);

  it('moves items up and down, clamped at the ends', () => {
    expect(mod.moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(mod.moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(mod.moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(mod.moveItem(['a', 'b', 'c'], 2, 5)).toEqual(['a', 'b', 'c']);
  });

  it('fills the boxes so the server parses the order shown (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ids, { minLength: 1 }), fc.array(fc.tuple(fc.nat(3), fc.constantFrom(-1, 1))), (start, moves) => {
        let order = start;
        for (const [i, d] of moves) order = mod.moveItem(order, i % order.length, d);
        const fields = Object.fromEntries(Object.entries(mod.ranksFromOrder(order, ids)).map(([id, v]) => [rankFieldName(id), v]));
        expect(parseOk(fields)).toEqual(order);
      }),
    );
  });

  it('starts from what the boxes hold, always as a valid ranking', () => {
    expect(mod.orderFromValues(ids, { c1: '2', c2: '', c3: '1', c4: 'x' })).toEqual(['c3', 'c1']);
    expect(mod.orderFromValues(ids, { c1: '2', c2: '2', c3: '5', c4: '0' })).toEqual(['c1', 'c2', 'c3']);
  });
});
