/**
 * `hustings serve --demo` on a store that already holds a party serves it as
 * `hustings serve` would: production mode, no administrator made, no demo
 * accounts printed, no development outbox. Through the built command.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, MAIN, ROOT } from './built.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('serve-demo');
afterAll(() => tmp.cleanup());

/** Starts `hustings serve` with these arguments; resolves with everything it printed up to the line saying where it listens. */
async function serveUntilListening(args: readonly string[]): Promise<{ output: string; url: string; stop: () => Promise<void> }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('HUSTINGS_')) env[k] = v;
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d.toString('utf8');
      const m = /Hustings is running at (http:\/\/\S+?)[\s,]/.exec(output);
      if (m) resolve(m[1].replace(/[.)]+$/, ''));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`hustings serve exited (${code}) before listening:\n${output}`)));
  });
  const url = await listening;
  // Let the banner finish (it is written in one go after the line above).
  await new Promise((r) => setImmediate(r));
  return {
    output,
    url,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('hustings serve --demo on a store that already holds a party', () => {
  it('serves it as hustings serve would: production, no administrator, no outbox', async () => {
    ensureBuilt();
    const db = tmp.db('party.db');
    const filled = await hustingsIn(['demo', '--members', '300', '--seed', '3', '--now', '2024-06-01', '--db', db]);
    expect(filled.status, filled.stderr).toBe(0);
    const server = await serveUntilListening(['--demo', '--db', db]);
    try {
      expect(server.output).toContain('already holds a party');
      expect(server.output).toContain('(production)');
      expect(server.output).not.toContain('loading the demo party');
      expect(server.output).not.toMatch(/administrator/);
      expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
