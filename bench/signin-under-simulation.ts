/**
 * Sign-in latency while the largest simulation the democracy-review page
 * allows is running: the figure issue 10 asks for.
 *
 *   npm run build && npx tsx bench/signin-under-simulation.ts
 *
 * Starts the real server (`node dist/bin/main.js serve --port 0`) over an empty
 * SQLite store, asks for the simulation once, and while it runs makes
 * BENCH_SIGNINS sign-ins one after another, each the sign-in form (GET) and
 * the POST that asks for a code (each for another email address, so that the
 * limit of five codes per address does not refuse them). Prints each round's latency (p50 and max), how long
 * the simulation took and how many sign-ins were answered before it finished.
 * Settings (environment):
 *   BENCH_SIGNINS=20              sign-in rounds
 *   BENCH_SIMULATE_QUERY=…        the /simulate query (default: the largest the page allows, with a fresh seed)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, ROOT } from './context.js';
import { percentile } from './format.js';

const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 20);
// The most the page allows (src/web/server/simulate-routes.ts, WEB_LIMITS.work: 150 million branch draws) with as many units per
// constituency as the form takes: 550 runs × 1,000 constituencies × 271 draws each. Before the bound counted units, the red team's
// runs=2000 with the same shape was allowed; pass it in BENCH_SIMULATE_QUERY to measure that code.
const LARGEST = 'runs=550&constituencies=1000&branches=200-200&affiliated-branches=200-200&attendance=500-500';
const QUERY = process.env.BENCH_SIMULATE_QUERY ?? `${LARGEST}&seed=${Date.now() % 2 ** 32}`;

/** The environment without HUSTINGS_URL, so that the server's address is the port it picks, and with the request log quiet, so its lines do not fill the bench's report. */
function withoutUrl(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HUSTINGS_LOG_LEVEL: 'warn', ...process.env };
  delete env.HUSTINGS_URL;
  return env;
}

async function signIn(url: string, n: number): Promise<number> {
  const t0 = performance.now();
  const form = await fetch(`${url}/sign-in`);
  const cookie = form.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const sent = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: `nobody-${n}@example.org` }).toString(),
  });
  await sent.arrayBuffer();
  if (form.status !== 200 || sent.status !== 303) throw new Error(`sign-in answered ${form.status} then ${sent.status}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hustings-bench-signin-'));
  const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', `sqlite:${path.join(dir, 'bench.db')}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: withoutUrl(),
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at (http:\/\/\S+?) /.exec(out);
        if (m) resolve(m[1]);
      });
      server.once('exit', (code) => reject(new Error(`the server stopped (${code}) before listening:\n${out}`)));
    });
    await signIn(url, SIGNINS); // warm up: the first request loads the pages' code
    let simulated: { status: number; ms: number } | null = null;
    const t0 = performance.now();
    const simulation = fetch(`${url}/simulate?${QUERY}`).then(async (r) => {
      await r.arrayBuffer();
      simulated = { status: r.status, ms: performance.now() - t0 };
    });
    const times: number[] = [];
    let before = 0;
    for (let i = 0; i < SIGNINS; i++) {
      times.push(await signIn(url, i));
      if (simulated === null) before++;
    }
    await simulation;
    const s = simulated as unknown as { status: number; ms: number };
    process.stdout.write(
      [
        `simulation: GET /simulate?${QUERY}`,
        `  answered ${s.status} after ${(s.ms / 1000).toFixed(2)} s`,
        `sign-ins (form + code request), ${SIGNINS} one after another while it ran:`,
        `  p50 ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms; ${before} of ${SIGNINS} answered before the simulation finished`,
        '',
      ].join('\n'),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
