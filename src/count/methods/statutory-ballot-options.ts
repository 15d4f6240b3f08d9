/**
 * The options of the STV counts that follow a published rule book (ERS97, Scottish STV). Both
 * rule books read preferences as the figures 1, 2, 3… each standing alone and taken in order
 * (ERS97 6.10 and 6.17; on a Scottish paper a repeated number ends the usable preferences), so by
 * default a skipped rank or a figure against two candidates ends the paper there.
 */
import { BALLOT_RULE_OPTIONS, REPRESENTATION_OPTION, SEATS_OPTION, STV_TIE_OPTIONS, type OptionSpec } from '../options.js';

const GAPLESS_BALLOT_OPTIONS: readonly OptionSpec[] = BALLOT_RULE_OPTIONS.map((o) => (o.name === 'maxSkippedRanks' ? { ...o, default: 0 } : o));

export const STATUTORY_STV_OPTIONS: readonly OptionSpec[] = [SEATS_OPTION, ...STV_TIE_OPTIONS, ...GAPLESS_BALLOT_OPTIONS, REPRESENTATION_OPTION];
