/**
 * The order in which candidates elected together are listed. Where several
 * candidates with equal votes are all elected, nobody's seat hangs on their
 * order, so no tie is recorded; they are listed in the declared tie order when
 * --tie-break order is used (so the list follows the candidates, not their
 * positions in the file), otherwise in file order.
 */
import type { Election } from './ballots.js';
import { present } from './checked.js';
import { tieOrderFrom, type OptionValues } from './options.js';

/** A comparator over candidate indexes for sorting candidates elected together. */
export function listingOrder(opts: OptionValues, election: Election): (a: number, b: number) => number {
  const names = election.candidates.map((c) => c.name);
  const declared: readonly number[] =
    opts.tieBreak !== 'order' ? [] : typeof opts.tieOrder === 'string' ? tieOrderFrom(opts.tieOrder, election, '--tie-order') : (election.tieOrder ?? []);
  const pos = names.map((_, c) => (declared.includes(c) ? declared.indexOf(c) : c));
  return (a, b) => present(pos[a], 'a candidate’s listing place') - present(pos[b], 'a candidate’s listing place');
}
