/**
 * Which turnout figures may be shown while a ballot is open. Pure: counts in, a verdict per figure out.
 *
 * A figure below 5 is shown as "fewer than 5", so that a small group's voters cannot be picked out
 * while voting goes on. The same holds the other way round: the page shows each place's eligible
 * members exactly (the electorate is no secret), so a place's count of voters also says how many there
 * have NOT voted, and "7 of 8 have voted" says that exactly one member has not, which tells as much
 * about individuals as a count of one voter would (whoever knows seven who voted knows the eighth did
 * not; "8 of 8" says of every member that they voted). So where a place's non-voters number fewer than
 * 5 its count is shown as "all but fewer than 5" ('nearly-all') rather than the number: non-voters are
 * a protected figure in the same scheme, and the guard below keeps both kinds. In a place of fewer
 * than 10 eligible members every count has fewer than 5 on one side or the other, and the two words
 * would split it in two (of 5 eligible, "all but fewer than 5" could only be all 5), so there the
 * count is not shown at all ('tiny': anything from none to all); below 5 eligible, "fewer than 5"
 * already says no more than that. After the close every figure is public and exact.
 *
 * That alone is not enough: the page also shows sums (the national total, each region, the total by
 * channel and by day), and a hidden figure would come back by subtraction — a region's total less
 * its other constituencies. So in every sum the page shows, if any part is hidden, enough other parts
 * are withheld with it ("not shown") that the hidden parts' combined count says nothing more about a
 * guarded one than its words already say.
 *
 * Why that is the rule: from the words alone a reader knows of each hidden figure a range — "fewer
 * than 5" is 0…4; "all but fewer than 5" is the last 5 of its eligible members; a tiny place's
 * count is anything from none to all; "not shown", being none of these, is at least 5 and, where the
 * group's eligible count is shown, at most 5 short of it (else with no upper bound). Subtracting the shown parts from the sum gives the hidden
 * parts' combined count R. A guarded part may then be anything in its range exactly when R less the
 * other hidden parts' lowest values reaches its top, and R less their highest values does not pass
 * its bottom: that is the test, and it is exact for one sum. (Without eligible counts it is the older
 * rule: with s parts withheld, R ≥ 5s + 4 and s ≥ 1.) Where eligible counts are shown the upper bound
 * matters: a region of 97 voters with a constituency "fewer than 5" beside one "not shown" of 100
 * eligible would put the small one at 2 or more, so another part is withheld too. Parts are withheld
 * smallest first (the smallest one that makes the sum safe alone, else the largest, which does most
 * towards it), so the page keeps as much as it can. When the sum's parent is itself guarded (a total
 * all but fewer than 5 of whose members have voted), its shown and hidden parts must likewise leave
 * it anywhere in its range, or more parts are withheld.
 *
 * We withhold a second group rather than round every figure: rounding would blur the large figures
 * officers watch (a constituency's turnout) to protect a few small ones, while withholding hides
 * only figures in sums that have a small part.
 *
 * A sum is its parent figure and its parts (a region and its constituencies). When no choice of parts
 * can make a sum safe (every part is already hidden), its parent is not shown either ('sheltering'),
 * in words that say nothing of it: not "not shown", which a reader knows to be at least 5 and at most
 * 5 short of its eligible members (of a region of 10, exactly 5), since that would pin its parts after
 * all. A reader then knows of it only what its parts' words add up to, and it is protected in the sum
 * above it as a small figure is: there it must stay anywhere in that range. A parent not shown must
 * itself not be the sum of shown parts, so one of its parts is hidden too. These rules are applied until nothing more changes. Each sum is judged on its
 * own: a reader who combines several sums can sometimes narrow a small figure a little, never beyond
 * what the sums' own hidden totals allow. Nor can one page guard against comparing it with itself
 * over time (a total that grows by one while every shown part stays put says a hidden part grew):
 * that tells when a small group's count moved, not who voted, and the page is for the ballot's
 * officers and scrutineers alone until the close.
 */
/** Below this, a figure of voters (or of a place's non-voters) is not shown exactly while the ballot is open. */
export const SMALL_COUNT = 5;

/**
 * How a figure of voters is shown: exactly; as "fewer than 5" ('small'); as "all but fewer than 5"
 * of its eligible members ('nearly-all': fewer than 5 have not voted); not at all, in a place of
 * fewer than 10 eligible members ('tiny'); withheld so that a guarded one cannot be worked out; or,
 * for a sum whose parts are all hidden and still give a guarded one away, not shown in words that say
 * nothing of it ('sheltering', "not shown until the close").
 */
export type Shown = 'exact' | 'small' | 'nearly-all' | 'tiny' | 'withheld' | 'sheltering';

/** A figure the page shows and the figures that add up to it, by key. */
export interface Sum {
  readonly parent: string;
  readonly parts: readonly string[];
}

/** What a reader knows of a figure: its lowest and highest possible value. */
interface Range {
  readonly low: number;
  readonly high: number;
}

/**
 * The verdict on every figure of voters in `counts` (by key), given the sums the page shows and, in
 * `eligible`, the eligible members of each group whose eligible count the page shows (a place; not
 * a channel or a day, which any member may use): for those, non-voters are guarded too.
 */
export function suppress(counts: ReadonlyMap<string, number>, sums: readonly Sum[], eligible: ReadonlyMap<string, number> = new Map()): Map<string, Shown> {
  const shown = new Map<string, Shown>();
  const value = (k: string): number => {
    const v = counts.get(k);
    if (v === undefined) throw new Error(`turnout: the sum names "${k}", which has no figure`);
    return v;
  };
  for (const [k, v] of counts) shown.set(k, verdictAlone(v, eligible.get(k)));
  const hidden = (k: string): boolean => shown.get(k) !== 'exact';
  // What a reader can tell of a parent not shown for its parts' sake: no more than its parts' words allow.
  const sheltering = new Map<string, Range>();
  const range = (k: string): Range => sheltering.get(k) ?? readerRange(shown.get(k) ?? 'exact', value(k), eligible.get(k));
  const guarded = (k: string): boolean => GUARDED.has(shown.get(k) ?? 'exact');
  const safe = (sum: Sum, extra?: string): boolean => {
    const isHidden = (k: string) => k === extra || hidden(k);
    const rangeOf = (k: string): Range => (k === extra ? readerRange('withheld', value(k), eligible.get(k)) : range(k));
    const hiddenParts = sum.parts.filter(isHidden);
    const partsSafe = keepsRanges(hiddenParts.map((k) => ({ range: rangeOf(k), value: value(k), guarded: guarded(k) })));
    if (!partsSafe || !guarded(sum.parent)) return partsSafe;
    // A guarded parent: the shown parts and the hidden parts' ranges must leave it anywhere in its own.
    const within = spanOf(
      sum.parts.filter((k) => !isHidden(k)).reduce((n, k) => n + value(k), 0),
      hiddenParts.map(rangeOf),
    );
    const own = range(sum.parent);
    return within.low <= own.low && within.high >= own.high;
  };
  const byValue = (a: string, b: string): number => value(a) - value(b) || (a < b ? -1 : a > b ? 1 : 0);

  let changed = true;
  while (changed) {
    changed = false;
    for (const sum of sums) {
      const hiddenParts = sum.parts.filter(hidden);
      const shownParts = sum.parts.filter((k) => !hidden(k)).sort(byValue);
      if (hidden(sum.parent) && hiddenParts.length === 0 && shownParts.length > 0) {
        // Otherwise the withheld parent is only the shown parts added up.
        const pick = shownParts.shift()!;
        shown.set(pick, 'withheld');
        hiddenParts.push(pick);
        changed = true;
      }
      if (hiddenParts.length === 0 && !guarded(sum.parent)) continue;
      while (!safe(sum) && shownParts.length > 0) {
        const alone = shownParts.findIndex((k) => safe(sum, k));
        const [pick] = shownParts.splice(alone >= 0 ? alone : shownParts.length - 1, 1);
        shown.set(pick!, 'withheld');
        hiddenParts.push(pick!);
        changed = true;
      }
      if (!safe(sum) && !hidden(sum.parent) && hiddenParts.length > 0) {
        // Every part is hidden and the sum still pins a guarded one: the parent goes unshown with words
        // that say nothing of it ('sheltering'), so a reader knows only what its parts' words add up to,
        // and it is guarded over all of that in the sum above. Shown as 'withheld' instead, its words
        // would say it is at least 5 and at most 5 short of its eligible members (for a place of 10,
        // exactly 5), and so pin its parts after all.
        shown.set(sum.parent, 'sheltering');
        const parts = spanOf(0, hiddenParts.map(range));
        sheltering.set(sum.parent, { low: parts.low, high: Math.min(parts.high, eligible.get(sum.parent) ?? Number.POSITIVE_INFINITY) });
        changed = true;
      }
    }
  }
  return shown;
}

/** The figures guarded for their own sake: their words must stay all a reader can tell of them. */
const GUARDED: ReadonlySet<Shown> = new Set<Shown>(['small', 'nearly-all', 'tiny', 'sheltering']);

/** How a count `v` is shown before any sum is looked at; `eligible` if its group's eligible count is shown. */
function verdictAlone(v: number, eligible: number | undefined): Shown {
  if (eligible !== undefined && eligible < 2 * SMALL_COUNT) return eligible < SMALL_COUNT ? 'small' : 'tiny';
  if (v < SMALL_COUNT) return 'small';
  return eligible !== undefined && eligible - v < SMALL_COUNT ? 'nearly-all' : 'exact';
}

/** What the words of a figure tell a reader of it (see the header); `eligible` if its group's eligible count is shown. */
function readerRange(shown: Shown, v: number, eligible: number | undefined): Range {
  const most = eligible ?? Number.POSITIVE_INFINITY;
  switch (shown) {
    case 'exact':
      return { low: v, high: v };
    case 'small':
      return { low: 0, high: Math.min(SMALL_COUNT - 1, most) };
    case 'nearly-all':
      return { low: most - (SMALL_COUNT - 1), high: most };
    case 'tiny':
    case 'sheltering':
      return { low: 0, high: most };
    case 'withheld':
      return { low: SMALL_COUNT, high: most - SMALL_COUNT };
  }
}

/** The range of `fixed` plus figures in these ranges. */
function spanOf(fixed: number, ranges: readonly Range[]): Range {
  return { low: ranges.reduce((n, r) => n + r.low, fixed), high: ranges.reduce((n, r) => n + r.high, fixed) };
}

/**
 * Whether hidden parts, whose values add to what a reader can work out, leave each guarded one
 * anywhere in its range: the combined count less the others' lowest values reaches its top, and less
 * their highest does not pass its bottom. (An unbounded range's top is infinite: the others' highest
 * then never passes anything.)
 */
function keepsRanges(parts: readonly { readonly range: Range; readonly value: number; readonly guarded: boolean }[]): boolean {
  const combined = parts.reduce((n, p) => n + p.value, 0);
  return parts.every((p, i) => {
    if (!p.guarded) return true;
    const others = spanOf(
      0,
      parts.filter((_, j) => j !== i).map((q) => q.range),
    );
    return combined - others.low >= p.range.high && combined - others.high <= p.range.low;
  });
}
