/** Every counting rule, by the id `hustings count --method` uses. */
import type { Election } from '../ballots.js';
import type { CountMethod } from '../method.js';
import { OptionError, resolveOptions, type OptionValue, type OptionValues } from '../options.js';
import type { CountRecord } from '../record.js';
import { representationEffect } from '../representation.js';
import { plurality } from './plurality.js';
import { blockVote } from './block.js';
import { irv } from './irv.js';
import { scottishStv } from './stv-scottish.js';
import { ers97 } from './stv-ers97.js';
import { meek } from './stv-meek.js';
import { droopStv } from './stv-droop.js';
import { mplsStv } from './stv-mpls.js';
import { wigmStv } from './stv-wigm.js';

export const METHODS: readonly CountMethod[] = [plurality, blockVote, irv, scottishStv, ers97, meek, droopStv, mplsStv, wigmStv];

export function methodById(id: string): CountMethod {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new OptionError(`unknown method "${id}" (methods: ${METHODS.map((x) => x.id).join(', ')})`);
  return m;
}

/** Checks the options and counts: the one call most users of the library need. */
export function count(election: Election, methodId: string, options: Readonly<Record<string, OptionValue | undefined>> = {}): CountRecord {
  const method = methodById(methodId);
  return countResolved(method, election, resolveOptions(method.options, options, method.id));
}

/**
 * Counts with options already resolved. Under a minimum representation the
 * record also says whether the minimum changed who was elected (a second count
 * without it), so every rendering can state it.
 */
export function countResolved(method: CountMethod, election: Election, options: OptionValues): CountRecord {
  const record = method.count(election, options);
  if (!record.constraint) return record;
  return { ...record, constraint: { ...record.constraint, effect: representationEffect(method, election, options, record) } };
}
