// RCTab's own regression suite, replayed through the built command when RCTAB_SUITE points at it (RCTab's
// src/test/resources/network/brightspots/rcv/test_data). The suite is RCTab's, not ours: it is read where it
// lies and never copied here. The figures (exact / differs / cannot run) are printed by scripts/rctab-suite.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaySuite } from '../../scripts/rctab-suite.js';
import { MAIN, ensureBuilt } from './built.js';

const SUITE = process.env.RCTAB_SUITE;
const haveSuite = !!SUITE && existsSync(SUITE);
if (!haveSuite) console.warn('[skip] RCTAB_SUITE is not set to RCTab’s test_data folder: RCTab’s regression suite is not replayed in this run.');

describe.skipIf(!haveSuite)("RCTab's regression suite", () => {
  beforeAll(() => ensureBuilt());

  it('runs every contest to an outcome, never to an internal error, and writes every report by precinct and by batch RCTab expects, its CSV reports too', async () => {
    const results = await replaySuite(SUITE!, MAIN);
    expect(results.length).toBeGreaterThan(0);
    for (const { name, outcome } of results) {
      if (outcome.kind === 'cannot run') expect(outcome.why, name).not.toMatch(/internal error/);
      // A contest tabulated by precinct or batch is compared report by report (scripts/rctab-suite.ts).
      if (['Tabulate by Precinct', 'Tabulate by Batch'].some((f) => existsSync(join(SUITE!, name, f)))) expect(outcome, name).toEqual({ kind: 'exact' });
    }
    // A contest whose summary JSON is exact is compared CSV report by CSV report too (scripts/rctab-suite.ts):
    // no report may differ, nor be missing, once the count agrees.
    for (const { name, outcome } of results) if (outcome.kind === 'differs') expect(outcome.where, name).not.toMatch(/_report\.csv /);
    console.info(`RCTab suite: ${results.filter((r) => r.outcome.kind === 'exact').length} of ${results.length} contests exact`);
  }, 600_000);
});
