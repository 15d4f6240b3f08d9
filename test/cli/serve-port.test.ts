/**
 * `hustings serve` (what `npm start` runs) on a port: a busy one is a one-line
 * usage error naming --port and PORT, never "internal error" with a stack
 * trace; PORT is honoured, and --port beats it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, ROOT, ensureBuilt, hustings } from './built.js';

let dir: string;
let busy: Server;
let busyPort: number;

function listenAnywhere(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** A port nothing listens on just now: one the system picked, released again. */
async function freePort(): Promise<number> {
  const s = await listenAnywhere();
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hustings-serve-port-'));
  busy = await listenAnywhere();
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => busy?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts `hustings serve` and resolves with the address it says it runs at; the caller stops it. */
function startServe(args: readonly string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const base = { ...process.env };
  // The banner shows the public address, which is where it listens unless HUSTINGS_URL says otherwise.
  delete base.HUSTINGS_URL;
  const child = spawn(process.execPath, [MAIN, 'serve', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+) \(/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve stopped (${code}) before listening: ${out}${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('hustings serve on a busy port', () => {
  it('says in one line that the port is in use and how to choose another, exit status 2', () => {
    const r = hustings(['serve', '--port', String(busyPort), '--db', `sqlite:${join(dir, 'a.db')}`]);
    expect(r.stderr).toBe(`hustings: port ${busyPort} is already in use; choose another with --port N (or PORT=N)\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('takes the port from PORT when --port is not given', () => {
    const r = hustings(['serve', '--db', `sqlite:${join(dir, 'b.db')}`], { PORT: String(busyPort) });
    expect(r.stderr).toBe(`hustings: port ${busyPort} is already in use; choose another with --port N (or PORT=N)\n`);
    expect(r.status).toBe(2);
  });

  it('refuses a PORT that is not a port, naming it', () => {
    const r = hustings(['serve', '--db', `sqlite:${join(dir, 'c.db')}`], { PORT: 'eighty' });
    expect(r.stderr).toBe('hustings: PORT must be a whole number from 0 to 65535, not "eighty"\n');
    expect(r.status).toBe(2);
  });
});

describe('hustings serve’s limits', () => {
  it('refuses a limit that is not one, naming the flag or the variable it came from', () => {
    const db = `sqlite:${join(dir, 'e.db')}`;
    const flag = hustings(['serve', '--request-timeout', 'soon', '--db', db]);
    expect(flag.stderr).toBe('hustings: --request-timeout must be a number of seconds above 0 up to 3,600, not "soon"\n');
    expect(flag.status).toBe(2);
    const env = hustings(['serve', '--db', db], { HUSTINGS_MAX_CONNECTIONS: '0' });
    expect(env.stderr).toBe('hustings: HUSTINGS_MAX_CONNECTIONS must be a whole number from 1 up to 1,000,000, not "0"\n');
    expect(env.status).toBe(2);
    const order = hustings(['serve', '--headers-timeout', '40', '--db', db], { HUSTINGS_REQUEST_TIMEOUT: '20' });
    expect(order.stderr).toBe('hustings: the headers timeout (40 s) must not be longer than the request timeout (20 s), which includes it\n');
    expect(order.status).toBe(2);
    const workers = hustings(['serve', '--db', db], { HUSTINGS_SIMULATE_WORKERS: 'lots' });
    expect(workers.stderr).toBe('hustings: HUSTINGS_SIMULATE_WORKERS must be a whole number from 1 to 64, not "lots"\n');
    expect(workers.status).toBe(2);
  });
});

describe('hustings serve on a free port', () => {
  it('listens at PORT, and --port beats PORT', async () => {
    const port = await freePort();
    const fromEnv = await startServe(['--db', `sqlite:${join(dir, 'd.db')}`], { PORT: String(port) });
    try {
      expect(fromEnv.url).toBe(`http://localhost:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/sign-in`)).status).toBe(200);
    } finally {
      await stop(fromEnv.child);
    }
    const other = await freePort();
    const fromFlag = await startServe(['--port', String(other), '--db', `sqlite:${join(dir, 'd.db')}`], { PORT: String(busyPort) });
    try {
      expect(fromFlag.url).toBe(`http://localhost:${other}`);
      expect((await fetch(`http://127.0.0.1:${other}/sign-in`)).status).toBe(200);
    } finally {
      await stop(fromFlag.child);
    }
  });
});
