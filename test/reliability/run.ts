/**
 * `npm run test:reliability [-- --small | --full] [vitest arguments…]`: the reliability runs
 * (vitest.reliability.config.ts) at the scale asked for. vitest refuses options it does not know,
 * so the scale is taken here: `--small` is CI's shorter run, the same as RELIABILITY_SCALE=small;
 * `--full`, the default, is the (a 10,000-ballot crash load, longer fuzzing). Anything
 * else goes to vitest as it is: a file to run one scenario, `-t <name>`, and so on.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCALES = ['small', 'full'] as const;

let scale = process.env.RELIABILITY_SCALE ?? 'full';
if (!(SCALES as readonly string[]).includes(scale)) {
  process.stderr.write(`RELIABILITY_SCALE must be small or full, not "${scale}"\n`);
  process.exit(2);
}
const rest: string[] = [];
for (const arg of process.argv.slice(2)) {
  if (arg === '--small' || arg === '--full') scale = arg.slice(2);
  else rest.push(arg);
}

const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.reliability.config.ts', ...rest], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, RELIABILITY_SCALE: scale },
});
// Ctrl+C reaches vitest too (same terminal): wait for it to clean up (a stopped PostgreSQL is
// started again) rather than leave first. A SIGTERM to this wrapper alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
