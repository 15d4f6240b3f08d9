/**
 * Runs a command as a child process and measures it from outside: wall clock
 * (from spawn to exit, so Node's own start-up is included, as a user would
 * feel it) and peak resident set size.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f … %M`), which reads the
 * child's rusage from wait4(): exact, and independent of what the child does.
 * Node cannot read a child's rusage itself, so without GNU time (e.g. macOS or
 * a slim container; on Debian/Ubuntu `apt-get install time`) we poll
 * /proc/<pid>/status for VmHWM, the kernel's own high-water mark, every 20 ms;
 * that can only miss growth in the last interval before exit. Elsewhere RSS is
 * reported as unknown.
 *
 * Every child runs in its own process group so a time limit kills it and
 * anything it started, and so does Ctrl-C on the bench.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type RssMethod = 'gnu-time' | 'proc-vmhwm' | 'none';

export interface RunResult {
  readonly argv: readonly string[];
  readonly wallMs: number;
  /** CPU time of the child (GNU time only). */
  readonly userMs: number | undefined;
  readonly sysMs: number | undefined;
  readonly maxRssBytes: number | undefined;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  /** The last few kilobytes of stderr. */
  readonly stderr: string;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  /** Send stdout to /dev/null instead of capturing it. */
  readonly discardStdout?: boolean;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const GNU_TIME = '/usr/bin/time';
const STDERR_KEEP = 8192;

let detected: RssMethod | undefined;

export function rssMethod(): RssMethod {
  if (detected !== undefined) return detected;
  if (existsSync(GNU_TIME)) {
    // BSD time has no -f; make sure this one is GNU time before relying on it.
    const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
    if (probe.status === 0 && /^\d+\s*$/m.test(probe.stderr)) return (detected = 'gnu-time');
  }
  if (process.platform === 'linux' && existsSync('/proc/self/status')) return (detected = 'proc-vmhwm');
  return (detected = 'none');
}

export function describeRssMethod(m: RssMethod): string {
  switch (m) {
    case 'gnu-time':
      return "peak RSS from GNU time (/usr/bin/time %M: the child's rusage ru_maxrss)";
    case 'proc-vmhwm':
      return 'peak RSS from /proc/<pid>/status VmHWM, polled every 20 ms (install GNU time for exact figures)';
    case 'none':
      return 'peak RSS unavailable on this platform (no GNU time, no /proc)';
  }
}

const live = new Set<number>();
let handlersInstalled = false;

function installCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const killAll = (): void => {
    for (const pid of live) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

function readVmHwm(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface TimeReport {
  userMs: number;
  sysMs: number;
  maxRssBytes: number;
  exitCode?: number;
  signal?: number;
}

/** Parses the -o file of `/usr/bin/time -f '%U %S %M'`, including GNU time's own status lines. */
function parseTimeReport(text: string): TimeReport | undefined {
  const lines = text.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
  if (!m) return undefined;
  const report: TimeReport = { userMs: Number(m[1]) * 1000, sysMs: Number(m[2]) * 1000, maxRssBytes: Number(m[3]) * 1024 };
  for (const line of lines) {
    const sig = /terminated by signal (\d+)/.exec(line);
    if (sig) report.signal = Number(sig[1]);
    const code = /exited with non-zero status (\d+)/.exec(line);
    if (code) report.exitCode = Number(code[1]);
  }
  return report;
}

const SIGNAL_NAMES: Record<number, string> = { 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

export function runMeasured(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  installCleanup();
  const method = rssMethod();
  const scratch = method === 'gnu-time' ? mkdtempSync(path.join(os.tmpdir(), 'hustings-bench-')) : undefined;
  const timeFile = scratch ? path.join(scratch, 'time.txt') : undefined;
  const full = timeFile ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...argv] : [...argv];
  const devNull = options.discardStdout ? openSync('/dev/null', 'w') : undefined;

  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
      detached: true,
    });
    const pid = child.pid;
    if (pid === undefined) {
      if (devNull !== undefined) closeSync(devNull);
      reject(new Error(`could not start ${argv[0]}`));
      return;
    }
    live.add(pid);
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString('utf8');
      if (err.length > 4 * STDERR_KEEP) err = err.slice(-STDERR_KEEP);
    });

    let hwm: number | undefined;
    const poll =
      method === 'proc-vmhwm'
        ? setInterval(() => {
            const v = readVmHwm(pid);
            if (v !== undefined) hwm = Math.max(hwm ?? 0, v);
          }, 20)
        : undefined;

    let timedOut = false;
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-pid, 'SIGKILL');
            } catch {
              // Exited meanwhile.
            }
          }, options.timeoutMs)
        : undefined;

    child.on('error', (e) => {
      live.delete(pid);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      live.delete(pid);
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (devNull !== undefined) closeSync(devNull);
      let report: TimeReport | undefined;
      if (timeFile && scratch) {
        try {
          report = parseTimeReport(readFileSync(timeFile, 'utf8'));
        } catch {
          // GNU time was killed before writing its report (time limit).
        }
        rmSync(scratch, { recursive: true, force: true });
      }
      let exitCode = code;
      let sig: string | null = signal;
      if (report?.signal !== undefined) {
        sig = SIGNAL_NAMES[report.signal] ?? `signal ${report.signal}`;
        exitCode = null;
      } else if (report?.exitCode !== undefined) exitCode = report.exitCode;
      resolve({
        argv,
        wallMs,
        userMs: report?.userMs,
        sysMs: report?.sysMs,
        maxRssBytes: report?.maxRssBytes ?? hwm,
        exitCode,
        signal: sig,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err.slice(-STDERR_KEEP),
      });
    });
  });
}

/** One line saying why a run did not succeed, or undefined if it did. */
export function failureOf(r: RunResult, limitMs?: number): string | undefined {
  if (r.timedOut) return `killed at the ${((limitMs ?? r.wallMs) / 1000).toFixed(0)} s time limit`;
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(r.stderr)) return 'ran out of memory (V8 heap limit)';
  if (r.signal) return `killed by ${r.signal}${r.signal === 'SIGKILL' ? ' (likely the kernel OOM killer)' : ''}`;
  if (r.exitCode !== 0) {
    const lastLine = r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
    return `exited with status ${r.exitCode}${lastLine ? `: ${lastLine.slice(0, 200)}` : ''}`;
  }
  return undefined;
}

/** The last line of a child's stdout, parsed as the JSON report every bench child prints. */
export function childReport<T>(r: RunResult): T | undefined {
  const last = r.stdout.trim().split('\n').filter(Boolean).slice(-1)[0];
  if (!last) return undefined;
  try {
    return JSON.parse(last) as T;
  } catch {
    return undefined;
  }
}
