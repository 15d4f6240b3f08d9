/**
 * The browser's files travel with the package: the build copies them into
 * dist/web/static, `npm pack` includes them, and the built server finds them
 * beside its own modules, even in a folder whose name has a space.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from '../cli/built.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hustings with space-'));
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startServe(main: string, db: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HUSTINGS_ENV: 'production', HUSTINGS_LOG_LEVEL: 'info' };
  delete env.HUSTINGS_URL;
  const child = spawn(process.execPath, [main, 'serve', '--port', '0', '--db', `sqlite:${db}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+) \(/.exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve stopped (${code}) before listening: ${out}${err}`)));
  });
}

describe('the browser files', () => {
  it('are served by the built app copied to a folder whose name has a space, which logs its requests as JSON lines', async () => {
    const app = join(dir, 'hustings app');
    cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    const { child, url, stderr } = await startServe(join(app, 'dist/bin/main.js'), join(dir, 'party.db'));
    try {
      for (const file of ['booth.js', 'hustings.css']) {
        const r = await fetch(`${url}/static/${file}`);
        expect(r.status, file).toBe(200);
        expect(await r.text()).toBe(readFileSync(join(ROOT, 'src/web/static', file), 'utf8'));
      }
      expect((await fetch(`${url}/sign-in?next=%2Fballots`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      // The static files are logged only when refused; the page is logged by its pattern, without its query.
      const lines = stderr()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([expect.objectContaining({ level: 'info', name: 'hustings', msg: 'request', method: 'GET', route: '/sign-in', status: 200 })]);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('are in the package', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(packed.status, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/web/static/booth.js',
        'dist/web/static/live.js',
        'dist/web/static/hustings.css',
        'dist/web/static/encrypted-booth.js',
        'dist/web/static/paper-ballot.js',
        'dist/web/static/page-form.js',
        'dist/web/static/verifiable.js',
      ]),
    );
    expect(files.filter((f) => f.startsWith('src/'))).toEqual([]);
  }, 60_000);
});
