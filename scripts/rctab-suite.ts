/**
 * Replays RCTab's own regression suite through `hustings count --rctab-config`
 * and compares each summary JSON with RCTab's expected one, field for field
 * (parsed JSON; only `config.generatedBy` is ignored, as it names the program),
 * and, where the contest is tabulated by precinct or batch, each precinct's and
 * batch's report in its "Tabulate by …" folder with the one Hustings writes.
 * The suite is not in this repository: point RCTAB_SUITE at RCTab's
 * src/test/resources/network/brightspots/rcv/test_data.
 *
 *   npm run build && RCTAB_SUITE=/path/to/test_data npx tsx scripts/rctab-suite.ts [part of a name]
 *
 * With an argument, only the contests whose folder name contains it are run.
 * Prints one line per contest (exact / differs at <field> / cannot run: <why>)
 * and the totals. Needs dist/ (it runs the built command, as a user would).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type Outcome = { kind: 'exact' } | { kind: 'differs'; where: string } | { kind: 'cannot run'; why: string };

type Json = unknown;

function sortActions(a: Json): Json {
  // RCTab lists a round's several winners in the order of an unordered set; compare them as a set.
  if (!Array.isArray(a)) return a;
  return [...a].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
}

/** The first path at which `got` and `want` differ, or null. */
export function firstDifference(got: Json, want: Json, path = '$'): string | null {
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${path}: expected a list`;
    const [g, w] = path.endsWith('.tallyResults') ? [sortActions(got) as Json[], sortActions(want) as Json[]] : [got, want];
    for (let i = 0; i < Math.max(g.length, w.length); i++) {
      if (i >= g.length) return `${path}[${i}]: missing (expected ${JSON.stringify(w[i]).slice(0, 120)})`;
      if (i >= w.length) return `${path}[${i}]: not expected (${JSON.stringify(g[i]).slice(0, 120)})`;
      const d = firstDifference(g[i], w[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (typeof want === 'object' && want !== null) {
    if (typeof got !== 'object' || got === null || Array.isArray(got)) return `${path}: expected an object`;
    const g = got as Record<string, Json>;
    const w = want as Record<string, Json>;
    for (const k of Object.keys(w)) {
      if (path === '$.config' && k === 'generatedBy') continue;
      if (!(k in g)) return `${path}.${k}: missing (expected ${JSON.stringify(w[k]).slice(0, 120)})`;
      const d = firstDifference(g[k], w[k], `${path}.${k}`);
      if (d) return d;
    }
    for (const k of Object.keys(g)) if (!(k in w)) return `${path}.${k}: not expected (${JSON.stringify(g[k]).slice(0, 120)})`;
    return null;
  }
  return got === want ? null : `${path}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

/** Runs one contest folder: its configuration through the built command, against its expected summaries. */
export function replayContest(dir: string, main: string): Outcome {
  const files = readdirSync(dir);
  const config = files.find((f) => f.endsWith('_config.json'));
  if (!config) return { kind: 'cannot run', why: 'no configuration in the folder' };
  const expected = files.filter((f) => f.endsWith('_expected_detailed_report.json') || f.endsWith('_expected_summary.json')).sort(byPass);
  if (expected.length === 0) return { kind: 'cannot run', why: 'RCTab expects no summary (a test of refusal or of other outputs)' };
  let out: string;
  try {
    out = execFileSync(process.execPath, [main, 'count', '--rctab-config', join(dir, config)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  } catch (e) {
    const err = e as { stderr?: string; status?: number };
    return { kind: 'cannot run', why: (err.stderr ?? String(e)).trim().split('\n')[0].slice(0, 240) };
  }
  const got = JSON.parse(out) as Json;
  const passes = expected.length === 1 ? [got] : Array.isArray(got) ? got : [got];
  if (passes.length !== expected.length) return { kind: 'differs', where: `${passes.length} summaries, expected ${expected.length}` };
  for (let i = 0; i < expected.length; i++) {
    const want = JSON.parse(readFileSync(join(dir, expected[i]), 'utf8')) as Json;
    const d = firstDifference(passes[i], want);
    if (d) return { kind: 'differs', where: `${expected.length > 1 ? `pass ${i + 1} ` : ''}${d}` };
  }
  return replaySlices(dir, config, main);
}

/** RCTab's expected reports by precinct and by batch, against the ones `--output-directory` writes. */
function replaySlices(dir: string, config: string, main: string): Outcome {
  const folders = ['Tabulate by Precinct', 'Tabulate by Batch'].filter((f) => existsSync(join(dir, f)));
  const wanted = folders.flatMap((folder) => readdirSync(join(dir, folder)).filter((f) => f.endsWith('_detailed_report.json')).map((f) => [folder, f] as const));
  if (wanted.length === 0) return { kind: 'exact' };
  const out = mkdtempSync(join(tmpdir(), 'hustings-rctab-slices-'));
  try {
    execFileSync(process.execPath, [main, 'count', '--rctab-config', join(dir, config), '--output-directory', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [folder, name] of wanted) {
      // RCTab's test names its files <test>_expected_<id>_<precinct|batch>_detailed_report.json; Hustings, <contest>_<id>_….
      const tail = name.slice(name.indexOf('_expected_') + '_expected_'.length);
      const ours = existsSync(join(out, folder)) ? readdirSync(join(out, folder)).find((f) => f.endsWith(`_${tail}`)) : undefined;
      if (ours === undefined) return { kind: 'differs', where: `${folder}/${tail}: not written` };
      const d = firstDifference(JSON.parse(readFileSync(join(out, folder, ours), 'utf8')), JSON.parse(readFileSync(join(dir, folder, name), 'utf8')));
      if (d) return { kind: 'differs', where: `${folder}/${tail} ${d}` };
    }
    return { kind: 'exact' };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function byPass(a: string, b: string): number {
  const n = (f: string): number => Number(/_(\d+)_expected_/.exec(f)?.[1] ?? 0);
  return n(a) - n(b);
}

export function replaySuite(suite: string, main: string, only = ''): { name: string; outcome: Outcome }[] {
  return readdirSync(suite, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.includes(only))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, outcome: replayContest(join(suite, name), main) }));
}

function mainScript(): void {
  const suite = process.env.RCTAB_SUITE;
  if (!suite || !existsSync(suite)) {
    process.stderr.write('Set RCTAB_SUITE to RCTab\'s test_data folder (src/test/resources/network/brightspots/rcv/test_data).\n');
    process.exit(2);
  }
  const main = resolve(import.meta.dirname, '..', 'dist', 'bin', 'main.js');
  const results = replaySuite(suite, main, process.argv[2] ?? '');
  const totals = { exact: 0, differs: 0, 'cannot run': 0 };
  for (const { name, outcome } of results) {
    totals[outcome.kind]++;
    const detail = outcome.kind === 'differs' ? `: ${outcome.where}` : outcome.kind === 'cannot run' ? `: ${outcome.why}` : '';
    process.stdout.write(`${name}  ${outcome.kind}${detail}\n`);
  }
  process.stdout.write(`\n${results.length} contests: ${totals.exact} exact, ${totals.differs} differ, ${totals['cannot run']} cannot run\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) mainScript();
