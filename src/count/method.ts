/** What every counting rule module provides. */
import type { Election } from './ballots.js';
import type { OptionSpec, OptionValues } from './options.js';
import type { CountRecord } from './record.js';

export interface CountMethod {
  /** As used by `hustings count --method`. */
  readonly id: string;
  readonly name: string;
  /** One paragraph: what the rule is and where it is defined. */
  readonly summary: string;
  readonly multiSeat: boolean;
  readonly options: readonly OptionSpec[];
  /** Counts `election` with options already checked by `resolveOptions`. Pure: no I/O. */
  count(election: Election, options: OptionValues): CountRecord;
}
