/**
 * The branch majority is looked up in a table of binomial probabilities by
 * attendance and by the branch's support on the logit scale in steps of 1/64
 * (between about 0.005% and 99.995%): within a step the support is rounded,
 * the decision is then drawn exactly.
 */

/** The branch's support on the logit scale, in steps of 1/LOGIT_STEPS between ±LOGIT_MAX. */
export const LOGIT_STEPS = 64;
export const LOGIT_MAX = 10;
export const LEVELS = 2 * LOGIT_MAX * LOGIT_STEPS + 1;

/** The support at a level of the table. */
export function levelSupport(level: number): number {
  return 1 / (1 + Math.exp(-(level / LOGIT_STEPS - LOGIT_MAX)));
}

/**
 * For a meeting of n members each voting for a selection with probability p
 * (every level p of the table): P(more for than against), and that plus
 * P(a tie). Built once per attendance and kept: the rows are pure functions
 * of n, so sharing them between simulations cannot change a result.
 */
const majorityRows = new Map<number, Float64Array>();

export function majorityRow(n: number): Float64Array {
  let t = majorityRows.get(n);
  if (t) return t;
  t = new Float64Array(2 * LEVELS);
  const logC = new Float64Array(n + 1);
  // logC has n + 1 entries, and every index below is at most n.
  for (let k = 1; k <= n; k++) logC[k] = logC[k - 1]! + Math.log((n - k + 1) / k);
  const half = n >> 1;
  const mid = (LEVELS - 1) / 2;
  for (let level = 0; level <= mid; level++) {
    // p ≤ 1/2 here, so the terms of the upper tail only fall from its first, and a first term too small for a double is negligible.
    const x = level / LOGIT_STEPS - LOGIT_MAX;
    // log p and log(1 - p) from the logit, without cancellation at either end.
    const lp = -Math.log1p(Math.exp(-x));
    const lq = -Math.log1p(Math.exp(x));
    const odds = Math.exp(lp - lq);
    let yes = 0;
    let term = half + 1 <= n ? Math.exp(logC[half + 1]! + (half + 1) * lp + (n - half - 1) * lq) : 0;
    for (let k = half + 1; k <= n && term > 0; k++) {
      yes += term;
      term *= ((n - k) / (k + 1)) * odds;
    }
    const tie = n % 2 === 0 ? Math.exp(logC[half]! + half * lp + half * lq) : 0;
    t[2 * level] = yes;
    t[2 * level + 1] = yes + tie;
    // The mirror level has p and 1 − p swapped: its "for" wins when this level's "against" would.
    const mirror = LEVELS - 1 - level;
    if (mirror !== level) {
      t[2 * mirror] = 1 - yes - tie;
      t[2 * mirror + 1] = 1 - yes;
    }
  }
  majorityRows.set(n, t);
  return t;
}

/**
 * The rows for attendances min..max, level by level: the branches of one
 * constituency look up levels near each other, so laying the attendances of
 * a level side by side keeps those lookups in the cache.
 */
export function majorityTable(min: number, max: number): Float64Array {
  const span = max - min + 1;
  const t = new Float64Array(2 * LEVELS * span);
  for (let n = min; n <= max; n++) {
    const row = majorityRow(n);
    // A row holds two entries for each of the LEVELS levels.
    for (let level = 0; level < LEVELS; level++) {
      t[2 * (level * span + n - min)] = row[2 * level]!;
      t[2 * (level * span + n - min) + 1] = row[2 * level + 1]!;
    }
  }
  return t;
}
