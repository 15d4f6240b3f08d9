/**
 * The readers of vendors' cast-vote-record files that `count --rctab-config`
 * uses, by RCTab's provider name. Each reads to the contract in
 * src/formats/cvr/records.ts; a provider with no reader here is refused by name
 * when a configuration lists it.
 */
import type { CvrProvider } from '../formats/cvr/records.js';
import type { CvrSourceReader } from './rctab-count.js';

export const CVR_READERS: Partial<Record<CvrProvider, CvrSourceReader>> = {};
