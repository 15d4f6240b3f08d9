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

  // The PR Foundation's WIGM: quota 11 ÷ 3 = 3.6666 (truncated) + 0.0001 = 3.6667. A's surplus 1.3333 moves each of
  // A's five papers on at 1.0000 × 1.3333 ÷ 5.0000 = 0.26666 → 0.2666: B 3 + 1.3330 = 4.3330, and 0.0003 is lost.
  it('[droop wigm-prf] and [droop rule=wigm-prf] count by stv-wigm at 4 places, as --method stv-wigm with them does', async () => {
    const file = blt('wigm-prf.blt', '[droop wigm-prf]');
    const named = await hustingsInProcess('count', file);
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('[stv-wigm]');
    expect(named.stdout).toContain('2. Surplus of A (1.3333) transferred at a value of 0.2666; 0.0003 lost to fractions; B elected');
    expect(named.stdout).toBe((await hustingsInProcess('count', file, '--method', 'stv-wigm', '--arithmetic', 'fixed', '--precision', '4')).stdout);
    expect((await hustingsInProcess('count', blt('rule-prf.blt', '[droop rule=wigm-prf]'))).stdout).toBe(named.stdout);
    const batch = blt('wigm-prf-batch.blt', '[droop wigm-prf-batch]');
    expect((await hustingsInProcess('count', batch)).stdout).toBe(
      (await hustingsInProcess('count', batch, '--method', 'stv-wigm', '--arithmetic', 'fixed', '--precision', '4', '--defeat-batch', 'sure')).stdout,
    );
  });

  it('[droop wigm] counts by stv-wigm in Droop’s guarded arithmetic, and [droop scotland] by stv-scottish', async () => {
    const wigm = blt('wigm.blt', '[droop wigm]');
    const generic = await hustingsInProcess('count', wigm);
    expect(generic.status).toBe(0);
    expect(generic.stdout).toContain('arithmetic guarded(18+9)');
    expect(generic.stdout).toBe((await hustingsInProcess('count', wigm, '--method', 'stv-wigm')).stdout);
    const scotland = blt('scotland.blt', '[droop scotland]');
    const scottish = await hustingsInProcess('count', scotland);
    expect(scottish.status).toBe(0);
    expect(scottish.stdout).toContain('[stv-scottish]');
    expect(scottish.stdout).toBe((await hustingsInProcess('count', scotland, '--method', 'stv-scottish')).stdout);
  });

  it('a [droop] word the rule does not take is refused at its line: exit 1, no result', async () => {
    const path = join(dir, 'wrong.blt');
    writeFileSync(path, '4 2\n[tie 1 2 3 4]\n[droop wigm-prf precision=6]\n5 1 2 0\n3 2 0\n0\n"A"\n"B"\n"C"\n"D"\n"Wrong"\n');
    const r = await hustingsInProcess('count', path);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `${path}:3: [droop]: the ballot file's [droop] option "precision=6" does not apply to the PR Foundation's reference WIGM rule (wigm-prf)`,
    );
    const scot = join(dir, 'wrong-scot.blt');
    writeFileSync(scot, '4 2\n[droop scotland]\n[droop precision=4]\n5 1 2 0\n0\n"A"\n"B"\n"C"\n"D"\n"Wrong"\n');
    const s = await hustingsInProcess('count', scot);
    expect(s.stderr).toContain(`${scot}:3: [droop]: the ballot file's [droop] option "precision=4" does not apply to Scottish STV (stv-scottish)`);
  });

  it('a file that names no rule Hustings counts, or none at all, still needs --method: exit 2', async () => {
    for (const file of [blt('cfer.blt', '[droop cfer]'), blt('plain.blt', null)]) {
      const r = await hustingsInProcess('count', file);
      expect(r.status, file).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('count needs --method (one of plurality,');
      expect(r.stderr).toContain('or a BLT file whose [droop] line names its rule, as [droop mpls]');
    }
  });
});
