/**
 * Breaking ties. A rule's own tie rule (looking back over earlier stages) goes
 * first; what it cannot settle is decided by a reproducible lot or a declared
 * candidate order. Every decision says which rule made it, for the record.
 */
import type { Arithmetic } from './arithmetic.js';
import { mulberry32 } from './prng.js';
import type { TiePurpose } from './record.js';

/** How earlier stages are consulted: `backward` = most recent preceding stage at which
 * the tied candidates differed (SSI 2007/42 rules 49 and 51); `forward` = earliest stage
 * at which they differed; `none` = do not look back. */
export type TieHistoryRule = 'backward' | 'forward' | 'none';

/**
 * What settles a tie that history cannot: a seeded lot; a declared order of
 * candidates from most to least favoured (the first of the tied is elected or
 * transferred first, the last excluded); or Droop's `[tie]` order, in which the
 * first listed of the tied is chosen whatever the tie is for.
 */
export type TieFallback =
  | { readonly kind: 'lot'; readonly seed: number }
  | {
      readonly kind: 'order';
      readonly order: readonly number[];
      /** Orders that replace `order` for ties of one purpose (surplus order, exclusion). */
      readonly byPurpose?: Partial<Record<TiePurpose, readonly number[]>>;
    }
  | { readonly kind: 'firstListed'; readonly order: readonly number[] };

export interface TieDecision {
  readonly chosen: number;
  readonly rule: string;
}

export class TieBreaker<V> {
  private readonly draw: () => number;
  private draws = 0;

  constructor(
    private readonly ar: Arithmetic<V>,
    private readonly history: TieHistoryRule,
    private readonly fallback: TieFallback,
    private readonly names: readonly string[],
  ) {
    this.draw = mulberry32(fallback.kind === 'lot' ? fallback.seed : 0);
  }

  /**
   * Picks one of `tied`. `want` says whether the rule wants the candidate with the
   * lowest votes (exclusion) or the highest (surplus order, election).
   * `stages` holds earlier stages' totals (oldest first), not including the current one.
   */
  choose(tied: readonly number[], want: 'lowest' | 'highest', purpose: TiePurpose, stages: readonly (readonly (V | undefined)[])[]): TieDecision {
    if (tied.length === 0) throw new Error('no candidates to choose between');
    // `pool` is never empty: it starts with two or more, and each step keeps the best of it. So its
    // first element, and its first and last once sorted, are there.
    if (tied.length === 1) return { chosen: tied[0]!, rule: 'no tie' };
    let pool = [...tied];
    const steps: string[] = [];
    if (this.history !== 'none') {
      const order = [...stages.entries()];
      if (this.history === 'backward') order.reverse();
      for (const [k, stage] of order) {
        const values = pool.map((c) => stage[c] ?? this.ar.zero);
        const first = values[0]!;
        if (values.every((v) => this.ar.cmp(v, first) === 0)) continue;
        let best: V = first;
        for (const v of values) {
          const d = this.ar.cmp(v, best);
          if (want === 'lowest' ? d < 0 : d > 0) best = v;
        }
        pool = pool.filter((_, i) => this.ar.cmp(values[i]!, best) === 0);
        steps.push(`stage ${k + 1}`);
        if (pool.length === 1) {
          const how = this.history === 'backward' ? 'most recent preceding stage' : 'earliest stage';
          return { chosen: pool[0]!, rule: `${want} votes at the ${how} at which the tied candidates differed (${steps.join(', then ')})` };
        }
      }
    }
    const lead = steps.length ? `still tied after looking back (${steps.join(', ')}); ` : '';
    if (this.fallback.kind !== 'lot') {
      const own = this.fallback.kind === 'order' ? this.fallback.byPurpose?.[purpose] : undefined;
      const order = own ?? this.fallback.order;
      const pos = (c: number): number => {
        const at = order.indexOf(c);
        return at < 0 ? Number.MAX_SAFE_INTEGER : at;
      };
      const sorted = [...pool].sort((a, b) => pos(a) - pos(b));
      if (this.fallback.kind === 'firstListed') return { chosen: sorted[0]!, rule: `${lead}first of them in the ballot file's [tie] order` };
      // The declared order lists candidates from most to least favoured.
      const chosen = want === 'highest' ? sorted[0]! : sorted[sorted.length - 1]!;
      return { chosen, rule: `${lead}declared candidate order${own ? ` for ${purpose === 'exclusion' ? 'exclusion' : 'surplus'} ties` : ''}` };
    }
    const sorted = [...pool].sort((a, b) => a - b);
    // Rejection sampling keeps every tied candidate exactly equally likely.
    const limit = 2 ** 32 - (2 ** 32 % sorted.length);
    let r = this.draw();
    while (r >= limit) r = this.draw();
    const chosen = sorted[r % sorted.length]!;
    this.draws++;
    return {
      chosen,
      rule: `${lead}lot (seed ${this.fallback.seed}, draw ${this.draws}, among ${sorted.map((c) => this.names[c]).join(', ')})`,
    };
  }
}
