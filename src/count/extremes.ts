import { present } from './checked.js';

/** The largest of `of(c)` over `cands`, which the callers never leave empty. */
export function highest(cands: readonly number[], of: (c: number) => bigint): bigint {
  let top: bigint | undefined;
  for (const c of cands) {
    const v = of(c);
    if (top === undefined || v > top) top = v;
  }
  return present(top, 'a candidate to compare');
}

/** The smallest of `of(c)` over `cands`, which the callers never leave empty. */
export function lowest(cands: readonly number[], of: (c: number) => bigint): bigint {
  let low: bigint | undefined;
  for (const c of cands) {
    const v = of(c);
    if (low === undefined || v < low) low = v;
  }
  return present(low, 'a candidate to compare');
}
