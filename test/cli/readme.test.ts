/** Every `hustings count` line in the README's shell blocks must run cleanly, so the reference cannot rot. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, hustings } from './built.js';

beforeAll(() => ensureBuilt());

/** Splits a shell line into words, honouring single and double quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
const commands = blocks
  .flatMap((b) => b.split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l.startsWith('hustings '));

describe('README commands', () => {
  it('has an example of every method', () => {
    for (const m of ['plurality', 'block', 'irv', 'stv-scottish', 'stv-ers97', 'stv-meek', 'stv-droop']) {
      expect(commands.some((c) => c.includes(`--method ${m}`))).toBe(true);
    }
  });

  for (const command of commands) {
    const args = words(command).slice(1);
    const needsData = args.find((a) => a.startsWith('../shared/'));
    const absent = needsData !== undefined && !existsSync(resolve(ROOT, needsData));
    if (absent) console.warn(`skipping README example, ${needsData} is absent: ${command}`);
    it.skipIf(absent)(command, () => {
      const r = hustings(args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
  }
});
