/**
 * Which turnout figures may be shown while a ballot is open. Pure: counts in, a verdict per figure out.
 *
 * A figure below 5 is shown as "fewer than 5", so that a small group's voters cannot be picked out
 * while voting goes on. That alone is not enough: the page also shows sums (the national total, each
 * region, the total by channel and by day), and a hidden figure would come back by subtraction — a
 * region's total less its other constituencies. So in every sum the page shows, if any part is
 * hidden, enough other parts are withheld with it ("not shown") that the hidden parts' combined
 * count says nothing more about a small one than that it is below 5.
 *
 * Why that is the rule: a reader knows each "fewer than 5" part lies in 0…4 and, seeing that a
 * withheld part is not marked "fewer than 5", that each withheld part is at least 5 (with no upper
 * bound). Subtracting the shown parts from the sum gives the hidden parts' combined count R. With s
 * withheld parts, a small part can then be at most R − 5s, and it can be anything from 0 when s ≥ 1.
 * So as long as at least one part is withheld and R ≥ 5s + 4, every small part may still be any of
 * 0…4: the page gives away nothing it hides. Parts are withheld smallest first (the smallest one
 * that makes the sum safe alone, else the largest, which does most towards it), so the page keeps
 * as much as it can.
 *
 * We withhold a second group rather than round every figure: rounding would blur the large figures
 * officers watch (a constituency's turnout) to protect a few small ones, while withholding hides
 * only figures in sums that have a small part.
 *
 * A sum is its parent figure and its parts (a region and its constituencies). When no choice of parts
 * can make a sum safe (every part is already hidden), its parent is withheld instead, and is then
 * protected in the sum above it as a small figure is (its exact value would narrow its small parts);
 * a withheld parent must itself not be the sum of shown parts, so one of its parts is hidden too. These
 * rules are applied until nothing more changes. Each sum is judged on its own: a reader who combines
 * several sums can sometimes narrow a small figure a little, never beyond what the sums' own hidden
 * totals allow. Nor can one page guard against comparing it with itself over time (a total that grows
 * by one while every shown part stays put says a hidden part grew): that tells when a small group's
 * count moved, not who voted, and the page is for the ballot's officers and scrutineers alone until
 * the close.
 */

/** Below this, a figure is shown as "fewer than 5" while the ballot is open. */
export const SMALL_COUNT = 5;

/** How a figure is shown: exactly, as "fewer than 5", or withheld so that a small one cannot be worked out. */
export type Shown = 'exact' | 'small' | 'withheld';

/** A figure the page shows and the figures that add up to it, by key. */
export interface Sum {
  readonly parent: string;
  readonly parts: readonly string[];
}

/** The verdict on every figure of `counts` (by key), given the sums the page shows. */
export function suppress(counts: ReadonlyMap<string, number>, sums: readonly Sum[]): Map<string, Shown> {
  const shown = new Map<string, Shown>();
  const value = (k: string): number => {
    const v = counts.get(k);
    if (v === undefined) throw new Error(`turnout: the sum names "${k}", which has no figure`);
    return v;
  };
  for (const [k, v] of counts) shown.set(k, v < SMALL_COUNT ? 'small' : 'exact');
  const hidden = (k: string): boolean => shown.get(k) !== 'exact';
  // Parents withheld because their parts could not cover a small one: guarded above as small figures are.
  const sheltering = new Set<string>();
  const safe = (parts: readonly string[], extra?: string): boolean => coversSmall(parts, shown, sheltering, value, extra);
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
      if (hiddenParts.length === 0) continue;
      while (!safe(hiddenParts) && shownParts.length > 0) {
        const alone = shownParts.findIndex((k) => safe([...hiddenParts, k], k));
        const [pick] = shownParts.splice(alone >= 0 ? alone : shownParts.length - 1, 1);
        shown.set(pick!, 'withheld');
        hiddenParts.push(pick!);
        changed = true;
      }
      if (!safe(hiddenParts) && !hidden(sum.parent)) {
        shown.set(sum.parent, 'withheld');
        sheltering.add(sum.parent);
        changed = true;
      }
    }
  }
  return shown;
}

/**
 * Whether the hidden parts of a sum, taken together, leave each small one (or sheltering parent) anywhere
 * in 0…4 (see the header); `extra` counts as withheld.
 */
function coversSmall(
  parts: readonly string[],
  shown: ReadonlyMap<string, Shown>,
  sheltering: ReadonlySet<string>,
  value: (k: string) => number,
  extra?: string,
): boolean {
  const guarded = (k: string): boolean => shown.get(k) === 'small' || sheltering.has(k);
  if (!parts.some(guarded)) return true;
  const withheld = parts.filter((k) => k === extra || (shown.get(k) === 'withheld' && !guarded(k))).length;
  const combined = parts.reduce((n, k) => n + value(k), 0);
  return withheld >= 1 && combined >= SMALL_COUNT * withheld + (SMALL_COUNT - 1);
}
