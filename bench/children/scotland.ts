/**
 * Child script: counts every Scottish ward with the compiled library in this
 * one process, the way a program embedding `hustings/formats` and
 * `hustings/count` would, timing the read and the count of each ward.
 *
 * Arguments: the repository root (whose dist/ is imported, so compiled code is
 * what runs) and the data directory. Types come from src/, which dist/ is
 * built from, so this file type-checks before any build.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Formats = typeof import('../../src/formats/index.js');
type Count = typeof import('../../src/count/index.js');

export interface WardTiming {
  readonly ward: string;
  readonly candidates: number;
  readonly seats: number;
  readonly ballots: number;
  readonly stages: number;
  readonly readMs: number;
  readonly countMs: number;
  /** This process's CPU time (user + system) in each part: on a shared machine, what the wall time would be on a quiet one. */
  readonly readCpuMs: number;
  readonly countCpuMs: number;
  readonly error?: string;
}

export interface ScotlandReport {
  readonly wards: WardTiming[];
  readonly totalMs: number;
}

function bltFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return bltFiles(p);
      return e.name.toLowerCase().endsWith('.blt') ? [p] : [];
    })
    .sort();
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const [root, dataDir] = process.argv.slice(2);
  const formats = (await import(pathToFileURL(path.join(root, 'dist/formats/index.js')).href)) as Formats;
  const counting = (await import(pathToFileURL(path.join(root, 'dist/count/index.js')).href)) as Count;
  const wards: WardTiming[] = [];
  const t0 = performance.now();
  for (const file of bltFiles(dataDir)) {
    const ward = path.relative(dataDir, file);
    const a = performance.now();
    const cpuA = cpuMs();
    let b = a;
    let cpuB = cpuA;
    try {
      const election = await formats.readElectionFile(file);
      b = performance.now();
      cpuB = cpuMs();
      const record = counting.count(election, 'stv-scottish');
      const c = performance.now();
      const cpuC = cpuMs();
      wards.push({
        ward,
        candidates: election.candidates.length,
        seats: record.seats,
        ballots: Number(election.ballots.total),
        stages: record.stages.length,
        readMs: b - a,
        countMs: c - b,
        readCpuMs: cpuB - cpuA,
        countCpuMs: cpuC - cpuB,
      });
    } catch (e) {
      const c = performance.now();
      const cpuC = cpuMs();
      wards.push({
        ward,
        candidates: 0,
        seats: 0,
        ballots: 0,
        stages: 0,
        readMs: b - a,
        countMs: c - b,
        readCpuMs: cpuB - cpuA,
        countCpuMs: cpuC - cpuB,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  const report: ScotlandReport = { wards, totalMs: performance.now() - t0 };
  process.stdout.write(JSON.stringify(report) + '\n');
}

await main();
