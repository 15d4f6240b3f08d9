/**
 * `npm run bench`: the figures issue 2 asks for, measured in one run, printed
 * as tables on stdout and saved to bench/results.json. Progress goes to stderr.
 *
 * Order: the quick Hustings and floor runs first, then Scottish STV and Meek,
 * then the IRV peers, which are slow and time-limited. Settings (environment):
 *   BENCH_ONLY=irv,cdf,scotland,meek,party,casting,simulate,signin,results,outbox,verifiable   sections to run (party, casting, simulate, outbox, verifiable, national: see bench/party.ts, bench/casting.ts, bench/simulate.ts, bench/outbox.ts, bench/verifiable.ts, bench/national.ts for their settings; signin and results: bench/signin-under-simulation.ts and bench/results-page.ts)
 *   BENCH_NATIONAL=1               also the national ballot end to end (bench/national.ts; a quarter of an hour or more, so not by default; BENCH_ONLY=national runs it alone)
 *   BENCH_REPS=3                   timed repetitions of Hustings and the floor
 *   BENCH_PEER_LIMIT_S=120         time limit per peer run
 *   BENCH_PEER_HEAP_MB             V8 heap limit for peers (default min(4096, ½ RAM))
 *   BENCH_SCOTLAND_DIR             default ../shared/data/scotland
 *   BENCH_PEERS=0                  the IRV section without the npm tabulators (quick runs of Hustings against the floor)
 */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileBench } from './compile.js';
import { BENCH_DIR, CLI, JS_DIR, ROOT, progress, settings } from './context.js';
import { describeRssMethod, rssMethod } from './measure.js';
import { irvCore, irvPeers, renderIrv, type IrvCore, type PeerResult } from './sections/irv.js';
import { meek, renderMeek, type MeekResult } from './sections/meek.js';
import { party, renderParty, type PartyResult } from './party.js';
import { casting, renderCasting, type CastingResult } from './casting.js';
import { outbox, renderOutbox, type OutboxResult } from './outbox.js';
import { renderSimulate, simulate, type SimulateResult } from './simulate.js';
import { renderScript, resultsPage, signInUnderSimulation, type ScriptResult } from './hardening.js';
import { renderScotland, scotland, type ScotlandResult } from './sections/scotland.js';
import { cdf, renderCdf, type CdfResult } from './sections/cdf.js';
import { renderVerifiable, verifiable, type VerifiableResult } from './verifiable.js';
import { national, renderNational, type NationalResult } from './national.js';

const RESULTS = path.join(BENCH_DIR, 'results.json');

async function main(): Promise<number> {
  const s = settings();
  if (!existsSync(CLI)) {
    process.stderr.write(`bench: ${path.relative(ROOT, CLI)} is missing; run \`npm run bench\` (it builds first) or \`npm run build\`\n`);
    return 1;
  }
  const started = new Date();
  const t0 = performance.now();
  compileBench(BENCH_DIR, JS_DIR);

  const cpus = os.cpus();
  const machine = {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? '?',
    memoryBytes: os.totalmem(),
  };
  const method = rssMethod();
  // Wall times are only comparable on an otherwise idle machine; record how busy it was (the bench's own child adds about 1).
  const load: Record<string, number> = { start: os.loadavg()[0] };
  const results: Record<string, unknown> = {
    startedAt: started.toISOString(),
    machine,
    rssMethod: method,
    settings: { ...s, only: [...s.only] },
    loadAverage1m: load,
  };
  const save = (): void => writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');

  let core: IrvCore | undefined;
  let scot: ScotlandResult | undefined;
  let meekRes: MeekResult | undefined;
  let peers: PeerResult[] | undefined;
  let partyRes: PartyResult | undefined;
  let castingRes: CastingResult | undefined;
  let simulateRes: SimulateResult | undefined;
  let signinRes: ScriptResult | undefined;
  let resultsRes: ScriptResult | undefined;
  let outboxRes: OutboxResult | undefined;
  let verifiableRes: VerifiableResult | undefined;
  let cdfRes: CdfResult | undefined;
  let nationalRes: NationalResult | undefined;

  if (s.only.has('irv')) {
    load.irv = os.loadavg()[0];
    core = await irvCore(s);
    results.irv = core;
    save();
  }
  if (s.only.has('cdf')) {
    load.cdf = os.loadavg()[0];
    cdfRes = await cdf(s);
    results.cdf = cdfRes;
    save();
  }
  if (s.only.has('scotland')) {
    load.scotland = os.loadavg()[0];
    scot = await scotland(s);
    results.scotland = scot;
    save();
  }
  if (s.only.has('meek')) {
    load.meek = os.loadavg()[0];
    meekRes = await meek(s);
    results.meek = meekRes;
    save();
  }
  if (s.only.has('party')) {
    load.party = os.loadavg()[0];
    partyRes = await party();
    results.party = partyRes;
    save();
  }
  if (s.only.has('casting')) {
    load.casting = os.loadavg()[0];
    castingRes = await casting();
    results.casting = castingRes;
    save();
  }
  if (s.only.has('simulate')) {
    load.simulate = os.loadavg()[0];
    simulateRes = await simulate(s);
    results.simulate = simulateRes;
    save();
  }
  if (s.only.has('signin')) {
    load.signin = os.loadavg()[0];
    signinRes = signInUnderSimulation();
    results.signin = signinRes;
    save();
  }
  if (s.only.has('results')) {
    load.results = os.loadavg()[0];
    resultsRes = resultsPage();
    results.resultsPage = resultsRes;
    save();
  }
  if (s.only.has('outbox')) {
    load.outbox = os.loadavg()[0];
    outboxRes = await outbox();
    results.outbox = outboxRes;
    save();
  }
  if (s.only.has('verifiable')) {
    load.verifiable = os.loadavg()[0];
    verifiableRes = await verifiable();
    results.verifiable = verifiableRes;
    save();
  }
  if (s.only.has('national')) {
    load.national = os.loadavg()[0];
    nationalRes = await national();
    results.national = nationalRes;
    save();
  }
  if (core && s.peers) {
    load.irvPeers = os.loadavg()[0];
    peers = await irvPeers(core, s);
    results.irv = { ...core, peers };
  }
  load.end = os.loadavg()[0];
  const totalMs = performance.now() - t0;
  results.durationMs = totalMs;
  save();

  const out: string[] = [
    `Hustings benchmarks · ${started.toISOString()} · node ${machine.node} · ${machine.platform}`,
    `machine: ${machine.cpus} × ${machine.cpuModel} · ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM · ${describeRssMethod(method)}`,
    `wall = spawn to exit of a child process (Node start-up included) · CPU = user + system · MB = 10^6 bytes · peers: time limit ${(s.peerLimitMs / 1000).toFixed(0)} s, V8 heap ${s.peerHeapMb} MB`,
  ];
  const busiest = Math.max(...Object.values(load));
  out.push(
    `load average (1 min) as each part began: ${Object.entries(load)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')} (the bench's own child adds about 1)` +
      (busiest > Math.max(1.5, machine.cpus * 0.5)
        ? `\nWARNING: other processes were competing for the ${machine.cpus} CPUs at some point, so wall times there are inflated (CPU times much less so)`
        : ''),
    '',
  );
  if (core) out.push(renderIrv(core, peers, s), '');
  if (cdfRes) out.push(renderCdf(cdfRes), '');
  if (scot) out.push(renderScotland(scot), '');
  if (meekRes) out.push(renderMeek(meekRes), '');
  if (partyRes) out.push(renderParty(partyRes), '');
  if (castingRes) out.push(renderCasting(castingRes), '');
  if (simulateRes) out.push(renderSimulate(simulateRes), '');
  if (signinRes) out.push(renderScript('Sign-in while the largest allowed democracy-review simulation runs', signinRes), '');
  if (resultsRes) out.push(renderScript('Results page of a 100,000-ballot election, served from the kept count record', resultsRes), '');
  if (outboxRes) out.push(renderOutbox(outboxRes), '');
  if (verifiableRes) out.push(renderVerifiable(verifiableRes), '');
  if (nationalRes) out.push(renderNational(nationalRes), '');
  out.push(`bench took ${(totalMs / 1000).toFixed(0)} s; figures saved to ${path.relative(ROOT, RESULTS)}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    progress(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
