/** What the counts that elect on most votes alone (plurality, block vote) do alike. */
import type { RecordBuilder } from '../record.js';
import type { TieBreaker } from '../ties.js';

/**
 * Elects the one of `top` (tied on most votes, more of them than seats left) that the tie rule
 * chooses, recording the tie; returns who was elected. The count is one stage, so there is no
 * earlier stage to break the tie on.
 */
export function electOneOfTied(top: readonly number[], ties: TieBreaker<bigint>, rb: RecordBuilder<bigint>, votesOf: (c: number) => bigint): number {
  const d = ties.choose(top, 'highest', 'election', []);
  rb.event({ type: 'tie', stage: 1, purpose: 'election', tied: top, chosen: d.chosen, rule: d.rule });
  rb.elect(d.chosen, 'most votes', votesOf(d.chosen));
  return d.chosen;
}
