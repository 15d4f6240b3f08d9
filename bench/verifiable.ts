/**
 * Issue 15's encrypted elections, end to end, beside Belenios:
 *   - Hustings (bench/children/verifiable.ts, one child per N and C): key generation 3 of 5, N ballots
 *     of C candidates encrypted and signed, 3 mixers each shuffling and proving, threshold decryption
 *     by 3 trustees, the shares combined and decoded, the count, the full verification; CPU time per
 *     phase and per ballot, and the child's peak memory;
 *   - Belenios (Debian's belenios-tool, bench/belenios-election.sh) at BENCH_VERIFIABLE_BELENIOS
 *     ballots: a ranked (non-homomorphic) question, 3 trustees with threshold 2, with the CPU time per
 *     ballot of each phase, and the ratio Hustings/Belenios per phase (below 1: Hustings is faster).
 *     The set-up installs belenios-tool (apt-get) when it is absent and the bench runs as root; it
 *     skips Belenios with a notice where it cannot.
 *   - the server's close-to-declared time for an internal election of BENCH_VERIFIABLE_CEREMONY ballots
 *     (bench/children/verifiable-ceremony.ts: its use cases on SQLite, the trustees' commands).
 * Settings (environment):
 *   BENCH_VERIFIABLE_BALLOTS=1000          N for Hustings, one run per N and C
 *   BENCH_VERIFIABLE_CANDIDATES=10,30      C
 *   BENCH_VERIFIABLE_NATIONAL=1            also the national runs: 100,000 ballots of each C (an hour or more each)
 *   BENCH_VERIFIABLE_BELENIOS=1000         N for Belenios (0: skip it)
 *   BENCH_VERIFIABLE_CEREMONY=1000         ballots of the election closed and declared through the server (0: skip it)
 *   BENCH_VERIFIABLE_LIMIT_S=7200          time limit per run
 * Alone: `npx tsx bench/verifiable.ts` (after npm run build; the figures also go to bench/.data/verifiable.json).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBench } from './compile.js';
import { BENCH_DIR, DATA_DIR, JS_DIR, progress, ROOT, runChild } from './context.js';
import { count, megabytes, seconds, table } from './format.js';
import { runMeasured } from './measure.js';

function list(name: string, fallback: string): number[] {
  const raw = process.env[name] ?? fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`${name} must be whole numbers separated by commas, not "${raw}"`);
  return values;
}

/** Milliseconds of each phase of an encrypted election. */
export interface EncryptedPhases {
  readonly keysMs: number;
  readonly ballotsMs: number;
  readonly mixMs: readonly number[];
  readonly decryptionMs: readonly number[];
  readonly combinationMs: number;
  readonly countMs: number;
  readonly verifyMs: number;
}

/** A run's phases in CPU time, and in wall time under `wall`. */
export interface HustingsEncryptedRun extends EncryptedPhases {
  readonly ballots: number;
  readonly candidates: number;
  readonly wall: EncryptedPhases;
  readonly verified: boolean;
  readonly failures: readonly string[];
  readonly boardBytes: number;
  readonly peakRssBytes: number;
  readonly wallMs: number;
}

export interface BeleniosRun {
  readonly ballots: number;
  readonly candidates: number;
  /** CPU ms of each phase of bench/belenios-election.sh. */
  readonly phases: Readonly<Record<string, number>>;
  readonly verified: boolean;
  readonly wallMs: number;
}

/** The server's close-to-declared run (bench/children/verifiable-ceremony.ts). */
export interface CeremonyRun {
  /** The ballots asked for, and those cast (no more than the demo election's electorate allows). */
  readonly asked: number;
  readonly ballots: number;
  readonly candidates: number;
  readonly steps: readonly { readonly step: string; readonly wallMs: number; readonly cpuMs: number }[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssBytes: number;
}

export interface VerifiableResult {
  /** The one-minute load average when the section started (the machine is shared). */
  readonly load: number;
  readonly ceremony?: CeremonyRun | { readonly ballots: number; readonly failure: string };
  readonly hustings: readonly (HustingsEncryptedRun | { readonly ballots: number; readonly candidates: number; readonly failure: string })[];
  readonly belenios: readonly BeleniosRun[];
  /** Why Belenios was not run, when it was not. */
  readonly beleniosSkipped?: string;
  readonly beleniosVersion?: string;
}

/** belenios-tool's version, installing it first when it is absent and we may (root, apt-get); or why not. */
function beleniosTool(): { version: string } | { skipped: string } {
  const probe = () => spawnSync('belenios-tool', ['--version'], { encoding: 'utf8' });
  let found = probe();
  if (found.error) {
    if (process.getuid?.() !== 0)
      return { skipped: 'belenios-tool is not installed, and the bench is not running as root to install it (apt-get install belenios-tool)' };
    progress('verifiable: installing belenios-tool (apt-get install -y belenios-tool)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let install = spawnSync('apt-get', ['install', '-y', 'belenios-tool'], { encoding: 'utf8', env });
    if (install.status !== 0) {
      spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
      install = spawnSync('apt-get', ['install', '-y', 'belenios-tool'], { encoding: 'utf8', env });
    }
    found = probe();
    if (found.error) return { skipped: `belenios-tool could not be installed: ${(install.stderr || install.stdout || '').trim().split('\n').slice(-1)[0]}` };
  }
  return { version: found.stdout.trim() };
}

async function hustingsRun(ballots: number, candidates: number, limitMs: number): Promise<VerifiableResult['hustings'][number]> {
  progress(`verifiable: Hustings, ${count(ballots)} ballots of ${candidates} candidates`);
  const heapMb = Math.min(16384, Math.floor((os.totalmem() / 2 ** 20) * 0.75));
  const r = await runChild('children/verifiable.ts', [ROOT, String(ballots), String(candidates)], { timeoutMs: limitMs, heapMb });
  const last = r.stdout.trim().split('\n').filter(Boolean).slice(-1)[0];
  if (r.exitCode !== 0 || last === undefined) {
    const why = r.timedOut
      ? `killed at the ${(limitMs / 1000).toFixed(0)} s limit`
      : `exited with ${r.exitCode ?? r.signal}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
    return { ballots, candidates, failure: why };
  }
  const report = JSON.parse(last) as Omit<HustingsEncryptedRun, 'wallMs'>;
  return { ...report, peakRssBytes: Math.max(report.peakRssBytes, r.maxRssBytes ?? 0), wallMs: r.wallMs };
}

async function beleniosRun(ballots: number, candidates: number, limitMs: number): Promise<BeleniosRun | string> {
  progress(`verifiable: Belenios, ${count(ballots)} ballots of ${candidates} candidates (some minutes)`);
  const dir = path.join(DATA_DIR, `belenios-${ballots}-${candidates}`);
  const r = await runMeasured(['bash', path.join(BENCH_DIR, 'belenios-election.sh'), dir, String(ballots), String(candidates)], { timeoutMs: limitMs });
  rmSync(dir, { recursive: true, force: true });
  const phases: Record<string, number> = {};
  for (const m of r.stdout.matchAll(/^phase (\S+) (\d+)$/gm)) phases[m[1]!] = Number(m[2]);
  if (r.exitCode !== 0 || !/^verified /m.test(r.stdout))
    return `belenios-election.sh failed (${r.timedOut ? 'time limit' : `status ${r.exitCode}`}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
  return { ballots, candidates, phases, verified: /^verified yes$/m.test(r.stdout), wallMs: r.wallMs };
}

async function ceremonyRun(ballots: number, limitMs: number): Promise<NonNullable<VerifiableResult['ceremony']>> {
  progress(`verifiable: the server from close to declared result, an internal election of ${count(ballots)} ballots (set-up not timed)`);
  const r = await runChild('children/verifiable-ceremony.ts', [ROOT, String(ballots), path.join(DATA_DIR, 'verifiable-ceremony')], { timeoutMs: limitMs });
  const last = r.stdout.trim().split('\n').filter(Boolean).slice(-1)[0];
  if (r.exitCode !== 0 || last === undefined)
    return { ballots, failure: r.timedOut ? 'time limit' : `exited with ${r.exitCode ?? r.signal}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
  return JSON.parse(last) as CeremonyRun;
}

export async function verifiable(): Promise<VerifiableResult> {
  const load = os.loadavg()[0]!;
  const sizes = list('BENCH_VERIFIABLE_BALLOTS', '1000');
  const candidates = list('BENCH_VERIFIABLE_CANDIDATES', '10,30');
  const national = process.env.BENCH_VERIFIABLE_NATIONAL === '1';
  const beleniosN = list('BENCH_VERIFIABLE_BELENIOS', '1000')[0] ?? 0;
  const ceremonyN = list('BENCH_VERIFIABLE_CEREMONY', '1000')[0] ?? 0;
  const limitMs = (list('BENCH_VERIFIABLE_LIMIT_S', '7200')[0] ?? 7200) * 1000;
  const hustings: VerifiableResult['hustings'][number][] = [];
  for (const n of sizes.filter((x) => x > 0)) for (const c of candidates) hustings.push(await hustingsRun(n, c, limitMs));
  if (national) for (const c of candidates) hustings.push(await hustingsRun(100_000, c, limitMs));
  const ceremony = ceremonyN === 0 ? undefined : await ceremonyRun(ceremonyN, limitMs);
  const base = { load, hustings, ...(ceremony === undefined ? {} : { ceremony }) };
  if (beleniosN === 0) return { ...base, belenios: [], beleniosSkipped: 'BENCH_VERIFIABLE_BELENIOS=0' };
  const tool = beleniosTool();
  if ('skipped' in tool) {
    progress(`verifiable: Belenios skipped: ${tool.skipped}`);
    return { ...base, belenios: [], beleniosSkipped: tool.skipped };
  }
  const belenios: BeleniosRun[] = [];
  for (const c of candidates) {
    const run = await beleniosRun(beleniosN, c, limitMs);
    if (typeof run === 'string') return { ...base, belenios, beleniosSkipped: run, beleniosVersion: tool.version };
    belenios.push(run);
  }
  return { ...base, belenios, beleniosVersion: tool.version };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const perBallot = (ms: number, n: number) => `${(ms / n).toFixed(ms / n < 1 ? 3 : 2)} ms`;

/** The phases Hustings and Belenios share, each as CPU per ballot (key generation: in all). */
function comparable(h: HustingsEncryptedRun, b: BeleniosRun): [string, number, number, boolean][] {
  const p = b.phases;
  const at = (k: string) => p[k] ?? 0;
  return [
    ['key generation (in all, not per ballot)', h.keysMs, at('keys'), false],
    ['a ballot encrypted, proved and signed', h.ballotsMs / h.ballots, at('ballots') / b.ballots, true],
    ['a shuffle and its proof, per mixer', mean(h.mixMs) / h.ballots, mean([at('shuffle-1'), at('shuffle-2')]) / b.ballots, true],
    ["a trustee's decryption shares and proofs", mean(h.decryptionMs) / h.ballots, mean([at('decrypt-2'), at('decrypt-3')]) / b.ballots, true],
    ['shares combined and decoded, counted', (h.combinationMs + h.countMs) / h.ballots, at('result') / b.ballots, true],
    ['full verification', h.verifyMs / h.ballots, at('verify') / b.ballots, true],
  ];
}

export function renderVerifiable(r: VerifiableResult): string {
  const out: string[] = [
    `Encrypted ranked ballots end to end (issue 15): 3 of 5 trustees, 3 mixes, decryption by 3; CPU time (user + system) and wall time · load average ${r.load.toFixed(2)} at the start (${os.cpus().length} cores)`,
  ];
  for (const h of r.hustings) {
    if ('failure' in h) {
      out.push(`  Hustings, ${count(h.ballots)} ballots of ${h.candidates} candidates: ${h.failure}`);
      continue;
    }
    const n = h.ballots;
    const w = h.wall;
    const rows: string[][] = [
      ['key generation (3 of 5)', seconds(h.keysMs), '—', seconds(w.keysMs)],
      ['ballots encrypted, proved, signed', seconds(h.ballotsMs), perBallot(h.ballotsMs, n), seconds(w.ballotsMs)],
      ...h.mixMs.map((ms, i) => [`mix ${i + 1}: shuffle and proof`, seconds(ms), perBallot(ms, n), seconds(w.mixMs[i] ?? 0)]),
      ...h.decryptionMs.map((ms, i) => [`trustee ${i + 1}: decryption shares`, seconds(ms), perBallot(ms, n), seconds(w.decryptionMs[i] ?? 0)]),
      ['shares combined, rankings decoded', seconds(h.combinationMs), perBallot(h.combinationMs, n), seconds(w.combinationMs)],
      ['count (IRV)', seconds(h.countMs), perBallot(h.countMs, n), seconds(w.countMs)],
      ['full verification', seconds(h.verifyMs), perBallot(h.verifyMs, n), seconds(w.verifyMs)],
    ];
    const closeWall = w.mixMs.reduce((a, b) => a + b, 0) + w.decryptionMs.reduce((a, b) => a + b, 0) + w.combinationMs + w.countMs + w.verifyMs;
    const closeToVerified = h.mixMs.reduce((a, b) => a + b, 0) + h.decryptionMs.reduce((a, b) => a + b, 0) + h.combinationMs + h.countMs + h.verifyMs;
    out.push(
      `  Hustings, ${count(n)} ballots of ${h.candidates} candidates: ${h.verified ? 'verified, and the decrypted rankings are the cast ones' : `NOT VERIFIED: ${h.failures.join('; ')}`}`,
      table(['phase', 'CPU', 'CPU per ballot', 'wall'], rows, '    '),
      `    close to verified result: ${seconds(closeToVerified)} CPU, ${seconds(closeWall)} wall · board ${megabytes(h.boardBytes)} of JSON · peak memory ${megabytes(h.peakRssBytes)} · the whole run ${seconds(h.wallMs)} wall`,
    );
  }
  const c = r.ceremony;
  if (c !== undefined && 'failure' in c) out.push(`  The server from close to declared result, ${count(c.ballots)} ballots: ${c.failure}`);
  else if (c !== undefined) {
    out.push(
      `  The server from close to declared result (SQLite; the mixes one after another in process, the three decryptions at once as three processes, as on the trustees' own machines), the demo party's national executive election, ${count(c.ballots)} ballots of ${c.candidates} candidates${c.ballots < c.asked ? ` (not the ${count(c.asked)} asked for: its electorate allows no more)` : ''}: ${perBallot(c.wallMs, c.ballots)} wall a ballot · wall ${seconds(c.wallMs)} · CPU ${seconds(c.cpuMs)} · peak memory ${megabytes(c.peakRssBytes)}`,
      table(
        ['step', 'wall', 'CPU'],
        c.steps.map((s) => [s.step, seconds(s.wallMs), seconds(s.cpuMs)]),
        '    ',
      ),
    );
  }
  if (r.beleniosSkipped !== undefined && r.belenios.length === 0) out.push(`  Belenios: skipped: ${r.beleniosSkipped}`);
  for (const b of r.belenios) {
    const h = r.hustings.find((x): x is HustingsEncryptedRun => !('failure' in x) && x.ballots === b.ballots && x.candidates === b.candidates);
    out.push(
      `  Belenios (belenios-tool ${r.beleniosVersion ?? '?'}, RFC-3526-2048 group, 3 trustees threshold 2 and the server's key, 2 shuffles), ${count(b.ballots)} ballots of ${b.candidates} ranked candidates: ${b.verified ? 'verified' : 'NOT VERIFIED'} · wall ${seconds(b.wallMs)}`,
    );
    if (h === undefined) {
      out.push(`    (no Hustings run at ${count(b.ballots)} ballots of ${b.candidates} to compare with)`);
      continue;
    }
    const rows = comparable(h, b).map(([phase, hu, be, per]) => [
      phase,
      per ? perBallot(hu, 1) : seconds(hu),
      per ? perBallot(be, 1) : seconds(be),
      be === 0 ? '—' : (hu / be).toFixed(3),
      be === 0 || hu === 0 ? '—' : `${(be / hu).toFixed(0)}×`,
    ]);
    out.push(table(['phase (CPU per ballot)', 'Hustings', 'Belenios', 'Hustings/Belenios', 'Hustings faster by'], rows, '    '));
  }
  if (r.beleniosSkipped !== undefined && r.belenios.length > 0) out.push(`  Belenios stopped: ${r.beleniosSkipped}`);
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  compileBench(BENCH_DIR, JS_DIR);
  const result = await verifiable();
  writeFileSync(path.join(DATA_DIR, 'verifiable.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(renderVerifiable(result) + '\n');
}
