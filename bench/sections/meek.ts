/** Meek STV, 9 seats, 30 candidates, 200,000 ballots: Hustings beside meeks-prf-js on the same BLT file. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { childReport } from '../measure.js';
import { DATA_DIR, packageVersion, progress, ROOT, runChild, runHustings, urcvtWinners, type Settings, type UrcvtLike } from '../context.js';
import { count, megabytes, ratio, seconds, table } from '../format.js';
import { meekBlt, type Generated } from '../generate.js';
import type { PeerReport } from '../peers/read.js';
import { cpuOf, measured, repeated, sameSet, type Repeated } from './common.js';
import type { PeerRun } from './irv.js';

export const MEEK_SEED = 20240602;
export const MEEK_BALLOTS = 200_000;
const SEATS = 9;
/** Repeat the Hustings run while the runs so far took less than this, so a slow count is not run three times. */
const REPEAT_BUDGET_MS = 20_000;

export interface MeekResult {
  readonly input: Generated;
  readonly hustings: Repeated;
  readonly hustingsOptions: Record<string, unknown> | undefined;
  readonly winners: string[] | undefined;
  /** Each candidate's vote in the last round they appear in Hustings's URCVT output. */
  readonly lastTally: Record<string, string>;
  readonly peer: PeerRun & { readonly name: string; readonly version: string };
}

/** The defaults stv-meek counts with, read from the compiled registry so the report states what was compared. */
async function meekDefaults(): Promise<Record<string, unknown> | undefined> {
  try {
    const lib = (await import(pathToFileURL(path.join(ROOT, 'dist/count/index.js')).href)) as typeof import('../../src/count/index.js');
    const m = lib.methodById('stv-meek');
    return Object.fromEntries(m.options.filter((o) => ['precision', 'omega', 'defeatBatch', 'tieBreak'].includes(o.name)).map((o) => [o.name, o.default]));
  } catch {
    return undefined;
  }
}

export async function meek(s: Settings): Promise<MeekResult> {
  progress(`generating the Meek input in ${path.relative(ROOT, DATA_DIR)}/ (reused when present)`);
  const input = meekBlt(DATA_DIR, MEEK_BALLOTS, MEEK_SEED);
  const args = ['count', input.path, '--method', 'stv-meek', '--format', 'urcvt'];
  const runs = [];
  let stdout = '';
  let spent = 0;
  for (let i = 0; i < s.reps && (i === 0 || spent < REPEAT_BUDGET_MS); i++) {
    progress(`hustings count --method stv-meek on ${count(input.ballots)} ballots (run ${i + 1})`);
    const r = await runHustings(args);
    if (i === 0) stdout = r.stdout;
    runs.push(measured(r));
    spent += r.wallMs;
  }
  const hustings = repeated(runs);
  const winners = hustings.failure === undefined ? urcvtWinners(stdout) : undefined;
  const lastTally: Record<string, string> = {};
  try {
    for (const round of (JSON.parse(stdout) as UrcvtLike).results ?? []) Object.assign(lastTally, round.tally ?? {});
  } catch {
    // No URCVT output: the failure is reported from `hustings.failure`.
  }
  progress(`meeks-prf-js on ${count(input.ballots)} ballots (limit ${seconds(s.peerLimitMs)})`);
  const r = await runChild('peers/meeks-prf.ts', [input.path], { timeoutMs: s.peerLimitMs, heapMb: s.peerHeapMb });
  const m = measured(r, s.peerLimitMs);
  const report = m.failure === undefined ? childReport<PeerReport>(r) : undefined;
  const peer = { ...m, ...(report ? { report } : {}), name: 'meeks-prf-js', version: packageVersion('meeks-prf-js') };
  return { input, hustings, hustingsOptions: await meekDefaults(), winners, lastTally, peer };
}

export function renderMeek(res: MeekResult): string {
  const { input, hustings, peer } = res;
  const lines = [
    `Meek STV · ${SEATS} seats · ${res.input.candidates.length} candidates · ${count(input.ballots)} ballots · BLT, ${(input.bytes / 1e6).toFixed(1)} MB`,
    `  input: ${path.relative(ROOT, input.path)} (seed ${MEEK_SEED}; ${input.reused ? 'reused' : `generated in ${seconds(input.ms)}`}), one ballot per line`,
    `  Hustings: node dist/bin/main.js count <file> --method stv-meek --format urcvt (defaults: ${
      res.hustingsOptions
        ? Object.entries(res.hustingsOptions)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ')
        : '?'
    }; median of ${hustings.runs.length})`,
    `  meeks-prf-js: Meek.tabulate(…) with its defaults (PRF reference rule: 9 decimal places, omega 10^-6, one defeat per round)`,
    '',
  ];
  const rows = [
    [
      'hustings (CLI, end to end)',
      hustings.failure ?? seconds(hustings.medianWallMs),
      seconds(hustings.medianCpuMs),
      megabytes(hustings.maxRssBytes),
      '1×',
      '1×',
      '—',
    ],
    [
      `${peer.name} ${peer.version}`,
      peer.failure ?? seconds(peer.wallMs),
      peer.failure ? '—' : seconds(cpuOf(peer)),
      peer.timedOut ? '—' : megabytes(peer.maxRssBytes),
      peer.timedOut ? ratio(peer.wallMs, hustings.medianWallMs, '> ') : peer.failure ? '—' : ratio(peer.wallMs, hustings.medianWallMs),
      peer.timedOut ? '—' : ratio(peer.maxRssBytes, hustings.maxRssBytes, peer.failure ? '≥ ' : ''),
      peer.report ? `${seconds(peer.report.readMs)} + ${seconds(peer.report.countMs)}` : '—',
    ],
  ];
  lines.push(table(['run', 'wall', 'CPU', 'peak RSS', 'time ÷ H', 'RSS ÷ H', 'read + count (in-process)'], rows));
  lines.push('');
  const hw = res.winners;
  const pw = peer.report?.winners;
  lines.push(`  Hustings elects: ${hw ? hw.join(', ') : '? (no URCVT output)'}`);
  if (pw === undefined) {
    lines.push(`  ${peer.name}: no result (${peer.failure ?? 'printed nothing'})`);
  } else if (hw === undefined) {
    lines.push(`  ${peer.name} elects: ${pw.join(', ')}; nothing to compare it with`);
  } else if (sameSet(hw, pw)) {
    lines.push(`  ${peer.name} elects the same ${pw.length}: agreement YES`);
  } else {
    lines.push(`  ${peer.name} elects: ${pw.join(', ')}`, '  agreement NO:');
    const onlyH = hw.filter((c) => !pw.includes(c));
    const onlyP = pw.filter((c) => !hw.includes(c));
    for (const c of [...onlyH, ...onlyP]) {
      lines.push(
        `    ${c}: elected by ${onlyH.includes(c) ? 'Hustings' : peer.name} only; Hustings last vote ${res.lastTally[c] ?? '—'}; ${peer.name}: ${peer.report?.detail?.[c] ?? '—'}`,
      );
    }
    lines.push(
      '    Both count to 9 decimal places with omega 10^-6 by default, but they round at different points (Droop/Algorithm 123 vs the PRF' +
        ' reference rule) and Hustings defeats batches of sure losers (--defeat-batch safe) where the PRF rule defeats one per round:' +
        ' a close margin between the candidates above can flip on either. Re-run Hustings with --defeat-batch none and more --precision to see which.',
    );
  }
  return lines.join('\n');
}
