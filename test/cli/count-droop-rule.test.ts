// `hustings count <file.blt>` with no --method: a BLT file's [droop …] line names the rule, as Droop reads it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hustingsInProcess } from './in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-droop-rule-'));

/** Eleven ballots for two seats: A 5 (then B), B 3, C 2, D 1 (then C). */
function blt(name: string, optionLine: string | null): string {
  const path = join(dir, name);
  const lines = ['4 2', ...(optionLine === null ? [] : [optionLine]), '5 1 2 0', '3 2 0', '2 3 0', '1 4 3 0', '0', '"A"', '"B"', '"C"', '"D"', '"Rule test"'];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('count with the rule named by the file', () => {
  // Minneapolis: threshold ⌊11 ÷ 3⌋ + 1 = 4. D 1 with A's surplus of 1 is not below C's 2: no certain losers. A is
  // elected and each of A's five papers moves on at 1 ÷ 5 = 0.2000, to B: B 3 + 1.0000 = 4.0000 reaches the threshold.
  it('[droop mpls] counts by stv-mpls, as --method stv-mpls does', async () => {
    const file = blt('mpls.blt', '[droop mpls]');
    const named = await hustingsInProcess('count', file);
    expect(named.status).toBe(0);
    expect(named.stdout).toBe((await hustingsInProcess('count', file, '--method', 'stv-mpls')).stdout);
    expect(named.stdout).toContain('[stv-mpls]');
    expect(named.stdout).toContain('2. Surplus of A (1.0000) transferred at a value of 0.2000; B elected (reached the quota, 4.0000).');
    const rule = await hustingsInProcess('count', blt('rule.blt', '[droop rule=mpls]'));
    expect(rule.stdout).toBe(named.stdout);
  });

  it('[droop meek] and [droop meek-prf] count by stv-meek with Droop’s settings, and --method still wins', async () => {
    const meek = blt('meek.blt', '[droop meek]');
    expect((await hustingsInProcess('count', meek)).stdout).toBe((await hustingsInProcess('count', meek, '--method', 'stv-meek')).stdout);
    const prf = blt('prf.blt', '[droop meek-prf]');
    expect((await hustingsInProcess('count', prf)).stdout).toBe((await hustingsInProcess('count', prf, '--method', 'stv-meek')).stdout);
    const irv = await hustingsInProcess('count', meek, '--method', 'stv-droop');
    expect(irv.status).toBe(0);
    expect(irv.stdout).not.toBe((await hustingsInProcess('count', meek)).stdout);
  });

  it('a file that names no rule Hustings counts, or none at all, still needs --method: exit 2', async () => {
    for (const file of [blt('wigm.blt', '[droop wigm]'), blt('plain.blt', null)]) {
      const r = await hustingsInProcess('count', file);
      expect(r.status, file).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('count needs --method (one of plurality,');
      expect(r.stderr).toContain('or a BLT file whose [droop] line names its rule, as [droop mpls]');
    }
  });
});
