#!/usr/bin/env node
/**
 * Writes the bundled sample election: a fictional 9-seat NEC-style
 * constituency-section ballot, 20 candidates on two slates plus independents,
 * as a compressed weighted BLT file and a candidate attributes CSV.
 *
 *   npm run build && node examples/make-sample.mjs   (rewrites examples/nec-2024-sample.blt and -candidates.csv)
 *
 * Deterministic: the library's seeded PRNG, so the files are the same on every
 * run. Plain JavaScript over the compiled library, so it runs on Node after
 * `npm run build` with no TypeScript loader. Everyone named here is invented.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mulberry32 } from '../dist/count/prng.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = 2024;
const VOTERS = 3800;
const SEATS = 9;

// name, gender, slate; slate cards list candidates in the order the slate recommends.
const CANDIDATES = [
  ['Aisha Rahman', 'woman', 'Grassroots Voice'],
  ['Tom Whitfield', 'man', 'Grassroots Voice'],
  ['Marcus Bell', 'man', 'Grassroots Voice'],
  ['Priya Nair', 'woman', 'Grassroots Voice'],
  ['Gareth Llewellyn', 'man', 'Grassroots Voice'],
  ["Sean O'Leary", 'man', 'Grassroots Voice'],
  ['Hannah Brooks', 'woman', 'Grassroots Voice'],
  ['Daniel Okafor', 'man', 'Grassroots Voice'],
  ['Ruth Adeyemi', 'woman', 'Grassroots Voice'],
  ['James Harrington', 'man', 'Labour Forward'],
  ['Claire Donnelly', 'woman', 'Labour Forward'],
  ['Michael Osei', 'man', 'Labour Forward'],
  ['Peter Lang', 'man', 'Labour Forward'],
  ['Sophie Turner', 'woman', 'Labour Forward'],
  ['Robert McAllister', 'man', 'Labour Forward'],
  ['Fatima Hussain', 'woman', 'Labour Forward'],
  ['David Kerr', 'man', 'Labour Forward'],
  ['Eleanor Price', 'woman', 'Independent'],
  ['Kwame Mensah', 'man', 'Independent'],
  ['Joanna Wills', 'woman', 'Independent'],
];
const index = new Map(CANDIDATES.map(([name], i) => [name, i]));
const card = (...names) => names.map((n) => index.get(n));

const GV_CARD = card('Tom Whitfield', 'Aisha Rahman', 'Marcus Bell', 'Gareth Llewellyn', "Sean O'Leary", 'Priya Nair', 'Daniel Okafor', 'Hannah Brooks', 'Ruth Adeyemi');
const LF_CARD = card('James Harrington', 'Michael Osei', 'Claire Donnelly', 'Peter Lang', 'Robert McAllister', 'Sophie Turner', 'David Kerr', 'Fatima Hussain');
const INDEPENDENTS = card('Kwame Mensah', 'Eleanor Price', 'Joanna Wills');

const draw = mulberry32(SEED);
const random = () => draw() / 4294967296;

function pick(weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Draws `length` candidates without replacement, each draw in proportion to its weight (Plackett–Luce). */
function rankBy(pool, weights, length) {
  const p = [...pool];
  const w = [...weights];
  const out = [];
  while (out.length < length && p.length > 0) {
    const i = pick(w);
    out.push(p[i]);
    p.splice(i, 1);
    w.splice(i, 1);
  }
  return out;
}

const decay = (n, f) => Array.from({ length: n }, (_, i) => f ** i);

function slateVoter(own, other) {
  const r = random();
  const length = [1, 3, 5, own.length][pick([2, 2, 2, 4])];
  let ranking;
  // Many slate voters copy the card; the rest rank their own way, favouring the card's order.
  if (r < 0.45) ranking = own.slice(0, length);
  else ranking = rankBy(own, decay(own.length, 0.78), length);
  if (random() < 0.3) ranking.push(...rankBy(INDEPENDENTS, [3, 2, 1], 1 + pick([3, 2, 1])));
  if (random() < 0.12) ranking.push(...rankBy(other, decay(other.length, 0.8), 1 + pick([3, 2, 1])));
  return ranking;
}

function independentVoter() {
  const all = CANDIDATES.map((_, i) => i);
  const weights = all.map((c) => (INDEPENDENTS.includes(c) ? [5, 4, 2.5][INDEPENDENTS.indexOf(c)] : 0.6 * 0.85 ** Math.max(GV_CARD.indexOf(c), LF_CARD.indexOf(c))));
  return rankBy(all, weights, 1 + pick([3, 3, 2, 2, 1, 1]));
}

const counts = new Map();
for (let v = 0; v < VOTERS; v++) {
  const r = random();
  const ranking = r < 0.44 ? slateVoter(GV_CARD, LF_CARD) : r < 0.82 ? slateVoter(LF_CARD, GV_CARD) : independentVoter();
  const key = ranking.map((c) => c + 1).join(' ');
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const lines = [`${CANDIDATES.length} ${SEATS}`];
const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
for (const [key, n] of sorted) lines.push(`${n} ${key} 0`);
lines.push('0');
for (const [name] of CANDIDATES) lines.push(`"${name}"`);
lines.push('"NEC 2024 constituency section (fictional sample)"');
writeFileSync(join(here, 'nec-2024-sample.blt'), lines.join('\n') + '\n');

const csv = ['name,gender,slate', ...CANDIDATES.map(([name, gender, slate]) => `${name},${gender},${slate}`)];
writeFileSync(join(here, 'nec-2024-sample-candidates.csv'), csv.join('\n') + '\n');
console.log(`${VOTERS} ballots, ${counts.size} distinct rankings`);
