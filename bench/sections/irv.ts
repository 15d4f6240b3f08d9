/**
 * IRV over a million CSV ballots, end to end through the real command line,
 * beside the floor (reading and splitting the file) and the npm tabulators a
 * user might pick instead, all on the same file.
 */
import path from 'node:path';
import { childReport, runMeasured } from '../measure.js';
import { DATA_DIR, packageVersion, progress, ROOT, runChild, runHustings, urcvtWinners, type Settings } from '../context.js';
import { count, megabytes, ratio, seconds, table } from '../format.js';
import { irvCsv, type Generated } from '../generate.js';
import type { PeerReport } from '../peers/read.js';
import { cpuOf, measured, repeated, type Measured, type Repeated } from './common.js';

export const IRV_SEED = 20240601;
export const IRV_BALLOTS = 1_000_000;
export const IRV_SUBSET = 100_000;
export const GOAL_MS = 1500;
export const GOAL_RSS_BYTES = 300e6;

const PEERS = [
  { name: 'votes', script: 'peers/votes.ts' },
  { name: 'election-js', script: 'peers/election-js.ts' },
  { name: 'caritat', script: 'peers/caritat.ts' },
] as const;

interface Scale {
  readonly input: Generated;
  readonly hustings: Repeated;
  readonly winners: string[] | undefined;
  readonly rounds: number | undefined;
  readonly floor: Repeated;
  readonly floorBytes: Repeated;
}

export interface IrvCore {
  readonly startup: Repeated;
  readonly full: Scale;
  readonly subset: Scale;
}

export interface PeerRun extends Measured {
  readonly report?: PeerReport;
}

export interface PeerResult {
  readonly name: string;
  readonly version: string;
  readonly full: PeerRun;
  readonly subset: PeerRun;
}

async function repeat(n: number, run: () => Promise<Measured>): Promise<Repeated> {
  const runs: Measured[] = [];
  for (let i = 0; i < n; i++) runs.push(await run());
  return repeated(runs);
}

async function scale(input: Generated, s: Settings): Promise<Scale> {
  const args = ['count', input.path, '--method', 'irv'];
  const label = `${count(input.ballots)} ballots`;
  progress(`hustings count --method irv --format csv on ${label}, ${s.reps}×`);
  const hustings = await repeat(s.reps, async () => measured(await runHustings([...args, '--format', 'csv'], { discardStdout: true })));
  // The winner comes from a separate, untimed run, so the timed ones write to /dev/null as a user piping the CSV would.
  const check = await runHustings([...args, '--format', 'urcvt']);
  const winners = check.exitCode === 0 ? urcvtWinners(check.stdout) : undefined;
  let rounds: number | undefined;
  try {
    rounds = check.exitCode === 0 ? ((JSON.parse(check.stdout) as { results?: unknown[] }).results?.length ?? undefined) : undefined;
  } catch {
    rounds = undefined;
  }
  progress(`floor (read + split) on ${label}, ${s.reps}×`);
  const floor = await repeat(s.reps, async () => measured(await runChild('children/floor.ts', [input.path])));
  const floorBytes = await repeat(s.reps, async () => measured(await runChild('children/floor-bytes.ts', [input.path])));
  return { input, hustings, winners, rounds, floor, floorBytes };
}

export async function irvCore(s: Settings): Promise<IrvCore> {
  progress(`generating IRV inputs in ${path.relative(ROOT, DATA_DIR)}/ (reused when present)`);
  const full = irvCsv(DATA_DIR, IRV_BALLOTS, IRV_SEED);
  const subset = irvCsv(DATA_DIR, IRV_SUBSET, IRV_SEED);
  progress(`node start-up, ${s.reps}×`);
  const startup = await repeat(s.reps, async () => measured(await runMeasured([process.execPath, '-e', '0'])));
  return { startup, full: await scale(full, s), subset: await scale(subset, s) };
}

async function peerRun(script: string, input: Generated, s: Settings): Promise<PeerRun> {
  const r = await runChild(script, [input.path], { timeoutMs: s.peerLimitMs, heapMb: s.peerHeapMb });
  const m = measured(r, s.peerLimitMs);
  const report = m.failure === undefined ? childReport<PeerReport>(r) : undefined;
  if (m.failure === undefined && report === undefined) return { ...m, failure: 'printed no result' };
  return { ...m, ...(report ? { report } : {}) };
}

export async function irvPeers(core: IrvCore, s: Settings): Promise<PeerResult[]> {
  const out: PeerResult[] = [];
  for (const p of PEERS) {
    progress(`${p.name} on ${count(core.subset.input.ballots)} ballots (limit ${seconds(s.peerLimitMs)}, heap ${s.peerHeapMb} MB)`);
    const subset = await peerRun(p.script, core.subset.input, s);
    progress(`${p.name} on ${count(core.full.input.ballots)} ballots (limit ${seconds(s.peerLimitMs)}, heap ${s.peerHeapMb} MB)`);
    const full = await peerRun(p.script, core.full.input, s);
    out.push({ name: p.name, version: packageVersion(p.name), full, subset });
  }
  return out;
}

function agrees(peer: PeerRun, winners: string[] | undefined): string {
  if (peer.failure !== undefined || peer.report === undefined) return '—';
  if (winners === undefined) return '? (no Hustings winner)';
  const w = peer.report.winners;
  if (w.length === 1 && winners.length === 1 && w[0] === winners[0]) return 'yes';
  return `NO (${w.join(' = ') || 'none'})`;
}

function phases(r: PeerReport | undefined): string {
  return r ? `${seconds(r.readMs)} + ${seconds(r.countMs)}` : '—';
}

export function renderIrv(core: IrvCore, peers: readonly PeerResult[] | undefined, s: Settings): string {
  const { full, subset } = core;
  const lines: string[] = [];
  const mb = (full.input.bytes / 1e6).toFixed(1);
  lines.push(
    `IRV · ${count(full.input.ballots)} ballots · ${full.input.candidates.length} candidates · up to 5 ranks · CSV rank columns, ${mb} MB`,
    `  input: ${path.relative(ROOT, full.input.path)} (seed ${IRV_SEED}; ${full.input.reused ? 'reused' : `generated in ${seconds(full.input.ms)}`}); ` +
      `the ${count(subset.input.ballots)}-ballot subset is its first ${count(subset.input.ballots)} rows`,
    `  Hustings: node dist/bin/main.js count <file> --method irv --format csv > /dev/null  (median of ${s.reps}; RSS = largest of the ${s.reps})`,
    `  winner: ${full.winners?.join(', ') ?? '? (could not read the URCVT output)'}${full.rounds !== undefined ? ` after ${full.rounds} rounds` : ''}`,
    '',
  );
  const header = ['run', 'ballots', 'wall', 'CPU', 'peak RSS', 'time ÷ H', 'RSS ÷ H', 'read + count (in-process)', 'winner / agrees'];
  const rows: string[][] = [];
  const hustingsRow = (sc: Scale): string[] => [
    'hustings (CLI, end to end)',
    count(sc.input.ballots),
    sc.hustings.failure ?? seconds(sc.hustings.medianWallMs),
    seconds(sc.hustings.medianCpuMs),
    megabytes(sc.hustings.maxRssBytes),
    '1×',
    '1×',
    '—',
    sc.winners?.join(', ') ?? '?',
  ];
  const floorRow = (label: string, f: Repeated, sc: Scale): string[] => [
    label,
    count(sc.input.ballots),
    seconds(f.medianWallMs),
    seconds(f.medianCpuMs),
    megabytes(f.maxRssBytes),
    ratio(f.medianWallMs, sc.hustings.medianWallMs),
    ratio(f.maxRssBytes, sc.hustings.maxRssBytes),
    '—',
    '—',
  ];
  const floorRows = (sc: Scale): string[][] => [
    floorRow('FLOOR: read + split lines, cells', sc.floor, sc),
    floorRow('raw bytes: scan for \\n and ,', sc.floorBytes, sc),
  ];
  const peerRow = (p: PeerResult, run: PeerRun, sc: Scale): string[] => [
    `${p.name} ${p.version}`,
    count(sc.input.ballots),
    run.failure ?? seconds(run.wallMs),
    run.failure ? '—' : seconds(cpuOf(run)),
    run.failure && run.timedOut ? '—' : megabytes(run.maxRssBytes),
    run.timedOut ? ratio(s.peerLimitMs, sc.hustings.medianWallMs, '> ') : run.failure ? '—' : ratio(run.wallMs, sc.hustings.medianWallMs),
    run.timedOut ? '—' : ratio(run.maxRssBytes, sc.hustings.maxRssBytes, run.failure ? '≥ ' : ''),
    phases(run.report),
    agrees(run, sc.winners),
  ];
  rows.push(hustingsRow(full), ...floorRows(full));
  rows.push([
    'node start-up alone (node -e 0)',
    '—',
    seconds(core.startup.medianWallMs),
    seconds(core.startup.medianCpuMs),
    megabytes(core.startup.maxRssBytes),
    ratio(core.startup.medianWallMs, full.hustings.medianWallMs),
    ratio(core.startup.maxRssBytes, full.hustings.maxRssBytes),
    '—',
    '—',
  ]);
  for (const p of peers ?? []) rows.push(peerRow(p, p.full, full));
  rows.push(hustingsRow(subset), ...floorRows(subset));
  for (const p of peers ?? []) rows.push(peerRow(p, p.subset, subset));
  lines.push(table(header, rows));
  lines.push('');

  const t = full.hustings.medianWallMs;
  const rss = full.hustings.maxRssBytes;
  const timeOk = full.hustings.failure === undefined && t <= GOAL_MS;
  const rssOk = rss !== undefined && rss <= GOAL_RSS_BYTES;
  const verdict = full.hustings.failure !== undefined ? `MISS (the count failed: ${full.hustings.failure})` : timeOk && rssOk ? 'PASS' : 'MISS';
  lines.push(
    `  Goal, ${count(full.input.ballots)} ballots end to end: ≤ ${seconds(GOAL_MS)} and ≤ ${megabytes(GOAL_RSS_BYTES)} → ${verdict}` +
      `  (time ${seconds(t)} ${timeOk ? 'PASS' : 'MISS'}; peak RSS ${megabytes(rss)} ${rss === undefined ? 'unmeasured' : rssOk ? 'PASS' : 'MISS'})`,
    `  Hustings ÷ FLOOR: time ${ratio(t, full.floor.medianWallMs)}, peak RSS ${ratio(rss, full.floor.maxRssBytes)}` +
      `  (at ${count(subset.input.ballots)}: time ${ratio(subset.hustings.medianWallMs, subset.floor.medianWallMs)});` +
      `  Hustings ÷ raw bytes: time ${ratio(t, full.floorBytes.medianWallMs)}`,
  );
  for (const p of peers ?? []) {
    const f = p.full;
    const sub = p.subset;
    const at1m = f.failure ? `${count(full.input.ballots)}: ${f.failure}` : `${count(full.input.ballots)}: ${ratio(f.wallMs, t)} Hustings's time`;
    const at100k = sub.failure
      ? `${count(subset.input.ballots)}: ${sub.failure}`
      : `${count(subset.input.ballots)}: ${ratio(sub.wallMs, subset.hustings.medianWallMs)}`;
    const note = f.report?.note ?? sub.report?.note;
    lines.push(`  ${p.name} ÷ Hustings: at ${at1m}; at ${at100k}${note ? `  [${note}]` : ''}`);
  }
  if (peers === undefined) lines.push('  (peers not run)');
  return lines.join('\n');
}
